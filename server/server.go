// Package server is stabsstelle's team mode: one process owns the database
// file and serves the terminal interface over SSH (wish v2), one program per
// connection over the one shared store. Members log in with their SSH key;
// the name after the key in the authorized_keys file is who they are on
// every write and in the journal. Changes reach every screen through the
// store's change feed.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	rm "charm.land/wish/v2/recover"
	gossh "golang.org/x/crypto/ssh"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui"
)

// Defaults for Config.
const (
	DefaultListen      = "127.0.0.1:2323"
	DefaultIdleTimeout = 30 * time.Minute
	DefaultRateBurst   = 10
	DefaultRateEvery   = 6 * time.Second
)

// permission extensions set by the public key handler for the key that
// authenticated (see CVE-2024-45337: decide from that key only).
const (
	extMember      = "stabsstelle-member"
	extFingerprint = "stabsstelle-fingerprint"
)

// Config sets up a Server.
type Config struct {
	Store          *store.Store
	AuthorizedKeys string // path of the authorized_keys file with names
	HostKey        string // path of the host key; created if missing
	Listen         string // address for ListenAndServe
	// IdleTimeout ends a session after this long without a key press;
	// 0 means DefaultIdleTimeout, negative means never.
	IdleTimeout time.Duration
	// RateBurst connection attempts per IP address at once, then one more
	// per RateEvery. 0 means the defaults; negative RateBurst switches the
	// limit off.
	RateBurst int
	RateEvery time.Duration
	Log       io.Writer // log lines (stderr)
	Now       func() time.Time
	// DailyBackup writes the store's daily backup (store.DailyBackup) at
	// start and checks every hour whether a new day needs one: a team
	// server runs for weeks, and while it runs nobody else can open the
	// file to back it up.
	DailyBackup bool

	checkEvery time.Duration // tests: how often sessions check idle time and key
}

// Server is the running SSH service.
type Server struct {
	cfg     Config
	st      *store.Store
	keys    *Keys
	log     *Logger
	srv     *ssh.Server
	limit   *limiter
	hostKey gossh.Signer
	idle    time.Duration
	// checkEvery is how often a session checks idle time and whether its
	// key is still in the keys file.
	checkEvery time.Duration

	stopBackups chan struct{}
	backupsDone chan struct{}

	mu       sync.Mutex
	closing  bool
	sessions map[ssh.Session]*session
	attempts map[string][]string // refused login attempts per remote address
	// throttled: IP address → when it was last let through the rate limit
	// only to be told why it is refused (see connCallback); limited marks
	// such connections (by remote address) for the login to refuse.
	throttled map[string]time.Time
	limited   map[string]bool
	// explained marks connections that were told why they were refused
	explained map[string]bool
	done      sync.WaitGroup // running sessions
}

// session is one member's terminal.
type session struct {
	name   string
	fp     string
	key    gossh.PublicKey
	remote string
	start  time.Time
	access *store.Access // the session in the access trail
	roles  model.TeamRoles

	lastInput atomic.Int64 // unix nanoseconds of the last key press

	mu      sync.Mutex
	program *tea.Program
	model   *ui.Model
	ended   bool
	reason  string // why the server ended it: "idle", "removed", "shutdown"
}

// New checks the configuration, reads the keys file and loads or creates
// the host key.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no store")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	s := &Server{cfg: cfg, st: cfg.Store, log: NewLogger(cfg.Log, cfg.Now),
		sessions: map[ssh.Session]*session{}, attempts: map[string][]string{}, explained: map[string]bool{},
		throttled: map[string]time.Time{}, limited: map[string]bool{}}
	s.idle = cfg.IdleTimeout
	if s.idle == 0 {
		s.idle = DefaultIdleTimeout
	}
	s.checkEvery = 30 * time.Second
	if s.idle > 0 {
		s.checkEvery = min(max(s.idle/10, 10*time.Millisecond), s.checkEvery)
	}
	if cfg.checkEvery > 0 {
		s.checkEvery = cfg.checkEvery
	}
	burst, every := cfg.RateBurst, cfg.RateEvery
	if burst == 0 {
		burst = DefaultRateBurst
	}
	if every == 0 {
		every = DefaultRateEvery
	}
	if burst > 0 {
		s.limit = newLimiter(burst, every, cfg.Now)
	}
	if cfg.AuthorizedKeys == "" {
		return nil, errors.New("Bitte mit --authorized-keys die Datei mit den Schlüsseln des Teams angeben.")
	}
	keys, err := NewKeys(cfg.AuthorizedKeys, s.log.Printf)
	if err != nil {
		return nil, err
	}
	s.keys = keys
	// From now on every write of the store takes its writer's roles from
	// the keys file (then the role list, else only lesen).
	cfg.Store.SetTeamRoles(keys.RolesOf)
	if cfg.HostKey == "" {
		cfg.HostKey = DefaultHostKeyPath(cfg.Store.Path())
		s.cfg.HostKey = cfg.HostKey
	}
	signer, created, err := HostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	s.hostKey = signer
	if created {
		s.log.Printf("Host-Schlüssel neu erzeugt: %s", cfg.HostKey)
	}

	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Listen),
		// The host key first: without one wish.NewServer would write a
		// fresh id_ed25519 into the working directory.
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(s.publicKey),
		// Never a password: keyboard-interactive only tells a refused
		// member in German why (OpenSSH prints the text), then fails.
		wish.WithKeyboardInteractiveAuth(s.explainRefusal),
		wish.WithMiddleware(
			rm.MiddlewareWithLogger(s.log,
				bm.MiddlewareWithProgramHandler(s.newProgram),
				s.sessionMiddleware,
			),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("Der SSH-Server kann nicht eingerichtet werden: %w", err)
	}
	srv.HandshakeTimeout = 30 * time.Second
	srv.ConnCallback = s.connCallback
	srv.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{MaxAuthTries: 6, AuthLogCallback: s.authLog}
	}
	srv.ConnectionFailedCallback = s.connFailed
	srv.ConnectionCloseCallback = func(c net.Conn) {
		s.mu.Lock()
		delete(s.attempts, addrOf(c.RemoteAddr()))
		delete(s.explained, addrOf(c.RemoteAddr()))
		delete(s.limited, addrOf(c.RemoteAddr()))
		s.mu.Unlock()
	}
	s.srv = srv
	return s, nil
}

// HostKeyPath is the host key file in use.
func (s *Server) HostKeyPath() string { return s.cfg.HostKey }

// Fingerprint is the host key's SHA256 fingerprint, for members to check
// on their first connection.
func (s *Server) Fingerprint() string { return gossh.FingerprintSHA256(s.hostKey.PublicKey()) }

// Members lists the names allowed in, sorted.
func (s *Server) Members() []string {
	seen := map[string]bool{}
	var names []string
	for _, m := range s.keys.Members() {
		if !seen[m.Name] {
			seen[m.Name] = true
			names = append(names, m.Name)
		}
	}
	sort.Strings(names)
	return names
}

// Listen opens the configured address.
func (s *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("Auf %s kann nicht gelauscht werden: %w. Bitte mit --listen eine andere Adresse oder einen anderen Port angeben.", s.cfg.Listen, err)
	}
	return ln, nil
}

// Serve answers connections on ln until Shutdown; it returns nil after a
// shutdown.
func (s *Server) Serve(ln net.Listener) error {
	s.log.Printf("bereit auf %s – Host-Schlüssel %s (%s), %d Mitglieder: %s",
		ln.Addr(), s.Fingerprint(), s.cfg.HostKey, len(s.Members()), strings.Join(s.Members(), ", "))
	for _, w := range s.RoleWarnings() {
		s.log.Printf("%s", w)
	}
	if n, err := store.CloseDanglingAccess(s.st); err != nil {
		s.log.Printf("Zugriffsprotokoll: offene Sitzungen konnten nicht abgeschlossen werden: %v", err)
	} else if n > 0 {
		s.log.Printf("Zugriffsprotokoll: %d Sitzungen vom letzten Lauf ohne Abmeldung als nicht beendet vermerkt", n)
	}
	if s.cfg.DailyBackup {
		s.mu.Lock()
		if s.stopBackups == nil && !s.closing {
			s.stopBackups, s.backupsDone = make(chan struct{}), make(chan struct{})
			go s.backupLoop(s.stopBackups, s.backupsDone)
		}
		s.mu.Unlock()
	}
	err := s.srv.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// RoleWarnings names the members who hold no role (neither in the keys
// file nor in the role list) and may therefore only look things up. A team
// that used serve before roles existed sees this after the update: their
// keys carry no role yet.
func (s *Server) RoleWarnings() []string {
	var none []string
	for _, name := range s.Members() {
		if _, ok := s.keys.RolesOf(name); ok {
			continue
		}
		g, err := store.LookupRoles(s.st, name)
		if err != nil {
			return []string{"Warnung: " + err.Error()}
		}
		if g.From == store.FromNoRole {
			none = append(none, name)
		}
	}
	if len(none) == 0 {
		return nil
	}
	who, may := "1 Mitglied hat", "darf"
	if len(none) > 1 {
		who, may = fmt.Sprintf("%d Mitglieder haben", len(none)), "dürfen"
	}
	return []string{
		fmt.Sprintf("Warnung: %s keine Rolle (%s) und %s nur nachschlagen (Rolle lesen).", who, strings.Join(none, ", "), may),
		"  Rollen in der Schlüsseldatei vor den Schlüssel schreiben, z. B.: rolle=\"sachbearbeitung\" ssh-ed25519 AAAA… " + none[0],
		"  (Rollen: lesen, sachbearbeitung, anordnung, verwaltung; mehrere mit Komma) – oder mit der Rolle Verwaltung unter R → Rollen eintragen.",
	}
}

// Sessions is the number of open terminals.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Shutdown stops accepting connections, ends every session (each member
// sees a short message; unsaved form input is lost, saved data is not)
// and waits for them until ctx ends; then it closes what is left. The
// store stays open: the caller closes it afterwards.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	open := make([]*session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		open = append(open, ss)
	}
	stopBackups, backupsDone := s.stopBackups, s.backupsDone
	s.stopBackups = nil
	s.mu.Unlock()
	if stopBackups != nil {
		// A backup in progress finishes first: the caller closes the
		// store afterwards.
		close(stopBackups)
		<-backupsDone
	}
	if len(open) > 0 {
		s.log.Printf("wird beendet – %d Sitzungen werden geschlossen", len(open))
	}
	for _, ss := range open {
		ss.end("shutdown")
	}
	waited := make(chan struct{})
	go func() { s.done.Wait(); close(waited) }()
	var err error
	select {
	case <-waited:
	case <-ctx.Done():
		err = ctx.Err()
	}
	// Close drops the listener and every remaining connection (clients
	// that do not hang up after their session ended).
	if cerr := s.srv.Close(); err == nil && cerr != nil && !errors.Is(cerr, net.ErrClosed) {
		err = cerr
	}
	s.log.Printf("beendet")
	return err
}

// backupLoop writes the daily backup now and whenever a new day began.
func (s *Server) backupLoop(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		switch path, err := store.DailyBackup(s.st); {
		case err != nil:
			s.log.Printf("tägliche Sicherung fehlgeschlagen: %v", err)
		case path != "":
			s.log.Printf("tägliche Sicherung geschrieben: %s", path)
		}
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

// connCallback limits connection attempts per address before any
// handshake work.
func (s *Server) connCallback(_ ssh.Context, c net.Conn) net.Conn {
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if closing {
		// One line before the SSH greeting instead of a bare reset.
		_ = c.SetWriteDeadline(s.cfg.Now().Add(time.Second))
		_, _ = c.Write([]byte("stabsstelle: Der Dienst wird gerade beendet. Bitte in einer Minute erneut verbinden.\r\n"))
		return nil
	}
	if !s.limit.allow(c.RemoteAddr()) {
		s.log.Printf("abgewiesen: %s – zu viele Verbindungsversuche, bitte später erneut versuchen", addrOf(c.RemoteAddr()))
		// A member who simply tried too often should read why, not see
		// "Connection reset": once a minute per address the connection
		// goes on to the login, which refuses it with the German text
		// (OpenSSH prints that). Otherwise one line before the SSH
		// greeting (shown by ssh -v and some clients), then close.
		now := s.cfg.Now()
		ip := hostOf(c.RemoteAddr())
		s.mu.Lock()
		tell := now.Sub(s.throttled[ip]) >= rateExplainEvery
		if tell {
			s.throttled[ip] = now
			s.limited[addrOf(c.RemoteAddr())] = true
		}
		s.mu.Unlock()
		if tell {
			return c
		}
		_ = c.SetWriteDeadline(now.Add(time.Second))
		_, _ = c.Write([]byte(strings.ReplaceAll(rateLimitText, "\n", " ") + "\r\n"))
		return nil
	}
	if s.idle > 0 {
		// The connection itself (no session, dead peer) gets a little more
		// than a session: the session's own timer ends it politely first.
		// (ssh.Server.IdleTimeout is not used: it races in charm.land/ssh.)
		return watchConn(c, s.idle+time.Minute)
	}
	return c
}

// idleConn closes a connection without any traffic for timeout. It only
// notes the time of each read and write (no deadlines, which the SSH
// library uses for its handshake timeout).
type idleConn struct {
	net.Conn
	timeout time.Duration
	last    atomic.Int64
	closed  chan struct{}
	once    sync.Once
}

func watchConn(c net.Conn, timeout time.Duration) net.Conn {
	ic := &idleConn{Conn: c, timeout: timeout, closed: make(chan struct{})}
	ic.last.Store(time.Now().UnixNano())
	go ic.watch()
	return ic
}

func (c *idleConn) watch() {
	t := time.NewTicker(min(max(c.timeout/10, 10*time.Millisecond), time.Minute))
	defer t.Stop()
	for {
		select {
		case <-c.closed:
			return
		case <-t.C:
			if time.Since(time.Unix(0, c.last.Load())) >= c.timeout {
				_ = c.Close()
				return
			}
		}
	}
}

func (c *idleConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.last.Store(time.Now().UnixNano())
	}
	return n, err
}

func (c *idleConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if n > 0 {
		c.last.Store(time.Now().UnixNano())
	}
	return n, err
}

func (c *idleConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

// publicKey decides by the keys file. The member's name and the key's
// fingerprint go into this attempt's permissions; the session handler
// checks them against the key that actually authenticated.
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	if s.isLimited(ctx.RemoteAddr()) {
		return false
	}
	fp := gossh.FingerprintSHA256(key)
	m, ok := s.keys.Lookup(key)
	if !ok {
		s.noteAttempt(ctx.RemoteAddr(), "Schlüssel "+fp+" steht nicht in der Schlüsseldatei")
		return false
	}
	perms := ctx.Permissions()
	if perms.Extensions == nil {
		perms.Extensions = map[string]string{}
	}
	perms.Extensions[extMember] = m.Name
	perms.Extensions[extFingerprint] = fp
	return true
}

// explainRefusal is the keyboard-interactive step OpenSSH tries after every
// key was refused: it asks nothing and accepts nothing, it only sends the
// member a German explanation once per connection (otherwise they would
// see nothing but "Permission denied (publickey)").
func (s *Server) explainRefusal(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	a := addrOf(ctx.RemoteAddr())
	s.mu.Lock()
	reasons := append([]string(nil), s.attempts[a]...)
	explained := s.explained[a]
	s.explained[a] = true
	s.mu.Unlock()
	if explained {
		return false // the client asks up to three times; once is enough
	}
	if s.isLimited(ctx.RemoteAddr()) {
		_, _ = challenge("", rateLimitText, nil, nil)
		return false
	}
	var fps []string
	for _, r := range reasons {
		if f := strings.Fields(r); len(f) > 1 && f[0] == "Schlüssel" {
			fps = append(fps, f[1])
		}
	}
	_, _ = challenge("", refusalText(fps), nil, nil)
	return false
}

// rateExplainEvery: a rate-limited address is told why at most this often.
const rateExplainEvery = time.Minute

// rateLimitText is what a rate-limited client sees (ASCII, as refusalText).
const rateLimitText = "stabsstelle: Zu viele Verbindungsversuche von Ihrer Adresse.\n" +
	"Bitte eine Minute warten und dann erneut verbinden."

func (s *Server) isLimited(addr net.Addr) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited[addrOf(addr)]
}

// refusalText is what a refused client sees. OpenSSH prints it through its
// log, which shows every byte beyond ASCII as an octal escape ("Schl\303\274ssel"),
// so it is written with ae, oe, ue and ss, in lines that fit 80 columns.
func refusalText(fingerprints []string) string {
	var b strings.Builder
	b.WriteString("stabsstelle: Anmeldung abgelehnt.\n")
	switch len(fingerprints) {
	case 0:
		b.WriteString("Es wurde kein SSH-Schluessel angeboten. Die Anmeldung geht nur mit einem\n" +
			"Schluessel aus der Schluesseldatei des Teams, nicht mit Passwort.\n")
	case 1:
		b.WriteString("Ihr SSH-Schluessel steht nicht in der Schluesseldatei des Teams:\n  " + fingerprints[0] + "\n")
	default:
		b.WriteString("Keiner Ihrer SSH-Schluessel steht in der Schluesseldatei des Teams:\n")
		for _, f := range fingerprints {
			b.WriteString("  " + f + "\n")
		}
	}
	b.WriteString("Bitte die Zeile aus Ihrer Datei id_ed25519.pub an die Person schicken,\n" +
		"die den Dienst betreut (den privaten Schluessel nie weitergeben).")
	return b.String()
}

func (s *Server) authLog(conn gossh.ConnMetadata, method string, err error) {
	if err == nil {
		return
	}
	switch method {
	case "password":
		s.noteAttempt(conn.RemoteAddr(), "Anmeldung mit Passwort ist nicht erlaubt")
	case "none", "publickey", "keyboard-interactive":
		// keyboard-interactive asks nothing (explainRefusal): no
		// password was typed, the refused key is what the log names.
	default:
		s.noteAttempt(conn.RemoteAddr(), "Anmeldeverfahren „"+method+"“ ist nicht erlaubt")
	}
}

func (s *Server) noteAttempt(addr net.Addr, why string) {
	a := addrOf(addr)
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.attempts[a]
	for _, w := range list {
		if w == why {
			return
		}
	}
	if len(list) < 8 {
		s.attempts[a] = append(list, why)
	}
}

// connFailed logs a connection that did not get in, with the reasons
// collected during authentication.
func (s *Server) connFailed(c net.Conn, err error) {
	a := addrOf(c.RemoteAddr())
	s.mu.Lock()
	reasons := s.attempts[a]
	delete(s.attempts, a)
	delete(s.explained, a)
	s.mu.Unlock()
	if len(reasons) > 0 {
		s.log.Printf("abgewiesen: %s – %s", a, strings.Join(reasons, "; "))
		return
	}
	var authErr *gossh.ServerAuthError
	if errors.As(err, &authErr) {
		s.log.Printf("abgewiesen: %s – ohne eingetragenen Schlüssel (Anmeldung nur mit Schlüssel, Passwörter sind nicht erlaubt)", a)
		return
	}
	if err == nil || errors.Is(err, io.EOF) {
		s.log.Printf("Verbindung von %s ohne Anmeldung beendet", a)
		return
	}
	s.log.Printf("Verbindung von %s ohne Anmeldung beendet: %v", a, err)
}

// sessionMiddleware runs around the program: it re-checks who this is,
// refuses sessions without a terminal, registers the session for idle
// timeout and shutdown, and logs arrival and departure.
func (s *Server) sessionMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		remote := addrOf(sess.RemoteAddr())
		name, fp, ok := s.identify(sess)
		if !ok {
			wish.Errorf(sess, "Anmeldung nicht möglich: Ihr Schlüssel steht nicht (mehr) in der Schlüsseldatei.\r\n")
			_ = sess.Exit(1)
			return
		}
		pty, _, hasPty := sess.Pty()
		if !hasPty {
			s.log.Printf("abgewiesen: %s (%s) von %s – ohne Terminal (bitte ohne Befehl und ohne -T verbinden)", name, fp, remote)
			wish.Errorf(sess, "stabsstelle braucht ein Terminal: bitte mit „ssh -t …“ ohne Befehl verbinden.\r\n")
			_ = sess.Exit(1)
			return
		}
		ss := &session{name: name, fp: fp, key: sess.PublicKey(), remote: remote, start: s.cfg.Now()}
		ss.lastInput.Store(time.Now().UnixNano())
		s.mu.Lock()
		if s.closing {
			s.mu.Unlock()
			wish.Errorf(sess, "Der Server wird gerade beendet. Bitte gleich noch einmal verbinden.\r\n")
			_ = sess.Exit(1)
			return
		}
		s.sessions[sess] = ss
		s.done.Add(1)
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			delete(s.sessions, sess)
			s.mu.Unlock()
			s.done.Done()
		}()

		extra := ""
		if cmd := sess.Command(); len(cmd) > 0 {
			extra = ", Befehl ignoriert"
		}
		s.log.Printf("angemeldet: %s (%s) von %s, Terminal %s %d×%d%s", name, fp, remote, pty.Term, pty.Window.Width, pty.Window.Height, extra)
		ss.access = &store.Access{Who: name, Fingerprint: fp, From: remote, Start: ss.start}
		if err := store.AccessStarted(s.st, ss.access); err != nil {
			s.log.Printf("Zugriffsprotokoll: Anmeldung von %s nicht vermerkt: %v", name, err)
			ss.access = nil
		}
		if g, err := store.LookupRoles(s.st, name); err == nil {
			ss.roles = g.Roles
		}

		stop := make(chan struct{})
		go s.watch(sess.Context(), ss, stop)
		next(sess)
		close(stop)

		ss.mu.Lock()
		reason := ss.reason
		ss.ended = true
		m := ss.model
		ss.mu.Unlock()
		releaseModel(m)
		end := s.cfg.Now()
		dur := end.Sub(ss.start).Round(time.Second)
		if ss.access != nil {
			if err := store.AccessEnded(s.st, ss.access, end, accessReason(reason)); err != nil {
				s.log.Printf("Zugriffsprotokoll: Abmeldung von %s nicht vermerkt: %v", name, err)
			}
		}
		switch reason {
		case "idle":
			wish.Printf(sess, "Sitzung nach %s ohne Eingabe beendet. Gespeichertes bleibt erhalten; einfach neu verbinden.\r\n", formatDuration(s.idle))
			s.log.Printf("getrennt: %s von %s nach %s – %s ohne Eingabe", name, remote, dur, formatDuration(s.idle))
		case "removed":
			wish.Printf(sess, "Ihr Schlüssel steht nicht mehr in der Schlüsseldatei; die Sitzung wurde beendet.\r\n")
			s.log.Printf("getrennt: %s von %s nach %s – Schlüssel %s aus der Schlüsseldatei entfernt", name, remote, dur, fp)
		case "shutdown":
			wish.Printf(sess, "Der Server wird beendet. Gespeichertes bleibt erhalten; bitte später neu verbinden.\r\n")
			s.log.Printf("getrennt: %s von %s nach %s – Server wird beendet", name, remote, dur)
		default:
			s.log.Printf("abgemeldet: %s von %s nach %s", name, remote, dur)
		}
		_ = sess.Exit(0)
	}
}

// accessReason is how the access trail says why a session ended.
func accessReason(reason string) string {
	switch reason {
	case "idle":
		return "ohne Eingabe"
	case "removed":
		return "Schlüssel entfernt"
	case "shutdown":
		return "Server beendet"
	}
	return "abgemeldet"
}

// identify takes the member from the permissions of the key that actually
// authenticated and checks that key once more against the keys file (it
// may have changed since).
func (s *Server) identify(sess ssh.Session) (name, fp string, ok bool) {
	remote := addrOf(sess.RemoteAddr())
	pk := sess.PublicKey()
	perms := sess.Permissions()
	if pk == nil || perms.Permissions == nil {
		s.log.Printf("abgewiesen: %s – ohne Schlüssel angemeldet", remote)
		return "", "", false
	}
	fp = gossh.FingerprintSHA256(pk)
	if perms.Extensions[extFingerprint] != fp {
		s.log.Printf("abgewiesen: %s – Schlüssel der Anmeldung (%s) passt nicht zur Prüfung (%s)", remote, fp, perms.Extensions[extFingerprint])
		return "", "", false
	}
	m, found := s.keys.Lookup(pk)
	if !found {
		s.log.Printf("abgewiesen: %s – Schlüssel %s wurde inzwischen aus der Schlüsseldatei entfernt", remote, fp)
		return "", "", false
	}
	if m.Name != perms.Extensions[extMember] {
		s.log.Printf("abgewiesen: %s – Name zum Schlüssel %s hat sich während der Anmeldung geändert", remote, fp)
		return "", "", false
	}
	return m.Name, fp, true
}

// newProgram builds the member's own root model over the shared store.
func (s *Server) newProgram(sess ssh.Session) *tea.Program {
	s.mu.Lock()
	ss := s.sessions[sess]
	closing := s.closing
	s.mu.Unlock()
	if ss == nil || closing {
		return nil
	}
	// The server makes the daily backup itself (Config.DailyBackup), not
	// every session.
	m := ui.New(ui.Options{Store: s.st, User: ss.name, Now: s.cfg.Now, Dark: true, NoDailyBackup: true, Remote: true})
	opts := append(bm.MakeOptions(sess),
		tea.WithInput(&inputWatch{r: sess, at: &ss.lastInput}),
		// Signals belong to the server process, not to one session.
		tea.WithoutSignalHandler(),
	)
	if pty, _, _ := sess.Pty(); pty.Window.Width <= 0 || pty.Window.Height <= 0 {
		// Some clients (ssh -tt from a pipe) report 0×0 until resized.
		opts = append(opts, tea.WithWindowSize(ui.MinWidth, ui.MinHeight))
	}
	p := tea.NewProgram(m, opts...)
	ss.mu.Lock()
	ss.program, ss.model = p, m
	ended := ss.reason != ""
	ss.mu.Unlock()
	if ended {
		go p.Quit()
	}
	return p
}

// releaseModel ends the root model's change-feed subscription after its
// program stopped from outside (client gone, idle timeout, shutdown): the
// root only unsubscribes by itself when it quits.
func releaseModel(m *ui.Model) {
	if m != nil {
		m.Close()
	}
}

// end asks the session's program to quit (idle timeout, shutdown).
func (ss *session) end(reason string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.ended || ss.reason != "" {
		return
	}
	ss.reason = reason
	if ss.program != nil {
		go ss.program.Quit()
	}
}

// watch ends a session after the idle timeout, and when its key was
// removed from the keys file (or now names somebody else).
func (s *Server) watch(ctx context.Context, ss *session, stop <-chan struct{}) {
	t := time.NewTicker(s.checkEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-ctx.Done():
			return
		case <-t.C:
			if s.idle > 0 && time.Since(time.Unix(0, ss.lastInput.Load())) >= s.idle {
				ss.end("idle")
				return
			}
			if m, ok := s.keys.Lookup(ss.key); !ok || m.Name != ss.name {
				ss.end("removed")
				return
			}
			// Roles changed in the keys file or the role list: the
			// member's screen shows and hides keys accordingly.
			if g, err := store.LookupRoles(s.st, ss.name); err == nil && g.Roles != ss.roles {
				ss.roles = g.Roles
				ss.mu.Lock()
				p := ss.program
				ss.mu.Unlock()
				if p != nil {
					go p.Send(ui.RolesChangedMsg{})
				}
			}
		}
	}
}

// inputWatch notes the time of every key press for the idle timeout.
type inputWatch struct {
	r  io.Reader
	at *atomic.Int64
}

func (w *inputWatch) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if n > 0 {
		w.at.Store(time.Now().UnixNano())
	}
	return n, err
}

func formatDuration(d time.Duration) string {
	switch {
	case d == time.Hour:
		return "1 Stunde"
	case d == time.Minute:
		return "1 Minute"
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%d Stunden", int(d/time.Hour))
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d Minuten", int(d/time.Minute))
	case d >= time.Second:
		return fmt.Sprintf("%d Sekunden", int(d.Round(time.Second)/time.Second))
	}
	return d.String()
}
