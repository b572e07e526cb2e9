package table

import (
	"slices"
	"strings"
	"testing"
)

// typeQuery opens the filter of a lazy table, types q and hands back every
// message, as the runtime would.
func typeQuery(t *testing.T, m *Model[rec], q string) {
	t.Helper()
	steps(m, m.Update(keyText("/")))
	for _, c := range q {
		steps(m, m.Update(keyText(string(c))))
	}
}

// changedRows returns rows without the row at drop and with the name of
// the row with id changed.
func changedRows(rows []rec, drop int, id, name string) []rec {
	out := slices.Delete(slices.Clone(rows), drop, drop+1)
	for i := range out {
		if out[i].ID == id {
			out[i].Name = name
		}
	}
	return out
}

// New rows prepared off the UI goroutine show, once installed, what
// SetRows would show: the changed row, the filtered rows, and the cursor
// still on the row it was on, though a row above it went.
func TestInstallShowsNewRowsAndKeepsTheSelection(t *testing.T) {
	rows := manyRecs(3000)
	m := newLazy(t, rows)
	typeQuery(t, m, "tig")
	m.Update(keyEnter)
	for range 5 {
		m.Update(keyDown)
	}
	sel, _ := m.Selected()
	prep := m.Prepare(recID)
	next := changedRows(rows, 0, sel.ID, "Neu Name")

	if cmd := m.Install(prep(next)); cmd != nil {
		t.Fatal("nothing was typed meanwhile, yet Install has more to do")
	}
	sameRows(t, m, wantRows(next, "tig"), "installed")
	got, _ := m.Selected()
	if got.ID != sel.ID || got.Name != "Neu Name" {
		t.Fatalf("selected %s %q, want %s with the new name", got.ID, got.Name, sel.ID)
	}
}

// What is typed between Prepare and Install filters the new rows.
func TestInstallAppliesWhatWasTypedMeanwhile(t *testing.T) {
	smallSteps(t)
	rows := manyRecs(3000)
	m := newLazy(t, rows)
	typeQuery(t, m, "tig")
	prep := m.Prepare(recID)
	steps(m, m.Update(keyText("r")))
	next := changedRows(rows, 7, "14", "tigre")
	steps(m, m.Install(prep(next)))
	sameRows(t, m, wantRows(next, "tigr"), "typed meanwhile")

	// Prepared before the filter was used: no filter text was made, and the
	// one built for the old rows arrives after the new ones. The row the
	// cursor was on stays selected, as SetRows keeps it.
	m = newLazy(t, rows)
	for range 21 {
		m.Update(keyDown)
	}
	prep = m.Prepare(recID)
	old := readyOf(t, m.Update(keyText("/")))
	m.Update(keyText("t"))
	m.Update(keyText("i"))
	cmd := m.Install(prep(next))
	steps(m, m.Update(old))
	steps(m, cmd)
	sameRows(t, m, wantRows(next, "ti"), "typed before the filter text was there")
	if got, _ := m.Selected(); got.ID != "21" {
		t.Fatalf("selected %s, want 21, the row selected before", got.ID)
	}
}

// Sorted between Prepare and Install: the new rows come in the new order.
func TestInstallAfterASort(t *testing.T) {
	rows := manyRecs(3000)
	m := newLazy(t, rows)
	prep := m.Prepare(recID)
	m.SortBy(5, true) // Min., descending
	next := changedRows(rows, 1, "", "")
	m.Install(prep(next))
	for i := 1; i < len(m.visible); i++ {
		a, b := m.rows[m.visible[i-1]], m.rows[m.visible[i]]
		if a.Minutes < b.Minutes {
			t.Fatalf("row %d: %d minutes before %d, want descending", i, a.Minutes, b.Minutes)
		}
	}
	if m.Total() != len(next) {
		t.Fatalf("%d rows, want %d", m.Total(), len(next))
	}
}

// No rows (a status group without Einsätze) and back, with a filter set.
func TestInstallEmptyAndBack(t *testing.T) {
	rows := manyRecs(3000)
	m := newLazy(t, rows)
	typeQuery(t, m, "tig")
	m.Update(keyEnter)
	steps(m, m.Install(m.Prepare(recID)(nil)))
	if m.Len() != 0 || m.Total() != 0 || !strings.Contains(m.View(), "0 von 0") {
		t.Fatalf("empty: %d of %d\n%s", m.Len(), m.Total(), m.View())
	}
	steps(m, m.Install(m.Prepare(recID)(rows)))
	sameRows(t, m, wantRows(rows, "tig"), "back")
}
