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

// The Löschfristen part of the screen: the retention rules (kind of data,
// period, legal basis), how much is due today under each, and the
// Löschlauf (x, after a question). Changing a rule and running the
// Löschlauf need the role Verwaltung; everybody sees what is due.

var retentionCols = []column{
	{title: "Daten", width: 40},
	{title: "Frist", width: 9},
	{title: "fällig", width: 6, right: true},
}

func (m *Model) retentionView() listView {
	v := listView{heading: "Löschfristen – wie lange welche personenbezogenen Daten bleiben", cols: retentionCols}
	for _, r := range m.retention {
		due := "–"
		if m.due != nil {
			due = itoa(m.due.Count(r.Kind))
		}
		v.marks = append(v.marks, "·")
		v.rows = append(v.rows, []string{r.Kind.Label(), r.PeriodLabel(), due})
	}
	if r, ok := m.selectedRule(); ok {
		v.foot = append(v.foot, fmt.Sprintf("%s: %s %s. Rechtsgrundlage: %s. Der Löschlauf: %s.", r.Kind.Label(), r.PeriodLabel(), r.Kind.From(), r.Basis, r.Kind.Action()))
	}
	if m.due != nil && len(m.due.Items) > 0 {
		v.foot = append(v.foot, fmt.Sprintf("Heute fällig: %d Punkte – x führt den Löschlauf nach Rückfrage aus (Liste: stabsstelle retention).", len(m.due.Items)))
	} else {
		v.foot = append(v.foot, "Heute ist nichts fällig.")
	}
	return v
}

func (m *Model) selectedRule() (model.RetentionRule, bool) {
	i := m.cursor[secRetention]
	if i < 0 || i >= len(m.retention) {
		return model.RetentionRule{}, false
	}
	return m.retention[i], true
}

// ruleDraft is what the rule form edits.
type ruleDraft struct {
	kind          model.RetentionKind
	months, basis string
}

func (m *Model) editRule() tea.Cmd {
	r, ok := m.selectedRule()
	if !ok {
		return nil
	}
	m.closeForm()
	d := &ruleDraft{kind: r.Kind, months: itoa(r.Months), basis: r.Basis}
	m.rule = d
	f := form.New(m.ctx, formRule, "Löschfrist: "+r.Kind.Label(), huh.NewGroup(
		huh.NewInput().Title("Frist in Monaten ("+r.Kind.From()+")").Value(&d.months).
			Validate(func(s string) error {
				n, err := parseInt(s)
				if err != nil || n < 1 || n > model.MaxRetentionMonths {
					return fmt.Errorf("Bitte eine Zahl von 1 bis %d eingeben.", model.MaxRetentionMonths)
				}
				return nil
			}),
		huh.NewText().Title("Rechtsgrundlage").Value(&d.basis).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return fmt.Errorf("Bitte die Rechtsgrundlage angeben.")
				}
				return nil
			}),
	))
	return m.openForm(f)
}

func (m *Model) submitRule() tea.Cmd {
	d := m.rule
	n, err := parseInt(d.months)
	if err != nil {
		m.frm.SetError(err)
		return nil
	}
	next := model.RetentionRule{Kind: d.kind, Months: n, Basis: strings.Join(strings.Fields(d.basis), " ")}
	text := fmt.Sprintf("Löschfrist „%s“: %s %s.", d.kind.Label(), next.PeriodLabel(), d.kind.From())
	return m.ctx.Write(func(tx *store.Tx) error {
		rules, err := store.LoadRetentionRules(tx)
		if err != nil {
			return err
		}
		for i := range rules {
			if rules[i].Kind == next.Kind {
				rules[i] = next
			}
		}
		return store.SaveRetentionRules(tx, rules)
	}, func(err error) tea.Msg { return savedMsg{formID: formRule, text: text, err: err} })
}

// askRetention asks before the Löschlauf.
func (m *Model) askRetention() tea.Cmd {
	if m.due == nil || len(m.due.Items) == 0 {
		return common.Status("Heute ist nichts fällig – der Löschlauf hat nichts zu tun.")
	}
	var parts []string
	for _, r := range m.retention {
		if n := m.due.Count(r.Kind); n > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", r.Kind.Label(), n))
		}
	}
	q := fmt.Sprintf("Löschlauf jetzt ausführen? %s. Gelöschtes kommt nicht zurück (auch nicht mit Strg+Z).", strings.Join(parts, "; "))
	return m.ask(q, func() tea.Cmd {
		return m.ctx.Write(func(tx *store.Tx) error {
			_, res, err := store.RunRetention(tx)
			if err == nil && res.Total == 0 {
				return fmt.Errorf("Der Löschlauf hat nichts gelöscht.")
			}
			return err
		}, func(err error) tea.Msg {
			return savedMsg{text: "Löschlauf ausgeführt. " + store.CompactHint, err: err}
		})
	})
}
