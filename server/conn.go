package server

import (
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
)

// Connections before and around the SSH handshake: attempts per address
// and the idle timeout of a quiet connection.

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
