package server

import (
	"errors"
	"io"
	"net"
	"strings"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Who may knock: the key check, the text a refused key sees, and the limit
// of attempts per address.

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
