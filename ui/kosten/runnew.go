package kosten

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/form"
	"stabsstelle/ui/table"
)

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

func (t *Tab) viewRunNew() string {
	title := fmt.Sprintf("Neuer Zahllauf · %d ausgewählt · %s", len(t.chosen), t.chosenTotal())
	// The date the run will carry (the keys are in the help line below;
	// the longer text was cut at 80 columns).
	exec := model.NextBankingDay(model.Today(t.ctx.Now()).AddDays(1))
	return t.header(title) + "\n" + t.payable.View() + "\n" +
		t.ctx.Styles.Muted.Render(fmt.Sprintf("Ausführung am %s (nächster Bankarbeitstag).", exec))
}
