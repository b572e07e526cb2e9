package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// safetyDB writes a database with n people and returns its path.
func safetyDB(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "stabsstelle.db")
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Update("test", func(tx *store.Tx) error {
		for i := 0; i < n; i++ {
			if err := store.People.Put(tx, &model.Person{Name: fmt.Sprintf("Person %03d", i)}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return path
}

func safetyRun(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = Run(args, &o, &e)
	return code, o.String(), e.String()
}

func safetyPeople(t *testing.T, path string) int {
	t.Helper()
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	s.View(func(tx *store.Tx) error { n = store.People.Count(tx); return nil })
	return n
}

func safetyDamage(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ps := os.Getpagesize()
	for i := 2 * ps; i < len(data); i++ {
		data[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestCheckVerbOKAndDamaged(t *testing.T) {
	path := safetyDB(t, 30)
	code, out, errOut := safetyRun("--db", path, "check")
	if code != 0 || !strings.Contains(out, "in Ordnung") || !strings.Contains(out, "Person:") || errOut != "" {
		t.Fatalf("check: %d %q %q", code, out, errOut)
	}
	safetyDamage(t, path)
	code, out, errOut = safetyRun("--db", path, "check")
	if code != 1 || strings.Contains(out, "in Ordnung") || !strings.Contains(out+errOut, "beschädigt") {
		t.Fatalf("damaged: %d %q %q", code, out, errOut)
	}
	if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
		t.Errorf("stack trace: %s", errOut)
	}
	code, _, errOut = safetyRun("--db", filepath.Join(t.TempDir(), "nix.db"), "check")
	if code != 1 || !strings.Contains(errOut, "gibt es nicht") {
		t.Errorf("missing file: %d %q", code, errOut)
	}
	if code, _, _ := safetyRun("--db", path, "check", "zuviel"); code != 2 {
		t.Errorf("extra argument: exit %d", code)
	}
}

func TestCheckVerbSaysInUseAtOnce(t *testing.T) {
	path := safetyDB(t, 3)
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	code, _, errOut := safetyRun("--db", path, "check")
	if code != 1 || !strings.Contains(errOut, "bereits geöffnet") || time.Since(start) > 3*time.Second {
		t.Errorf("in use: %d %q after %v", code, errOut, time.Since(start))
	}
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	path := safetyDB(t, 10)
	to := t.TempDir()
	code, out, errOut := safetyRun("--db", path, "backup", "--to", to)
	if code != 0 || !strings.Contains(out, "Sicherung geschrieben und geprüft") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	list, _ := store.ListBackups(to)
	if len(list) != 1 {
		t.Fatalf("backups %+v", list)
	}
	// Default folder beside the database.
	if code, _, errOut := safetyRun("--db", path, "backup"); code != 0 {
		t.Fatalf("backup default: %q", errOut)
	}
	if l, _ := store.ListBackups(store.BackupDir(path)); len(l) != 1 {
		t.Errorf("default folder %+v", l)
	}
	// More data, then restore the first backup.
	s, _ := store.Open(path, store.Options{})
	s.Update("test", func(tx *store.Tx) error { return store.People.Put(tx, &model.Person{Name: "Später"}) })
	s.Close()
	code, out, errOut = safetyRun("--db", path, "restore", list[0].Path)
	if code != 0 || !strings.Contains(out, "vor-wiederherstellung") {
		t.Fatalf("restore: %d %q %q", code, out, errOut)
	}
	if n := safetyPeople(t, path); n != 10 {
		t.Errorf("restored %d people", n)
	}
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "stabsstelle.vor-wiederherstellung-*.db"))
	if len(matches) != 1 || safetyPeople(t, matches[0]) != 11 {
		t.Errorf("kept aside: %v", matches)
	}
	// Listing, and wrong usage.
	code, out, _ = safetyRun("--db", path, "restore", "--list")
	if code != 0 || !strings.Contains(out, "stabsstelle-backups") {
		t.Errorf("list: %d %q", code, out)
	}
	if code, _, _ := safetyRun("--db", path, "restore"); code != 2 {
		t.Errorf("restore without file: exit %d", code)
	}
	// A file that is not a backup is refused, nothing changes.
	bad := filepath.Join(t.TempDir(), "liste.csv")
	os.WriteFile(bad, bytes.Repeat([]byte("Name;Sprache\n"), 1000), 0o600)
	before, _ := os.ReadFile(path)
	code, _, errOut = safetyRun("--db", path, "restore", bad)
	if code != 1 || !strings.Contains(errOut, "keine Datenbank von stabsstelle") {
		t.Errorf("bad restore: %d %q", code, errOut)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("refused restore changed the database")
	}
}

func TestCompactVerb(t *testing.T) {
	path := safetyDB(t, 1500)
	s, _ := store.Open(path, store.Options{})
	s.Update("test", func(tx *store.Tx) error {
		all, _ := store.People.All(tx)
		for _, p := range all[10:] {
			if err := store.People.Delete(tx, p.ID); err != nil {
				return err
			}
		}
		return nil
	})
	s.Close()
	code, out, errOut := safetyRun("--db", path, "compact")
	if code != 0 || !strings.Contains(out, "Verdichtet:") {
		t.Fatalf("compact: %d %q %q", code, out, errOut)
	}
	if n := safetyPeople(t, path); n != 10 {
		t.Errorf("%d people after compact", n)
	}
	if code, _, _ := safetyRun("--db", path, "check"); code != 0 {
		t.Error("check after compact failed")
	}
	missing := filepath.Join(t.TempDir(), "nix.db")
	for _, verb := range []string{"compact", "backup"} {
		code, _, errOut := safetyRun("--db", missing, verb)
		if code != 1 || !strings.Contains(errOut, "gibt es nicht") {
			t.Errorf("%s on a missing file: %d %q", verb, code, errOut)
		}
		if _, err := os.Stat(missing); err == nil {
			t.Errorf("%s created the missing database", verb)
		}
	}
}

func TestRecoverDamagedRestoresNewestGoodBackup(t *testing.T) {
	path := safetyDB(t, 7)
	s, _ := store.Open(path, store.Options{Now: func() time.Time { return time.Date(2026, 3, 4, 7, 0, 0, 0, time.UTC) }})
	good, err := store.Backup(s, "")
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	// A newer, broken backup must be skipped.
	broken := filepath.Join(store.BackupDir(path), "stabsstelle-20260305-070000.db")
	data, _ := os.ReadFile(good)
	os.WriteFile(broken, data, 0o600)
	safetyDamage(t, broken)
	safetyDamage(t, path)
	damaged, _ := os.ReadFile(path)
	_, openErr := store.Open(path, store.Options{})

	var errOut bytes.Buffer
	env := &Env{DB: path, Stdin: strings.NewReader("j\n"), Stdout: &errOut, Stderr: &errOut,
		Now: func() time.Time { return time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC) }}
	restored, err := RecoverDamaged(env, openErr)
	if err != nil || !restored {
		t.Fatalf("recover: %v %v\n%s", restored, err, errOut.String())
	}
	text := errOut.String()
	if !strings.Contains(text, "Änderungen seit 04.03.2026 08:00 gehen verloren") {
		t.Errorf("text %q", text)
	}
	aside := filepath.Join(filepath.Dir(path), "stabsstelle.defekt-20260305-100000.db")
	if kept, _ := os.ReadFile(aside); !bytes.Equal(kept, damaged) {
		t.Error("damaged file not kept byte for byte")
	}
	if n := safetyPeople(t, path); n != 7 {
		t.Errorf("%d people after recovery", n)
	}
}

func TestRecoverDamagedNoAnswerLeavesFileAndOtherErrorsPass(t *testing.T) {
	path := safetyDB(t, 3)
	s, _ := store.Open(path, store.Options{})
	store.Backup(s, "")
	s.Close()
	safetyDamage(t, path)
	before, _ := os.ReadFile(path)
	_, openErr := store.Open(path, store.Options{})
	for _, answer := range []string{"n\n", "", "vielleicht\nweißnicht\nkeine Ahnung\n"} {
		var out bytes.Buffer
		env := &Env{DB: path, Stdin: strings.NewReader(answer), Stderr: &out, Now: time.Now}
		restored, err := RecoverDamaged(env, openErr)
		if restored || err == nil || !strings.Contains(err.Error(), "restore "+filepath.Join(store.BackupDir(path), "stabsstelle-")) {
			t.Errorf("answer %q: %v %v", answer, restored, err)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Fatalf("answer %q changed the file", answer)
		}
	}
	// Not damaged: passed through untouched.
	other := &store.ErrLocked{Path: path}
	if restored, err := RecoverDamaged(&Env{DB: path}, other); restored || err != other {
		t.Errorf("locked: %v %v", restored, err)
	}
}

func TestRecoverDamagedWithoutBackupAsksForEmptyStart(t *testing.T) {
	path := safetyDB(t, 3)
	safetyDamage(t, path)
	_, openErr := store.Open(path, store.Options{})
	var out bytes.Buffer
	env := &Env{DB: path, Stdin: strings.NewReader("j\n"), Stderr: &out, Now: time.Now}
	restored, err := RecoverDamaged(env, openErr)
	if !restored || err != nil || !strings.Contains(out.String(), "LEEREN") {
		t.Fatalf("%v %v %q", restored, err, out.String())
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("damaged file still in place")
	}
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "stabsstelle.defekt-*.db"))
	if len(matches) != 1 {
		t.Errorf("aside: %v", matches)
	}
}
