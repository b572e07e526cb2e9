package settings

import (
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

var limitCols = []column{
	{title: "Art", width: 40},
	{title: "ab Jahr", width: 7, right: true},
	{title: "Betrag je Jahr", width: 14, right: true},
}

// limitRows is the table of yearly amounts by kind (as forms offer them),
// then by year.
func (m *Model) limitRows() model.Limits {
	out := slices.Clone(m.ks.Limits)
	slices.SortStableFunc(out, func(a, b model.AllowanceLimit) int {
		if c := slices.Index(model.LimitKinds, a.Kind) - slices.Index(model.LimitKinds, b.Kind); c != 0 {
			return c
		}
		return a.FromYear - b.FromYear
	})
	return out
}

// limitInForce is the entry that applies to kind in year, if any.
func limitInForce(ls model.Limits, kind model.LimitKind, year int) (model.AllowanceLimit, bool) {
	var best model.AllowanceLimit
	found := false
	for _, l := range ls {
		if l.Kind == kind && l.FromYear <= year && (!found || l.FromYear > best.FromYear) {
			best, found = l, true
		}
	}
	return best, found
}

func (m *Model) limitView() listView {
	year := m.today().Year
	v := listView{heading: "Kostenerstattungen – steuerfreie Jahresbeträge je Person (ab Jahr)", cols: limitCols}
	for _, l := range m.limitRows() {
		mark := ""
		if cur, ok := limitInForce(m.ks.Limits, l.Kind, year); ok && cur == l {
			mark = markToday
		} else if l.FromYear > year {
			mark = markFuture
		}
		v.marks = append(v.marks, mark)
		v.rows = append(v.rows, []string{l.Kind.Label(), itoa(l.FromYear), l.Amount.String()})
	}
	v.foot = append(v.foot,
		markToday+" gilt "+itoa(year)+" · "+markFuture+" künftig · die Pauschalen einer Person im Kalenderjahr werden mit dem Betrag dieses Jahres verglichen.",
		"Beträge nach § 3 Nr. 26 und 26a EStG – bei einer Gesetzesänderung einen neuen Betrag ab dem Jahr anlegen (n).")
	return v
}

func (m *Model) selectedLimit() (model.AllowanceLimit, bool) {
	rows := m.limitRows()
	i := m.cursor[secLimits]
	if i < 0 || i >= len(rows) {
		return model.AllowanceLimit{}, false
	}
	return rows[i], true
}

// limitDraft is what the limit form edits.
type limitDraft struct {
	orig         *model.AllowanceLimit
	kind         model.LimitKind
	year, amount string
}

func (d *limitDraft) build() (model.AllowanceLimit, error) {
	var v model.ValidationError
	l := model.AllowanceLimit{Kind: d.kind}
	l.FromYear = collect(&v, "fromYear", labelled("Ab Jahr", parseInt), d.year)
	l.Amount = collect(&v, "amount", labelled("Betrag", model.ParseMoney), d.amount)
	if len(v) > 0 {
		return l, v
	}
	return l, l.Validate()
}

// newLimit opens the form for an amount from a new year, prefilled with
// the selected kind's amount in force.
func (m *Model) newLimit() tea.Cmd {
	sel, ok := m.selectedLimit()
	if !ok {
		sel = model.DefaultLimits[0]
	}
	if cur, ok := limitInForce(m.ks.Limits, sel.Kind, m.today().Year); ok {
		sel = cur
	}
	d := &limitDraft{kind: sel.Kind, amount: moneyText(sel.Amount)}
	return m.showLimitForm(d, "Neuer Jahresbetrag ab einem Jahr")
}

func (m *Model) editLimit() tea.Cmd {
	l, ok := m.selectedLimit()
	if !ok {
		return nil
	}
	d := &limitDraft{orig: &l, kind: l.Kind, year: itoa(l.FromYear), amount: moneyText(l.Amount)}
	return m.showLimitForm(d, l.Kind.Name()+" ab "+itoa(l.FromYear)+" bearbeiten")
}

func (m *Model) showLimitForm(d *limitDraft, title string) tea.Cmd {
	m.closeForm()
	m.limit = d
	base := model.DefaultLimits[0]
	var kinds []huh.Option[model.LimitKind]
	for _, k := range model.LimitKinds {
		kinds = append(kinds, huh.NewOption(k.Label(), k))
	}
	f := form.New(m.ctx, formLimit, title, huh.NewGroup(
		huh.NewSelect[model.LimitKind]().Title("Art").
			Description("Der Betrag gilt je Person für jedes Kalenderjahr ab dem genannten, bis ein späterer Eintrag folgt; er dient der Warnung vor dem Überschreiten.").Options(kinds...).Value(&d.kind),
		huh.NewInput().Title("Ab Jahr").Placeholder("z. B. "+itoa(m.today().Year+1)).Value(&d.year).
			Validate(both(fieldCheck(base, "fromYear", labelled("Ab Jahr", parseInt), func(l *model.AllowanceLimit, v int) { l.FromYear = v }),
				m.limitYearFree(d))),
		huh.NewInput().Title("Betrag je Person und Jahr in €").Value(&d.amount).
			Validate(fieldCheck(base, "amount", labelled("Betrag", model.ParseMoney), func(l *model.AllowanceLimit, v model.Money) { l.Amount = v })),
	))
	return m.openForm(f)
}

// limitYearFree refuses a second amount of the same kind from the same
// year.
func (m *Model) limitYearFree(d *limitDraft) func(string) error {
	return func(s string) error {
		y, err := parseInt(s)
		if err != nil {
			return nil
		}
		cand := model.AllowanceLimit{Kind: d.kind, FromYear: y, Amount: 1}
		list, err := apply(m.ks.Limits, d.orig, &cand)
		if err != nil {
			return nil
		}
		if msg := validationFor(model.Limits(list).Validate(), "fromYear"); msg != "" {
			return fmt.Errorf("%s", msg)
		}
		return nil
	}
}

func (m *Model) submitLimit() tea.Cmd {
	d := m.limit
	l, err := d.build()
	if err == nil {
		var list model.Limits
		if list, err = apply(m.ks.Limits, d.orig, &l); err == nil {
			err = list.Validate()
		}
	}
	if err != nil {
		m.frm.SetError(err)
		return nil
	}
	verb := "gespeichert"
	if d.orig != nil {
		verb = "geändert"
	}
	return m.writeLimit(d.orig, &l, formLimit, fmt.Sprintf("%s ab %d %s: %s je Person und Jahr.", l.Kind.Name(), l.FromYear, verb, l.Amount))
}

// writeLimit applies one change to the stored yearly amounts in one
// transaction.
func (m *Model) writeLimit(orig, next *model.AllowanceLimit, formID, text string) tea.Cmd {
	return m.ctx.Write(func(tx *store.Tx) error {
		s, err := store.LoadKostenSettings(tx)
		if err != nil {
			return err
		}
		if s.Limits, err = apply(s.Limits, orig, next); err != nil {
			return err
		}
		return store.SaveKostenSettings(tx, s)
	}, func(err error) tea.Msg {
		return savedMsg{formID: formID, text: text, err: err, focus: focusLimit(next)}
	})
}

// focusLimit selects the saved amount once the list is reloaded.
func focusLimit(l *model.AllowanceLimit) func(*Model) {
	if l == nil {
		return nil
	}
	k, y := l.Kind, l.FromYear
	return func(m *Model) {
		for i, x := range m.limitRows() {
			if x.Kind == k && x.FromYear == y {
				m.cursor[secLimits] = i
			}
		}
	}
}

func (m *Model) deleteLimit() tea.Cmd {
	l, ok := m.selectedLimit()
	if !ok {
		return nil
	}
	list, _ := apply(m.ks.Limits, &l, nil)
	if msg := validationFor(model.Limits(list).Validate(), "kind"); msg != "" {
		return common.Fail(fmt.Errorf("%s", msg))
	}
	return m.ask(fmt.Sprintf("%s ab %d (%s) löschen? Für diese Jahre gilt dann der Betrag davor.", l.Kind.Name(), l.FromYear, l.Amount), func() tea.Cmd {
		return m.writeLimit(&l, nil, "", fmt.Sprintf("%s ab %d gelöscht.", l.Kind.Name(), l.FromYear))
	})
}
