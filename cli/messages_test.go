package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOSErrorsReachTheUserInGerman: a database path through a file (the
// system says "not a directory") and a backup folder that cannot be made
// end with one German sentence and exit 1; the system's English words only
// with --verbose, as a technical detail.
func TestOSErrorsReachTheUserInGerman(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "datei")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "ok.db")
	if code, _, e := smRun("--db", db, "today"); code != 0 {
		t.Fatalf("a fresh database: %d %s", code, e)
	}
	cases := [][]string{
		{"--db", filepath.Join(file, "sub", "x.db"), "today"},
		{"--db", db, "backup", "--to", filepath.Join(file, "sicherungen")},
		{"--db", db, "export", "ics", "--out", filepath.Join(file, "a.ics")},
	}
	for _, args := range cases {
		code, _, errOut := smRun(args...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1: %s", args, code, errOut)
		}
		for _, english := range []string{"not a directory", "no such file", "permission denied", "mkdir ", "open "} {
			if strings.Contains(errOut, english) {
				t.Errorf("%v: English %q reaches the user: %s", args, english, errOut)
			}
		}
		if !strings.Contains(errOut, "Ordner") || strings.Contains(errOut, "Technische Angabe") {
			t.Errorf("%v: %s", args, errOut)
		}
		code, _, errOut = smRun(append([]string{"--verbose"}, args...)...)
		if code != 1 || !strings.Contains(errOut, "Technische Angabe: ") || !strings.Contains(errOut, "not a directory") {
			t.Errorf("%v --verbose: exit %d, %s", args, code, errOut)
		}
	}
}
