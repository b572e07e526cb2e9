package server

import (
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"stabsstelle/model"
)

// Logger writes one line per event: time, then a German sentence. It names
// who, from where and what happened to the connection – never the data.
type Logger struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

// NewLogger logs to w (the server's stderr).
func NewLogger(w io.Writer, now func() time.Time) *Logger {
	if w == nil {
		w = io.Discard
	}
	if now == nil {
		now = time.Now
	}
	return &Logger{w: w, now: now}
}

// Printf writes one line; it also serves the recover middleware.
func (l *Logger) Printf(format string, args ...any) {
	// OS errors carried in with %v are said in German here too.
	msg := model.GermanOS(strings.TrimRight(fmt.Sprintf(format, args...), "\n"))
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %s\n", l.now().Format("2006-01-02 15:04:05"), msg)
}

// limiter is a token bucket per remote IP address for connection attempts:
// burst attempts at once, then one more every interval. It guards against
// password-guessing scripts and runaway reconnect loops.
type limiter struct {
	mu       sync.Mutex
	burst    float64
	interval time.Duration
	now      func() time.Time
	buckets  map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(burst int, interval time.Duration, now func() time.Time) *limiter {
	return &limiter{burst: float64(burst), interval: interval, now: now, buckets: map[string]*bucket{}}
}

// allow takes one token for addr's IP; false means refuse.
func (l *limiter) allow(addr net.Addr) bool {
	if l == nil || l.burst <= 0 {
		return true
	}
	ip := hostOf(addr)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[ip]
	if !ok {
		if len(l.buckets) > 10000 {
			l.pruneLocked(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[ip] = b
	}
	b.refill(now, l.burst, l.interval)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (b *bucket) refill(now time.Time, burst float64, interval time.Duration) {
	if interval > 0 && now.After(b.at) {
		b.tokens = min(burst, b.tokens+float64(now.Sub(b.at))/float64(interval))
	}
	b.at = now
}

// pruneLocked forgets addresses whose bucket is full again.
func (l *limiter) pruneLocked(now time.Time) {
	for ip, b := range l.buckets {
		b.refill(now, l.burst, l.interval)
		if b.tokens >= l.burst {
			delete(l.buckets, ip)
		}
	}
}

func hostOf(addr net.Addr) string {
	if addr == nil {
		return "?"
	}
	if t, ok := addr.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	s := addr.String()
	if h, _, err := net.SplitHostPort(s); err == nil {
		return h
	}
	return s
}

func addrOf(addr net.Addr) string {
	if addr == nil {
		return "?"
	}
	return addr.String()
}
