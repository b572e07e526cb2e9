package kosten

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/picker"
	"stabsstelle/ui/table"
)

func (t *Tab) openCertificateForm(p *model.Person) tea.Cmd {
	year := model.Today(t.ctx.Now()).Year
	if t.certPerson != p || t.inText == "" {
		// a new certificate; after "do not overwrite" the typed name and
		// year stay for a second try
		t.certYear = strconv.Itoa(year)
		t.inText = filepath.Join(t.outputDir(), fmt.Sprintf("Jahresbescheinigung-%s-%d.pdf", fileSafe(p.Name), year))
	}
	t.certPerson = p
	return t.openForm(form.New(t.ctx, "kosten:certfile", "Jahresbescheinigung für "+p.Name, huh.NewGroup(
		huh.NewInput().Title("Jahr").Value(&t.certYear).Validate(func(s string) error {
			y, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || y < 2000 || y > 2199 {
				return fmt.Errorf("Bitte das Jahr eingeben, z. B. %d.", year)
			}
			return nil
		}),
		huh.NewInput().Title(t.fileTitle()).Value(&t.inText).Validate(form.Required("Bitte einen Dateinamen eingeben.")),
	)))
}

// checkCertificate looks whether the file exists before writing: an
// existing file is replaced only after a yes (the typed name stays for
// another try after a no).
func (t *Tab) checkCertificate() tea.Cmd {
	t.frm = nil
	path := store.AbsPath(strings.TrimSpace(t.inText))
	t.inText = path
	return common.CheckFiles("kosten:certfile", path)
}

// certificateChecked writes at once or asks first.
func (t *Tab) certificateChecked(msg common.FilesCheckedMsg) tea.Cmd {
	switch {
	case msg.Err != nil:
		t.setFlash(msg.Err.Error(), true)
		return common.Fail(msg.Err)
	case len(msg.Exist) == 0:
		return t.writeCertificate(false)
	}
	t.ask(store.ExistsText(msg.Exist)+" Überschreiben? (n: anderen Namen wählen)", func() tea.Cmd { return t.writeCertificate(true) })
	t.confirm.WithNo(func() tea.Cmd { return t.openCertificateForm(t.certPerson) })
	return nil
}

func (t *Tab) writeCertificate(replace bool) tea.Cmd {
	t.frm = nil
	p, path := t.certPerson, strings.TrimSpace(t.inText)
	year, _ := strconv.Atoi(strings.TrimSpace(t.certYear))
	st := t.ctx.Store
	now := t.ctx.Now()
	return func() tea.Msg {
		if !strings.HasSuffix(strings.ToLower(path), ".txt") {
			// The PDF form; a name ending in .txt gives the text as before.
			data, err := certificatePDF(st, p.ID, year, now)
			if err == nil {
				err = ensureDir(path)
			}
			if err == nil {
				// the name field was shown and a yes given for an
				// existing file (certificateChecked)
				err = store.WriteOutput(path, data, replace)
			}
			return fileWrittenMsg{text: "Jahresbescheinigung geschrieben: " + path, err: err}
		}
		var txt string
		err := st.View(func(tx *store.Tx) error {
			var err error
			txt, err = store.Jahresbescheinigung(tx, p.ID, year)
			return err
		})
		if err == nil {
			err = ensureDir(path)
		}
		if err == nil {
			err = store.WriteOutput(path, []byte(txt), replace)
		}
		return fileWrittenMsg{text: "Jahresbescheinigung geschrieben: " + path, err: err}
	}
}

type profileVals struct {
	personID, name           string
	version                  uint64
	iban, bic, holder, limit string
	projects                 []string
	other                    string
}

type personLoadedMsg struct {
	p        *model.Person
	reclaims []*model.Reclaim // open Rückforderungen of the person
	err      error
}

func (t *Tab) loadProfile(personID string) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (personLoadedMsg, error) {
		p, err := store.People.Get(tx, personID)
		if err != nil {
			return personLoadedMsg{}, err
		}
		rs, err := store.OpenReclaimsOf(tx, personID)
		return personLoadedMsg{p: p, reclaims: rs}, err
	}, func(m personLoadedMsg, err error) tea.Msg { m.err = err; return m })
}

// reclaimNote says what the person owes back, for the profile form.
func reclaimNote(rs []*model.Reclaim) string {
	if len(rs) == 0 {
		return ""
	}
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%s (%s zu %s): %s", r.Number, r.Amount, r.ClaimNumber, r.StatusText()))
	}
	return "Offene Rückforderungen: " + strings.Join(parts, "; ")
}

func (t *Tab) showProfileForm(p *model.Person, reclaims []*model.Reclaim) tea.Cmd {
	v := &profileVals{personID: p.ID, name: p.Name, version: p.Version, limit: string(model.LimitEhrenamt)}
	if vp := p.Volunteer; vp != nil {
		v.iban, v.bic, v.holder, v.limit = vp.IBAN.String(), vp.BIC, vp.AccountHolder, string(vp.LimitKind.Or())
		for _, pr := range vp.Projects {
			if slices.Contains(model.VolunteerProjects, pr) {
				v.projects = append(v.projects, pr)
			} else {
				v.other = strings.TrimSpace(strings.Join([]string{v.other, pr}, ", "))
				v.other = strings.TrimPrefix(v.other, ", ")
			}
		}
	}
	t.prof = v
	var popts []huh.Option[string]
	for _, pr := range model.VolunteerProjects {
		popts = append(popts, huh.NewOption(pr, pr))
	}
	var lopts []huh.Option[string]
	for _, k := range model.LimitKinds {
		lopts = append(lopts, huh.NewOption(k.Label(), string(k)))
	}
	var fields []huh.Field
	if note := reclaimNote(reclaims); note != "" {
		fields = append(fields, huh.NewNote().Title(note))
	}
	return t.openForm(t.readOnlyUnless(model.PermPeople, form.New(t.ctx, "kosten:profile", "Engagierte:r – "+p.Name, huh.NewGroup(append(fields,
		huh.NewInput().Title("IBAN").Description("leer lassen, wenn noch nicht bekannt").Value(&v.iban).Validate(form.Parse(model.ParseIBAN, false, "")),
		huh.NewInput().Title("BIC (optional)").Value(&v.bic).Validate(form.Parse(model.ParseBIC, false, "")),
		huh.NewInput().Title("Kontoinhaber:in (leer = "+p.Name+")").Value(&v.holder).CharLimit(70),
		huh.NewSelect[string]().Title("Steuerfreier Jahresbetrag").Options(lopts...).Value(&v.limit),
		huh.NewMultiSelect[string]().Title("Projekte").Options(popts...).Value(&v.projects).Height(min(len(popts)+2, 9)),
		huh.NewInput().Title("Weitere Projekte (durch Komma getrennt)").Value(&v.other).CharLimit(120),
	)...))))
}

func (t *Tab) saveProfile() tea.Cmd {
	t.frm = nil
	v := *t.prof
	var same []string // other people with this IBAN, found in the same transaction
	return t.ctx.Write(func(tx *store.Tx) error {
		p, err := store.People.Get(tx, v.personID)
		if err != nil {
			return err
		}
		if p.Version != v.version {
			return &store.ErrConflict{Kind: store.KindPerson, Number: p.Name, By: p.UpdatedBy, At: p.Updated}
		}
		iban := model.IBAN("")
		if strings.TrimSpace(v.iban) != "" {
			if iban, err = model.ParseIBAN(v.iban); err != nil {
				return err
			}
		}
		bic, err := model.ParseBIC(v.bic)
		if err != nil {
			return err
		}
		projects := slices.Clone(v.projects)
		for _, o := range strings.Split(v.other, ",") {
			if o = strings.TrimSpace(o); o != "" && !slices.Contains(projects, o) {
				projects = append(projects, o)
			}
		}
		p.Volunteer = &model.VolunteerProfile{IBAN: iban, BIC: bic, AccountHolder: strings.TrimSpace(v.holder),
			Projects: projects, LimitKind: model.LimitKind(v.limit)}
		if same, err = store.PeopleWithIBAN(tx, iban, p.ID); err != nil {
			return err
		}
		return store.People.Put(tx, p)
	}, func(err error) tea.Msg { return profileSavedMsg{name: v.name, sameIBAN: same, err: err} })
}

type profileSavedMsg struct {
	name     string
	sameIBAN []string // other people with the same IBAN: a warning
	err      error
}

type volRow struct {
	p       *model.Person
	used    model.Money
	limit   model.Money
	problem string
	owes    model.Money // open Rückforderungen
}

func newPeopleTable(ctx *common.Context) *table.Model[volRow] {
	cols := []table.Column[volRow]{
		{Title: "Name", MinWidth: 12, Value: func(r volRow) string { return r.p.Name }},
		{Title: "IBAN", Width: 27, Value: func(r volRow) string {
			if r.p.Volunteer == nil || r.p.Volunteer.IBAN == "" {
				return "– fehlt –"
			}
			if !r.p.Volunteer.IBAN.Valid() {
				return "ungültig!"
			}
			return r.p.Volunteer.IBAN.Masked()
		}},
		{Title: "Projekte", MinWidth: 8, Value: func(r volRow) string {
			if r.p.Volunteer == nil {
				return ""
			}
			return strings.Join(r.p.Volunteer.Projects, ", ")
		}},
		{Title: "AE dieses Jahr", Width: 18, Align: table.AlignRight, Value: func(r volRow) string {
			s := r.used.Plain() + "/" + fmt.Sprint(int64(r.limit)/100)
			if r.limit > 0 && r.used > r.limit {
				s = "⚠ " + s
			} else if model.LimitNear(r.used, r.limit) {
				s = "! " + s
			}
			return s
		}, Less: func(a, b volRow) bool { return a.used < b.used }},
		// What the person owes back (open Rückforderungen).
		{Title: "Rückf.", Width: 8, Align: table.AlignRight, Value: func(r volRow) string {
			if r.owes <= 0 {
				return ""
			}
			return r.owes.Plain()
		}, Less: func(a, b volRow) bool { return a.owes < b.owes }},
	}
	m := table.New(cols, table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)),
		table.WithEmptyText("Keine Engagierten – Import: stabsstelle import engagierte DATEI.csv"))
	m.SetFilterText(func(r volRow) string {
		s := r.p.Name + " " + r.p.City
		if r.p.Volunteer != nil {
			s += " " + strings.Join(r.p.Volunteer.Projects, " ")
		}
		return s
	})
	return m
}

func (t *Tab) loadPeople() tea.Cmd {
	year := model.Today(t.ctx.Now()).Year
	return common.Read(t.ctx, func(tx *store.Tx) ([]volRow, error) {
		vs, err := store.Volunteers(tx)
		if err != nil {
			return nil, err
		}
		rows, err := store.LoadClaimRows(tx)
		if err != nil {
			return nil, err
		}
		set, err := store.LoadKostenSettings(tx)
		if err != nil {
			return nil, err
		}
		owes, err := store.OpenReclaimLeft(tx)
		if err != nil {
			return nil, err
		}
		used := store.PersonAllowances(rows, year)
		out := make([]volRow, 0, len(vs))
		for _, p := range vs {
			out = append(out, volRow{p: p, used: used[p.ID], limit: set.Limits.For(p.Volunteer.LimitKind, year), problem: model.PayoutProblem(p), owes: owes[p.ID]})
		}
		return out, nil
	}, func(rows []volRow, err error) tea.Msg { return peopleLoadedMsg{rows, err} })
}

func (t *Tab) updatePeople(kp tea.KeyPressMsg) tea.Cmd {
	if t.people.Filtering() {
		return t.people.Update(kp)
	}
	if cmd, ok := t.switchScreen(kp); ok {
		return cmd
	}
	switch {
	case key.Matches(kp, t.keys.Certificate):
		if r, ok := t.people.Selected(); ok {
			return t.openCertificateForm(r.p)
		}
		return nil
	case key.Matches(kp, t.peopleKeys.Edit), key.Matches(kp, t.ctx.List.Open):
		if r, ok := t.people.Selected(); ok {
			return t.loadProfile(r.p.ID)
		}
		return nil
	case key.Matches(kp, t.peopleKeys.New):
		t.pick = picker.NewPerson(t.ctx, pickVolunteerID, nil)
		t.pick.SetSize(t.w, t.h)
		return t.pick.Init()
	case key.Matches(kp, t.ctx.List.Back) && !t.people.Handles(kp):
		t.screen = scrClaims
		return nil
	}
	return t.people.Update(kp)
}

func (t *Tab) viewPeople() string {
	year := model.Today(t.ctx.Now()).Year
	title := fmt.Sprintf("Engagierte (%s) · Aufwandsentschädigung %d / Freibetrag", table.FormatCount(t.people.Len()), year)
	return t.header(title) + "\n" + t.people.View()
}
