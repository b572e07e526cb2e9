package server

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui"
)

// One member's terminal: who it is, the program it runs, and what ends it
// (idle timeout, removal from the keys file, shutdown).

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
		if !s.register(sess, ss) {
			return
		}
		defer func() {
			s.mu.Lock()
			delete(s.sessions, sess)
			s.mu.Unlock()
			s.done.Done()
		}()
		s.arrived(sess, ss, pty)

		stop := make(chan struct{})
		go s.watch(sess.Context(), ss, stop)
		next(sess)
		close(stop)
		s.departed(sess, ss)
		_ = sess.Exit(0)
	}
}

// register counts the session in, for idle timeout and shutdown; a server
// that is shutting down refuses it.
func (s *Server) register(sess ssh.Session, ss *session) bool {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		wish.Errorf(sess, "Der Server wird gerade beendet. Bitte gleich noch einmal verbinden.\r\n")
		_ = sess.Exit(1)
		return false
	}
	s.sessions[sess] = ss
	s.done.Add(1)
	s.mu.Unlock()
	return true
}

// arrived logs the member in and notes the session in the access trail.
func (s *Server) arrived(sess ssh.Session, ss *session, pty ssh.Pty) {
	name, fp, remote := ss.name, ss.fp, ss.remote
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
}

// departed notes the end in the access trail and tells the member (and
// the log) why the session ended.
func (s *Server) departed(sess ssh.Session, ss *session) {
	name, fp, remote := ss.name, ss.fp, ss.remote
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
