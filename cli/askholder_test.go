package cli

import (
	"strings"
	"testing"
	"time"

	lk "stabsstelle/lookup"
	"stabsstelle/store"
)

// TestTodayAndSearchAskTheProgramHoldingTheFile: while another program
// holds the database (here the test, as the TUI or `serve` would) and
// answers on the lookup socket, today and search print exactly what they
// print when they read the file themselves, exit 0 and do not wait for the
// lock. Without the socket the file is reported as locked, as before.
func TestTodayAndSearchAskTheProgramHoldingTheFile(t *testing.T) {
	path, _ := smDB(t)
	calls := [][]string{
		{"today", "--date", "12.03.2026", "--json"},
		{"today", "--date", "12.03.2026"},
		{"today", "--date", "20.03.2026", "--json"},
		{"today", "--date", "20.03.2026"},
		{"search", "tigrinya"},
		{"search", "tigrinya", "--json"},
		{"search", "gifhorn", "--limit", "1"},
		{"search", "gibtesnicht", "--json"},
		{"search", "gibtesnicht"},
	}
	type result struct {
		code        int
		out, errOut string
	}
	want := make([]result, len(calls))
	for i, c := range calls {
		code, out, errOut := smRun(append([]string{"--db", path}, c...)...)
		if code != 0 {
			t.Fatalf("%v on the free file: exit %d: %s", c, code, errOut)
		}
		want[i] = result{code, out, errOut}
	}
	if !strings.Contains(want[0].out, `"interpreter": "Yonas Tesfaye"`) || !strings.Contains(want[4].out, "Tigrinya") {
		t.Fatalf("fixture: %s / %s", want[0].out, want[4].out)
	}

	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stop, err := lk.Serve(st, path)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	for i, c := range calls {
		start := time.Now()
		code, out, errOut := smRun(append([]string{"--db", path}, c...)...)
		if got := (result{code, out, errOut}); got != want[i] {
			t.Errorf("%v while held: exit %d\n%s%s\nwant exit %d\n%s%s", c, code, out, errOut, want[i].code, want[i].out, want[i].errOut)
		}
		if d := time.Since(start); d >= store.LockTimeout {
			t.Errorf("%v while held took %v: it waited for the lock instead of asking", c, d)
		}
	}

	// Held, but nobody answers (an older version, or serve on another
	// machine): the old message, exit 1, quickly.
	stop()
	for _, c := range [][]string{{"today", "--date", "12.03.2026"}, {"search", "tigrinya", "--json"}} {
		start := time.Now()
		code, out, errOut := smRun(append([]string{"--db", path}, c...)...)
		if code != 1 || out != "" || !strings.Contains(errOut, "bereits geöffnet") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v held without socket: exit %d, stdout %q, stderr %q", c, code, out, errOut)
		}
		if d := time.Since(start); d > 2500*time.Millisecond {
			t.Errorf("%v held without socket took %v", c, d)
		}
	}
}
