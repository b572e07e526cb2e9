package table

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// rowText is what the filter searches in a row of columns(), lower-cased,
// the cells apart.
func rowText(r rec) string {
	return strings.ToLower(strings.Join([]string{r.Date, r.Num, r.Lang, r.Name, r.Inst, fmt.Sprint(r.Minutes)}, "\x00"))
}

// wantRows is the index of every row whose cells contain every word of
// query, in data order, searched here without the table.
func wantRows(rows []rec, query string) []int32 {
	var out []int32
	for i, r := range rows {
		cells := rowText(r)
		all := true
		for _, w := range strings.Fields(strings.ToLower(query)) {
			all = all && strings.Contains(cells, w)
		}
		if all {
			out = append(out, int32(i))
		}
	}
	return out
}

// steps hands every FilterMsg the command sends back to the table, as the
// runtime would, until none is left; it returns how many it handed.
func steps(m *Model[rec], cmd tea.Cmd) int {
	n := 0
	for _, msg := range messages(cmd) {
		if f, ok := msg.(FilterMsg); ok {
			n++
			n += steps(m, m.Update(f))
		}
	}
	return n
}

// stepMsg is the FilterMsg of cmd, which must carry on a job.
func stepMsg(t *testing.T, cmd tea.Cmd) FilterMsg {
	t.Helper()
	f := readyOf(t, cmd)
	if f.job == 0 {
		t.Fatal("the command carries no filter step")
	}
	return f
}

// sameRows fails unless the table shows exactly want, in this order.
func sameRows(t *testing.T, m *Model[rec], want []int32, what string) {
	t.Helper()
	if !slices.Equal(m.visible, want) || len(want) == 0 {
		t.Fatalf("%s: %d rows shown, want %d (same order)", what, len(m.visible), len(want))
	}
	if st := statusOf(m); strings.Contains(st, "sucht") || !strings.Contains(st, FormatCount(len(want))+" von ") {
		t.Fatalf("%s: status %q", what, st)
	}
}

// Over more rows than one step, a keystroke does one step: the last result
// stays on screen with „sucht …“ and the steps that follow as messages
// complete the new one, the same rows a plain search finds. Typing on,
// backspace, sorting and esc while a job runs all end in the right rows.
func TestLongFilterGoesOnInSteps(t *testing.T) {
	rows := manyRecs(3*filterStep + 17)
	m := newLazy(t, rows)
	m.Update(readyOf(t, m.Update(keyText("/"))))

	// "e" is in every row ("Person"): a search of the whole haystack.
	cmd := m.Update(keyText("e"))
	if m.Len() != len(rows) || !strings.Contains(statusOf(m), "sucht … von ") {
		t.Fatalf("while the first step's job runs: %d rows, status %q", m.Len(), statusOf(m))
	}
	if n := steps(m, cmd); n < 3 {
		t.Fatalf("%d steps for %d rows", n, len(rows))
	}
	sameRows(t, m, wantRows(rows, "e"), "e")

	// Typing on at the end of the word narrows the last result in steps.
	cmd = m.Update(keyText("r"))
	if m.Len() != len(rows) {
		t.Fatalf("the result of e went before er was done: %d rows", m.Len())
	}
	steps(m, cmd)
	sameRows(t, m, wantRows(rows, "er"), "er")

	// Two keys before a step comes back: the first job is given up, its
	// late message changes nothing, and the second one ends right.
	stale := stepMsg(t, m.Update(keyText("s")))
	if got := m.Len(); got != len(wantRows(rows, "er")) {
		t.Fatalf("shown while ers runs: %d rows", got)
	}
	cmd = m.Update(keyText("o"))
	if next := m.Update(stale); next != nil {
		t.Fatal("a given-up job took another step")
	}
	steps(m, cmd)
	sameRows(t, m, wantRows(rows, "erso"), "erso")

	// A second word, checked row by row on the last result.
	m.Update(keyText(" "))
	steps(m, m.Update(keyText("1")))
	sameRows(t, m, wantRows(rows, "erso 1"), "erso 1")

	// Backspace while a job runs: the result typed before is back at once.
	for range 2 {
		m.Update(keyBS)
	}
	sameRows(t, m, wantRows(rows, "erso"), "backspace to erso")
	stepMsg(t, m.Update(keyText("n")))
	m.Update(keyBS)
	sameRows(t, m, wantRows(rows, "erso"), "backspace while erson ran")

	// Sorting while a job runs filters in the new order at once.
	stepMsg(t, m.Update(keyText("n")))
	m.SortBy(-1, true)
	rev := wantRows(rows, "erson")
	slices.Reverse(rev)
	sameRows(t, m, rev, "sorted while erson ran")

	// New rows while a job runs: filtered at once with what was typed.
	m.SortBy(-1, false)
	m.Update(keyText(" "))
	stepMsg(t, m.Update(keyText("3")))
	fewer := rows[:2*filterStep+5]
	m.SetRows(fewer, recID)
	sameRows(t, m, wantRows(fewer, "erson 3"), "new rows while erson 3 ran")

	// esc while a job runs: every row.
	stepMsg(t, m.Update(keyBS))
	m.Update(keyEsc)
	if m.Len() != len(fewer) || m.job != nil {
		t.Fatalf("esc: %d rows, job %v", m.Len(), m.job != nil)
	}
}

// A table without WithLazyFilter gets no messages back from its parent:
// it filters every row at once, however many.
func TestFilterWithoutLazyFinishesAtOnce(t *testing.T) {
	rows := manyRecs(2*filterStep + 3)
	m := New(columns())
	m.SetSize(100, 12)
	m.SetRows(rows, recID)
	m.Update(keyText("/"))
	for _, r := range "ers" {
		if n := len(messages(m.Update(keyText(string(r))))); n != 0 {
			t.Fatalf("%d messages from a key", n)
		}
	}
	sameRows(t, m, wantRows(rows, "ers"), "ers")
	big := newLazy(t, rows)
	big.SetFilter("erson 2")
	sameRows(t, big, wantRows(rows, "erson 2"), "SetFilter")
}

// smallSteps makes a filter step 256 rows for the test, so that a few
// thousand rows take many steps.
func smallSteps(t *testing.T) {
	old := filterStep
	filterStep = 256
	t.Cleanup(func() { filterStep = old })
}

// Random typing, backspace, esc, sorting, new rows (SetRows, and Prepare
// with Install later) and step messages delivered late, out of turn or not
// at all: whatever happens, the table
// shows exactly the rows of the last complete query (words) in the current
// order, and once the steps are handed back, those of what was typed.
func TestFilterStepsKeepTheShownRowsRight(t *testing.T) {
	smallSteps(t)
	for seed := range uint64(6) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { randomFiltering(t, seed) })
	}
}

func randomFiltering(t *testing.T, seed uint64) {
	all := manyRecs(3000)
	rows := all
	cells := func(rows []rec) []string {
		out := make([]string, len(rows))
		for i, r := range rows {
			out[i] = rowText(r)
		}
		return out
	}
	text := cells(rows)
	expect := func(m *Model[rec], words []string) []int32 {
		var out []int32
		for _, r := range m.order {
			ok := true
			for _, w := range words {
				ok = ok && strings.Contains(text[r], w)
			}
			if ok {
				out = append(out, r)
			}
		}
		return out
	}
	wordsOf := func(ws [][]byte) []string {
		out := make([]string, len(ws))
		for i, w := range ws {
			out[i] = string(w)
		}
		return out
	}
	m := newLazy(t, rows)
	m.Update(readyOf(t, m.Update(keyText("/"))))
	// The order changes by sorting and new rows only: a job that wrote
	// into it would go unseen by expect.
	order := slices.Clone(m.order)
	rng := rand.New(rand.NewPCG(seed, 14))
	var pending []tea.Msg // step messages not handed back yet
	keep := func(cmd tea.Cmd) {
		for _, msg := range messages(cmd) {
			if f, ok := msg.(FilterMsg); ok {
				pending = append(pending, f)
			}
		}
	}
	// Rows prepared off the UI goroutine (Prepare) and not yet installed.
	type prepared struct {
		rows []rec
		p    *Prepared[rec]
	}
	var waiting []prepared
	letters := "aeinrs12 "
	for op := 0; op < 1500; op++ {
		switch k := rng.IntN(23); {
		case k < 9:
			keep(m.Update(keyText(string(letters[rng.IntN(len(letters))]))))
		case k < 12:
			keep(m.Update(keyBS))
		case k < 16 && len(pending) > 0:
			// Hand back one message, maybe an old one.
			i := rng.IntN(len(pending))
			msg := pending[i]
			pending = append(pending[:i], pending[i+1:]...)
			keep(m.Update(msg))
		case k == 16:
			m.SortBy(rng.IntN(len(columns()))-1, rng.IntN(2) == 0)
			order = slices.Clone(m.order)
		case k == 17:
			rows = all[:2000+rng.IntN(1000)]
			text = cells(rows)
			m.SetRows(rows, recID)
			order = slices.Clone(m.order)
		case k == 18 && rng.IntN(4) == 0:
			m.Update(keyEsc)
			m.Update(keyText("/"))
		case k == 19:
			// New rows, one of them changed, some below lazyMin.
			next := slices.Clone(all[:1500+rng.IntN(1500)])
			next[rng.IntN(len(next))].Lang = "Tigrinya"
			waiting = append(waiting, prepared{next, m.Prepare(recID)(next)})
		case k >= 20 && len(waiting) > 0:
			i := rng.IntN(len(waiting))
			w := waiting[i]
			waiting = append(waiting[:i], waiting[i+1:]...)
			keep(m.Install(w.p))
			rows, text = w.rows, cells(w.rows)
			// The order is the one SetRows makes.
			ref := New(columns())
			ref.SetRows(rows, recID)
			ref.SortBy(m.sortCol, m.sortReverse)
			if !slices.Equal(m.order, ref.order) || len(m.rows) != len(rows) {
				t.Fatalf("op %d: installed rows in another order than SetRows makes", op)
			}
			order = slices.Clone(m.order)
		}
		if !slices.Equal(m.order, order) {
			t.Fatalf("op %d: the order changed", op)
		}
		if want := expect(m, wordsOf(m.words)); !slices.Equal(m.visible, want) {
			t.Fatalf("op %d, query %q, words %q: %d rows shown, want %d", op, m.query, wordsOf(m.words), len(m.visible), len(want))
		}
		// (Without a haystack the query waits for it: lazy.go.)
		if m.job == nil && m.hayBuilt && !sameWords(m.words, queryWords(m.query)) {
			t.Fatalf("op %d: no job, but words %q for query %q", op, wordsOf(m.words), m.query)
		}
	}
	for len(pending) > 0 {
		msg := pending[0]
		pending = pending[1:]
		keep(m.Update(msg))
	}
	if want := expect(m, strings.Fields(strings.ToLower(m.query))); !slices.Equal(m.visible, want) || m.job != nil {
		t.Fatalf("after the last steps, query %q: %d rows, want %d", m.query, len(m.visible), len(want))
	}
}
