package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The verb "testenv" exists only in the tests: it prints the database and
// the user the verb was given, and its own arguments.
func init() {
	Register(Verb{Name: "testenv", Summary: "Test", Usage: "stabsstelle testenv", Run: func(env *Env, args []string) error {
		_, err := fmt.Fprintf(env.Stdout, "db=%s user=%s args=%s", env.DB, env.User, strings.Join(args, "|"))
		return err
	}})
}

func TestGlobalFlagsBeforeAndAfterTheVerb(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", "a.db", "--user", "ben", "testenv"}, "db=a.db user=ben args="},
		{[]string{"testenv", "--db", "a.db", "--user", "ben"}, "db=a.db user=ben args="},
		{[]string{"testenv", "--db=a.db", "-user", "ben", "x"}, "db=a.db user=ben args=x"},
		{[]string{"--user", "anna", "testenv", "--json", "--db", "b.db", "--date", "Do"}, "db=b.db user=anna args=--json|--date|Do"},
		// After "--" everything is the verb's, even what looks like a global flag.
		{[]string{"testenv", "--db", "a.db", "--", "--user", "x"}, "db=a.db user=%s args=--|--user|x"},
	} {
		want := tc.want
		if strings.Contains(want, "%s") {
			want = fmt.Sprintf(want, DefaultUser())
		}
		code, out, errs := runCLI(t, tc.args...)
		if code != 0 || out != want {
			t.Errorf("%v: exit %d, %q (stderr %q), want %q", tc.args, code, out, errs, want)
		}
	}
	code, _, errs := runCLI(t, "testenv", "--db")
	if code != 2 || !strings.Contains(errs, "Die Option --db braucht einen Wert.") {
		t.Errorf("--db without a value after the verb: exit %d, %q", code, errs)
	}
	// An unknown option is named as it was typed, with two dashes.
	code, _, errs = runCLI(t, "import", "bundle", "x.stb", "--passwort")
	if code != 2 || !strings.Contains(errs, "Unbekannte Option --passwort.") {
		t.Errorf("unknown option: exit %d, %q", code, errs)
	}
}

// TestWelcomeScreenDemoCommandWorksAsPrinted: the welcome screen and the
// help tell a new user `stabsstelle demo --db DATEI`; then `today --db F
// --json` reads that file.
func TestWelcomeScreenDemoCommandWorksAsPrinted(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errs := runCLI(t, "demo", "--db", db); code != 0 {
		t.Fatalf("demo --db: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("demo --db did not write the named file: %v", err)
	}
	if _, err := os.Stat(DefaultDB()); err == nil && DefaultDB() == db {
		t.Fatal("test wrote the default database")
	}
	code, out, errs := runCLI(t, "search", "Tigrinya", "--db", db, "--json")
	var hits []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &hits) != nil || len(hits) == 0 {
		t.Fatalf("search … --db F --json: exit %d, %q, %s", code, out, errs)
	}
	code, out, errs = runCLI(t, "today", "--db", db, "--json")
	var items []TodayItem
	if code != 0 || json.Unmarshal([]byte(out), &items) != nil {
		t.Fatalf("today --db F --json: exit %d, %q, %s", code, out, errs)
	}
}

// TestDashDashEndsTheOptionsOfEveryVerb: after "--" an argument that
// begins with "-" is a file or a word – for the verbs that read their
// arguments themselves as for the others.
func TestDashDashEndsTheOptionsOfEveryVerb(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	csv := "-lotsen.csv"
	t.Chdir(dir)
	if err := os.WriteFile(csv, []byte("Name;E-Mail\nAnna Berg;anna@example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "import", "engagierte", "--db", db, csv)
	if code != 2 || !strings.Contains(errs, "Unbekannte Option "+csv) {
		t.Errorf("without --: exit %d, %q", code, errs)
	}
	code, out, errs := runCLI(t, "import", "engagierte", "--db", db, "--dry-run", "--", csv)
	if code != 0 || !strings.Contains(out, "1 Engagierte würden importiert") {
		t.Errorf("import engagierte --dry-run -- %s: exit %d, %q %s", csv, code, out, errs)
	}
	code, _, errs = runCLI(t, "import", "teilnehmer", "--db", db, "--", "V-2026-001", csv)
	if code != 1 || !strings.Contains(errs, "V-2026-001") {
		t.Errorf("import teilnehmer -- V csv: exit %d, %q (the event is unknown, the file was read)", code, errs)
	}
	code, _, errs = runCLI(t, "restore", "--db", db, "--", csv)
	if code == 2 || strings.Contains(errs, "Unbekannte Option") {
		t.Errorf("restore -- %s: exit %d, %q", csv, code, errs)
	}
}
