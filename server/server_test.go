package server

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui"
)

// logBuf collects the server's log lines.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func keyLine(s gossh.Signer, name string) string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))) + " " + name + "\n"
}

// roleLine is a keys file line with roles: rolle="…" ssh-ed25519 AAAA… name.
func roleLine(s gossh.Signer, name, roles string) string {
	return `rolle="` + roles + `" ` + keyLine(s, name)
}

type testEnv struct {
	t        *testing.T
	dir      string
	st       *store.Store
	srv      *Server
	addr     string
	log      *logBuf
	keysPath string
	anna     gossh.Signer
	ben      gossh.Signer
	cfg      Config
}

// startServer opens a temp store holding one person and serves it on
// loopback for the members anna and ben.
func startServer(t *testing.T, tweak func(*Config)) *testEnv {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "team.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update("setup", func(tx *store.Tx) error {
		return store.People.Put(tx, &model.Person{Name: "Anton Vorhanden"})
	}); err != nil {
		t.Fatal(err)
	}
	e := &testEnv{t: t, dir: dir, st: st, log: &logBuf{}, anna: newSigner(t), ben: newSigner(t)}
	e.keysPath = filepath.Join(dir, "team_keys")
	e.writeKeys(roleLine(e.anna, "anna", "sachbearbeitung") + roleLine(e.ben, "ben", "sachbearbeitung"))
	e.cfg = Config{Store: st, AuthorizedKeys: e.keysPath, HostKey: filepath.Join(dir, "host_key"),
		Listen: "127.0.0.1:0", Log: e.log, RateBurst: -1}
	if tweak != nil {
		tweak(&e.cfg)
	}
	e.start()
	t.Cleanup(func() {
		e.stop()
		st.Close()
	})
	return e
}

func (e *testEnv) start() {
	e.t.Helper()
	srv, err := New(e.cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	ln, err := srv.Listen()
	if err != nil {
		e.t.Fatal(err)
	}
	e.srv, e.addr = srv, ln.Addr().String()
	go srv.Serve(ln)
}

func (e *testEnv) stop() {
	if e.srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil && e.t != nil {
		e.t.Errorf("shutdown: %v", err)
	}
	e.srv = nil
}

func (e *testEnv) writeKeys(content string) {
	e.t.Helper()
	if err := os.WriteFile(e.keysPath, []byte(content), 0o600); err != nil {
		e.t.Fatal(err)
	}
}

func (e *testEnv) dial(user string, auth ...gossh.AuthMethod) (*gossh.Client, gossh.PublicKey, error) {
	var hostKey gossh.PublicKey
	cfg := &gossh.ClientConfig{User: user, Auth: auth, Timeout: 5 * time.Second,
		HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error { hostKey = k; return nil }}
	c, err := gossh.Dial("tcp", e.addr, cfg)
	return c, hostKey, err
}

// term is one member's terminal: a client with a pseudo-terminal whose
// screen the test reads through the small emulator.
type term struct {
	t      *testing.T
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	vt     *vt
	done   chan error
}

func (e *testEnv) open(user string, signer gossh.Signer, w, h int) *term {
	e.t.Helper()
	c, _, err := e.dial(user, gossh.PublicKeys(signer))
	if err != nil {
		e.t.Fatalf("%s: connect: %v\nlog:\n%s", user, err, e.log)
	}
	sess, err := c.NewSession()
	if err != nil {
		e.t.Fatal(err)
	}
	v := newVT(w, h)
	sess.Stdout, sess.Stderr = v, v
	in, err := sess.StdinPipe()
	if err != nil {
		e.t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		e.t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		e.t.Fatal(err)
	}
	tm := &term{t: e.t, client: c, sess: sess, in: in, vt: v, done: make(chan error, 1)}
	go func() { tm.done <- sess.Wait() }()
	e.t.Cleanup(tm.close)
	return tm
}

func (tm *term) close() {
	tm.in.Close()
	tm.sess.Close()
	tm.client.Close()
}

func (tm *term) send(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(tm.in, k); err != nil {
			tm.t.Fatalf("send %q: %v", k, err)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// hangAfter is the least time a wait gives before it calls the screen
// stuck: the durations the tests name are what a user expects, but on a
// shared CI machine under load a session may take longer without being
// wrong. Where speed matters the test checks the returned time itself.
const hangAfter = 15 * time.Second

// waitFor waits until the screen shows text and returns how long it took.
func (tm *term) waitFor(text string, d time.Duration) time.Duration {
	tm.t.Helper()
	d = max(d, hangAfter)
	start := time.Now()
	for {
		if strings.Contains(tm.vt.Screen(), text) {
			return time.Since(start)
		}
		if time.Since(start) > d {
			tm.t.Fatalf("%q not on screen within %v; screen:\n%s\nraw tail: %q", text, d, tm.vt.Screen(), tail(tm.vt.Raw(), 1500))
		}
		time.Sleep(15 * time.Millisecond)
	}
}

func (tm *term) waitExit(d time.Duration) {
	tm.t.Helper()
	d = max(d, hangAfter)
	select {
	case <-tm.done:
	case <-time.After(d):
		tm.t.Fatalf("session did not end within %v; screen:\n%s", d, tm.vt.Screen())
	}
}

func personByName(t *testing.T, st *store.Store, name string) *model.Person {
	t.Helper()
	var found *model.Person
	_ = st.View(func(tx *store.Tx) error {
		return store.People.Each(tx, func(p *model.Person) error {
			if p.Name == name {
				found = p
			}
			return nil
		})
	})
	return found
}

// TestTwoMembersSeeEachOthersChanges: anna creates a person by typing in
// her session; ben, looking at the people directory, sees the new name
// within a second; the record and the journal name anna.
func TestTwoMembersSeeEachOthersChanges(t *testing.T) {
	e := startServer(t, nil)
	a := e.open("anna", e.anna, 100, 30)
	b := e.open("ben", e.ben, 100, 30)
	for _, tm := range []*term{a, b} {
		tm.waitFor("Sprachmittlung", 5*time.Second)
		tm.send("p")
		tm.waitFor("Anton Vorhanden", 3*time.Second)
	}
	// The status bar names the member.
	if !strings.Contains(a.vt.Raw(), "anna") || !strings.Contains(b.vt.Raw(), "ben") {
		t.Error("status bars do not name anna and ben")
	}

	a.send("n")
	a.waitFor("Geschlecht", 3*time.Second)
	a.send("Zora Testfrau")
	a.waitFor("Zora Testfrau", 5*time.Second)
	// Name, Geschlecht, E-Mail, Telefon, Straße, PLZ, Ort, Notizen: enter
	// moves on (in the notes it is a new line); ctrl+s saves.
	for range 7 {
		a.send("\r")
	}
	a.send("\x13")
	deadline := time.Now().Add(3 * time.Second)
	var p *model.Person
	for p == nil && time.Now().Before(deadline) {
		p = personByName(t, e.st, "Zora Testfrau")
		time.Sleep(5 * time.Millisecond)
	}
	if p == nil {
		t.Fatalf("anna's person was not saved; anna's screen:\n%s", a.vt.Screen())
	}
	took := b.waitFor("Zora Testfrau", 3*time.Second)
	if took > time.Second {
		t.Errorf("ben saw anna's change after %v, want ≤ 1s", took)
	}
	t.Logf("ben saw anna's new person %v after it was saved", took)
	if p.CreatedBy != "anna" || p.UpdatedBy != "anna" {
		t.Errorf("person created by %q/%q, want anna", p.CreatedBy, p.UpdatedBy)
	}
	var hist []store.JournalEntry
	if err := e.st.View(func(tx *store.Tx) (err error) { hist, err = tx.History(p.ID); return err }); err != nil {
		t.Fatal(err)
	}
	if len(hist) == 0 || hist[0].Who != "anna" {
		t.Errorf("journal of the new person = %+v, want an entry by anna", hist)
	}

	// ben changes something too: the journal names him.
	if err := e.st.Update("ben", func(tx *store.Tx) error {
		p, err := store.People.Get(tx, p.ID)
		if err != nil {
			return err
		}
		p.City = "Gifhorn"
		return store.People.Put(tx, p)
	}); err != nil {
		t.Fatal(err)
	}
	a.waitFor("Gifhorn", 2*time.Second)
	whos := map[string]bool{}
	_ = e.st.View(func(tx *store.Tx) error {
		return tx.Journal(func(j store.JournalEntry) bool { whos[j.Who] = true; return true })
	})
	if !whos["anna"] || !whos["ben"] {
		t.Errorf("journal names %v, want anna and ben", whos)
	}
	if !strings.Contains(e.log.String(), "angemeldet: anna") || !strings.Contains(e.log.String(), "angemeldet: ben") {
		t.Errorf("log does not name both members:\n%s", e.log)
	}
}

// TestLiveChangeDoesNotDisturbTyping: ben is typing a new person's name
// when anna saves a change; his input stays and he can save it.
func TestLiveChangeDoesNotDisturbTyping(t *testing.T) {
	e := startServer(t, nil)
	b := e.open("ben", e.ben, 100, 30)
	b.waitFor("Sprachmittlung", 5*time.Second)
	b.send("p")
	b.waitFor("Anton Vorhanden", 3*time.Second)
	b.send("n")
	b.waitFor("Geschlecht", 3*time.Second)
	b.send("Xaver")
	b.waitFor("Xaver", 2*time.Second)

	if err := e.st.Update("anna", func(tx *store.Tx) error {
		return store.People.Put(tx, &model.Person{Name: "Anna Zwischendurch"})
	}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the event reaches ben's program
	b.send(" Nachtrag")
	b.waitFor("Xaver Nachtrag", 5*time.Second)
	b.send("\x13")                                 // ctrl+s saves from the name field
	b.waitFor("Anna Zwischendurch", 3*time.Second) // back on the list, with anna's person
	p := personByName(t, e.st, "Xaver Nachtrag")
	if p == nil {
		t.Fatalf("ben's input was lost; screen:\n%s", b.vt.Screen())
	}
	if p.CreatedBy != "ben" {
		t.Errorf("created by %q, want ben", p.CreatedBy)
	}
}

func TestUnknownKeyIsRefused(t *testing.T) {
	e := startServer(t, nil)
	_, _, err := e.dial("eve", gossh.PublicKeys(newSigner(t)))
	if err == nil {
		t.Fatal("a key not in the file got in")
	}
	// Even claiming to be anna does not help without anna's key.
	if _, _, err := e.dial("anna", gossh.PublicKeys(newSigner(t))); err == nil {
		t.Fatal("a foreign key got in as anna")
	}
	waitLog(t, e.log, "nicht in der Schlüsseldatei")
}

func TestPasswordLoginIsRefused(t *testing.T) {
	e := startServer(t, nil)
	answered := false
	_, _, err := e.dial("anna", gossh.Password("geheim"),
		gossh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
			// an explanation without questions is fine, a prompt is not
			answered = answered || len(questions) > 0
			return make([]string, len(questions)), nil
		}))
	if err == nil {
		t.Fatal("password login got in")
	}
	if answered {
		t.Error("server asked keyboard-interactive questions")
	}
	waitLog(t, e.log, "abgewiesen")
}

// TestRefusedClientIsToldWhyInGerman: OpenSSH shows a refused member only
// "Permission denied (publickey)"; the server's keyboard-interactive step
// (no questions, never accepting) adds a German explanation with the key's
// fingerprint, once, in plain ASCII (OpenSSH escapes other bytes as \303\274).
func TestRefusedClientIsToldWhyInGerman(t *testing.T) {
	e := startServer(t, nil)
	eve := newSigner(t)
	var told []string
	explain := gossh.RetryableAuthMethod(gossh.KeyboardInteractive(func(_, instruction string, questions []string, _ []bool) ([]string, error) {
		if len(questions) > 0 {
			t.Errorf("the server asked %v", questions)
		}
		if instruction != "" {
			told = append(told, instruction)
		}
		return make([]string, len(questions)), nil
	}), 3)
	if _, _, err := e.dial("eve", gossh.PublicKeys(eve), explain); err == nil {
		t.Fatal("an unknown key got in")
	}
	if len(told) != 1 {
		t.Fatalf("explained %d times: %q", len(told), told)
	}
	msg := told[0]
	for _, want := range []string{"Anmeldung abgelehnt", "steht nicht in der Schluesseldatei", gossh.FingerprintSHA256(eve.PublicKey()), "id_ed25519.pub"} {
		if !strings.Contains(msg, want) {
			t.Errorf("explanation lacks %q:\n%s", want, msg)
		}
	}
	for _, l := range strings.Split(msg, "\n") {
		for _, r := range l {
			if r > 127 {
				t.Errorf("non-ASCII %q in %q", r, l)
				break
			}
		}
		if len(l) > 79 {
			t.Errorf("line wraps in an 80-column terminal: %q", l)
		}
	}
	// without any key: the same refusal, saying that a key is needed
	told = nil
	if _, _, err := e.dial("eve", explain); err == nil {
		t.Fatal("got in without a key")
	}
	if len(told) != 1 || !strings.Contains(told[0], "kein SSH-Schluessel angeboten") {
		t.Errorf("without key: %q", told)
	}
	// members are not bothered: anna's key gets in without the step
	c, _, err := e.dial("anna", gossh.PublicKeys(e.anna), gossh.KeyboardInteractive(func(_, instruction string, _ []string, _ []bool) ([]string, error) {
		t.Errorf("a member was shown %q", instruction)
		return nil, nil
	}))
	if err != nil {
		t.Fatalf("anna: %v", err)
	}
	c.Close()
	if strings.Contains(e.log.String(), "keyboard-interactive") {
		t.Errorf("the log names a password attempt nobody made:\n%s", e.log)
	}
}

func waitLog(t *testing.T, l *logBuf, text string) {
	t.Helper()
	deadline := time.Now().Add(hangAfter)
	for !strings.Contains(l.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("log lacks %q:\n%s", text, l)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestIdentityIsTheKeysName: the SSH user name does not matter, the key
// does: ben's key logging in as "anna" is ben on every write.
func TestIdentityIsTheKeysName(t *testing.T) {
	e := startServer(t, nil)
	tm := e.open("anna", e.ben, 100, 30)
	tm.waitFor("ben", 5*time.Second)
	if strings.Contains(e.log.String(), "angemeldet: anna") {
		t.Errorf("log names anna for ben's key:\n%s", e.log)
	}
	waitLog(t, e.log, "angemeldet: ben")
}

// TestClientOfferingSeveralKeys: a client with an unknown key first and
// anna's key second is anna (the decision follows the key that signed).
func TestClientOfferingSeveralKeys(t *testing.T) {
	e := startServer(t, nil)
	c, _, err := e.dial("x", gossh.PublicKeys(newSigner(t), e.anna))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	v := newVT(100, 30)
	sess.Stdout = v
	if err := sess.RequestPty("xterm", 30, 100, nil); err != nil {
		t.Fatal(err)
	}
	in, _ := sess.StdinPipe()
	defer in.Close()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	waitLog(t, e.log, "angemeldet: anna")
}

func TestHostKeySurvivesRestart(t *testing.T) {
	e := startServer(t, nil)
	c, first, err := e.dial("anna", gossh.PublicKeys(e.anna))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	info, err := os.Stat(e.cfg.HostKey)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %v, want 0600", info.Mode().Perm())
	}
	e.stop()
	e.start()
	c, second, err := e.dial("anna", gossh.PublicKeys(e.anna))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if gossh.FingerprintSHA256(first) != gossh.FingerprintSHA256(second) {
		t.Errorf("host key changed across restart: %s → %s", gossh.FingerprintSHA256(first), gossh.FingerprintSHA256(second))
	}
	if gossh.FingerprintSHA256(second) != e.srv.Fingerprint() {
		t.Error("Fingerprint() differs from the key clients see")
	}
}

func TestDefaultHostKeyBesideDatabase(t *testing.T) {
	e := startServer(t, func(c *Config) { c.HostKey = "" })
	want := filepath.Join(e.dir, "team.hostkey")
	if e.srv.HostKeyPath() != want {
		t.Errorf("host key at %s, want %s", e.srv.HostKeyPath(), want)
	}
	if _, err := os.Stat(want); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat("id_ed25519"); err == nil {
		t.Error("wish wrote id_ed25519 into the working directory")
	}
}

// TestBadLineDoesNotLockOutLaterKeys: a broken line, a key without a name
// and a key with options are skipped; the keys after them still work.
func TestBadLineDoesNotLockOutLaterKeys(t *testing.T) {
	e := startServer(t, nil)
	nameless := newSigner(t)
	e.writeKeys("# Team\n" + keyLine(e.anna, "anna") +
		"ssh-ed25519 AAAAkaputt anna2\n" +
		"das ist keine Schlüsselzeile\n" +
		strings.TrimSpace(keyLine(nameless, "")) + "\n" +
		`from="10.0.0.1" ` + keyLine(newSigner(t), "carla") +
		keyLine(e.ben, "ben"))
	if c, _, err := e.dial("ben", gossh.PublicKeys(e.ben)); err != nil {
		t.Fatalf("ben locked out by a bad line before his key: %v\nlog:\n%s", err, e.log)
	} else {
		c.Close()
	}
	if _, _, err := e.dial("x", gossh.PublicKeys(nameless)); err == nil {
		t.Error("a key without a name got in")
	}
	log := e.log.String()
	for _, want := range []string{"Zeile 3 ist kein gültiger", "Zeile 4 ist kein gültiger", "Zeile 5", "kein Name", "Zeile 6", "Option from=\"10.0.0.1\" wird nicht unterstützt"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

// TestKeysFileChangesApplyWithoutRestart: removing ben locks him out,
// adding carla lets her in.
func TestKeysFileChangesApplyWithoutRestart(t *testing.T) {
	e := startServer(t, nil)
	carla := newSigner(t)
	if _, _, err := e.dial("carla", gossh.PublicKeys(carla)); err == nil {
		t.Fatal("carla got in before she was added")
	}
	e.writeKeys(keyLine(e.anna, "anna") + keyLine(carla, "Carla Neu"))
	c, _, err := e.dial("carla", gossh.PublicKeys(carla))
	if err != nil {
		t.Fatalf("carla added but refused: %v", err)
	}
	c.Close()
	if _, _, err := e.dial("ben", gossh.PublicKeys(e.ben)); err == nil {
		t.Fatal("ben removed but still got in")
	}
	if got := strings.Join(e.srv.Members(), ","); got != "Carla Neu,anna" {
		t.Errorf("members %q", got)
	}
}

func TestSessionWithoutTerminalGetsMessage(t *testing.T) {
	e := startServer(t, nil)
	c, _, err := e.dial("anna", gossh.PublicKeys(e.anna))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	out, err := sess.CombinedOutput("today")
	if err == nil {
		t.Error("session without terminal exited 0")
	}
	if !strings.Contains(string(out), "braucht ein Terminal") || strings.Count(strings.TrimSpace(string(out)), "\n") != 0 {
		t.Errorf("message %q, want one German line", out)
	}
	waitLog(t, e.log, "ohne Terminal")
}

func TestIdleSessionIsClosed(t *testing.T) {
	e := startServer(t, func(c *Config) { c.IdleTimeout = 400 * time.Millisecond })
	tm := e.open("anna", e.anna, 100, 30)
	tm.waitExit(5 * time.Second)
	if !strings.Contains(tm.vt.Raw(), "ohne Eingabe beendet") {
		t.Errorf("no idle message; output tail: %q", tail(tm.vt.Raw(), 300))
	}
	waitLog(t, e.log, "ohne Eingabe")
}

func TestRateLimit(t *testing.T) {
	e := startServer(t, func(c *Config) { c.RateBurst, c.RateEvery = 2, time.Hour })
	for i := range 2 {
		c, _, err := e.dial("anna", gossh.PublicKeys(e.anna))
		if err != nil {
			t.Fatalf("attempt %d refused: %v", i+1, err)
		}
		c.Close()
	}
	// The third attempt is refused – with a German sentence the client
	// shows, not a reset.
	var told []string
	explain := gossh.RetryableAuthMethod(gossh.KeyboardInteractive(func(_, instruction string, questions []string, _ []bool) ([]string, error) {
		if instruction != "" {
			told = append(told, instruction)
		}
		return make([]string, len(questions)), nil
	}), 3)
	if _, _, err := e.dial("anna", gossh.PublicKeys(e.anna), explain); err == nil {
		t.Fatal("third attempt within the burst got in")
	}
	waitLog(t, e.log, "zu viele Verbindungsversuche")
	if len(told) != 1 || !strings.Contains(told[0], "Zu viele Verbindungsversuche") || !strings.Contains(told[0], "Minute warten") {
		t.Errorf("the rate-limited client was told %q", told)
	}
	// Within the minute further attempts cost no handshake: one German
	// line before the SSH greeting, then the connection closes.
	c, err := net.Dial("tcp", e.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	line, _ := bufio.NewReader(c).ReadString('\n')
	if !strings.Contains(line, "Zu viele Verbindungsversuche") {
		t.Errorf("fourth attempt read %q", line)
	}
}

// TestShutdownClosesSessions: Shutdown ends open sessions with a message
// and returns; the store stays usable for the caller to close.
func TestShutdownClosesSessions(t *testing.T) {
	e := startServer(t, nil)
	tm := e.open("anna", e.anna, 100, 30)
	tm.waitFor("Sprachmittlung", 5*time.Second)
	start := time.Now()
	e.stop()
	tm.waitExit(3 * time.Second)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	if !strings.Contains(tm.vt.Raw(), "Server wird beendet") {
		t.Errorf("no shutdown message; tail %q", tail(tm.vt.Raw(), 300))
	}
	if err := e.st.View(func(*store.Tx) error { return nil }); err != nil {
		t.Errorf("store closed by server: %v", err)
	}
}

// TestManySessions: ten members' terminals connect at once, render, and
// quit; all under -race.
func TestManySessions(t *testing.T) {
	e := startServer(t, nil)
	const n = 10
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			signer := e.anna
			if i%2 == 1 {
				signer = e.ben
			}
			c, _, err := e.dial(fmt.Sprint("m", i), gossh.PublicKeys(signer))
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			sess, err := c.NewSession()
			if err != nil {
				errs <- err
				return
			}
			v := newVT(90, 26)
			sess.Stdout = v
			in, _ := sess.StdinPipe()
			if err := sess.RequestPty("xterm-256color", 26, 90, nil); err != nil {
				errs <- err
				return
			}
			if err := sess.Shell(); err != nil {
				errs <- err
				return
			}
			deadline := time.Now().Add(8 * time.Second)
			for !strings.Contains(v.Screen(), "Sprachmittlung") {
				if time.Now().After(deadline) {
					errs <- fmt.Errorf("session %d did not render:\n%s", i, v.Screen())
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
			io.WriteString(in, "q")
			done := make(chan error, 1)
			go func() { done <- sess.Wait() }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				errs <- fmt.Errorf("session %d did not quit", i)
			}
		}(i)
	}
	// Meanwhile somebody saves: every screen gets the event.
	for i := range 5 {
		_ = e.st.Update("anna", func(tx *store.Tx) error {
			return store.People.Put(tx, &model.Person{Name: fmt.Sprint("Person ", i)})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for e.srv.Sessions() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := e.srv.Sessions(); got != 0 {
		t.Errorf("%d sessions still open", got)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func TestParseKeysConflictingNames(t *testing.T) {
	s := newSigner(t)
	other := newSigner(t)
	members, problems := ParseKeys([]byte(keyLine(s, "anna") + keyLine(s, "ben") + keyLine(s, "anna") + keyLine(other, "  Carla   Neu  ")))
	if len(members) != 1 {
		t.Fatalf("members %v, want only carla", members)
	}
	for _, m := range members {
		if m.Name != "Carla Neu" {
			t.Errorf("name %q", m.Name)
		}
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "derselbe Schlüssel") {
		t.Errorf("problems %q", problems)
	}
}

// TestReleaseModelEndsSubscription: a program stopped from outside (client
// gone, idle, shutdown) must not leave its change-feed subscription behind,
// nor a command waiting on it.
func TestReleaseModelEndsSubscription(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "x.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := ui.New(ui.Options{Store: st, User: "anna", Dark: true})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	// Run Init's commands on their own goroutines, as the program would:
	// all return at once except the feed wait, which blocks until the
	// subscription ends.
	var cmds []tea.Cmd
	if c := m.Init(); c != nil {
		if b, ok := c().(tea.BatchMsg); ok {
			cmds = b
		}
	}
	if n := st.Subscribers(); n != 1 {
		t.Fatalf("%d subscribers after start, want 1", n)
	}
	var returned atomic.Int32
	for _, c := range cmds {
		if c == nil {
			returned.Add(1)
			continue
		}
		go func() { c(); returned.Add(1) }()
	}
	waitUntil := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal(what)
			}
		}
	}
	all := int32(len(cmds))
	waitUntil("Init's commands other than the feed wait did not return", func() bool { return returned.Load() >= all-1 })
	if returned.Load() != all-1 {
		t.Fatalf("%d of %d commands returned before release: the feed wait did not wait", returned.Load(), all)
	}
	releaseModel(m)
	waitUntil("the feed wait still blocks after releaseModel", func() bool { return returned.Load() == all })
	if n := st.Subscribers(); n != 0 {
		t.Errorf("%d subscribers after releaseModel, want 0", n)
	}
}

// TestRemovedMemberIsDisconnected: deleting ben's line ends his open
// session; anna stays.
func TestRemovedMemberIsDisconnected(t *testing.T) {
	e := startServer(t, func(c *Config) { c.checkEvery = 50 * time.Millisecond })
	a := e.open("anna", e.anna, 100, 30)
	b := e.open("ben", e.ben, 100, 30)
	a.waitFor("Sprachmittlung", 5*time.Second)
	b.waitFor("Sprachmittlung", 5*time.Second)
	e.writeKeys(keyLine(e.anna, "anna"))
	b.waitExit(3 * time.Second)
	if !strings.Contains(b.vt.Raw(), "nicht mehr in der Schlüsseldatei") {
		t.Errorf("ben got no message; tail %q", tail(b.vt.Raw(), 300))
	}
	select {
	case <-a.done:
		t.Error("anna's session ended too")
	case <-time.After(200 * time.Millisecond):
	}
	waitLog(t, e.log, "aus der Schlüsseldatei entfernt")
}

func TestDailyBackup(t *testing.T) {
	e := startServer(t, func(c *Config) { c.DailyBackup = true })
	waitLog(t, e.log, "tägliche Sicherung geschrieben")
	list, err := store.ListBackups(store.BackupDir(e.st.Path()))
	if err != nil || len(list) != 1 {
		t.Fatalf("backups %v, %v", list, err)
	}
}
