package settings

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

var kmCols = []column{
	{title: "Fahrzeug", width: 15},
	{title: "gültig ab", width: 10},
	{title: "€/km", width: 7, right: true},
	{title: "Höchstbetrag je Fahrt", width: 21, right: true},
	{title: "Hinweis", width: 9},
}

// kmRows is the mileage table in the order of the screen: by vehicle as
// forms offer them, then by date.
func (m *Model) kmRows() model.KmRates {
	out := slices.Clone(m.ks.KmRates)
	slices.SortStableFunc(out, func(a, b model.KmRate) int {
		if c := slices.Index(model.Vehicles, a.Vehicle) - slices.Index(model.Vehicles, b.Vehicle); c != 0 {
			return c
		}
		return a.ValidFrom.Compare(b.ValidFrom)
	})
	return out
}

func capText(c model.Money) string {
	if c <= 0 {
		return "keiner"
	}
	return c.String()
}

func (m *Model) kmView() listView {
	today := m.today()
	rows := m.kmRows()
	v := listView{heading: "Kostenerstattungen – km-Sätze je Fahrzeug (gültig ab Datum)", cols: kmCols}
	assumed := false
	for _, r := range rows {
		mark := ""
		if cur, ok := m.ks.KmRates.For(r.Vehicle, today); ok && cur == r {
			mark = markToday
		} else if r.ValidFrom.After(today) {
			mark = markFuture
		}
		note := ""
		if r.Assumed() {
			note, assumed = "Annahme", true
		}
		v.marks = append(v.marks, mark)
		v.rows = append(v.rows, []string{r.Vehicle.Label(), r.ValidFrom.String(), r.PerKm.String(), capText(r.Cap), note})
	}
	v.foot = append(v.foot, markToday+" gilt heute · "+markFuture+" künftig · eine Fahrt rechnet mit dem Satz ihres Fahrtdatums; gespeicherte Fahrten behalten ihren Satz.")
	if r, ok := m.selectedKm(); ok {
		s := fmt.Sprintf("%s ab %s: %s je km", r.Vehicle.Label(), r.ValidFrom, r.PerKm)
		if r.Cap > 0 {
			s += ", höchstens " + r.Cap.String() + " je Fahrt"
			if r.PerKm > 0 {
				s += fmt.Sprintf(" (voll bezahlt bis %s)", model.Km(int64(r.Cap)*10/int64(r.PerKm)))
			}
		} else {
			s += ", ohne Höchstbetrag"
		}
		v.foot = append(v.foot, s+".")
	}
	if assumed {
		v.warn = append(v.warn, "⚠ „Annahme“ = Standardwert, bitte mit dem Landkreis abstimmen (üblich für Ehrenamtliche 0,30 €/km Auto; NRKVO 0,25 €/km, höchstens 125 € je Fahrt).")
	}
	return v
}

func (m *Model) selectedKm() (model.KmRate, bool) {
	rows := m.kmRows()
	i := m.cursor[secKm]
	if i < 0 || i >= len(rows) {
		return model.KmRate{}, false
	}
	return rows[i], true
}

// kmDraft is what the km-rate form edits.
type kmDraft struct {
	orig                      *model.KmRate
	vehicle                   model.Vehicle
	validFrom, perKm, capText string
}

func (d *kmDraft) build(today model.Date) (model.KmRate, error) {
	var v model.ValidationError
	r := model.KmRate{Vehicle: d.vehicle}
	r.ValidFrom = collect(&v, "validFrom", labelled("Gültig ab", dateParser(today)), d.validFrom)
	r.PerKm = collect(&v, "perKm", labelled("km-Satz", model.ParseMoney), d.perKm)
	r.Cap = collect(&v, "cap", labelled("Höchstbetrag", parseCap), d.capText)
	if len(v) > 0 {
		return r, v
	}
	return r, r.Validate()
}

// parseCap reads the cap per trip; empty, 0 or "keiner" mean none.
func parseCap(s string) (model.Money, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "0", "keiner", "kein", "-", "–":
		return 0, nil
	}
	return model.ParseMoney(s)
}

// newKm opens the form for a rate from a new date, prefilled with the
// selected vehicle's rate valid today.
func (m *Model) newKm() tea.Cmd {
	sel, ok := m.selectedKm()
	if !ok {
		sel = model.DefaultKmRates[0]
	}
	if cur, ok := m.ks.KmRates.For(sel.Vehicle, m.today()); ok {
		sel = cur
	}
	d := &kmDraft{vehicle: sel.Vehicle, perKm: moneyText(sel.PerKm), capText: moneyText(sel.Cap)}
	return m.showKmForm(d, "Neuer km-Satz (vorbelegt mit dem heute gültigen)",
		"Der neue Satz gilt für Fahrten ab seinem Datum, davor der bisherige. Fahrten in gespeicherten Anträgen behalten ihren Betrag.")
}

func (m *Model) editKm() tea.Cmd {
	r, ok := m.selectedKm()
	if !ok {
		return nil
	}
	d := &kmDraft{orig: &r, vehicle: r.Vehicle, validFrom: r.ValidFrom.String(), perKm: moneyText(r.PerKm), capText: moneyText(r.Cap)}
	return m.showKmForm(d, "km-Satz "+r.Vehicle.Label()+" ab "+r.ValidFrom.String()+" bearbeiten",
		"Fahrten in gespeicherten Anträgen behalten ihren Satz und Betrag; die Änderung gilt für Fahrten, die ab jetzt erfasst werden.")
}

func (m *Model) showKmForm(d *kmDraft, title, note string) tea.Cmd {
	m.closeForm()
	m.km = d
	today := m.today()
	base := model.DefaultKmRates[0]
	var vehicles []huh.Option[model.Vehicle]
	for _, v := range model.Vehicles {
		vehicles = append(vehicles, huh.NewOption(v.Label(), v))
	}
	f := form.New(m.ctx, formKm, title, huh.NewGroup(
		huh.NewSelect[model.Vehicle]().Inline(true).Title("Fahrzeug").Description(note).Options(vehicles...).Value(&d.vehicle),
		huh.NewInput().Title("Gültig ab").Placeholder("TT.MM.JJJJ, z. B. 01.01."+itoa(today.Year+1)).Value(&d.validFrom).
			Validate(both(fieldCheck(base, "validFrom", labelled("Gültig ab", dateParser(today)), func(r *model.KmRate, v model.Date) { r.ValidFrom = v }),
				m.kmDateFree(d))),
		huh.NewInput().Title("km-Satz in € je km").Value(&d.perKm).
			Validate(fieldCheck(base, "perKm", labelled("km-Satz", model.ParseMoney), func(r *model.KmRate, v model.Money) { r.PerKm = v })),
		huh.NewInput().Title("Höchstbetrag je Fahrt in € (0 = keiner)").Value(&d.capText).
			Validate(fieldCheck(base, "cap", labelled("Höchstbetrag", parseCap), func(r *model.KmRate, v model.Money) { r.Cap = v })),
	))
	return m.openForm(f)
}

// kmDateFree refuses a second rate for the same vehicle from the same day.
func (m *Model) kmDateFree(d *kmDraft) func(string) error {
	return func(s string) error {
		day, err := model.ParseDate(s, m.today())
		if err != nil {
			return nil
		}
		cand := model.KmRate{ValidFrom: day, Vehicle: d.vehicle, PerKm: 1}
		list, err := apply(m.ks.KmRates, d.orig, &cand)
		if err != nil {
			return nil
		}
		if msg := validationFor(model.KmRates(list).Validate(), "validFrom"); msg != "" {
			return fmt.Errorf("%s", msg)
		}
		return nil
	}
}

func (m *Model) submitKm() tea.Cmd {
	d := m.km
	r, err := d.build(m.today())
	if err == nil {
		var list model.KmRates
		if list, err = apply(m.ks.KmRates, d.orig, &r); err == nil {
			err = list.Validate()
		}
	}
	if err != nil {
		m.frm.SetError(err)
		return nil
	}
	text := fmt.Sprintf("km-Satz %s ab %s gespeichert.", r.Vehicle.Label(), r.ValidFrom)
	if d.orig != nil {
		text = fmt.Sprintf("km-Satz %s ab %s geändert.", r.Vehicle.Label(), r.ValidFrom)
	}
	return m.writeKm(d.orig, &r, formKm, text)
}

// writeKm applies one change to the stored mileage table in one
// transaction.
func (m *Model) writeKm(orig, next *model.KmRate, formID, text string) tea.Cmd {
	return m.ctx.Write(func(tx *store.Tx) error {
		s, err := store.LoadKostenSettings(tx)
		if err != nil {
			return err
		}
		if s.KmRates, err = apply(s.KmRates, orig, next); err != nil {
			return err
		}
		return store.SaveKostenSettings(tx, s)
	}, func(err error) tea.Msg { return savedMsg{formID: formID, text: text, err: err, focus: focusKm(next)} })
}

// focusKm selects the saved rate once the list is reloaded.
func focusKm(r *model.KmRate) func(*Model) {
	if r == nil {
		return nil
	}
	v, day := r.Vehicle, r.ValidFrom
	return func(m *Model) {
		for i, x := range m.kmRows() {
			if x.Vehicle == v && x.ValidFrom == day {
				m.cursor[secKm] = i
			}
		}
	}
}

func (m *Model) deleteKm() tea.Cmd {
	r, ok := m.selectedKm()
	if !ok {
		return nil
	}
	list, _ := apply(m.ks.KmRates, &r, nil)
	if msg := validationFor(model.KmRates(list).Validate(), "vehicle"); msg != "" {
		return common.Fail(fmt.Errorf("%s", msg))
	}
	return m.ask(fmt.Sprintf("km-Satz %s ab %s löschen? Gespeicherte Fahrten behalten ihren Betrag.", r.Vehicle.Label(), r.ValidFrom), func() tea.Cmd {
		return m.writeKm(&r, nil, "", fmt.Sprintf("km-Satz %s ab %s gelöscht.", r.Vehicle.Label(), r.ValidFrom))
	})
}
