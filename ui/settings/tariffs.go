package settings

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// tariffCols fit 80 columns; the selected tariff is spelled out below the
// table, which explains the short headers.
var tariffCols = []column{
	{title: "gültig ab", width: 10},
	{title: "€/Std.", width: 10, right: true},
	{title: "Takt", width: 6, right: true},
	{title: "Mind.", width: 5, right: true},
	{title: "angef.", width: 6},
	{title: "€/km", width: 7, right: true},
	{title: "Warten", width: 6},
	{title: "Absage", width: 7, right: true},
	{title: "Ausfall", width: 7, right: true},
}

func (m *Model) tariffView() listView {
	today := m.today()
	cur := m.sm.TariffAt(today)
	v := listView{heading: "Sprachmittlung – Tarife der Aufwandsentschädigung (gültig ab Datum)", cols: tariffCols}
	for _, t := range m.sm.Tariffs {
		mark := ""
		switch {
		case t.ValidFrom == cur.ValidFrom:
			mark = markToday
		case t.ValidFrom.After(today):
			mark = markFuture
		}
		v.marks = append(v.marks, mark)
		v.rows = append(v.rows, []string{t.ValidFrom.String(), t.RatePerHour.String(), itoa(t.UnitMinutes) + " min",
			itoa(t.MinimumUnits), yesNo(t.PerStartedUnit), t.KmRate.String(), yesNo(t.WaitingPaid),
			"< " + itoa(t.CancelHours) + " h", itoa(t.CancelUnits)})
	}
	v.foot = append(v.foot, markToday+" gilt heute · "+markFuture+" künftig · ein Einsatznachweis rechnet mit dem Tarif seines Einsatztags und behält ihn.")
	if t, ok := m.selectedTariff(); ok {
		v.foot = append(v.foot, describeTariff(t))
	}
	for _, t := range m.sm.Tariffs {
		if t.Note == model.TariffAssumption {
			v.warn = append(v.warn, "⚠ Tarif ab "+t.ValidFrom.String()+": "+model.TariffAssumption+
				" (e bearbeitet ihn; den Hinweis löschen, sobald der Landkreis ihn bestätigt hat).")
		}
	}
	return v
}

// describeTariff spells a tariff out in one German sentence.
func describeTariff(t model.Tariff) string {
	var b strings.Builder
	b.WriteString("ab " + t.ValidFrom.String())
	if t.Name != "" {
		b.WriteString(" („" + t.Name + "“)")
	}
	unit := "je volle"
	if t.PerStartedUnit {
		unit = "je angefangene"
	}
	fmt.Fprintf(&b, ": %s je Stunde, abgerechnet %s Einheit von %d Minuten (%s), mindestens %d Einheit(en); %s je km",
		t.RatePerHour, unit, t.UnitMinutes, t.UnitPrice(), t.MinimumUnits, t.KmRate)
	if t.WaitingPaid {
		b.WriteString("; Wartezeit wird bezahlt")
	} else {
		b.WriteString("; Wartezeit wird nicht bezahlt")
	}
	if t.CancelUnits > 0 {
		fmt.Fprintf(&b, "; Absage weniger als %d Stunden vorher: %d Einheit(en) Ausfallpauschale (%s).", t.CancelHours, t.CancelUnits, t.CancelFee())
	} else {
		fmt.Fprintf(&b, "; Absage weniger als %d Stunden vorher: keine Ausfallpauschale.", t.CancelHours)
	}
	if t.Note != "" && t.Note != model.TariffAssumption {
		b.WriteString(" Hinweis: " + t.Note)
	}
	return b.String()
}

func (m *Model) selectedTariff() (model.Tariff, bool) {
	i := m.cursor[secTariffs]
	if i < 0 || i >= len(m.sm.Tariffs) {
		return model.Tariff{}, false
	}
	return m.sm.Tariffs[i], true
}

// tariffDraft is what the tariff form edits, as typed.
type tariffDraft struct {
	orig                                                                      *model.Tariff // nil: a new tariff
	validFrom, name, rate, unit, minUnits, km, cancelHours, cancelUnits, note string
	perStarted, waiting                                                       bool
}

func tariffDraftOf(t model.Tariff) *tariffDraft {
	return &tariffDraft{validFrom: t.ValidFrom.String(), name: t.Name, rate: moneyText(t.RatePerHour),
		unit: itoa(t.UnitMinutes), minUnits: itoa(t.MinimumUnits), km: moneyText(t.KmRate),
		cancelHours: itoa(t.CancelHours), cancelUnits: itoa(t.CancelUnits), note: t.Note,
		perStarted: t.PerStartedUnit, waiting: t.WaitingPaid}
}

// build parses the draft into a tariff; every problem comes back at once.
func (d *tariffDraft) build(today model.Date) (model.Tariff, error) {
	var v model.ValidationError
	t := model.Tariff{Name: strings.TrimSpace(d.name), Note: strings.TrimSpace(d.note),
		PerStartedUnit: d.perStarted, WaitingPaid: d.waiting}
	t.ValidFrom = collect(&v, "validFrom", labelled("Gültig ab", dateParser(today)), d.validFrom)
	t.RatePerHour = collect(&v, "ratePerHour", labelled("Stundensatz", model.ParseMoney), d.rate)
	t.UnitMinutes = collect(&v, "unitMinutes", labelled("Takt", parseInt), d.unit)
	t.MinimumUnits = collect(&v, "minimumUnits", labelled("Mindesteinheiten", parseInt), d.minUnits)
	t.KmRate = collect(&v, "kmRate", labelled("km-Satz", model.ParseMoney), d.km)
	t.CancelHours = collect(&v, "cancelHours", labelled("Absagefrist", parseInt), d.cancelHours)
	t.CancelUnits = collect(&v, "cancelUnits", labelled("Ausfallpauschale", parseInt), d.cancelUnits)
	if len(v) > 0 {
		return t, v
	}
	return t, t.Validate()
}

// newTariff opens the form for a tariff from a new date, prefilled with the
// one valid today: the usual way a rate changes.
func (m *Model) newTariff() tea.Cmd {
	cur := m.sm.TariffAt(m.today())
	d := tariffDraftOf(cur)
	d.validFrom, d.note = "", ""
	return m.showTariffForm(d, "Neuer Tarif (vorbelegt mit dem heute gültigen)",
		"Der neue Tarif gilt für Einsätze ab seinem Datum, davor der bisherige. Schon berechnete Einsatznachweise behalten ihre Beträge.")
}

func (m *Model) editTariff() tea.Cmd {
	t, ok := m.selectedTariff()
	if !ok {
		return nil
	}
	d := tariffDraftOf(t)
	d.orig = &t
	return m.showTariffForm(d, "Tarif ab "+t.ValidFrom.String()+" bearbeiten",
		"Schon berechnete Einsatznachweise behalten ihre Beträge (sie haben eine Kopie ihres Tarifs); die Änderung gilt für Nachweise, die ab jetzt berechnet werden.")
}

func (m *Model) showTariffForm(d *tariffDraft, title, note string) tea.Cmd {
	m.closeForm()
	m.tariff = d
	today := m.today()
	base := model.DefaultTariffs()[0]
	setDate := func(t *model.Tariff, v model.Date) { t.ValidFrom = v }
	f := form.New(m.ctx, formTariff, title, huh.NewGroup(
		huh.NewInput().Title("Gültig ab").Description(note).Placeholder("TT.MM.JJJJ, z. B. 01.01."+itoa(today.Year+1)).Value(&d.validFrom).
			Validate(both(fieldCheck(base, "validFrom", labelled("Gültig ab", dateParser(today)), setDate), m.tariffDateFree(d.orig))),
		huh.NewInput().Title("Bezeichnung (optional)").Value(&d.name).CharLimit(40),
		huh.NewInput().Title("Stundensatz in € je Stunde").Value(&d.rate).
			Validate(fieldCheck(base, "ratePerHour", labelled("Stundensatz", model.ParseMoney), func(t *model.Tariff, v model.Money) { t.RatePerHour = v })),
		huh.NewInput().Title("Takt: Minuten je Abrechnungseinheit").Value(&d.unit).
			Validate(fieldCheck(base, "unitMinutes", labelled("Takt", parseInt), func(t *model.Tariff, v int) { t.UnitMinutes = v })),
		huh.NewInput().Title("Mindesteinheiten (so viele werden mindestens bezahlt)").Value(&d.minUnits).
			Validate(fieldCheck(base, "minimumUnits", labelled("Mindesteinheiten", parseInt), func(t *model.Tariff, v int) { t.MinimumUnits = v })),
		huh.NewSelect[bool]().Inline(true).Title("Abrechnung").Options(
			huh.NewOption("je angefangene Einheit", true), huh.NewOption("je volle Einheit", false)).Value(&d.perStarted),
		huh.NewInput().Title("km-Satz in € je km (nur Einsätze vor Ort)").Value(&d.km).
			Validate(fieldCheck(base, "kmRate", labelled("km-Satz", model.ParseMoney), func(t *model.Tariff, v model.Money) { t.KmRate = v })),
		huh.NewSelect[bool]().Inline(true).Title("Wartezeit bezahlt").Options(
			huh.NewOption("ja", true), huh.NewOption("nein", false)).Value(&d.waiting),
		huh.NewInput().Title("Absage kurzfristig, wenn weniger als … Stunden vorher").Value(&d.cancelHours).
			Validate(fieldCheck(base, "cancelHours", labelled("Absagefrist", parseInt), func(t *model.Tariff, v int) { t.CancelHours = v })),
		huh.NewInput().Title("Ausfallpauschale: Einheiten bei kurzfristiger Absage").Value(&d.cancelUnits).
			Validate(fieldCheck(base, "cancelUnits", labelled("Ausfallpauschale", parseInt), func(t *model.Tariff, v int) { t.CancelUnits = v })),
		huh.NewInput().Title("Hinweis (optional, z. B. Beschluss vom …)").Value(&d.note).CharLimit(120),
	))
	return m.openForm(f)
}

// tariffDateFree refuses a date on which another tariff already starts,
// with the model's message.
func (m *Model) tariffDateFree(orig *model.Tariff) func(string) error {
	return func(s string) error {
		d, err := model.ParseDate(s, m.today())
		if err != nil {
			return nil // the date check says why
		}
		cand := model.DefaultTariffs()[0]
		cand.ValidFrom = d
		list, err := apply(m.sm.Tariffs, orig, &cand)
		if err != nil {
			return nil
		}
		if msg := validationFor(model.ValidateTariffs(list), "validFrom"); msg != "" {
			return fmt.Errorf("%s", msg)
		}
		return nil
	}
}

func (m *Model) submitTariff() tea.Cmd {
	d := m.tariff
	t, err := d.build(m.today())
	if err == nil {
		var list []model.Tariff
		if list, err = apply(m.sm.Tariffs, d.orig, &t); err == nil {
			err = model.ValidateTariffs(list)
		}
	}
	if err != nil {
		m.frm.SetError(err)
		return nil
	}
	// Short enough for the status bar at 80 columns.
	text := "Tarif ab " + t.ValidFrom.String() + " gespeichert."
	if d.orig != nil {
		text = "Tarif ab " + t.ValidFrom.String() + " geändert (alte Nachweise bleiben)."
	}
	return m.writeTariff(d.orig, &t, formTariff, text)
}

// writeTariff applies one change to the stored tariffs in one transaction.
func (m *Model) writeTariff(orig, next *model.Tariff, formID, text string) tea.Cmd {
	return m.ctx.Write(func(tx *store.Tx) error {
		s, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return err
		}
		if s.Tariffs, err = apply(s.Tariffs, orig, next); err != nil {
			return err
		}
		return store.SaveSprachmittlungSettings(tx, s)
	}, func(err error) tea.Msg {
		return savedMsg{formID: formID, text: text, err: err, focus: focusTariff(next)}
	})
}

// focusTariff selects the saved tariff once the list is reloaded.
func focusTariff(t *model.Tariff) func(*Model) {
	if t == nil {
		return nil
	}
	day := t.ValidFrom
	return func(m *Model) {
		for i, x := range m.sm.Tariffs {
			if x.ValidFrom == day {
				m.cursor[secTariffs] = i
			}
		}
	}
}

func (m *Model) deleteTariff() tea.Cmd {
	t, ok := m.selectedTariff()
	if !ok {
		return nil
	}
	if len(m.sm.Tariffs) <= 1 {
		return common.Fail(fmt.Errorf("Der letzte Tarif kann nicht gelöscht werden – es muss immer einer gelten. Neue Sätze: n (neuer Tarif ab Datum)."))
	}
	return m.ask("Tarif ab "+t.ValidFrom.String()+" löschen? Berechnete Einsatznachweise behalten ihre Beträge; "+
		"für neue gilt dann der Tarif davor.", func() tea.Cmd {
		return m.writeTariff(&t, nil, "", "Tarif ab "+t.ValidFrom.String()+" gelöscht.")
	})
}
