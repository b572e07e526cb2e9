package store

import (
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

func searchFiltered(t *testing.T, s *Store, q string, limit int, f SearchFilter) []Hit {
	t.Helper()
	var hits []Hit
	if err := s.View(func(tx *Tx) error {
		var err error
		hits, err = SearchFiltered(tx, q, limit, f)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return hits
}

func hitKeys(hits []Hit) string {
	var out []string
	for _, h := range hits {
		if h.Number != "" {
			out = append(out, h.Number)
		} else {
			out = append(out, h.Kind+":"+h.Name)
		}
	}
	return strings.Join(out, " ")
}

// TestSearchByDateAndKind: --from/--to keep the records whose day lies in
// the range (both ends included), --kind keeps one kind; people have no
// date and drop out under a date filter; the limit counts only records
// that pass (older matches are not lost behind newer ones).
func TestSearchByDateAndKind(t *testing.T) {
	f := smOpen(t)
	a := f.add(t, "Tigrinya", smAt(2026, 3, 12, 9, 0), time.Hour, model.SettingOnSite)
	b := f.add(t, "Tigrinya", smAt(2026, 3, 20, 9, 0), time.Hour, model.SettingOnSite)
	c := f.add(t, "Tigrinya", smAt(2026, 4, 5, 9, 0), time.Hour, model.SettingOnSite)
	f.add(t, "Arabisch", smAt(2026, 3, 20, 11, 0), time.Hour, model.SettingOnSite)
	d := model.NewDate
	// the same answers whether the dates come from the records or, after
	// the first failure, from the start index
	for _, switchAt := range []int{searchSwitchToIndex, 1} {
		old := searchSwitchToIndex
		searchSwitchToIndex = switchAt
		defer func() { searchSwitchToIndex = old }()
		searchByDateCases(t, f, a, b, c, d)
	}
}

func searchByDateCases(t *testing.T, f *smFixture, a, b, c *model.Einsatz, d func(int, time.Month, int) model.Date) {
	for _, tc := range []struct {
		name  string
		f     SearchFilter
		limit int
		want  string
	}{
		{"no filter", SearchFilter{}, 10, c.Number + " " + b.Number + " " + a.Number + " person:Paul Pause person:Yonas Tesfaye"},
		{"from", SearchFilter{From: d(2026, 3, 20)}, 10, c.Number + " " + b.Number},
		{"to", SearchFilter{To: d(2026, 3, 20)}, 10, b.Number + " " + a.Number},
		{"from to", SearchFilter{From: d(2026, 3, 13), To: d(2026, 4, 4)}, 10, b.Number},
		{"to, limit 1: the newer ones do not count", SearchFilter{To: d(2026, 3, 12)}, 1, a.Number},
		{"kind person", SearchFilter{Kinds: []string{KindPerson}}, 10, "person:Paul Pause person:Yonas Tesfaye"},
		{"kind einsatz", SearchFilter{Kinds: []string{KindEinsatz}}, 10, c.Number + " " + b.Number + " " + a.Number},
		{"person with a date: none", SearchFilter{Kinds: []string{KindPerson}, From: d(2026, 1, 1)}, 10, ""},
		{"kind claim", SearchFilter{Kinds: []string{KindClaim}}, 10, ""},
	} {
		if got := hitKeys(searchFiltered(t, f.s, "tigrinya", tc.limit, tc.f)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	// a number query honours the filter too
	if got := hitKeys(searchFiltered(t, f.s, "E-2026", 10, SearchFilter{From: d(2026, 4, 1)})); got != c.Number {
		t.Errorf("number from April: %q", got)
	}
	if got := hitKeys(searchFiltered(t, f.s, a.Number, 10, SearchFilter{Kinds: []string{KindClaim}})); got != "" {
		t.Errorf("an Einsatz number with --kind claim: %q", got)
	}
}

func TestParseSearchText(t *testing.T) {
	today := model.NewDate(2026, 5, 4) // a Monday
	d := model.NewDate
	for _, tc := range []struct {
		in, words string
		f         SearchFilter
	}{
		{"Tigrinya ab 1.3.", "Tigrinya", SearchFilter{From: d(2026, 3, 1)}},
		{"Tigrinya ab 1.3. bis 31.3.", "Tigrinya", SearchFilter{From: d(2026, 3, 1), To: d(2026, 3, 31)}},
		{"jobcenter von 01.02.2026 bis heute", "jobcenter", SearchFilter{From: d(2026, 2, 1), To: today}},
		{"nur Einsätze arabisch seit morgen", "arabisch", SearchFilter{Kinds: []string{KindEinsatz}, From: today.AddDays(1)}},
		{"nur veranstaltungen nur anträge gifhorn", "gifhorn", SearchFilter{Kinds: []string{KindEvent, KindClaim}}},
		{"Ursula von der Leyen", "Ursula von der Leyen", SearchFilter{}},
		{"Tigrinya ab", "Tigrinya ab", SearchFilter{}},
		{"nur Mut", "nur Mut", SearchFilter{}},
	} {
		words, f, err := ParseSearchText(tc.in, today)
		if err != nil || words != tc.words || f.From != tc.f.From || f.To != tc.f.To || strings.Join(f.Kinds, ",") != strings.Join(tc.f.Kinds, ",") {
			t.Errorf("%q: %q %+v %v; want %q %+v", tc.in, words, f, err, tc.words, tc.f)
		}
	}
	if _, _, err := ParseSearchText("x ab 31.3. bis 1.3.", today); err == nil || !strings.Contains(err.Error(), "vor") {
		t.Errorf("to before from: %v", err)
	}
}
