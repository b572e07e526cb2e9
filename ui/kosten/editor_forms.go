package kosten

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/ui/form"
)

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

// openLineForm opens the form for a new position of the kind (ix < 0) or
// to change position ix.
func (t *Tab) openLineForm(kind model.LineKind, ix int) tea.Cmd {
	ed := t.ed
	ed.lineIx = ix
	today := model.Today(t.ctx.Now())
	ed.ln = ed.lineValsOf(kind, ix, today)
	vals := &ed.ln
	dateCheck := form.Parse(func(s string) (model.Date, error) { return model.ParseDate(s, today) }, true, "Bitte das Datum eingeben.")
	fields := []huh.Field{huh.NewInput().Title("Datum").Value(&vals.date).Validate(dateCheck)}
	switch kind {
	case model.LineFahrt:
		fields = append(fields, ed.fahrtFields(vals, today)...)
	case model.LineBeleg:
		fields = append(fields,
			huh.NewInput().Title("Belegnummer").Value(&vals.receipt).CharLimit(35).Validate(form.Required("Bitte die Belegnummer eingeben – Sachkosten nur gegen Beleg.")),
			huh.NewInput().Title("Beschreibung").Value(&vals.desc).CharLimit(140).Validate(form.Required("Bitte beschreiben, was gekauft wurde.")),
			huh.NewInput().Title("Betrag").Value(&vals.amount).Validate(ed.checkAmount),
		)
	default:
		fields = append(fields,
			huh.NewInput().Title("Beschreibung").Value(&vals.desc).CharLimit(140).Validate(form.Required("Bitte beschreiben, wofür die Pauschale gezahlt wird.")),
			huh.NewInput().Title("Betrag").Value(&vals.amount).Validate(ed.checkAmount),
		)
	}
	title := kind.Label()
	if ix >= 0 {
		title += fmt.Sprintf(" – Position %d", ix+1)
	}
	return t.openForm(form.New(t.ctx, "kosten:ed:line", title, huh.NewGroup(fields...)))
}

// lineValsOf is the form's text for position ix, or the defaults of a new
// position (dated today, at the latest the end of the claim's period).
func (ed *editor) lineValsOf(kind model.LineKind, ix int, today model.Date) lineVals {
	if ix < 0 {
		return lineVals{kind: kind, date: minDate(today, ed.c.PeriodTo).String(), vehicle: string(model.VehicleAuto)}
	}
	l := ed.c.Lines[ix]
	v := lineVals{kind: l.Kind, date: l.Date.String(), from: l.From, to: l.To, vehicle: string(l.Vehicle), receipt: l.ReceiptNo, desc: l.Description}
	if l.Km != 0 {
		v.km = l.Km.Plain()
	}
	if l.Amount != 0 && l.Kind != model.LineFahrt {
		v.amount = l.Amount.Plain()
	}
	if v.vehicle == "" {
		v.vehicle = string(model.VehicleAuto)
	}
	return v
}

// checkAmount validates an amount as typed: above 0 (a Storno or
// Korrektur may go below) and plausible.
func (ed *editor) checkAmount(s string) error {
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

// checkKm validates the km of a trip like checkAmount an amount.
func (ed *editor) checkKm(s string) error {
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
}

// fahrtFields are the fields of a trip, with the amount computed live.
func (ed *editor) fahrtFields(vals *lineVals, today model.Date) []huh.Field {
	var vopts []huh.Option[string]
	for _, vh := range model.Vehicles {
		vopts = append(vopts, huh.NewOption(vh.Label(), string(vh)))
	}
	return []huh.Field{
		huh.NewInput().Title("Von").Value(&vals.from).CharLimit(70).Validate(form.Required("Bitte den Startort eingeben.")),
		huh.NewInput().Title("Nach").Value(&vals.to).CharLimit(70).Validate(form.Required("Bitte das Ziel eingeben.")),
		huh.NewInput().Title("Kilometer").Value(&vals.km).Validate(ed.checkKm),
		huh.NewSelect[string]().Title("Fahrzeug").Options(vopts...).Value(&vals.vehicle),
		// The bindings must be something huh can hash: it ignores
		// unexported struct fields, so a *lineVals would never change
		// and the amount would stay at its first text.
		huh.NewNote().Title("Betrag").DescriptionFunc(func() string { return fahrtPreview(ed.rates, *vals, today) },
			[]*string{&vals.date, &vals.km, &vals.vehicle}),
	}
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
