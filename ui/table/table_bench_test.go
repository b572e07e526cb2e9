package table

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// booking is shaped like a row of the Sprachmittlung list.
type booking struct {
	ID          string
	When        time.Time
	Number      string
	Language    string
	Interpreter string
	Institution string
	Place       string
	Status      string
}

var (
	benchLanguages = []string{"Arabisch", "Tigrinya", "Dari", "Farsi", "Paschtu", "Kurdisch (Kurmancî)", "Kurdisch (Sorani)", "Türkisch", "Ukrainisch", "Russisch", "Somali", "Amharisch", "Albanisch", "Rumänisch", "Bulgarisch", "Polnisch", "Vietnamesisch", "Französisch", "Englisch", "Serbokroatisch"}
	benchFirst     = []string{"Selam", "Omar", "Yonas", "Olena", "Fatima", "Ahmad", "Mariam", "Dmytro", "Aylin", "Hamid", "Nadia", "Jürgen", "Şükrü", "Zainab", "Bashir", "Tatjana"}
	benchLast      = []string{"Tesfaye", "Haddad", "Berhe", "Koval", "Rahimi", "Yılmaz", "Ahmadi", "Schäfer", "Müller", "Hosseini", "Abdi", "Petrenko", "Öztürk", "Nasser", "Kebede", "Großmann"}
	benchInst      = []string{"Jobcenter", "Ausländerbehörde", "Grundschule", "Kita Sonnenschein", "Klinikum", "Gesundheitsamt", "Oberschule", "Jugendamt", "Sozialamt", "Hausarztpraxis Dr. Weber", "Beratungsstelle Caritas", "Familienzentrum"}
	benchPlaces    = []string{"Gifhorn", "Wittingen", "Meinersen", "Sassenburg", "Isenbüttel", "Hankensbüttel", "Boldecker Land", "Brome", "Papenteich", "Wesendorf", "Meine", "Wolfsburg"}
	benchStatus    = []string{"angefragt", "bestätigt", "durchgeführt", "abgerechnet", "storniert", "ausgefallen"}
)

func benchRows(n int) []booking {
	rnd := rand.New(rand.NewPCG(42, 2026))
	start := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	rows := make([]booking, n)
	for i := range rows {
		place := benchPlaces[rnd.IntN(len(benchPlaces))]
		rows[i] = booking{
			ID:          fmt.Sprintf("%016x", rnd.Uint64()),
			When:        start.Add(time.Duration(rnd.IntN(3*365*24)) * time.Hour),
			Number:      fmt.Sprintf("E-%d-%05d", 2024+i*3/n, i%100000+1),
			Language:    benchLanguages[rnd.IntN(len(benchLanguages))],
			Interpreter: benchFirst[rnd.IntN(len(benchFirst))] + " " + benchLast[rnd.IntN(len(benchLast))],
			Institution: benchInst[rnd.IntN(len(benchInst))] + " " + place,
			Place:       place,
			Status:      benchStatus[rnd.IntN(len(benchStatus))],
		}
	}
	return rows
}

func benchColumns() []Column[booking] {
	return []Column[booking]{
		{Title: "Datum", Width: 10, Value: func(b booking) string { return b.When.Format("02.01.2006") },
			Less: func(a, b booking) bool { return a.When.Before(b.When) }},
		{Title: "Nummer", Width: 12, Value: func(b booking) string { return b.Number }},
		{Title: "Sprache", MinWidth: 8, Value: func(b booking) string { return b.Language }},
		{Title: "Sprachmittler:in", MinWidth: 10, Value: func(b booking) string { return b.Interpreter }},
		{Title: "Einrichtung", MinWidth: 10, Value: func(b booking) string { return b.Institution }},
		{Title: "Ort", Width: 14, Value: func(b booking) string { return b.Place }},
		{Title: "Status", Width: 12, Value: func(b booking) string { return b.Status }},
	}
}

func benchID(b booking) string { return b.ID }

const benchN = 100_000

func benchTable(b *testing.B) *Model[booking] {
	b.Helper()
	m := New(benchColumns())
	m.SetSize(120, 42) // 40 row lines
	m.SetRows(benchRows(benchN), benchID)
	return m
}

// keystroke measures one key press into the focused filter, Update + View,
// starting each time from the query before. The render cache is emptied
// first so View pays for every row it shows, as after a real jump.
func keystroke(b *testing.B, before string, k tea.KeyPressMsg) {
	m := benchTable(b)
	m.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		m.SetFilter(before)
		clear(m.cache)
		b.StartTimer()
		m.Update(k)
		_ = m.View()
	}
	b.StopTimer()
	b.ReportMetric(float64(m.Len()), "rows")
}

func BenchmarkFilterKeystroke(b *testing.B) {
	for _, c := range []struct{ name, before, typed string }{
		{"first-char", "", "e"},       // narrows all 100 000 rows, almost all match
		{"tigr+i", "tigr", "i"},       // narrows a twentieth
		{"jobc+e", "jobc", "e"},       // narrows a twelfth
		{"second-word", "tigr ", "g"}, // a new word over the previous result
	} {
		b.Run(c.name, func(b *testing.B) {
			keystroke(b, c.before, tea.KeyPressMsg{Code: []rune(c.typed)[0], Text: c.typed})
		})
	}
}

func BenchmarkFilterKeystrokeFullScan(b *testing.B) {
	bs := tea.KeyPressMsg{Code: tea.KeyBackspace}
	for _, c := range []struct{ name, before string }{
		{"few-matches", "tigrinyaq"}, // → "tigrinya"
		{"most-match", "eq"},         // → "e"
		{"two-words", "gifhorn tx"},  // → "gifhorn t"
		{"no-match", "zzzzz"},        // → "zzzz"
	} {
		b.Run(c.name, func(b *testing.B) { keystroke(b, c.before, bs) })
	}
}

// BenchmarkView renders a screen of 40 rows from nothing (cache emptied).
func BenchmarkView(b *testing.B) {
	m := benchTable(b)
	m.SetFilter("gifhorn")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		clear(m.cache)
		_ = m.View()
	}
}

// BenchmarkViewScroll is the steady state: one row down, then View with all
// but one row from the cache.
func BenchmarkViewScroll(b *testing.B) {
	m := benchTable(b)
	down := tea.KeyPressMsg{Code: tea.KeyDown}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.Update(down)
		_ = m.View()
	}
}

func BenchmarkSetRows(b *testing.B) {
	rows := benchRows(benchN)
	m := New(benchColumns())
	m.SetSize(120, 42)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.SetRows(rows, benchID)
	}
}

// BenchmarkSort is the first sort of 100 000 rows by a column: by folded
// text keys, or by a Less (whose T is copied on every call).
func BenchmarkSort(b *testing.B) {
	for _, c := range []struct {
		name string
		col  int
	}{{"text", 3}, {"less", 0}} {
		b.Run(c.name, func(b *testing.B) {
			m := benchTable(b)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				clear(m.ascByCol)
				m.SortBy(c.col, false)
			}
		})
	}
}

// BenchmarkSortCached is a later press of s or S on a column sorted before.
func BenchmarkSortCached(b *testing.B) {
	for _, c := range []struct {
		name string
		col  int
	}{{"text", 3}, {"less", 0}} {
		b.Run(c.name, func(b *testing.B) {
			m := benchTable(b)
			m.SortBy(c.col, false)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				m.SortBy(c.col, i%2 == 0)
			}
		})
	}
}
