package table

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

type rec struct {
	ID, Date, Num, Lang, Name, Inst, Place, Status string
	Minutes                                        int
}

func columns() []Column[rec] {
	return []Column[rec]{
		{Title: "Datum", Width: 10, Value: func(r rec) string { return r.Date }},
		{Title: "Nummer", Width: 12, Value: func(r rec) string { return r.Num }},
		{Title: "Sprache", MinWidth: 6, Value: func(r rec) string { return r.Lang }},
		{Title: "Sprachmittler:in", MinWidth: 8, Value: func(r rec) string { return r.Name }},
		{Title: "Einrichtung", MinWidth: 8, Value: func(r rec) string { return r.Inst }},
		{Title: "Min.", Width: 5, Align: AlignRight,
			Value: func(r rec) string { return fmt.Sprint(r.Minutes) },
			Less:  func(a, b rec) bool { return a.Minutes < b.Minutes }},
	}
}

func sample() []rec {
	return []rec{
		{ID: "a", Date: "03.03.2026", Num: "E-2026-00001", Lang: "Tigrinya", Name: "Selam Tesfaye", Inst: "Jobcenter Gifhorn", Minutes: 90},
		{ID: "b", Date: "04.03.2026", Num: "E-2026-00002", Lang: "Arabisch", Name: "Omar Haddad", Inst: "Klinikum Wolfsburg", Minutes: 45},
		{ID: "c", Date: "05.03.2026", Num: "E-2026-00003", Lang: "Tigrinya", Name: "Yonas Berhe", Inst: "Grundschule Meine", Minutes: 60},
		{ID: "d", Date: "06.03.2026", Num: "E-2026-00004", Lang: "Ukrainisch", Name: "Olena Koval", Inst: "Ausländerbehörde", Minutes: 120},
		{ID: "e", Date: "07.03.2026", Num: "E-2026-00005", Lang: "Dari", Name: "Ärzte ohne Tiger", Inst: "Jobcenter Wittingen", Minutes: 30},
	}
}

func recID(r rec) string { return r.ID }

func newTable(t *testing.T, rows []rec, w, h int) *Model[rec] {
	t.Helper()
	m := New(columns())
	m.SetSize(w, h)
	m.SetRows(rows, recID)
	return m
}

func keyText(s string) tea.KeyPressMsg {
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

var (
	keyDown  = tea.KeyPressMsg{Code: tea.KeyDown}
	keyUp    = tea.KeyPressMsg{Code: tea.KeyUp}
	keyEsc   = tea.KeyPressMsg{Code: tea.KeyEscape}
	keyEnter = tea.KeyPressMsg{Code: tea.KeyEnter}
	keyPgDn  = tea.KeyPressMsg{Code: tea.KeyPgDown}
	keyBS    = tea.KeyPressMsg{Code: tea.KeyBackspace}
)

// typeText sends s one key press per rune, as a terminal would.
func typeText(m *Model[rec], s string) {
	for _, r := range s {
		m.Update(keyText(string(r)))
	}
}

func lines(v string) []string { return strings.Split(v, "\n") }

func statusOf(m *Model[rec]) string {
	ls := lines(ansi.Strip(m.View()))
	return ls[len(ls)-1]
}

func TestKeyMessagesMatchBindings(t *testing.T) {
	km := DefaultKeyMap()
	cases := []struct {
		msg  tea.KeyPressMsg
		str  string
		want key.Binding
	}{
		{keyText("j"), "j", km.Down},
		{keyDown, "down", km.Down},
		{keyText("k"), "k", km.Up},
		{keyUp, "up", km.Up},
		{keyPgDn, "pgdown", km.PageDown},
		{tea.KeyPressMsg{Code: tea.KeyPgUp}, "pgup", km.PageUp},
		{tea.KeyPressMsg{Code: tea.KeyHome}, "home", km.Home},
		{tea.KeyPressMsg{Code: tea.KeyEnd}, "end", km.End},
		// Shift+g with the kitty protocol and on a legacy terminal.
		{tea.KeyPressMsg{Code: 'g', ShiftedCode: 'G', Mod: tea.ModShift, Text: "G"}, "G", km.End},
		{keyText("G"), "G", km.End},
		{keyText("/"), "/", km.Filter},
		{keyEsc, "esc", km.ClearFilter},
		{keyEnter, "enter", km.AcceptFilter},
		{keyText("s"), "s", km.Sort},
		{keyText("S"), "S", km.SortReverse},
	}
	for _, c := range cases {
		if got := c.msg.String(); got != c.str {
			t.Errorf("String() = %q, want %q", got, c.str)
		}
		if !key.Matches(c.msg, c.want) {
			t.Errorf("%q does not match %v", c.str, c.want.Keys())
		}
	}
}

func manyRows(n int) []rec {
	rows := make([]rec, n)
	for i := range rows {
		rows[i] = rec{ID: fmt.Sprint(i), Num: fmt.Sprintf("E-2026-%05d", i), Lang: "Dari", Minutes: i}
	}
	return rows
}

func TestNavigationMovesAndScrolls(t *testing.T) {
	m := newTable(t, manyRows(20), 80, 7) // 5 row lines
	if got := m.SelectedID(); got != "0" {
		t.Fatalf("start on %q, want 0", got)
	}
	for range 6 {
		m.Update(keyText("j"))
	}
	if got := m.SelectedID(); got != "6" {
		t.Fatalf("after 6× j on %q, want 6", got)
	}
	body := lines(ansi.Strip(m.View()))[1:6]
	if !strings.Contains(body[0], "E-2026-00002") || !strings.Contains(body[4], "E-2026-00006") {
		t.Fatalf("window not scrolled to keep row 6 at the bottom:\n%s", strings.Join(body, "\n"))
	}
	m.Update(keyUp)
	m.Update(keyUp)
	body = lines(ansi.Strip(m.View()))[1:6]
	if !strings.Contains(body[0], "E-2026-00002") {
		t.Fatalf("window moved although the cursor stayed in view:\n%s", strings.Join(body, "\n"))
	}
	m.Update(keyPgDn)
	if got := m.SelectedID(); got != "9" {
		t.Fatalf("after pgdown on %q, want 9", got)
	}
	m.Update(keyText("G"))
	if got := m.SelectedID(); got != "19" {
		t.Fatalf("after G on %q, want 19", got)
	}
	m.Update(keyDown)
	if got := m.SelectedID(); got != "19" {
		t.Fatalf("moved past the end to %q", got)
	}
	m.Update(keyText("g"))
	if got := m.SelectedID(); got != "0" {
		t.Fatalf("after g on %q, want 0", got)
	}
	m.Update(keyUp)
	if got := m.SelectedID(); got != "0" {
		t.Fatalf("moved before the start to %q", got)
	}
}

func TestSelectedRowIsHighlightedAcrossTheWidth(t *testing.T) {
	m := newTable(t, sample(), 80, 10)
	m.Update(keyDown)
	raw := lines(m.View())
	sel := raw[2]
	want := m.styles.Selected.Render(ansi.Strip(sel))
	if sel != want {
		t.Fatalf("selected line is not one Selected run:\n%q\n%q", sel, want)
	}
	if w := ansi.StringWidth(sel); w != 80 {
		t.Fatalf("selected line is %d wide, want 80", w)
	}
	if r, ok := m.Selected(); !ok || r.ID != "b" {
		t.Fatalf("Selected() = %v, %v", r, ok)
	}
}

func TestFilterTypedCharacterByCharacter(t *testing.T) {
	m := newTable(t, sample(), 80, 10)
	m.Update(keyText("/"))
	if !m.Filtering() {
		t.Fatal("/ did not focus the filter")
	}
	var lens []int
	for _, r := range "tigr" {
		m.Update(keyText(string(r)))
		lens = append(lens, m.Len())
	}
	// "t" to "tig" also hit "Ärzte ohne Tiger"; "tigr" only the two
	// Tigrinya rows.
	if lens[2] != 3 || lens[3] != 2 {
		t.Fatalf("Len while typing = %v, want …,3,2", lens)
	}
	for i := 1; i < len(lens); i++ {
		if lens[i] > lens[i-1] {
			t.Fatalf("Len grew while extending the query: %v", lens)
		}
	}
	st := statusOf(m)
	if !strings.Contains(st, "2 von 5") || !strings.HasPrefix(st, "/ tigr") {
		t.Fatalf("status line = %q", st)
	}
	// Letters that are shortcuts elsewhere are text here.
	m.Update(keyText("j"))
	if m.FilterText() != "tigrj" || m.Len() != 0 {
		t.Fatalf("j was not typed: %q, %d", m.FilterText(), m.Len())
	}
	if !strings.Contains(ansi.Strip(m.View()), "Keine Treffer.") {
		t.Fatal("no-match text missing")
	}
	m.Update(keyBS)
	if m.FilterText() != "tigr" || m.Len() != 2 {
		t.Fatalf("after backspace: %q, %d", m.FilterText(), m.Len())
	}
	// Arrows move the selection without leaving the input.
	m.Update(keyDown)
	if m.SelectedID() != "c" || !m.Filtering() {
		t.Fatalf("down while filtering: %q, filtering %v", m.SelectedID(), m.Filtering())
	}

	m.Update(keyEnter)
	if m.Filtering() || m.FilterText() != "tigr" || m.Len() != 2 {
		t.Fatalf("enter: filtering %v, %q, %d", m.Filtering(), m.FilterText(), m.Len())
	}
	st = statusOf(m)
	if !strings.Contains(st, "/ tigr") || !strings.Contains(st, "2 von 5") {
		t.Fatalf("status after enter = %q", st)
	}
	if !m.Handles(keyEsc) {
		t.Fatal("esc with an active filter must belong to the table")
	}
	m.Update(keyEsc)
	if m.FilterText() != "" || m.Len() != 5 {
		t.Fatalf("esc did not clear: %q, %d", m.FilterText(), m.Len())
	}
	if m.SelectedID() != "c" {
		t.Fatalf("clearing lost the row found with the filter: %q", m.SelectedID())
	}
	if m.Handles(keyEsc) {
		t.Fatal("esc without a filter must be left to the parent")
	}
	if !strings.Contains(statusOf(m), "5 Einträge") {
		t.Fatalf("status = %q", statusOf(m))
	}
}

func TestPasteIntoFilter(t *testing.T) {
	m := newTable(t, sample(), 80, 10)
	m.Update(tea.PasteMsg{Content: "jobcenter"})
	if m.FilterText() != "" {
		t.Fatal("paste without a focused filter changed it")
	}
	m.Update(keyText("/"))
	m.Update(tea.PasteMsg{Content: "jobcenter\ntigr"})
	if m.Len() != 1 || m.SelectedID() != "a" {
		t.Fatalf("pasted %q: %d rows", m.FilterText(), m.Len())
	}
}

func TestEscInsideFilterClearsAndLeaves(t *testing.T) {
	m := newTable(t, sample(), 80, 10)
	m.Update(keyText("/"))
	typeText(m, "jobc")
	if m.Len() != 2 {
		t.Fatalf("jobc: %d rows", m.Len())
	}
	m.Update(keyEsc)
	if m.Filtering() || m.FilterText() != "" || m.Len() != 5 {
		t.Fatalf("esc: filtering %v, %q, %d", m.Filtering(), m.FilterText(), m.Len())
	}
	// Entering again starts empty.
	m.Update(keyText("/"))
	typeText(m, "x")
	if m.FilterText() != "x" {
		t.Fatalf("filter = %q", m.FilterText())
	}
}

func TestFilterWordsAreANDedAndCaseInsensitive(t *testing.T) {
	m := newTable(t, sample(), 80, 10)
	m.SetFilter("JOBCENTER")
	if m.Len() != 2 {
		t.Fatalf("JOBCENTER: %d", m.Len())
	}
	m.SetFilter("jobcenter tigr")
	if m.Len() != 1 || m.SelectedID() != "a" {
		t.Fatalf("jobcenter tigr: %d, %q", m.Len(), m.SelectedID())
	}
	m.SetFilter("tigr   jobcenter ")
	if m.Len() != 1 {
		t.Fatalf("word order or spaces mattered: %d", m.Len())
	}
	m.SetFilter("ärzte")
	if m.Len() != 1 || m.SelectedID() != "e" {
		t.Fatalf("ärzte: %d", m.Len())
	}
	m.SetFilter("ÄRZTE")
	if m.Len() != 1 {
		t.Fatalf("ÄRZTE: %d", m.Len())
	}
	// Cells are separate: a word cannot span two columns.
	m.SetFilter("2026e")
	if m.Len() != 0 {
		t.Fatalf("match across cells: %d", m.Len())
	}
}

// The incremental filter must give exactly what a plain scan gives.
func TestIncrementalFilterEqualsFullScan(t *testing.T) {
	rows := benchRows(2000)
	cols := benchColumns()
	hays := make([]string, len(rows))
	for i, r := range rows {
		var cells []string
		for _, c := range cols {
			cells = append(cells, c.Value(r))
		}
		hays[i] = strings.ToLower(strings.Join(cells, "\x00"))
	}
	reference := func(q string) []int32 {
		var out []int32
	rows:
		for i, h := range hays {
			for _, w := range strings.Fields(strings.ToLower(q)) {
				if !strings.Contains(h, w) {
					continue rows
				}
			}
			out = append(out, int32(i))
		}
		return out
	}

	m := New(cols)
	m.SetSize(100, 30)
	m.SetRows(rows, benchID)
	rnd := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aeinrtjbcgöü -0123")
	for step := range 1500 {
		q := m.FilterText()
		switch rnd.IntN(6) {
		case 0:
			if q != "" {
				q = string([]rune(q)[:len([]rune(q))-1])
			}
		case 1:
			q = ""
		default:
			q += string(alphabet[rnd.IntN(len(alphabet))])
		}
		m.SetFilter(q)
		if want := reference(q); !slices.Equal(m.visible, want) {
			t.Fatalf("step %d, query %q: %d rows, want %d", step, q, m.Len(), len(want))
		}
		if m.atWord != nil {
			for i, r := range m.visible {
				first := int32(strings.Index(hays[r], string(m.atWord)))
				if m.at[i].pos != first+m.hayOff[r] {
					t.Fatalf("step %d, query %q: row %d at %d, first match at %d", step, q, r, m.at[i].pos, first+m.hayOff[r])
				}
				// the kept bytes are the row's next bytes after the word
				rest := hays[r][int(first)+len(m.atWord):]
				want := rest[:min(len(rest), 8-m.atUsed)]
				if got := string(m.at[i].next[m.atUsed : m.atUsed+len(want)]); got != want {
					t.Fatalf("step %d, query %q: row %d next %q, want %q", step, q, r, got, want)
				}
			}
		}
	}
}

func TestSortByColumnAndReverse(t *testing.T) {
	m := newTable(t, sample(), 100, 10)
	idsInOrder := func() string {
		var s []string
		for _, r := range m.visible {
			s = append(s, m.idOf(m.rows[r]))
		}
		return strings.Join(s, "")
	}
	m.SortBy(2, false) // Sprache, by text
	if got := idsInOrder(); got != "beacd" {
		t.Fatalf("by Sprache: %s", got)
	}
	m.SortBy(2, true)
	// Stable in both directions: a before c although both are Tigrinya.
	if got := idsInOrder(); got != "daceb" {
		t.Fatalf("by Sprache reversed: %s", got)
	}
	m.SortBy(5, false) // minutes, by Less: 30 45 60 90 120
	if got := idsInOrder(); got != "ebcad" {
		t.Fatalf("by minutes: %s", got)
	}
	header := lines(ansi.Strip(m.View()))[0]
	if !strings.Contains(header, "▲") {
		t.Fatalf("header without ▲: %q", header)
	}
	m.SortBy(-1, false)
	if got := idsInOrder(); got != "abcde" {
		t.Fatalf("data order: %s", got)
	}

	// Keys: s cycles through the columns and back to data order.
	m.Update(keyText("s"))
	if c, r := m.SortColumn(); c != 0 || r {
		t.Fatalf("s: column %d reverse %v", c, r)
	}
	m.Update(keyText("S"))
	if c, r := m.SortColumn(); c != 0 || !r {
		t.Fatalf("S: column %d reverse %v", c, r)
	}
	if got := idsInOrder(); got != "edcba" {
		t.Fatalf("by date reversed: %s", got)
	}
	header = lines(ansi.Strip(m.View()))[0]
	if !strings.Contains(header, "Datum ▼") {
		t.Fatalf("header = %q", header)
	}
	if !strings.Contains(statusOf(m), "sortiert: Datum ▼") {
		t.Fatalf("status = %q", statusOf(m))
	}
	for range len(columns()) {
		m.Update(keyText("s"))
	}
	if c, _ := m.SortColumn(); c != -1 {
		t.Fatalf("cycle did not come back to data order: %d", c)
	}
}

// Both directions must equal a stable sort, for Less and for text keys,
// also when reached through the per-column cache.
func TestSortEqualsStableReference(t *testing.T) {
	rows := benchRows(2000)
	cols := benchColumns()
	m := New(cols)
	m.SetRows(rows, benchID)
	for round := range 2 {
		for col := range cols {
			keys := make([]string, len(rows))
			for i, r := range rows {
				keys[i] = foldKey(cols[col].Value(r))
			}
			for _, rev := range []bool{false, true} {
				m.SortBy(col, rev)
				want := make([]int32, len(rows))
				for i := range want {
					want[i] = int32(i)
				}
				slices.SortStableFunc(want, func(a, b int32) int {
					var c int
					if less := cols[col].Less; less != nil {
						switch {
						case less(rows[a], rows[b]):
							c = -1
						case less(rows[b], rows[a]):
							c = 1
						}
					} else {
						c = strings.Compare(keys[a], keys[b])
					}
					if rev {
						c = -c
					}
					return c
				})
				if !slices.Equal(m.visible, want) {
					t.Fatalf("round %d, column %d, reverse %v: order differs from a stable sort", round, col, rev)
				}
			}
		}
	}
}

func TestSortKeepsSelectedRowAndFilter(t *testing.T) {
	m := newTable(t, sample(), 100, 10)
	m.SetFilter("jobcenter")
	m.Update(keyEnter)
	m.Update(keyDown)
	id := m.SelectedID()
	m.SortBy(5, true)
	if m.SelectedID() != id || m.Len() != 2 {
		t.Fatalf("after sort: %q (want %q), %d rows", m.SelectedID(), id, m.Len())
	}
}

func TestFoldKeySortsUmlautsLikeBaseLetters(t *testing.T) {
	names := []string{"Zander", "Özdemir", "Ostermann", "Ahmadi", "Äbersold", "ahlers", "Straße", "Strasser"}
	rows := make([]rec, len(names))
	for i, n := range names {
		rows[i] = rec{ID: n, Name: n}
	}
	m := newTable(t, rows, 80, 12)
	m.SortBy(3, false)
	var got []string
	for _, r := range m.visible {
		got = append(got, m.idOf(m.rows[r]))
	}
	want := []string{"Äbersold", "ahlers", "Ahmadi", "Ostermann", "Özdemir", "Straße", "Strasser", "Zander"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
}

func TestSetRowsKeepsCursorOnSameID(t *testing.T) {
	m := newTable(t, sample(), 80, 10)
	m.Update(keyDown)
	m.Update(keyDown) // on c
	rows := sample()
	// New data: a row inserted before, order changed.
	rows = append([]rec{{ID: "z", Lang: "Farsi"}}, rows...)
	slices.Reverse(rows)
	m.SetRows(rows, recID)
	if m.SelectedID() != "c" {
		t.Fatalf("cursor on %q, want c", m.SelectedID())
	}
	// The selected row is deleted: the cursor stays at its place.
	pos := m.cursor
	rows = slices.DeleteFunc(rows, func(r rec) bool { return r.ID == "c" })
	m.SetRows(rows, recID)
	if m.cursor != pos || m.SelectedID() == "" {
		t.Fatalf("cursor %d (was %d) on %q", m.cursor, pos, m.SelectedID())
	}
	// Filter and sort survive new data.
	m.SortBy(2, false)
	m.SetFilter("tigr")
	m.SetRows(sample(), recID)
	if m.Len() != 2 || m.FilterText() != "tigr" {
		t.Fatalf("filter lost: %d, %q", m.Len(), m.FilterText())
	}
	if c, _ := m.SortColumn(); c != 2 {
		t.Fatalf("sort lost: %d", c)
	}
	if !m.Select("c") || m.SelectedID() != "c" {
		t.Fatal("Select(c)")
	}
	if m.Select("b") {
		t.Fatal("Select of a filtered-out row reported true")
	}
}

func wideRows() []rec {
	return []rec{
		{ID: "1", Date: "01.02.2026", Num: "E-2026-00042", Lang: "Tigrinya", Name: "Jürgen Größmann-Überländer von Königsbrück-Äbtissinnenwalde", Inst: "Ausländerbehörde des Landkreises Gifhorn, Schlossplatz 1", Minutes: 90},
		{ID: "2", Date: "02.02.2026", Num: "E-2026-00043", Lang: "中文（普通话）", Name: "王小明 李华 张伟 刘洋 陈静 杨帆", Inst: "日本語学校 東京 大阪 名古屋", Minutes: 1234567},
		{ID: "3", Date: "03.02.2026", Num: "E-2026-00044", Lang: "Kurdisch (Kurmancî)", Name: "Şêx Mihemed 😀👍🏽", Inst: "Kita \"Sonnenschein\"", Minutes: 5},
		{ID: "4", Date: "zeile\nzwei", Num: "\x1b[31mrot\x1b[0m", Lang: "tab\there", Name: "\u009bC1", Inst: "ok", Minutes: 1},
	}
}

func TestViewIsExactlyTheGivenSize(t *testing.T) {
	sizes := [][2]int{{80, 24}, {120, 40}, {80, 3}, {80, 2}, {80, 1}, {40, 10}, {20, 6}, {9, 5}, {3, 4}, {1, 3}, {0, 3}, {200, 8}}
	for _, rows := range [][]rec{wideRows(), nil, manyRows(100)} {
		for _, sz := range sizes {
			w, h := sz[0], sz[1]
			m := newTable(t, rows, w, h)
			m.SortBy(3, true)
			for _, state := range []string{"plain", "filtering", "filtered", "scrolled"} {
				switch state {
				case "filtering":
					m.Update(keyText("/"))
					typeText(m, "ü")
				case "filtered":
					m.Update(keyEnter)
				case "scrolled":
					m.Update(keyEsc)
					m.Update(keyText("G"))
				}
				v := m.View()
				ls := lines(v)
				if len(ls) != h {
					t.Fatalf("%d×%d %s: %d lines, want %d\n%s", w, h, state, len(ls), h, ansi.Strip(v))
				}
				for i, l := range ls {
					if lw := ansi.StringWidth(l); lw != w {
						t.Fatalf("%d×%d %s: line %d is %d wide, want %d:\n%q", w, h, state, i, lw, w, ansi.Strip(l))
					}
				}
			}
		}
	}
}

func TestLongTextTruncatedWithEllipsis(t *testing.T) {
	m := newTable(t, wideRows(), 80, 8)
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "…") {
		t.Fatalf("no ellipsis:\n%s", v)
	}
	if !strings.Contains(v, "Jürgen") || !strings.Contains(v, "王小明") {
		t.Fatalf("cell text missing:\n%s", v)
	}
	if strings.Contains(m.View(), "\x1b[31m") {
		t.Fatal("escape sequence from data reached the screen")
	}
}

func TestRightAlignedColumn(t *testing.T) {
	m := newTable(t, sample(), 80, 8)
	row := lines(ansi.Strip(m.View()))[2] // Omar, 45 minutes
	if !strings.HasSuffix(row, " 45") {
		t.Fatalf("minutes not right-aligned at the edge: %q", row)
	}
}

func TestEmptyText(t *testing.T) {
	m := newTable(t, nil, 60, 6)
	v := lines(ansi.Strip(m.View()))
	if !strings.Contains(v[1], "Keine Einträge.") || strings.HasPrefix(v[1], "Keine") {
		t.Fatalf("empty text not centred on the first row line: %q", v[1])
	}
	if !strings.Contains(v[5], "0 Einträge") {
		t.Fatalf("status = %q", v[5])
	}
	m.SetEmptyText("Heute keine Einsätze.")
	if !strings.Contains(ansi.Strip(m.View()), "Heute keine Einsätze.") {
		t.Fatal("SetEmptyText ignored")
	}
	if _, ok := m.Selected(); ok || m.SelectedID() != "" {
		t.Fatal("a selection in an empty table")
	}
	// Keys on an empty table do nothing harmful.
	for _, k := range []tea.KeyPressMsg{keyDown, keyUp, keyPgDn, keyText("G"), keyText("s"), keyText("S")} {
		m.Update(k)
	}
}

func TestCountUsesGermanThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1.000", 100000: "100.000", 1234567: "1.234.567", -4200: "-4.200"} {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
	m := newTable(t, manyRows(1), 40, 4)
	if !strings.Contains(statusOf(m), "1 Eintrag") {
		t.Fatalf("status = %q", statusOf(m))
	}
}

func TestMatchesAreHighlighted(t *testing.T) {
	m := newTable(t, sample(), 80, 8)
	m.SetFilter("tigr")
	m.Update(keyEnter)
	v := m.View()
	want := m.derived.cellMatch.Render("Tigr")
	if !strings.Contains(v, want) {
		t.Fatalf("no highlighted match in\n%q", v)
	}
}

func TestSetFilterTextOverridesHaystack(t *testing.T) {
	m := newTable(t, sample(), 80, 8)
	m.SetFilterText(func(r rec) string { return r.ID })
	m.SetFilter("tigr")
	if m.Len() != 0 {
		t.Fatalf("filter still searches the columns: %d", m.Len())
	}
	m.SetFilter("d")
	if m.Len() != 1 || m.SelectedID() != "d" {
		t.Fatalf("id filter: %d, %q", m.Len(), m.SelectedID())
	}
}

func TestHelpBindings(t *testing.T) {
	m := newTable(t, sample(), 80, 8)
	if len(m.ShortHelp()) == 0 || len(m.FullHelp()) != 2 {
		t.Fatal("help empty")
	}
	m.Update(keyText("/"))
	sh := m.ShortHelp()
	if len(sh) != 2 || sh[0].Help().Key != "enter" {
		t.Fatalf("filter help = %v", sh)
	}
}

func TestRenderCacheReusesRows(t *testing.T) {
	calls := 0
	cols := columns()
	cols[0].Value = func(r rec) string { calls++; return r.Date }
	m := New(cols)
	m.SetSize(80, 8)
	m.SetRows(manyRows(1000), recID)
	m.View()
	calls = 0
	m.Update(keyDown)
	m.View()
	// The status line reads the selected row (what it had to shorten);
	// the rows come from the cache.
	if calls != 1 {
		t.Fatalf("moving the cursor re-rendered %d cells", calls-1)
	}
	calls = 0
	m.SetSize(90, 8)
	m.View()
	if calls != 6+1 {
		t.Fatalf("SetSize: %d cells rendered, want the 6 visible", calls-1)
	}
}

func TestOptions(t *testing.T) {
	km := DefaultKeyMap()
	km.Down = key.NewBinding(key.WithKeys("n"))
	m := New(columns(),
		WithSort(5, true),
		WithEmptyText("Nichts da."),
		WithKeyMap(km),
		WithStyles(DefaultStyles(false)),
	)
	m.SetSize(60, 6)
	if !strings.Contains(ansi.Strip(m.View()), "Nichts da.") {
		t.Fatal("WithEmptyText ignored")
	}
	m.SetRows(sample(), recID)
	if m.Total() != 5 || m.SelectedID() != "d" { // 120 minutes first
		t.Fatalf("WithSort ignored: total %d, first %q", m.Total(), m.SelectedID())
	}
	m.Update(keyText("n"))
	if m.SelectedID() != "a" {
		t.Fatalf("WithKeyMap ignored: on %q", m.SelectedID())
	}
}

// The flexible columns share the room by what their values need: a column
// of short values does not keep room the long names need (issue 18: names
// cut while other columns had room to spare), and the table fills its
// width.
func TestLayoutGivesTheRoomWhereTheValuesNeedIt(t *testing.T) {
	rows := []rec{
		{ID: "a", Date: "05.03.2026", Num: "E-2026-0001", Lang: "Dari", Name: "Amanuel Tesfay", Inst: "Diakonie Gifhorn – Migrationsberatung", Minutes: 60},
		{ID: "b", Date: "06.03.2026", Num: "E-2026-0002", Lang: "Farsi", Name: "Rana Haddad", Inst: "Jobcenter Gifhorn", Minutes: 90},
	}
	m := newTable(t, rows, 100, 6)
	v := ansi.Strip(m.View())
	for _, want := range []string{"Diakonie Gifhorn – Migrationsberatung", "Amanuel Tesfay"} {
		if !strings.Contains(v, want) {
			t.Errorf("%q cut although there is room:\n%s", want, v)
		}
	}
	widths := m.layout()
	total := len(widths) - 1
	for _, w := range widths {
		total += w
	}
	if total != 100 {
		t.Errorf("columns take %d of 100 cells: %v", total, widths)
	}
}

// Where a value must be shortened, the status line shows the selected
// row's shortened values whole.
func TestStatusLineShowsTheShortenedValuesOfTheSelectedRow(t *testing.T) {
	rows := []rec{{ID: "a", Date: "05.03.2026", Num: "E-2026-0001", Lang: "Arabisch (Palästinensisch)", Name: "Amanuel Tesfay",
		Inst: "Diakonie Gifhorn – Migrationsberatung für Erwachsene", Minutes: 60}}
	m := newTable(t, rows, 60, 6)
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if !strings.Contains(lines[1], "…") {
		t.Fatalf("the row should be shortened at 60 cells: %q", lines[1])
	}
	status := lines[len(lines)-1]
	if !strings.Contains(status, "Diakonie Gifhorn – Migrationsberatung für Erwachsene") {
		t.Errorf("status line: %q", status)
	}
}

// A click selects the row under the mouse, wherever the table sits on the
// screen; a second click on the selected row reports "again" (it opens).
func TestClickAtSelectsTheRowUnderTheMouse(t *testing.T) {
	m := newTable(t, manyRows(50), 80, 10)
	screen := "Titel\nZeile darüber\n" + m.View() + "\nFußzeile"
	// line 2 is the header, lines 3… the rows
	hit, again := m.ClickAt(screen, 5)
	if !hit || again || m.SelectedID() != manyRows(50)[2].ID {
		t.Fatalf("hit %v again %v selected %q", hit, again, m.SelectedID())
	}
	screen = "Titel\nZeile darüber\n" + m.View() + "\nFußzeile"
	if hit, again := m.ClickAt(screen, 5); !hit || !again {
		t.Errorf("second click: hit %v again %v", hit, again)
	}
	for _, y := range []int{0, 1, 2, 12, 13} { // title, header, status line, below
		if hit, _ := m.ClickAt(screen, y); hit {
			t.Errorf("line %d is no row but was hit", y)
		}
	}
	// after scrolling, the row under the mouse is still the one hit
	m.Update(keyDown)
	for range 20 {
		m.Update(keyDown)
	}
	screen = m.View()
	lines := strings.Split(ansi.Strip(screen), "\n")
	m.ClickAt(screen, 1)
	if r, _ := m.Selected(); !strings.Contains(lines[1], r.Num) {
		t.Errorf("clicked %q, selected %q", lines[1], r.Num)
	}
}

// Typing on at the end of a word checks each row where the shorter word
// first matched; a row whose first match does not go on with the new
// letters may still match later in the row, and must not be lost.
func TestFilterTypingOnFindsLaterMatchesInARow(t *testing.T) {
	rows := []rec{
		{ID: "a", Lang: "Tigrinya", Name: "Tiger Tigris", Inst: "tig"},          // first "tig" goes on "e"
		{ID: "b", Lang: "Dari", Name: "Tigor", Inst: "Jobcenter"},               // no "tigr"
		{ID: "c", Lang: "Arabisch", Name: "Ätig Tigtigr", Inst: "Ausländeramt"}, // "tigr" only at the end
		{ID: "d", Lang: "Tigrinya", Name: "Selam", Inst: "Schule"},
	}
	m := newTable(t, rows, 100, 10)
	ids := func() string {
		var s []string
		for _, r := range m.visible {
			s = append(s, m.idOf(m.rows[r]))
		}
		return strings.Join(s, "")
	}
	want := map[string]string{"t": "abcd", "ti": "abcd", "tig": "abcd", "tigr": "acd", "tigri": "ad", "tigrin": "ad"}
	for _, q := range []string{"t", "ti", "tig", "tigr", "tigri", "tigrin"} {
		m.SetFilter(q)
		if got := ids(); got != want[q] {
			t.Errorf("%q: rows %s, want %s", q, got, want[q])
		}
		if m.atWord != nil {
			// at is where the longest word first occurs in each row.
			for i, r := range m.visible {
				h := m.hay[m.hayOff[r] : m.hayOff[r+1]-1]
				if first := int32(bytes.Index(h, m.atWord)) + m.hayOff[r]; m.at[i].pos != first {
					t.Errorf("%q: row %s at %d, first match at %d", q, m.idOf(m.rows[r]), m.at[i].pos, first)
				}
			}
		}
	}
	// A second word keeps the first one's places; backspace brings them back.
	m.SetFilter("tigr selam")
	if got := ids(); got != "d" {
		t.Errorf("two words: %s", got)
	}
	m.SetFilter("tigr")
	if got := ids(); got != "acd" {
		t.Errorf("back to tigr: %s", got)
	}
	m.SetFilter("tigrx")
	if got := ids(); got != "" {
		t.Errorf("tigrx: %s", got)
	}
	// A word typed on past the bytes kept after the match (8): the rows
	// are checked in the haystack again.
	for _, q := range []string{"a", "au", "aus", "ausl", "auslä", "ausländ", "auslände", "ausländer", "ausländera", "ausländeramt", "ausländeramtx"} {
		m.SetFilter(q)
		want := ""
		if q != "ausländeramtx" {
			want = "c"
		}
		if q == "a" {
			want = "abcd"
		}
		if got := ids(); got != want {
			t.Errorf("%q: rows %s, want %s", q, got, want)
		}
	}
}
