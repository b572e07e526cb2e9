package kosten

import (
	"fmt"
	"os"
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
	"stabsstelle/ui/table"
)

func newRunsTable(ctx *common.Context) *table.Model[*model.PayoutRun] {
	cols := []table.Column[*model.PayoutRun]{
		{Title: "Nr.", Width: 10, Value: func(r *model.PayoutRun) string { return r.Number }},
		{Title: "Ausführung", Width: 10, Value: func(r *model.PayoutRun) string { return r.ExecutionDate.String() },
			Less: func(a, b *model.PayoutRun) bool { return a.ExecutionDate.Before(b.ExecutionDate) }},
		{Title: "Anz.", Width: 5, Align: table.AlignRight, Value: func(r *model.PayoutRun) string { return strconv.Itoa(len(r.Items)) }},
		{Title: "Summe", Width: 13, Align: table.AlignRight, Value: func(r *model.PayoutRun) string { return r.Total().String() },
			Less: func(a, b *model.PayoutRun) bool { return a.Total() < b.Total() }},
		{Title: "Status", Width: 11, Value: func(r *model.PayoutRun) string { return r.Status.Label() }},
		{Title: "Datei", MinWidth: 8, Value: func(r *model.PayoutRun) string { return r.File }},
	}
	return table.New(cols, table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)),
		table.WithEmptyText("Noch kein Zahllauf – mit n angeordnete Anträge auszahlen."))
}

func newPayableTable(t *Tab) *table.Model[store.Payable] {
	cols := []table.Column[store.Payable]{
		{Title: "", Width: 3, Value: func(r store.Payable) string {
			if t.chosen[r.ID] {
				return "[x]"
			}
			return "[ ]"
		}},
		{Title: "Nr.", Width: 11, Value: func(r store.Payable) string { return r.Number }},
		{Title: "Person", MinWidth: 12, Value: func(r store.Payable) string {
			if left := t.owes[r.PersonID]; left > 0 {
				return r.PersonName + " (Rückf. " + left.Plain() + ")"
			}
			return r.PersonName
		}},
		{Title: "Fördertopf", MinWidth: 8, Value: func(r store.Payable) string { return t.fundNames[r.FundID] }},
		{Title: "Betrag", Width: 12, Align: table.AlignRight, Value: func(r store.Payable) string { return r.Gross.String() },
			Less: func(a, b store.Payable) bool { return a.Gross < b.Gross }},
	}
	m := table.New(cols, table.WithStyles(table.DefaultStyles(t.ctx.Styles.IsDark)),
		table.WithEmptyText("Keine angeordneten Anträge, die noch auszuzahlen sind."))
	m.SetFilterText(func(r store.Payable) string { return r.Number + " " + r.PersonName + " " + t.fundNames[r.FundID] })
	return m
}

func (t *Tab) loadRuns() tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (runsLoadedMsg, error) {
		runs, err := store.AllPayouts(tx)
		if err != nil {
			return runsLoadedMsg{}, err
		}
		pay, err := store.PayableRows(tx)
		if err != nil {
			return runsLoadedMsg{}, err
		}
		open, err := store.OpenReclaims(tx)
		if err != nil {
			return runsLoadedMsg{}, err
		}
		return runsLoadedMsg{runs: runs, payable: pay, reclaims: open}, nil
	}, func(m runsLoadedMsg, err error) tea.Msg { m.err = err; return m })
}

func (t *Tab) updateRuns(kp tea.KeyPressMsg) tea.Cmd {
	if t.runs.Filtering() {
		return t.runs.Update(kp)
	}
	if cmd, ok := t.switchScreen(kp); ok {
		return cmd
	}
	l, k := t.runKeys, t.keys
	switch {
	case key.Matches(kp, l.New):
		t.screen = scrRunNew
		t.chosen = map[string]bool{}
		return t.loadRuns()
	case key.Matches(kp, k.Confirm):
		r, ok := t.runs.Selected()
		if !ok || r.Status != model.PayoutErstellt {
			t.setFlash("Bestätigen geht nur bei einem erstellten, noch nicht ausgeführten Zahllauf.", true)
			return nil
		}
		id, num := r.ID, r.Number
		t.ask(fmt.Sprintf("Hat die Kreiskasse den Zahllauf %s (%d Überweisungen, %s) ausgeführt?\nDie Anträge werden dann „ausgezahlt“.", num, len(r.Items), r.Total()), func() tea.Cmd {
			return t.ctx.Write(func(tx *store.Tx) error { _, err := store.ConfirmPayoutRun(tx, id); return err },
				func(err error) tea.Msg {
					return runDoneMsg{text: "Zahllauf " + num + " als ausgeführt bestätigt.", err: err}
				})
		})
	case key.Matches(kp, k.Cancel):
		r, ok := t.runs.Selected()
		if !ok || r.Status != model.PayoutErstellt {
			t.setFlash("Stornieren geht nur bei einem erstellten, noch nicht ausgeführten Zahllauf.", true)
			return nil
		}
		id, num := r.ID, r.Number
		t.ask(fmt.Sprintf("Zahllauf %s stornieren? Die Datei darf dann nicht mehr hochgeladen werden; die Anträge werden wieder frei.", num), func() tea.Cmd {
			return t.ctx.Write(func(tx *store.Tx) error {
				_, err := store.CancelPayoutRun(tx, id, "in der Oberfläche storniert")
				return err
			},
				func(err error) tea.Msg { return runDoneMsg{text: "Zahllauf " + num + " storniert.", err: err} })
		})
	case key.Matches(kp, l.Back) && !t.runs.Handles(kp):
		t.screen = scrClaims
	default:
		return t.runs.Update(kp)
	}
	return nil
}

func (t *Tab) updateRunNew(kp tea.KeyPressMsg) tea.Cmd {
	if t.payable.Filtering() {
		return t.payable.Update(kp)
	}
	l, k := t.ctx.List, t.keys
	switch {
	case key.Matches(kp, k.Toggle):
		if r, ok := t.payable.Selected(); ok {
			t.chosen[r.ID] = !t.chosen[r.ID]
			if !t.chosen[r.ID] {
				delete(t.chosen, r.ID)
			}
			t.refreshPayable()
		}
	case key.Matches(kp, k.All):
		if len(t.chosen) > 0 {
			t.chosen = map[string]bool{}
		} else {
			for _, r := range t.payableRows() {
				t.chosen[r.ID] = true
			}
		}
		t.refreshPayable()
	case key.Matches(kp, l.Open):
		if len(t.chosen) == 0 {
			t.setFlash("Bitte mit der Leertaste Anträge auswählen (A = alle).", true)
			return nil
		}
		// Date and time in the name: a second run on the same day gets a
		// file of its own. After a failed attempt the typed name stays.
		t.inText = t.runPath
		if t.inText == "" {
			now := t.ctx.Now().In(model.Berlin)
			t.inText = filepath.Join(t.outputDir(), "zahllauf-"+now.Format("2006-01-02-1504")+".xml")
		}
		return t.openForm(form.New(t.ctx, "kosten:runfile", "Zahllauf erstellen: SEPA-Datei",
			huh.NewGroup(
				huh.NewNote().Title(fmt.Sprintf("%d Anträge, %s. Die Liste für die Kreiskasse wird daneben als .csv geschrieben.%s", len(t.chosen), t.chosenTotal(), t.nettingNote())),
				huh.NewInput().Title(t.fileTitle()).Value(&t.inText).Validate(form.Required("Bitte einen Dateinamen eingeben.")))))
	case key.Matches(kp, l.Back) && !t.payable.Handles(kp):
		t.screen = scrRuns
	default:
		return t.payable.Update(kp)
	}
	return nil
}

func (t *Tab) payableRows() []store.Payable { return t.payRows }

// chosenTotal is the sum of the chosen claims before netting.
func (t *Tab) chosenTotal() model.Money {
	var sum model.Money
	for _, r := range t.payRows {
		if t.chosen[r.ID] {
			sum += r.Gross
		}
	}
	return sum
}

// nettingNote names the open Rückforderungen of the chosen people that the
// run will net (the store decides how much: store.CreatePayoutRun).
func (t *Tab) nettingNote() string {
	people := map[string]bool{}
	for _, r := range t.payRows {
		if t.chosen[r.ID] {
			people[r.PersonID] = true
		}
	}
	var parts []string
	for _, r := range t.openReclaims {
		if people[r.PersonID] && r.Net && r.PayoutRunID == "" {
			parts = append(parts, fmt.Sprintf("%s (%s, %s)", r.Number, r.PersonName, r.Left()))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " Verrechnet werden die offenen Rückforderungen " + strings.Join(parts, ", ") +
		"; wessen Auszahlung dadurch 0 € wird, steht nur auf der Liste, nicht in der SEPA-Datei."
}

func (t *Tab) refreshPayable() {
	sel := t.payable.SelectedID()
	t.payable.SetRows(t.payRows, func(r store.Payable) string { return r.ID })
	t.payable.Select(sel)
}

// outputDir is where the payout files and certificates are proposed: the
// user's documents folder (store.OutputDir); in team mode the folder
// "ausgaben" next to the database on the team machine. The server's own working
// directory is nobody's folder there (under systemd it is "/", read-only),
// so every payout run over SSH failed before a name was typed by hand.
func (t *Tab) outputDir() string {
	if t.ctx.Remote {
		db := t.ctx.Store.Path()
		if abs, err := filepath.Abs(db); err == nil {
			db = abs
		}
		return filepath.Join(filepath.Dir(db), "ausgaben")
	}
	return store.OutputDir()
}

// ensureDir creates the folder of path (mode 0700: the files hold IBANs)
// if it is missing, e.g. the team machine's "ausgaben" on the first run.
func ensureDir(path string) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("Der Ordner %s kann nicht angelegt werden: %v", dir, err)
	}
	return nil
}

// createRun makes the run through store.MakePayoutRun, the one place of
// the payout rules: the files are written after the run is stored.
func (t *Tab) createRun() tea.Cmd {
	t.frm = nil
	path := strings.TrimSpace(t.inText)
	t.runPath = path // offered again if writing fails; cleared on success
	var ids []string
	for id := range t.chosen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	st, who, now := t.ctx.Store, t.ctx.User, t.ctx.Now
	return func() tea.Msg {
		if err := ensureDir(path); err != nil {
			return runDoneMsg{err: err}
		}
		run, files, err := store.MakePayoutRun(st, who, ids, model.Today(now()).AddDays(1), path)
		if err != nil {
			return runDoneMsg{err: err}
		}
		text := fmt.Sprintf("Zahllauf %s: %d Überweisungen, %s", run.Number, len(run.Transfers()), run.Total())
		if n := run.NettedTotal(); n > 0 {
			text += fmt.Sprintf(" (verrechnet %s)", n)
		}
		if files.XML != "" {
			text += " → " + store.AbsPath(files.XML) + " und " + filepath.Base(files.CSV)
		} else {
			text += " – alles verrechnet, keine SEPA-Datei; Liste: " + store.AbsPath(files.CSV)
		}
		return runDoneMsg{text: text, runID: run.ID}
	}
}

func (t *Tab) viewRuns() string {
	return t.header("Zahlläufe an die Kreiskasse") + "\n" + t.runs.View() + "\n" +
		t.ctx.Styles.Muted.Render("Erst bestätigen, wenn die Kreiskasse die Datei ausgeführt hat.")
}

func (t *Tab) viewRunNew() string {
	title := fmt.Sprintf("Neuer Zahllauf · %d ausgewählt · %s", len(t.chosen), t.chosenTotal())
	// The date the run will carry (the keys are in the help line below;
	// the longer text was cut at 80 columns).
	exec := model.NextBankingDay(model.Today(t.ctx.Now()).AddDays(1))
	return t.header(title) + "\n" + t.payable.View() + "\n" +
		t.ctx.Styles.Muted.Render(fmt.Sprintf("Ausführung am %s (nächster Bankarbeitstag).", exec))
}

// ---------------------------------------------------------------- funds form

type fundVals struct {
	id, name, year, amount, hh string
	kinds                      []string
	version                    uint64
}

func (t *Tab) openFundForm(f *model.Fund) tea.Cmd {
	v := fundVals{year: strconv.Itoa(model.Today(t.ctx.Now()).Year)}
	if f != nil {
		v = fundVals{id: f.ID, name: f.Name, year: strconv.Itoa(f.Year), amount: f.Amount.Plain(), hh: f.Haushaltsstelle, version: f.Version}
		for _, k := range f.AllowedKinds {
			v.kinds = append(v.kinds, string(k))
		}
	}
	t.fund = &v
	var opts []huh.Option[string]
	for _, k := range model.LineKinds {
		opts = append(opts, huh.NewOption(k.Label(), string(k)))
	}
	title := "Neuer Fördertopf"
	if f != nil {
		title = "Fördertopf " + f.Name
	}
	return t.openForm(t.readOnlyUnless(model.PermSettings, form.New(t.ctx, "kosten:fund", title, huh.NewGroup(
		huh.NewInput().Title("Name").Value(&t.fund.name).CharLimit(80).Validate(form.Required("Bitte einen Namen eingeben.")),
		huh.NewInput().Title("Haushaltsjahr").Value(&t.fund.year).Validate(func(s string) error {
			y, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || y < 2000 || y > 2199 {
				return fmt.Errorf("Bitte das Jahr eingeben, z. B. 2026.")
			}
			return nil
		}),
		huh.NewInput().Title("Betrag").Value(&t.fund.amount).Validate(form.Parse(model.ParseMoney, true, "Bitte den Betrag eingeben, z. B. 21.000")),
		huh.NewInput().Title("Haushaltsstelle").Value(&t.fund.hh).CharLimit(35),
		huh.NewMultiSelect[string]().Title("Erlaubte Kostenarten (keine = alle)").Options(opts...).Value(&t.fund.kinds),
	))))
}

func (t *Tab) saveFund() tea.Cmd {
	t.frm = nil
	v := *t.fund
	y, _ := strconv.Atoi(strings.TrimSpace(v.year))
	amt, _ := model.ParseMoney(v.amount)
	f := &model.Fund{Name: strings.TrimSpace(v.name), Year: y, Amount: amt, Haushaltsstelle: strings.TrimSpace(v.hh)}
	f.ID, f.Version = v.id, v.version
	for _, k := range v.kinds {
		f.AllowedKinds = append(f.AllowedKinds, model.LineKind(k))
	}
	return t.ctx.Write(func(tx *store.Tx) error { return store.Funds.Put(tx, f) },
		func(err error) tea.Msg {
			return actionDoneMsg{text: "Fördertopf " + f.Name + " gespeichert.", err: err}
		})
}

// ---------------------------------------------------------------- certificate

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
	t.onNo = func() tea.Cmd { return t.openCertificateForm(t.certPerson) }
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

func fileSafe(s string) string {
	r := strings.NewReplacer(" ", "-", "/", "-", "\\", "-", ":", "-")
	return model.SEPAText(r.Replace(s), 60)
}

// ---------------------------------------------------------------- account

// readOnlyUnless shows f as a read-only view when the member may not do p
// (a record opened with enter to look it up).
func (t *Tab) readOnlyUnless(p model.Permission, f *form.Form) *form.Form {
	if !t.ctx.May(p) {
		f.ReadOnly(fmt.Sprintf("Nur nachschlagen: ändern darf die Rolle %s (Ihre Rolle: %s).", model.Granting(p).Label(), t.ctx.Roles.Label()))
	}
	return f
}

type accountLoadedMsg struct {
	a   model.Account
	err error
}

func (t *Tab) openAccountForm() tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (model.Account, error) {
		s, err := store.LoadKostenSettings(tx)
		return s.Account, err
	}, func(a model.Account, err error) tea.Msg { return accountLoadedMsg{a, err} })
}

func (t *Tab) showAccountForm(a model.Account) tea.Cmd {
	t.acct = &a
	t.acctIBAN = a.IBAN.String()
	return t.openForm(form.New(t.ctx, "kosten:account", "Konto des Landkreises (Auftraggeber im Zahllauf)", huh.NewGroup(
		huh.NewInput().Title("Kontoinhaber").Value(&t.acct.Name).CharLimit(70).Validate(form.Required("Bitte den Namen eingeben, z. B. Landkreis Gifhorn.")),
		huh.NewInput().Title("IBAN").Value(&t.acctIBAN).Validate(form.Parse(model.ParseIBAN, true, "Bitte die IBAN eingeben.")),
		huh.NewInput().Title("BIC (optional)").Value(&t.acct.BIC).Validate(form.Parse(model.ParseBIC, false, "")),
		huh.NewInput().Title("Straße").Value(&t.acct.Street).CharLimit(70),
		huh.NewInput().Title("Hausnummer").Value(&t.acct.BuildingNo).CharLimit(16),
		huh.NewInput().Title("PLZ").Value(&t.acct.PostalCode).CharLimit(16),
		huh.NewInput().Title("Ort").Value(&t.acct.Town).CharLimit(35).Validate(form.Required("Bitte den Ort eingeben (Pflicht für SEPA-Dateien seit November 2026).")),
		huh.NewInput().Title("Land").Value(&t.acct.Country).CharLimit(2),
	)))
}

func (t *Tab) saveAccount() tea.Cmd {
	t.frm = nil
	a := *t.acct
	a.IBAN, _ = model.ParseIBAN(t.acctIBAN)
	a.BIC, _ = model.ParseBIC(a.BIC)
	a.Country = strings.ToUpper(strings.TrimSpace(a.Country))
	return t.ctx.Write(func(tx *store.Tx) error {
		s, err := store.LoadKostenSettings(tx)
		if err != nil {
			return err
		}
		s.Account = a
		return store.SaveKostenSettings(tx, s)
	}, func(err error) tea.Msg { return actionDoneMsg{text: "Konto des Landkreises gespeichert.", err: err} })
}

// ---------------------------------------------------------------- volunteer profile

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

// fileTitle names the file field; in team mode it says where the file
// will be, so nobody looks for it on their own computer.
func (t *Tab) fileTitle() string {
	if t.ctx.Remote {
		return "Datei (auf dem Teamrechner)"
	}
	return "Datei"
}
