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
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	rm "charm.land/wish/v2/recover"
	gossh "golang.org/x/crypto/ssh"

	"stabsstelle/store"
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
	s.setTimings(cfg)
	if err := s.loadKeys(); err != nil {
		return nil, err
	}
	srv, err := s.newSSHServer()
	if err != nil {
		return nil, err
	}
	s.srv = srv
	return s, nil
}

// setTimings sets the idle timeout, how often sessions are checked for it,
// and the limit of connection attempts, each from cfg or its default.
func (s *Server) setTimings(cfg Config) {
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
}

// loadKeys reads the keys file (the team) and loads or creates the host
// key.
func (s *Server) loadKeys() error {
	if s.cfg.AuthorizedKeys == "" {
		return errors.New("Bitte mit --authorized-keys die Datei mit den Schlüsseln des Teams angeben.")
	}
	keys, err := NewKeys(s.cfg.AuthorizedKeys, s.log.Printf)
	if err != nil {
		return err
	}
	s.keys = keys
	// From now on every write of the store takes its writer's roles from
	// the keys file (then the role list, else only lesen).
	s.cfg.Store.SetTeamRoles(keys.RolesOf)
	if s.cfg.HostKey == "" {
		s.cfg.HostKey = DefaultHostKeyPath(s.cfg.Store.Path())
	}
	signer, created, err := HostKey(s.cfg.HostKey)
	if err != nil {
		return err
	}
	s.hostKey = signer
	if created {
		s.log.Printf("Host-Schlüssel neu erzeugt: %s", s.cfg.HostKey)
	}
	return nil
}

// newSSHServer sets up the SSH server: keys only, the program behind the
// session middleware, and the callbacks that count attempts per address.
func (s *Server) newSSHServer() (*ssh.Server, error) {
	srv, err := wish.NewServer(
		wish.WithAddress(s.cfg.Listen),
		// The host key first: without one wish.NewServer would write a
		// fresh id_ed25519 into the working directory.
		func(srv *ssh.Server) error { srv.AddHostKey(s.hostKey); return nil },
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
	return srv, nil
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
