package kosten

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// editor holds a claim being written or changed; nothing is stored until
// ctrl+s, so a half-filled claim never lands in the database.
type editor struct {
	c      *model.Claim
	rates  model.KmRates
	funds  []*model.Fund
	sel    int
	dirty  bool
	err    error
	isNew  bool
	lineIx int // line being edited in the line form (-1 = new)

	// form values
	from, to, project, purpose, fundID string
	ln                                 lineVals
}

type lineVals struct {
	kind                                               model.LineKind
	date, from, to, km, vehicle, receipt, desc, amount string
}

type editorLoadedMsg struct {
	ed  *editor
	err error
}

func (t *Tab) loadEditor(c *model.Claim, isNew bool) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (*editor, error) {
		set, err := store.LoadKostenSettings(tx)
		if err != nil {
			return nil, err
		}
		funds, err := store.AllFunds(tx)
		if err != nil {
			return nil, err
		}
		if isNew {
			if p, err := store.People.Get(tx, c.PersonID); err == nil && p.Volunteer != nil && len(p.Volunteer.Projects) > 0 {
				c.Project = p.Volunteer.Projects[0]
			}
		} else {
			if c, err = store.Claims.Get(tx, c.ID); err != nil {
				return nil, err
			}
			if msg := c.EditProblem(); msg != "" {
				return nil, fmt.Errorf("%s", msg)
			}
		}
		return &editor{c: c, rates: set.KmRates, funds: funds, isNew: isNew}, nil
	}, func(ed *editor, err error) tea.Msg { return editorLoadedMsg{ed, err} })
}

func (t *Tab) newClaimFor(personID, name string) tea.Cmd {
	today := model.Today(t.ctx.Now())
	c := &model.Claim{PersonID: personID, PersonName: name, Status: model.ClaimEntwurf,
		PeriodFrom: model.Date{Year: today.Year, Month: today.Month, Day: 1}, PeriodTo: today}
	return t.loadEditor(c, true)
}

func (t *Tab) editClaim(id string) tea.Cmd {
	return t.loadEditor(&model.Claim{Meta: model.Meta{ID: id}}, false)
}

// handleEditorLoaded is called from Update via the type switch below.
func (t *Tab) handleEditorLoaded(msg editorLoadedMsg) tea.Cmd {
	if msg.err != nil {
		t.setFlash(msg.err.Error(), true)
		return nil
	}
	t.ed = msg.ed
	t.screen = scrEditor
	t.flash = ""
	if t.ed.isNew {
		return t.openHeaderForm()
	}
	return nil
}

func (t *Tab) openHeaderForm() tea.Cmd {
	ed := t.ed
	c := ed.c
	ed.from, ed.to, ed.project, ed.purpose, ed.fundID = c.PeriodFrom.String(), c.PeriodTo.String(), c.Project, c.Purpose, c.FundID
	today := model.Today(t.ctx.Now())
	fundOpts := []huh.Option[string]{huh.NewOption("(ohne Fördertopf)", "")}
	for _, f := range ed.funds {
		if y := c.Year(); f.ID != c.FundID && (f.Year < y-1 || f.Year > y+1) {
			continue
		}
		fundOpts = append(fundOpts, huh.NewOption(fmt.Sprintf("%s (%s)", f.Name, f.KindsLabel()), f.ID))
	}
	dateCheck := form.Parse(func(s string) (model.Date, error) { return model.ParseDate(s, today) }, true, "Bitte ein Datum eingeben, z. B. 01.03.2026.")
	return t.openForm(form.New(t.ctx, "kosten:ed:header", "Antrag von "+c.PersonName+" – Kopfdaten",
		huh.NewGroup(
			huh.NewInput().Title("Zeitraum von").Value(&ed.from).Validate(dateCheck),
			huh.NewInput().Title("Zeitraum bis").Value(&ed.to).Validate(dateCheck),
			huh.NewInput().Title("Projekt").Value(&ed.project).Suggestions(model.VolunteerProjects).CharLimit(60),
			huh.NewInput().Title("Zweck").Value(&ed.purpose).CharLimit(200),
			huh.NewSelect[string]().Title("Fördertopf").Options(fundOpts...).Value(&ed.fundID).Height(min(len(fundOpts)+2, 8)),
		)))
}

func (t *Tab) openLineForm(kind model.LineKind, ix int) tea.Cmd {
	ed := t.ed
	ed.lineIx = ix
	today := model.Today(t.ctx.Now())
	v := lineVals{kind: kind, date: minDate(today, ed.c.PeriodTo).String(), vehicle: string(model.VehicleAuto)}
	if ix >= 0 {
		l := ed.c.Lines[ix]
		v = lineVals{kind: l.Kind, date: l.Date.String(), from: l.From, to: l.To, vehicle: string(l.Vehicle), receipt: l.ReceiptNo, desc: l.Description}
		if l.Km != 0 {
			v.km = l.Km.Plain()
		}
		if l.Amount != 0 && l.Kind != model.LineFahrt {
			v.amount = l.Amount.Plain()
		}
		if v.vehicle == "" {
			v.vehicle = string(model.VehicleAuto)
		}
	}
	ed.ln = v
	vals := &ed.ln
	dateCheck := form.Parse(func(s string) (model.Date, error) { return model.ParseDate(s, today) }, true, "Bitte das Datum eingeben.")
	amountCheck := func(s string) error {
		m, err := model.ParseMoney(s)
		if err != nil {
			return err
		}
		if m <= 0 && ed.c.Kind == model.ClaimNormal {
			return fmt.Errorf("Bitte einen Betrag über 0 € eingeben.")
		}
		if m > model.MaxLineAmount || m < -model.MaxLineAmount {
			return fmt.Errorf("%s ist unplausibel hoch (höchstens %s je Position).", m, model.MaxLineAmount)
		}
		return nil
	}
	var fields []huh.Field
	fields = append(fields, huh.NewInput().Title("Datum").Value(&vals.date).Validate(dateCheck))
	switch kind {
	case model.LineFahrt:
		var vopts []huh.Option[string]
		for _, vh := range model.Vehicles {
			vopts = append(vopts, huh.NewOption(vh.Label(), string(vh)))
		}
		fields = append(fields,
			huh.NewInput().Title("Von").Value(&vals.from).CharLimit(70).Validate(form.Required("Bitte den Startort eingeben.")),
			huh.NewInput().Title("Nach").Value(&vals.to).CharLimit(70).Validate(form.Required("Bitte das Ziel eingeben.")),
			huh.NewInput().Title("Kilometer").Value(&vals.km).Validate(func(s string) error {
				k, err := model.ParseKm(s)
				if err != nil {
					return err
				}
				if k <= 0 && ed.c.Kind == model.ClaimNormal {
					return fmt.Errorf("Bitte die gefahrenen Kilometer eingeben (mehr als 0).")
				}
				if k > model.MaxTripKm || k < -model.MaxTripKm {
					return fmt.Errorf("%s für eine Fahrt sind unplausibel (höchstens %s).", k, model.MaxTripKm)
				}
				return nil
			}),
			huh.NewSelect[string]().Title("Fahrzeug").Options(vopts...).Value(&vals.vehicle),
			// The bindings must be something huh can hash: it ignores
			// unexported struct fields, so a *lineVals would never change
			// and the amount would stay at its first text.
			huh.NewNote().Title("Betrag").DescriptionFunc(func() string { return fahrtPreview(ed.rates, *vals, today) },
				[]*string{&vals.date, &vals.km, &vals.vehicle}),
		)
	case model.LineBeleg:
		fields = append(fields,
			huh.NewInput().Title("Belegnummer").Value(&vals.receipt).CharLimit(35).Validate(form.Required("Bitte die Belegnummer eingeben – Sachkosten nur gegen Beleg.")),
			huh.NewInput().Title("Beschreibung").Value(&vals.desc).CharLimit(140).Validate(form.Required("Bitte beschreiben, was gekauft wurde.")),
			huh.NewInput().Title("Betrag").Value(&vals.amount).Validate(amountCheck),
		)
	default:
		fields = append(fields,
			huh.NewInput().Title("Beschreibung").Value(&vals.desc).CharLimit(140).Validate(form.Required("Bitte beschreiben, wofür die Pauschale gezahlt wird.")),
			huh.NewInput().Title("Betrag").Value(&vals.amount).Validate(amountCheck),
		)
	}
	title := kind.Label()
	if ix >= 0 {
		title += fmt.Sprintf(" – Position %d", ix+1)
	}
	return t.openForm(form.New(t.ctx, "kosten:ed:line", title, huh.NewGroup(fields...)))
}

// fahrtPreview is the live amount under the km field.
func fahrtPreview(rates model.KmRates, v lineVals, today model.Date) string {
	km, err := model.ParseKm(v.km)
	if err != nil {
		return "Betrag wird aus km-Satz und Höchstbetrag je Fahrt berechnet."
	}
	d, err := model.ParseDate(v.date, today)
	if err != nil {
		d = today
	}
	vh := model.Vehicle(v.vehicle)
	r, ok := rates.For(vh, d)
	if !ok {
		return "Kein km-Satz für dieses Datum hinterlegt."
	}
	s := fmt.Sprintf("= %s (%s × %s/km)", r.Amount(km), km, r.PerKm.Plain()+" €")
	if r.Cap > 0 && r.PerKm.MulDiv(int64(km), 10) > r.Cap {
		s += fmt.Sprintf(", begrenzt auf %s je Fahrt", r.Cap)
	}
	return s
}

func minDate(a, b model.Date) model.Date {
	if !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}

func (ed *editor) cancelled(id string) {}

// submitted applies a finished header or line form to the draft.
func (ed *editor) submitted(t *Tab, id string) tea.Cmd {
	today := model.Today(t.ctx.Now())
	t.frm = nil
	ed.dirty = true
	ed.err = nil
	switch id {
	case "kosten:ed:header":
		c := ed.c
		c.PeriodFrom, _ = model.ParseDate(ed.from, today)
		c.PeriodTo, _ = model.ParseDate(ed.to, today)
		c.Project, c.Purpose, c.FundID = strings.TrimSpace(ed.project), strings.TrimSpace(ed.purpose), ed.fundID
		if len(c.Lines) == 0 {
			return t.openLineForm(model.LineFahrt, -1)
		}
	case "kosten:ed:line":
		v := ed.ln
		l := model.ClaimLine{Kind: v.kind}
		if ed.lineIx >= 0 {
			l = ed.c.Lines[ed.lineIx]
		}
		l.Date, _ = model.ParseDate(v.date, today)
		switch v.kind {
		case model.LineFahrt:
			l.From, l.To, l.Vehicle = strings.TrimSpace(v.from), strings.TrimSpace(v.to), model.Vehicle(v.vehicle)
			l.Km, _ = model.ParseKm(v.km)
			if err := l.Compute(ed.rates); err != nil {
				ed.err = err
			}
		case model.LineBeleg:
			l.ReceiptNo, l.Description = strings.TrimSpace(v.receipt), strings.TrimSpace(v.desc)
			l.Amount, _ = model.ParseMoney(v.amount)
		default:
			l.Description = strings.TrimSpace(v.desc)
			l.Amount, _ = model.ParseMoney(v.amount)
		}
		if ed.lineIx >= 0 {
			ed.c.Lines[ed.lineIx] = l
		} else {
			ed.c.Lines = append(ed.c.Lines, l)
			ed.sel = len(ed.c.Lines) - 1
		}
	}
	return nil
}

func (t *Tab) updateEditor(kp tea.KeyPressMsg) tea.Cmd {
	ed := t.ed
	if ed == nil {
		t.screen = scrClaims
		return nil
	}
	l, k := t.ctx.List, t.keys
	switch {
	case key.Matches(kp, l.Back):
		if ed.dirty {
			t.ask("Änderungen am Antrag verwerfen?", func() tea.Cmd {
				t.ed = nil
				t.screen = scrClaims
				return nil
			})
			return nil
		}
		t.ed = nil
		t.screen = scrClaims
	case key.Matches(kp, l.Up):
		ed.sel = max(0, ed.sel-1)
	case key.Matches(kp, l.Down):
		ed.sel = min(len(ed.c.Lines)-1, ed.sel+1)
	case key.Matches(kp, k.AddFahrt):
		return t.openLineForm(model.LineFahrt, -1)
	case key.Matches(kp, k.AddBeleg):
		return t.openLineForm(model.LineBeleg, -1)
	case key.Matches(kp, k.AddPau):
		return t.openLineForm(model.LinePauschale, -1)
	case key.Matches(kp, k.Header):
		return t.openHeaderForm()
	case key.Matches(kp, l.Open):
		if ed.sel >= 0 && ed.sel < len(ed.c.Lines) {
			if len(ed.c.Lines[ed.sel].EinsatzIDs) > 0 {
				t.setFlash("Diese Position kommt aus einem Einsatz und wird dort geändert.", true)
				return nil
			}
			return t.openLineForm(ed.c.Lines[ed.sel].Kind, ed.sel)
		}
	case key.Matches(kp, k.Delete):
		if ed.sel >= 0 && ed.sel < len(ed.c.Lines) {
			ed.c.Lines = slices.Delete(ed.c.Lines, ed.sel, ed.sel+1)
			ed.sel = max(0, min(ed.sel, len(ed.c.Lines)-1))
			ed.dirty = true
			// Nothing is stored before ctrl+s: say how to get it back.
			t.setFlash("Position entfernt – gespeichert wird erst mit ctrl+s; esc verwirft alle Änderungen.", false)
		}
	case key.Matches(kp, k.Save):
		// The command saves a copy: Put stamps ID and version on it, and
		// commands never touch the model's state.
		c := cloneClaim(ed.c)
		if err := c.Validate(); err != nil {
			ed.err = err
			return nil
		}
		return t.ctx.Write(func(tx *store.Tx) error { return store.SaveClaim(tx, c) },
			func(err error) tea.Msg { return claimSavedMsg{c: c, err: err} })
	}
	return nil
}

func (t *Tab) viewEditor() string {
	st := t.ctx.Styles
	ed := t.ed
	if ed == nil {
		return ""
	}
	c := ed.c
	var b strings.Builder
	title := "Neuer Antrag"
	if c.Number != "" {
		title = "Antrag " + c.Number + " bearbeiten"
	}
	b.WriteString(t.header(title+" · "+c.PersonName) + "\n")
	fund := "ohne Fördertopf"
	for _, f := range ed.funds {
		if f.ID == c.FundID {
			fund = f.Name
		}
	}
	b.WriteString(fmt.Sprintf("%s – %s · %s · %s\n", c.PeriodFrom, c.PeriodTo, orDash(c.Project), fund))
	if ed.err != nil {
		// Wrapped, not cut: the message names the position and what to do.
		for _, line := range errLines(ed.err) {
			for _, l := range strings.Split(ansi.Wordwrap("✗ "+line, t.w, ""), "\n") {
				b.WriteString(st.Error.Render(l) + "\n")
			}
		}
	}
	descW := max(10, t.w-36)
	b.WriteString(st.Header.Render(fmt.Sprintf("%-10s %-10s %-*s %12s", "Art", "Datum", descW, "Beschreibung", "Betrag")) + "\n")
	if len(c.Lines) == 0 {
		b.WriteString(st.Muted.Render("Noch keine Position – f Fahrt · b Beleg · p Pauschale") + "\n")
	}
	head := strings.Count(b.String(), "\n")
	room := max(1, t.h-head-3)
	start := 0
	if ed.sel >= room {
		start = ed.sel - room + 1
	}
	for i := start; i < len(c.Lines) && i < start+room; i++ {
		l := c.Lines[i]
		row := fmt.Sprintf("%-10s %-10s %-*.*s %12s", l.Kind.Short(), l.Date, descW, descW, l.Summary(), l.Amount.Plain())
		if i == ed.sel {
			row = st.Selected.Render(row)
		}
		b.WriteString(row + "\n")
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for len(lines) < t.h-2 {
		lines = append(lines, "")
	}
	lines = lines[:t.h-2]
	totals := fmt.Sprintf("Fahrt %s · Sachkosten %s · Pauschalen %s", c.TotalOf(model.LineFahrt).Plain(), c.TotalOf(model.LineBeleg).Plain(), c.TotalOf(model.LinePauschale).Plain())
	lines = append(lines, st.Muted.Render(totals), st.Bold.Render(fmt.Sprintf("%*s %12s", t.w-14, "Summe", c.Total().Plain()+" €")))
	return strings.Join(lines, "\n")
}

func errLines(err error) []string {
	var ve model.ValidationError
	if e, ok := err.(model.ValidationError); ok {
		ve = e
	}
	if len(ve) == 0 {
		return []string{err.Error()}
	}
	out := make([]string, 0, len(ve))
	for i, fe := range ve {
		if i == 3 {
			out = append(out, fmt.Sprintf("… und %d weitere Hinweise", len(ve)-3))
			break
		}
		out = append(out, fe.Msg)
	}
	return out
}

func cloneClaim(c *model.Claim) *model.Claim {
	cp := *c
	cp.Lines = slices.Clone(c.Lines)
	for i := range cp.Lines {
		cp.Lines[i].EinsatzIDs = slices.Clone(cp.Lines[i].EinsatzIDs)
		cp.Lines[i].EinsatzNumbers = slices.Clone(cp.Lines[i].EinsatzNumbers)
	}
	cp.Steps = slices.Clone(c.Steps)
	return &cp
}
