package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	gossh "golang.org/x/crypto/ssh"

	"stabsstelle/lookup"
)

// lookupCalls are the read-only calls that must work while another
// program holds the file; the days are relative to today so that the demo
// data has bookings on some of them.
var lookupCalls = [][]string{
	{"today", "--date", "morgen", "--json"},
	{"today", "--date", "Mo"},
	{"today", "--date", "Di", "--json"},
	{"today", "--date", "Mi"},
	{"today", "--date", "Do"},
	{"search", "tigrinya"},
	{"search", "jobcenter", "--json", "--limit", "5"},
}

type lookupResult struct {
	code        int
	out, errOut string
}

func runLookup(t *testing.T, bin, db string, args ...string) lookupResult {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return lookupResult{code, out.String(), errOut.String()}
}

// lookupWant runs the calls on the free file: what they must print later.
func lookupWant(t *testing.T, bin, db string) []lookupResult {
	t.Helper()
	want := make([]lookupResult, len(lookupCalls))
	booked := false
	for i, c := range lookupCalls {
		want[i] = runLookup(t, bin, db, c...)
		if want[i].code != 0 {
			t.Fatalf("%v on the free file: %+v", c, want[i])
		}
		booked = booked || (c[0] == "today" && strings.Contains(want[i].out, "E-20"))
	}
	if !booked {
		t.Fatalf("the demo has no bookings on the days asked: %+v", want)
	}
	return want
}

func checkLookups(t *testing.T, bin, db, holder string, want []lookupResult) {
	t.Helper()
	for i, c := range lookupCalls {
		start := time.Now()
		got := runLookup(t, bin, db, c...)
		if got != want[i] {
			t.Errorf("%v while %s holds the file: %+v\nwant %+v", c, holder, got, want[i])
		}
		if d := time.Since(start); d > 900*time.Millisecond {
			t.Errorf("%v while %s holds the file took %v", c, holder, d)
		}
	}
}

// waitAnswering waits until the program holding db answers on its socket.
func waitAnswering(t *testing.T, db string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := lookup.Ask(db, lookup.Request{Verb: lookup.VerbToday, Date: "2026-03-05"}); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the program holding the file does not answer on its lookup socket")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func startTUI(t *testing.T, bin, db string) (*exec.Cmd, *os.File) {
	t.Helper()
	cmd := exec.Command(bin, "--db", db, "--user", "e2e")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	var scr screen
	go func() { _, _ = copyAll(&scr, f) }()
	scr.waitFor(t, "Sprachmittlung", 10*time.Second)
	waitAnswering(t, db)
	return cmd, f
}

// TestTodayAndSearchWhileTheProgramRuns: the interface holds the file all
// day; today and search in another window still answer, exactly as on the
// free file. After a kill -9 the socket file is left behind; the next
// today reads the file itself, the next start replaces the socket, and
// quitting with q or closing the terminal (SIGHUP) removes it.
func TestTodayAndSearchWhileTheProgramRuns(t *testing.T) {
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "lookup.db")
	if out, err := exec.Command(bin, "--db", db, "demo").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	want := lookupWant(t, bin, db)
	sock := lookup.SocketPath(db)

	cmd, f := startTUI(t, bin, db)
	checkLookups(t, bin, db, "the TUI", want)
	cmd.Process.Kill()
	cmd.Wait()
	f.Close()
	if _, err := os.Lstat(sock); err != nil {
		t.Fatalf("after kill -9 the socket file should be left behind: %v", err)
	}
	// The killed program may have been writing its daily backup: the
	// next open removes the leftover and says so on stderr (only there).
	got := runLookup(t, bin, db, lookupCalls[0]...)
	if got.code != want[0].code || got.out != want[0].out {
		t.Errorf("after kill -9: %+v", got)
	}
	if got.errOut != want[0].errOut && !strings.HasPrefix(got.errOut, "Übrig gebliebene Zwischendateien") {
		t.Errorf("after kill -9, stderr: %q", got.errOut)
	}

	cmd, f = startTUI(t, bin, db)
	defer f.Close()
	checkLookups(t, bin, db, "the restarted TUI", want)
	quitTUI(t, cmd, f)
	if _, err := os.Lstat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket file after q: %v", err)
	}

	// Closing the terminal window (SIGHUP) ends the program cleanly too.
	cmd, f = startTUI(t, bin, db)
	defer f.Close()
	cmd.Process.Signal(syscall.SIGHUP)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatal("SIGHUP did not end the program within 5 s")
	}
	if _, err := os.Lstat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket file after SIGHUP: %v", err)
	}
}

// TestTodayAndSearchWhileServeRuns: the same with the team server holding
// the file; SIGTERM removes the socket.
func TestTodayAndSearchWhileServeRuns(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "team.db")
	if out, err := exec.Command(bin, "--db", db, "demo").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	want := lookupWant(t, bin, db)
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(dir, "keys")
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sshPub))) + " anna\n"
	if err := os.WriteFile(keys, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--db", db, "serve", "--listen", "127.0.0.1:0", "--authorized-keys", keys)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var log screen
	cmd.Stderr = &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	ready := make(chan string, 1)
	go func() {
		first, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- first
	}()
	select {
	case first := <-ready:
		if !strings.Contains(first, "serve auf") {
			t.Fatalf("serve: %q %s", first, log.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("serve did not start: %s", log.String())
	}
	waitAnswering(t, db)
	checkLookups(t, bin, db, "serve", want)
	if strings.Contains(log.String(), "Schnellabfrage") {
		t.Errorf("serve logged a lookup problem: %s", log.String())
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve exit: %v\n%s", err, log.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	if _, err := os.Lstat(lookup.SocketPath(db)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket file after SIGTERM: %v", err)
	}
}

// TestIdleConnectionsDoNotBlockToday: another process opens 16 connections
// to the lookup socket and sends nothing. today in a third window still
// gets its answer (the idle process holds only a few slots), and never the
// "bereits geöffnet" of a locked file.
func TestIdleConnectionsDoNotBlockToday(t *testing.T) {
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "idle.db")
	if out, err := exec.Command(bin, "--db", db, "demo").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	want := runLookup(t, bin, db, lookupCalls[0]...)
	cmd, f := startTUI(t, bin, db)
	defer f.Close()
	var idle []net.Conn
	for range 16 {
		c, err := net.Dial("unix", lookup.SocketPath(db))
		if err != nil {
			t.Fatal(err)
		}
		idle = append(idle, c)
	}
	start := time.Now()
	got := runLookup(t, bin, db, lookupCalls[0]...)
	if got != want || time.Since(start) > 3*time.Second {
		t.Errorf("today with 16 idle connections: %+v after %v, want %+v", got, time.Since(start), want)
	}
	for _, c := range idle {
		c.Close()
	}
	quitTUI(t, cmd, f)
}
