package kosten

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
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
		t.askConfirmRun()
	case key.Matches(kp, k.Cancel):
		t.askCancelRun()
	case key.Matches(kp, l.Back) && !t.runs.Handles(kp):
		t.screen = scrClaims
	default:
		return t.runs.Update(kp)
	}
	return nil
}

// askConfirmRun marks the selected run as executed by the Kreiskasse,
// after asking: its claims become „ausgezahlt“.
func (t *Tab) askConfirmRun() {
	r, ok := t.runs.Selected()
	if !ok || r.Status != model.PayoutErstellt {
		t.setFlash("Bestätigen geht nur bei einem erstellten, noch nicht ausgeführten Zahllauf.", true)
		return
	}
	id, num := r.ID, r.Number
	t.ask(fmt.Sprintf("Hat die Kreiskasse den Zahllauf %s (%d Überweisungen, %s) ausgeführt?\nDie Anträge werden dann „ausgezahlt“.", num, len(r.Items), r.Total()), func() tea.Cmd {
		return t.ctx.Write(func(tx *store.Tx) error { _, err := store.ConfirmPayoutRun(tx, id); return err },
			func(err error) tea.Msg {
				return runDoneMsg{text: "Zahllauf " + num + " als ausgeführt bestätigt.", err: err}
			})
	})
}

// askCancelRun cancels the selected run, after asking: its claims are free
// for the next run.
func (t *Tab) askCancelRun() {
	r, ok := t.runs.Selected()
	if !ok || r.Status != model.PayoutErstellt {
		t.setFlash("Stornieren geht nur bei einem erstellten, noch nicht ausgeführten Zahllauf.", true)
		return
	}
	id, num := r.ID, r.Number
	t.ask(fmt.Sprintf("Zahllauf %s stornieren? Die Datei darf dann nicht mehr hochgeladen werden; die Anträge werden wieder frei.", num), func() tea.Cmd {
		return t.ctx.Write(func(tx *store.Tx) error {
			_, err := store.CancelPayoutRun(tx, id, "in der Oberfläche storniert")
			return err
		},
			func(err error) tea.Msg { return runDoneMsg{text: "Zahllauf " + num + " storniert.", err: err} })
	})
}

func (t *Tab) viewRuns() string {
	return t.header("Zahlläufe an die Kreiskasse") + "\n" + t.runs.View() + "\n" +
		t.ctx.Styles.Muted.Render("Erst bestätigen, wenn die Kreiskasse die Datei ausgeführt hat.")
}
