package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stabsstelle/store"
)

// TestExportNeverOverwritesWithoutAsking: an existing file is kept in a
// script (exit 1, a German sentence with the full path and --force), and
// replaced with --force; the message names the full path.
func TestExportNeverOverwritesWithoutAsking(t *testing.T) {
	db, ev := netDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "einladung.ics")
	if err := os.WriteFile(out, []byte("alt"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "--db", db, "export", "ics", "--event", ev.Number, "--out", out)
	if code != 1 || !strings.Contains(errs, "Die Datei "+out+" gibt es schon.") || !strings.Contains(errs, "--force") {
		t.Fatalf("existing file in a script: exit %d, %q", code, errs)
	}
	if data, _ := os.ReadFile(out); string(data) != "alt" {
		t.Fatalf("the file was changed: %q", data)
	}
	code, stdout, errs := runCLI(t, "--db", db, "export", "ics", "--event", ev.Number, "--out", out, "--force")
	if code != 0 || !strings.Contains(stdout, out) {
		t.Fatalf("--force: exit %d %q %q", code, stdout, errs)
	}
	if data, _ := os.ReadFile(out); !strings.HasPrefix(string(data), "BEGIN:VCALENDAR") {
		t.Fatalf("--force did not replace: %q", data)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	// a relative --out is named in full afterwards
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	os.Chdir(dir)
	code, stdout, _ = runCLI(t, "--db", db, "export", "ics", "--event", ev.Number, "--out", "neu.ics")
	if code != 0 || !strings.Contains(stdout, filepath.Join(dir, "neu.ics")) {
		t.Errorf("relative path: %d %q", code, stdout)
	}
	// teilnehmer writes two files: one existing stops both
	csv := filepath.Join(dir, "liste.csv")
	os.WriteFile(filepath.Join(dir, "liste.txt"), []byte("alt"), 0o600)
	code, _, errs = runCLI(t, "--db", db, "export", "teilnehmer", ev.Number, "--out", csv)
	if _, err := os.Stat(csv); code != 1 || err == nil || !strings.Contains(errs, "liste.txt gibt es schon") {
		t.Errorf("teilnehmer with an existing .txt: exit %d, csv written: %v, %q", code, err == nil, errs)
	}
}

// TestWriteOutAsksAtATerminal: at a terminal the question comes once for
// all existing files; "j" replaces, "n" keeps them.
func TestWriteOutAsksAtATerminal(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte("alt"), 0o600)
	var errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader("n\n"), Stderr: &errb}
	err := WriteOut(env, false, OutFile{a, []byte("neu")}, OutFile{b, []byte("neu")})
	if err == nil || !strings.Contains(errb.String(), "Die Datei "+a+" gibt es schon. Überschreiben? [j/n]") {
		t.Fatalf("n: %v, asked %q", err, errb.String())
	}
	if data, _ := os.ReadFile(a); string(data) != "alt" {
		t.Errorf("n replaced a: %q", data)
	}
	if _, err := os.Stat(b); err == nil {
		t.Errorf("n wrote b")
	}
	env.Stdin = strings.NewReader("j\n")
	if err := WriteOut(env, false, OutFile{a, []byte("neu")}, OutFile{b, []byte("neu")}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{a, b} {
		if data, _ := os.ReadFile(p); string(data) != "neu" {
			t.Errorf("j: %s = %q", p, data)
		}
	}
	// a folder is never a file to write
	if err := WriteOut(env, true, OutFile{dir, []byte("x")}); err == nil || !strings.Contains(err.Error(), "ist ein Ordner") {
		t.Errorf("folder: %v", err)
	}
	// without replace the store refuses an existing file
	if err := store.WriteOutput(a, []byte("x"), false); !errors.Is(err, store.ErrFileExists) || !strings.Contains(err.Error(), a) {
		t.Errorf("WriteOutput without replace: %v", err)
	}
}
