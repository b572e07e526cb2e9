package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// buildBinary compiles the program once per test run.
var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "stabsstelle-e2e")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "stabsstelle")
		// As `make build` does: without cgo, statically linked.
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("%s", out)
		}
	})
	if buildErr != nil {
		t.Fatalf("build: %v", buildErr)
	}
	return binPath
}

// screen collects everything the program writes to the pseudo-terminal.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

func (s *screen) waitFor(t testing.TB, text string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if strings.Contains(s.String(), text) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("did not see %q within %v; output:\n%q", text, d, s.String())
}

// TestEndToEndTabsInPseudoTerminal runs the built binary in a real
// pseudo-terminal: it must draw the tab bar, switch tabs by key and quit
// on q with exit code 0.
func TestEndToEndTabsInPseudoTerminal(t *testing.T) {
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "e2e.db")
	if out, err := exec.Command(bin, "--db", db, "demo").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--db", db, "--user", "e2e")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var scr screen
	go func() { _, _ = copyAll(&scr, f) }()
	scr.waitFor(t, "Sprachmittlung", 10*time.Second)
	scr.waitFor(t, "Kostenerstattungen", 2*time.Second)
	scr.waitFor(t, "e2e", 2*time.Second) // the user in the status bar
	// Switch to tab 3 and back by key; the help line changes with the tab.
	f.Write([]byte("3"))
	time.Sleep(300 * time.Millisecond)
	f.Write([]byte("2"))
	time.Sleep(300 * time.Millisecond)
	f.Write([]byte("?"))
	scr.waitFor(t, "Hilfe", 3*time.Second)
	f.Write([]byte("x")) // any key closes the help
	time.Sleep(200 * time.Millisecond)
	quitTUI(t, cmd, f)
}

// TestEndToEndRestoreDamagedDatabase: a damaged database with one backup
// beside it gets the recovery screen; enter and j restore the backup, the
// normal program starts with its tab bar, and the data of the backup is
// there. The damaged file lies aside, byte for byte.
func TestEndToEndRestoreDamagedDatabase(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "e2e.db")
	if out, err := exec.Command(bin, "--db", db, "demo").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "--db", db, "backup").CombinedOutput(); err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "stabsstelle-backups", "stabsstelle-*.db"))
	if len(backups) != 1 {
		t.Fatalf("backups %v", backups)
	}
	counts := func(path string) string {
		out, err := exec.Command(bin, "--db", path, "check").Output()
		if err != nil {
			t.Fatalf("check %s: %v\n%s", path, err, out)
		}
		_, rest, _ := strings.Cut(string(out), "\n") // without the line naming the file
		return rest
	}
	want := counts(backups[0])
	data, _ := os.ReadFile(db)
	for i := 2 * os.Getpagesize(); i < len(data); i++ {
		data[i] = byte(i * 7)
	}
	os.WriteFile(db, data, 0o600)

	cmd := exec.Command(bin, "--db", db, "--user", "e2e")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var scr screen
	go func() { _, _ = copyAll(&scr, f) }()
	scr.waitFor(t, "Die Datenbank ist beschädigt", 5*time.Second)
	scr.waitFor(t, "Bisher wurde nichts verändert.", time.Second)
	scr.waitFor(t, "fehlerfrei", 5*time.Second)
	f.Write([]byte("\r"))
	scr.waitFor(t, "zurückspielen?", 2*time.Second)
	f.Write([]byte("j"))
	scr.waitFor(t, "Kostenerstattungen", 5*time.Second)
	scr.waitFor(t, "zurückgespielt", 2*time.Second)
	quitTUI(t, cmd, f)
	if got := counts(db); got != want {
		t.Errorf("restored database holds\n%s\nwant (the backup)\n%s", got, want)
	}
	aside, _ := filepath.Glob(filepath.Join(dir, "e2e.defekt-*.db"))
	if len(aside) != 1 {
		t.Fatalf("damaged file aside: %v", aside)
	}
	if kept, _ := os.ReadFile(aside[0]); !bytes.Equal(kept, data) {
		t.Error("the damaged file was not kept byte for byte")
	}
}

func copyAll(dst *screen, src *os.File) (int64, error) {
	buf := make([]byte, 4096)
	var n int64
	for {
		k, err := src.Read(buf)
		if k > 0 {
			dst.Write(buf[:k])
			n += int64(k)
		}
		if err != nil {
			return n, err
		}
	}
}

// TestSecondProgramOnHeldFileFailsFast: while one program holds the file, a
// second one must end within 2 s, exit 1, with a German sentence.
func TestSecondProgramOnHeldFileFailsFast(t *testing.T) {
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "held.db")
	holder := exec.Command(bin, "--db", db)
	holder.Env = append(os.Environ(), "TERM=xterm-256color")
	f, err := pty.StartWithSize(holder, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { holder.Process.Kill(); holder.Wait(); f.Close() }()
	var scr screen
	go func() { _, _ = copyAll(&scr, f) }()
	scr.waitFor(t, "Willkommen", 10*time.Second)

	start := time.Now()
	second := exec.Command(bin, "--db", db, "demo")
	var stderr bytes.Buffer
	second.Stderr = &stderr
	err = second.Run()
	elapsed := time.Since(start)
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("second program: err %v, want exit code 1", err)
	}
	if elapsed > 2*time.Second {
		t.Errorf("second program took %v, want < 2 s", elapsed)
	}
	if !strings.Contains(stderr.String(), "bereits geöffnet") || strings.Contains(stderr.String(), "goroutine") {
		t.Errorf("stderr = %q", stderr.String())
	}
}

// TestRandomFileIsRefusedUntouched: a random file given as --db is refused
// with exit code 1 and keeps its bytes.
func TestRandomFileIsRefusedUntouched(t *testing.T) {
	bin := binary(t)
	path := filepath.Join(t.TempDir(), "zufall.db")
	data := make([]byte, 64<<10)
	for i := range data {
		data[i] = byte(i*31 + i/7)
	}
	os.WriteFile(path, data, 0o644)
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "--db", path, "demo")
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("err %v, want exit code 1", err)
	}
	if !strings.Contains(stderr.String(), "keine Datenbank von stabsstelle") {
		t.Errorf("stderr = %q", stderr.String())
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, data) {
		t.Error("the random file was changed")
	}
}

func TestUnknownVerbIsUsageError(t *testing.T) {
	bin := binary(t)
	cmd := exec.Command(bin, "--db", filepath.Join(t.TempDir(), "x.db"), "fliegen")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Fatalf("err %v, want exit 2", err)
	}
	if !strings.Contains(string(out), "Unbekannter Befehl") {
		t.Errorf("output %q", out)
	}
}

// quitTUI presses q in the running program and waits (at most 5 s) for it
// to end without an error.
func quitTUI(t testing.TB, cmd *exec.Cmd, f io.Writer) {
	t.Helper()
	f.Write([]byte("q"))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatal("q did not quit within 5 s")
	}
}
