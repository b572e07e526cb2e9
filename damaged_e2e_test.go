package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	ebin "encoding/binary"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/creack/pty"
)

var damagedFlips = flag.Int("damagedflips", 6, "random single-bit flips in TestEveryVerbOnDamagedFiles")

// demoOnce is the small demo database, written once per test run by the
// built binary; the damaged variants are made from its bytes.
var (
	demoOnce  sync.Once
	demoBytes []byte
	demoErr   error
)

func demoFile(t *testing.T) []byte {
	t.Helper()
	bin := binary(t)
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "stabsstelle-damaged")
		if err != nil {
			demoErr = err
			return
		}
		defer os.RemoveAll(dir)
		db := filepath.Join(dir, "demo.db")
		if out, err := exec.Command(bin, "--db", db, "demo").CombinedOutput(); err != nil {
			demoErr = fmt.Errorf("demo: %v\n%s", err, out)
			return
		}
		demoBytes, demoErr = os.ReadFile(db)
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoBytes
}

// usedBytes is how much of a bbolt file its newer meta page says is in
// use (high-water mark × page size): damage below it is damage to data.
func usedBytes(data []byte) int {
	ps := int(ebin.NativeEndian.Uint32(data[16+8:]))
	m0, m1 := data[16:], data[ps+16:]
	m := m0
	if ebin.NativeEndian.Uint64(m1[48:]) > ebin.NativeEndian.Uint64(m0[48:]) {
		m = m1
	}
	return int(ebin.NativeEndian.Uint64(m[40:])) * ps
}

// damagedCase is one file at the database path. broken: every verb must
// refuse it (exit 1); otherwise (a flipped bit may hit an unused byte) a
// verb may also succeed. make lays it out at path (a file, a directory or
// a link) in dir.
type damagedCase struct {
	name   string
	broken bool
	make   func(t *testing.T, dir, path string)
}

func writeCase(data []byte) func(t *testing.T, dir, path string) {
	return func(t *testing.T, dir, path string) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func damagedCases(t *testing.T) []damagedCase {
	demo := demoFile(t)
	used := usedBytes(demo)
	ps := int(ebin.NativeEndian.Uint32(demo[16+8:]))
	trunc := func(n int) []byte { return bytes.Clone(demo[:n]) }
	zeroPage := func(p int) []byte {
		d := bytes.Clone(demo)
		clear(d[p*ps : (p+1)*ps])
		return d
	}
	foreignCSV := []byte("Name;Sprache;Telefon\nAmina Yusuf;Tigrinya;05371 12345\n")
	random := make([]byte, 64<<10)
	rand.New(rand.NewSource(3)).Read(random)
	cases := []damagedCase{
		{"leer (0 Byte)", true, writeCase(nil)},
		{"abgeschnitten nach 100 Bytes", true, writeCase(trunc(100))},
		{"abgeschnitten nach der ersten Seite", true, writeCase(trunc(ps + 100))},
		{"abgeschnitten nach 3 Seiten", true, writeCase(trunc(3 * ps))},
		{"abgeschnitten in der Mitte", true, writeCase(trunc(used / 2))},
		{"letzte Seite fehlt", true, writeCase(trunc(used - ps))},
		{"beide Kopfseiten genullt", true, writeCase(func() []byte { d := zeroPage(0); clear(d[ps : 2*ps]); return d }())},
		{"Seite in der Mitte genullt", false, writeCase(zeroPage(used / ps / 2))},
		{"fremde Datei (CSV)", true, writeCase(foreignCSV)},
		{"fremde Datei (Zufall)", true, writeCase(random)},
		{"Ordner", true, func(t *testing.T, dir, path string) {
			if err := os.Mkdir(path, 0o700); err != nil {
				t.Fatal(err)
			}
		}},
		{"Verweis ins Leere", true, func(t *testing.T, dir, path string) {
			if err := os.Symlink(filepath.Join(dir, "gibt-es-nicht.db"), path); err != nil {
				t.Fatal(err)
			}
		}},
		{"Verweis auf eine fremde Datei", true, func(t *testing.T, dir, path string) {
			target := filepath.Join(dir, "fremd.csv")
			if err := os.WriteFile(target, foreignCSV, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, path); err != nil {
				t.Fatal(err)
			}
		}},
		{"Verweis auf eine abgeschnittene Datenbank", true, func(t *testing.T, dir, path string) {
			target := filepath.Join(dir, "ziel.db")
			if err := os.WriteFile(target, trunc(used/3), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, path); err != nil {
				t.Fatal(err)
			}
		}},
	}
	rng := rand.New(rand.NewSource(1))
	for i := range *damagedFlips {
		pos, bit := rng.Intn(used), rng.Intn(8)
		d := bytes.Clone(demo)
		d[pos] ^= 1 << bit
		cases = append(cases, damagedCase{fmt.Sprintf("Bit %d gekippt (Byte %d, Bit %d)", i+1, pos, bit), false, writeCase(d)})
	}
	return cases
}

// fingerprint is what must not change: the bytes of the file (behind a
// link: of its target), or the listing of a directory.
func fingerprint(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			return "link→" + target
		}
		return "missing"
	}
	if fi.IsDir() {
		entries, _ := os.ReadDir(path)
		return fmt.Sprintf("dir %d", len(entries))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x %o", sha256.Sum256(data), fi.Mode().Perm())
}

// crashSigns are what Go prints when the program dies instead of ending
// with a sentence.
var crashSigns = []string{"panic:", "fatal error", "goroutine ", "SIGSEGV", "SIGBUS", "runtime error", "[signal"}

// englishSigns are operating-system and library words that must not be
// the message.
var englishSigns = []string{"no such file", "permission denied", "no space left", "is a directory", "invalid argument", "unexpected EOF", "bolt.", "bbolt", "file size too small", "invalid database"}

// TestEveryVerbOnDamagedFiles runs every verb of the program, and the
// terminal interface, against damaged files at the database path: empty,
// cut off at several points, zeroed pages, flipped bits, foreign files, a
// directory and links. Nothing may panic or fault; a verb that refuses
// ends with exit code 1 and German words; and a refusing verb leaves the
// file (or what the link points to) byte for byte as it was. A file that
// is broken through and through is refused by every verb.
func TestEveryVerbOnDamagedFiles(t *testing.T) {
	bin := binary(t)
	work := t.TempDir()
	csvSM := filepath.Join(work, "pool.csv")
	os.WriteFile(csvSM, []byte("Name;Geschlecht;Sprachen;Telefon;E-Mail;Ort\nNeu Person;w;Tigrinya;05371 1;neu@example.org;Gifhorn\n"), 0o600)
	csvEng := filepath.Join(work, "engagierte.csv")
	os.WriteFile(csvEng, []byte("Name;E-Mail\nNeu Engagiert;neu@example.org\n"), 0o600)
	keys := filepath.Join(work, "team_keys")
	os.WriteFile(keys, []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0TvKZbK8q7VfFbKCtzcKHx4GD6xzZxoVn8Xc/6LBn+ anna\n"), 0o600)
	out := func(name string) string { return filepath.Join(t.TempDir(), name) }
	verbs := [][]string{
		{"today"},
		{"today", "--json"},
		{"search", "Tigrinya"},
		{"check"},
		{"backup"},
		{"compact"},
		{"export", "ics", "--out", "OUT/a.ics"},
		{"export", "sepa", "--out", "OUT/a.xml"},
		{"export", "teilnehmer", "V-2026-001", "--out", "OUT/t.csv"},
		{"export", "jahresbescheinigung", "--person", "Amina", "--year", "2026", "--out", "OUT/j.txt"},
		{"import", "sprachmittler", csvSM},
		{"import", "engagierte", csvEng},
		{"demo"},
		{"candidates", "--language", "Arabisch", "--date", "05.03.2026", "--time", "10:00"},
		{"export", "einsaetze", "--json"},
		{"export", "claims", "--json"},
		{"restore", "--list"},
		{"restore", "DAMAGED"}, // the damaged file as the backup to restore
		{"serve", "--authorized-keys", keys, "--listen", "127.0.0.1:0"},
	}
	for _, c := range damagedCases(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for _, v := range verbs {
				dir := t.TempDir()
				path := filepath.Join(dir, "stabsstelle.db")
				c.make(t, dir, path)
				before := fingerprint(t, path)
				args := append([]string{"--db", path}, v...)
				target := filepath.Join(dir, "wiederhergestellt.db")
				if v[len(v)-1] == "DAMAGED" {
					args = []string{"--db", target, "restore", path}
				}
				for i, a := range args {
					args[i] = strings.ReplaceAll(a, "OUT/", out("")+"/")
				}
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				cmd := exec.CommandContext(ctx, bin, args...)
				cmd.Stdin = nil // no terminal: nothing is asked
				var so, se bytes.Buffer
				cmd.Stdout, cmd.Stderr = &so, &se
				if v[0] == "serve" {
					// A file that opens keeps serve running: it has passed.
					cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
					go func() { time.Sleep(3 * time.Second); cancel() }()
				}
				err := cmd.Run()
				cancel()
				rc := 0
				if ee, ok := err.(*exec.ExitError); ok {
					rc = ee.ExitCode()
				} else if err != nil && v[0] != "serve" {
					t.Fatalf("%v: %v", v, err)
				}
				text := so.String() + se.String()
				checkOutput(t, v, rc, text, c.broken)
				listOnly := v[0] == "restore" && v[1] == "--list" // reads only the backup folder
				if c.broken && rc != 1 && !listOnly {
					t.Errorf("%v on a broken file: exit %d, want 1\n%s", v, rc, text)
				}
				if rc != 0 {
					if after := fingerprint(t, path); after != before {
						t.Errorf("%v refused (exit %d) but changed the file: %s → %s\n%s", v, rc, before, after, text)
					}
				}
				if _, err := os.Stat(target); err == nil && c.broken {
					t.Errorf("%v restored a broken file as the database", v)
				}
				if c.name == "Verweis ins Leere" {
					if _, err := os.Stat(filepath.Join(dir, "gibt-es-nicht.db")); err == nil {
						t.Errorf("%v created a database behind a dangling link", v)
					}
				}
			}
			if c.broken || strings.HasPrefix(c.name, "Seite") {
				tuiOnDamaged(t, bin, c)
			}
		})
	}
}

func checkOutput(t *testing.T, v []string, rc int, text string, broken bool) {
	t.Helper()
	for _, s := range crashSigns {
		if strings.Contains(text, s) {
			t.Fatalf("%v crashed (exit %d):\n%s", v, rc, text)
		}
	}
	if rc != 0 && rc != 1 {
		t.Errorf("%v: exit %d, want 0 or 1\n%s", v, rc, text)
	}
	if !utf8.ValidString(text) {
		t.Errorf("%v: output is not valid UTF-8: %q", v, text)
	}
	if rc == 1 {
		low := strings.ToLower(text)
		for _, s := range englishSigns {
			if strings.Contains(low, strings.ToLower(s)) {
				t.Errorf("%v: English or library words %q reach the user:\n%s", v, s, text)
			}
		}
		if broken && !strings.Contains(text, "Datei") && !strings.Contains(text, "Datenbank") {
			t.Errorf("%v: exit 1 without saying which file:\n%s", v, text)
		}
	}
}

// tuiOnDamaged starts the terminal interface on the damaged file: it
// shows the recovery screen (q leaves everything as it was) or ends at
// once with a sentence; either way exit 1 and the file unchanged.
func tuiOnDamaged(t *testing.T, bin string, c damagedCase) {
	dir := t.TempDir()
	path := filepath.Join(dir, "stabsstelle.db")
	c.make(t, dir, path)
	before := fingerprint(t, path)
	cmd := exec.Command(bin, "--db", path, "--user", "e2e")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var scr screen
	go func() { _, _ = copyAll(&scr, f) }()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var werr error
	deadline := time.After(15 * time.Second)
	pressed := false
wait:
	for {
		select {
		case werr = <-done:
			break wait
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("the interface neither showed the recovery screen nor ended:\n%q", scr.String())
		case <-time.After(100 * time.Millisecond):
			s := scr.String()
			switch {
			case !pressed && (strings.Contains(s, "Die Datenbank ist beschädigt") || strings.Contains(s, "Die Datenbank ist leer")):
				time.Sleep(300 * time.Millisecond)
				f.Write([]byte("q"))
				pressed = true
			case !pressed && strings.Contains(s, "Sprachmittlung") && strings.Contains(s, "Kostenerstattungen"):
				// The damage lies where the start does not read: the
				// program runs; q ends it normally.
				time.Sleep(300 * time.Millisecond)
				f.Write([]byte("q"))
				pressed = true
			}
		}
	}
	text := scr.String()
	for _, s := range crashSigns {
		if strings.Contains(text, s) {
			t.Fatalf("the interface crashed:\n%s", text)
		}
	}
	ee, _ := werr.(*exec.ExitError)
	if c.broken && (ee == nil || ee.ExitCode() != 1) {
		t.Errorf("interface on a broken file: %v, want exit 1\n%q", werr, text)
	}
	if werr != nil {
		if after := fingerprint(t, path); after != before {
			t.Errorf("the interface changed the file: %s → %s", before, after)
		}
	}
}
