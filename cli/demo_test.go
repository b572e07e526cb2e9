package cli

import (
	"bytes"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func peopleNames(t *testing.T, path string) []string {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var names []string
	st.View(func(tx *store.Tx) error {
		return store.People.Each(tx, func(p *model.Person) error { names = append(names, p.Name); return nil })
	})
	sort.Strings(names)
	return names
}

// TestDemoIsDeterministicPerSeedAndRefusesNonEmptyFile: the same seed on
// the same day gives the same data. The demo is built around today (in
// Gifhorn): three demos that straddle midnight there are made again.
func TestDemoIsDeterministicPerSeedAndRefusesNonEmptyFile(t *testing.T) {
	var a, c string
	for try := 0; ; try++ {
		dir := t.TempDir()
		var b string
		a, b, c = filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), filepath.Join(dir, "c.db")
		day := model.Today(time.Now())
		for _, p := range []struct {
			path, seed string
		}{{a, "7"}, {b, "7"}, {c, "8"}} {
			if code, _, errs := runCLI(t, "--db", p.path, "--user", "demo", "demo", "--seed", p.seed); code != 0 {
				t.Fatalf("demo %s: exit %d: %s", p.path, code, errs)
			}
		}
		if model.Today(time.Now()) != day && try == 0 {
			continue
		}
		if na, nb := peopleNames(t, a), peopleNames(t, b); len(na) < 100 || strings.Join(na, "|") != strings.Join(nb, "|") {
			t.Fatalf("same seed, different people: %d vs %d", len(na), len(nb))
		}
		break
	}
	na, nc := peopleNames(t, a), peopleNames(t, c)
	if strings.Join(na, "|") == strings.Join(nc, "|") {
		t.Error("different seeds gave identical people")
	}
	code, _, errs := runCLI(t, "--db", a, "demo")
	if code != 1 || !strings.Contains(errs, "enthält schon Daten") {
		t.Errorf("second demo into a full file: exit %d, %q", code, errs)
	}
}

func TestUsageErrorsExitTwoInGerman(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, args := range [][]string{
		{"--db", db, "demo", "--size", "riesig"},
		{"--db", db, "demo", "--farbe", "rot"},
		{"--db", db, "gibtsnicht"},
		{"--db", db, "export", "ics"},
	} {
		code, _, errs := runCLI(t, args...)
		if code != 2 || errs == "" || strings.Contains(errs, "flag provided") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

func TestHelpListsVerbsInGerman(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	if code != 0 || !strings.Contains(out, "Befehle:") || !strings.Contains(out, "demo") {
		t.Errorf("help: %d %q", code, out)
	}
	code, out, _ = runCLI(t, "demo", "--help")
	if code != 0 || !strings.Contains(out, "--seed") {
		t.Errorf("demo --help: %d %q", code, out)
	}
}
