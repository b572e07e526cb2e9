package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// TestSearchFiltersByKindAndDate: search --kind/--from/--to on the demo
// database keeps only Einsätze from today on; --json keeps its fields.
func TestSearchFiltersByKindAndDate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errs := runCLI(t, "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	today := model.Today(time.Now())
	all := func(args ...string) []store.Hit {
		t.Helper()
		code, out, errs := runCLI(t, append([]string{"--db", db, "search", "tigrinya", "--json", "--limit", "500"}, args...)...)
		var hits []store.Hit
		if code != 0 || json.Unmarshal([]byte(out), &hits) != nil {
			t.Fatalf("%v: exit %d %q %s", args, code, out, errs)
		}
		return hits
	}
	unfiltered := all()
	kinds := map[string]bool{}
	for _, h := range unfiltered {
		kinds[h.Kind] = true
	}
	if !kinds[store.KindEinsatz] || !kinds[store.KindPerson] {
		t.Fatalf("the demo has Tigrinya Einsätze and interpreters: %v", kinds)
	}
	hits := all("--kind", "einsatz", "--from", "heute")
	if len(hits) == 0 || len(hits) >= len(unfiltered) {
		t.Fatalf("--kind einsatz --from heute: %d of %d", len(hits), len(unfiltered))
	}
	for _, h := range hits {
		day, err := model.ParseDate(strings.Fields(strings.Split(h.Summary, " · ")[1])[0], today)
		if h.Kind != store.KindEinsatz || err != nil || day.Before(today) {
			t.Errorf("hit before today or not an Einsatz: %+v", h)
		}
	}
	to := all("--to=gestern", "--kind=einsatz")
	if len(to)+len(hits) != countKind(unfiltered, store.KindEinsatz) {
		t.Errorf("--to gestern (%d) and --from heute (%d) do not add up to every Einsatz (%d)", len(to), len(hits), countKind(unfiltered, store.KindEinsatz))
	}
	for _, h := range all("--kind", "person") {
		if h.Kind != store.KindPerson {
			t.Errorf("--kind person: %+v", h)
		}
	}
	for _, args := range [][]string{
		{"--kind", "vogel"}, {"--from", "32.1."}, {"--from", "heute", "--to", "gestern"}, {"--to"},
	} {
		code, _, errs := runCLI(t, append([]string{"--db", db, "search", "tigrinya"}, args...)...)
		if code != 2 || errs == "" {
			t.Errorf("%v: exit %d %q", args, code, errs)
		}
	}
	// after "--" every argument is a word, even one that looks like an option
	code, out, errs := runCLI(t, "--db", db, "search", "--kind", "person", "--", "-tigrinya", "--json")
	if code != 0 || !strings.Contains(out, "Nichts gefunden für „-tigrinya --json“") {
		t.Errorf("search -- -tigrinya --json: exit %d %q %s", code, out, errs)
	}
	code, out, _ = runCLI(t, "--db", db, "search", "tigrinya", "--kind", "claim")
	if code != 0 || !strings.Contains(out, "Nichts gefunden für „tigrinya“ (nur Antrag)") {
		t.Errorf("nothing found says the filter: %q", out)
	}
}

func countKind(hits []store.Hit, kind string) int {
	n := 0
	for _, h := range hits {
		if h.Kind == kind {
			n++
		}
	}
	return n
}
