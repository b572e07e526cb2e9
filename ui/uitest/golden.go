package uitest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stabsstelle/store"
)

// Golden compares an ANSI-stripped screen with testdata/name.golden, or
// rewrites the file when update is set. Trailing blanks and blank lines are
// padding, not content, and are left out.
func Golden(t testing.TB, name, got string, update bool) {
	t.Helper()
	lines := strings.Split(got, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	got = strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
	path := filepath.Join("testdata", name+".golden")
	if update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (mit -update anlegen)", err)
	}
	if string(want) != got {
		t.Errorf("%s weicht ab:\n--- erwartet\n%s--- bekommen\n%s", path, want, got)
	}
}

// Events relays the store's change feed into a channel for a Drainer; the
// subscription ends with the test.
func Events(t testing.TB, st *store.Store) <-chan []store.Event {
	sub := st.Subscribe()
	t.Cleanup(sub.Close)
	ch := make(chan []store.Event, 100)
	go func() {
		for {
			ev, ok := sub.Wait()
			if !ok {
				return
			}
			ch <- ev
		}
	}()
	return ch
}
