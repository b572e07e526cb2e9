package table

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// manyRecs are more rows than lazyMin: every seventh in Tigrinya.
func manyRecs(n int) []rec {
	langs := []string{"Arabisch", "Dari", "Ukrainisch", "Farsi", "Kurdisch", "Russisch"}
	out := make([]rec, n)
	for i := range out {
		lang := langs[i%len(langs)]
		if i%7 == 0 {
			lang = "Tigrinya"
		}
		out[i] = rec{ID: fmt.Sprint(i), Date: "03.03.2026", Num: fmt.Sprintf("E-2026-%05d", i), Lang: lang,
			Name: fmt.Sprintf("Person %d", i%40), Inst: fmt.Sprintf("Einrichtung %d", i%90), Minutes: i % 120}
	}
	return out
}

// want counts the rows whose cells contain every word, searched here
// without the table.
func want(rows []rec, query string) int { return len(wantRows(rows, query)) }

// messages runs cmd (and the commands of a batch) and returns what they
// send, as the runtime would deliver it.
func messages(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, messages(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func readyOf(t *testing.T, cmd tea.Cmd) FilterMsg {
	t.Helper()
	for _, msg := range messages(cmd) {
		if r, ok := msg.(FilterMsg); ok {
			return r
		}
	}
	t.Fatal("no FilterMsg from the command")
	return FilterMsg{}
}

func newLazy(t *testing.T, rows []rec) *Model[rec] {
	t.Helper()
	m := New(columns(), WithLazyFilter())
	m.SetSize(100, 12)
	m.SetRows(rows, recID)
	if m.hay != nil || m.hayBuilt {
		t.Fatal("the haystack was built before the filter was used")
	}
	return m
}

// What is typed while the filter text is built is neither lost nor
// applied to nothing: it filters once the text is there, and typing on
// narrows as usual.
func TestLazyFilterAppliesWhatWasTypedMeanwhile(t *testing.T) {
	rows := manyRecs(3000)
	m := newLazy(t, rows)
	ready := readyOf(t, m.Update(keyText("/")))
	for _, r := range "tig" {
		if cmd := m.Update(keyText(string(r))); len(messages(cmd)) > 0 {
			for _, msg := range messages(cmd) {
				if _, ok := msg.(FilterMsg); ok {
					t.Fatal("a second build started while the first one runs")
				}
			}
		}
	}
	if st := statusOf(m); !strings.Contains(st, "/ tig") || !strings.Contains(st, "sucht") {
		t.Fatalf("status while waiting: %q", st)
	}
	if m.Len() != len(rows) {
		t.Fatalf("rows hidden before the filter text is there: %d", m.Len())
	}
	m.Update(ready)
	if n, w := m.Len(), want(rows, "tig"); n != w || w == 0 {
		t.Fatalf("after the text arrived: %d rows, want %d", n, w)
	}
	typeText(m, "rinya 12")
	if n, w := m.Len(), want(rows, "tigrinya 12"); n != w || w == 0 {
		t.Fatalf("typing on: %d rows, want %d", n, w)
	}
	if st := statusOf(m); !strings.Contains(st, fmt.Sprintf("%d von 3.000", m.Len())) {
		t.Fatalf("status: %q", st)
	}
	m.Update(keyEsc)
	if m.Len() != len(rows) {
		t.Fatalf("esc left %d rows", m.Len())
	}
}

// A filter text built for rows that were replaced meanwhile is not used:
// SetRows with a query filters the new rows at once, and one without asks
// for a new text when the filter is still open.
func TestLazyFilterIgnoresTextOfOldRows(t *testing.T) {
	rows := manyRecs(3000)
	m := newLazy(t, rows)
	old := readyOf(t, m.Update(keyText("/")))
	typeText(m, "tigrinya")
	fewer := rows[:2100]
	m.SetRows(fewer, recID)
	if n, w := m.Len(), want(fewer, "tigrinya"); n != w {
		t.Fatalf("new rows with a query: %d, want %d", n, w)
	}
	m.Update(old)
	if n, w := m.Len(), want(fewer, "tigrinya"); n != w {
		t.Fatalf("old text applied: %d rows, want %d", n, w)
	}

	// Open filter, empty query: the new rows get their text on request.
	m.Update(keyEsc)
	m.SetRows(fewer, recID) // no query: the haystack goes
	stale := readyOf(t, m.Update(keyText("/")))
	m.SetRows(rows, recID)
	if m.hayBuilt {
		t.Fatal("haystack built for rows nobody filters yet")
	}
	fresh := readyOf(t, m.Update(stale))
	typeText(m, "dari")
	m.Update(fresh)
	if n, w := m.Len(), want(rows, "dari"); n != w || w == 0 {
		t.Fatalf("after a new text: %d rows, want %d", n, w)
	}
}

// Below lazyMin rows, and for SetFilter, the text is built at once: no
// command to wait for.
func TestLazyFilterSmallListsAndSetFilterAtOnce(t *testing.T) {
	m := New(columns(), WithLazyFilter())
	m.SetSize(100, 12)
	m.SetRows(sample(), recID)
	m.Update(keyText("/"))
	typeText(m, "tig")
	if m.Len() != 3 { // Tigrinya ×2, "Ärzte ohne Tiger"
		t.Fatalf("small list: %d rows", m.Len())
	}
	big := newLazy(t, manyRecs(3000))
	big.SetFilter("dari")
	if n, w := big.Len(), want(manyRecs(3000), "dari"); n != w || w == 0 {
		t.Fatalf("SetFilter: %d rows, want %d", n, w)
	}
}

// Another table's message changes nothing.
func TestLazyFilterMessageOfAnotherTable(t *testing.T) {
	a, b := newLazy(t, manyRecs(2500)), newLazy(t, manyRecs(2500))
	ra := readyOf(t, a.Update(keyText("/")))
	b.Update(keyText("/"))
	typeText(b, "dari")
	b.Update(ra)
	if b.hayBuilt || b.Len() != 2500 {
		t.Fatalf("b took a's text: built %v, %d rows", b.hayBuilt, b.Len())
	}
}
