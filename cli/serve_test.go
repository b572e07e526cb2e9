package cli

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"stabsstelle/store"
)

type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServeUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	var out, errb bytes.Buffer
	if code := Run([]string{"--db", db, "serve"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "--authorized-keys") {
		t.Errorf("without keys: code %d, %q", code, errb.String())
	}
	errb.Reset()
	if code := Run([]string{"--db", db, "serve", "--authorized-keys", filepath.Join(t.TempDir(), "fehlt")}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "gibt es nicht") {
		t.Errorf("missing keys file: code %d, %q", code, errb.String())
	}
	errb.Reset()
	if code := Run([]string{"--db", db, "serve", "--authorized-keys", "x", "--idle-timeout", "bald"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "keine Dauer") {
		t.Errorf("bad idle timeout: code %d, %q", code, errb.String())
	}
	for in, want := range map[string]time.Duration{"30m": 30 * time.Minute, "90": 90 * time.Minute, "1,5 h": 90 * time.Minute, "0": 0} {
		if got, err := parseIdle(in); err != nil || got != want {
			t.Errorf("parseIdle(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	out.Reset()
	if code := Run([]string{"serve", "--help"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "Beispiele") {
		t.Errorf("help: code %d, %q", code, out.String())
	}
}

// TestServeShutsDownOnSignal runs the verb, connects a member, sends
// SIGTERM and checks: the session ends, Run returns 0, the database is
// closed (it opens again) and the host key stayed.
func TestServeShutsDownOnSignal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "team.db")
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(dir, "keys")
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " anna\n"
	if err := os.WriteFile(keys, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errb := &lockedBuf{}, &lockedBuf{}
	done := make(chan int, 1)
	go func() {
		done <- Run([]string{"--db", db, "serve", "--listen", "127.0.0.1:0", "--authorized-keys", keys}, out, errb)
	}()
	re := regexp.MustCompile(`auf (127\.0\.0\.1:\d+)`)
	var addr string
	for deadline := time.Now().Add(5 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatalf("server did not start: %s %s", out, errb)
	}
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "anna", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	screen := &lockedBuf{}
	sess.Stdout = screen
	in, _ := sess.StdinPipe()
	defer in.Close()
	if err := sess.RequestPty("xterm", 30, 100, nil); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(screen.String(), "stabsstelle"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no screen: %q", screen.String())
		}
	}
	ended := make(chan error, 1)
	go func() { ended <- sess.Wait() }()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code %d; stderr %s", code, errb)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	select {
	case <-ended:
	case <-time.After(3 * time.Second):
		t.Error("session still open after shutdown")
	}
	if !strings.Contains(screen.String(), "Server wird beendet") {
		t.Errorf("member got no shutdown message")
	}
	for _, want := range []string{"angemeldet: anna", "Server wird beendet", "beendet"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, errb)
		}
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatalf("database not closed after shutdown: %v", err)
	}
	st.Close()
	if _, err := os.Stat(filepath.Join(dir, "team.hostkey")); err != nil {
		t.Errorf("host key not kept beside the database: %v", err)
	}
}
