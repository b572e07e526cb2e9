// Package lookup lets `stabsstelle today`, `search` and `candidates` answer
// while another stabsstelle process of the same user on the same machine
// (the terminal interface or `stabsstelle serve`) holds the database file:
// bbolt locks the file for one process, so the holder answers these
// read-only questions over a Unix domain socket next to the database.
//
// Protocol: one line of JSON in (Request), one line of JSON out
// (Response), then the connection closes. Each request is one read
// transaction. The socket file has mode 0600; only its owner may ask.
package lookup

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// Limits of the protocol. The peer may be broken or hostile: a request is
// small and must arrive quickly.
const (
	maxRequest    = 4 << 10         // bytes of one request line
	maxResponse   = 64 << 20        // bytes of one answer (10 000 hits fit easily)
	readTimeout   = 2 * time.Second // for the request line
	writeTimeout  = 5 * time.Second // for the answer
	dialTimeout   = time.Second     // client: connecting
	answerTimeout = 5 * time.Second // client: sending and reading the answer
	maxConns      = 16              // connections answered at once
	maxSocketPath = 100             // sun_path holds 104 (macOS) to 108 (Linux) bytes
	defaultLimit  = 50              // search hits when the request names none
	maxLimit      = 10000           // as `stabsstelle search --limit`
	suffix        = ".lookup"       // socket file next to the database
	tempPrefix    = "stabsstelle-"  // socket file in the temp folder for long paths
	acceptBackoff = 50 * time.Millisecond
)

// The verbs of a Request.
const (
	VerbToday      = "today"
	VerbSearch     = "search"
	VerbCandidates = "candidates"
)

// Request is one question. Verb "today" needs Date (JJJJ-MM-TT); verb
// "search" needs Text and takes Limit (1…10000, 0 means 50); verb
// "candidates" needs Candidates.
type Request struct {
	Verb       string           `json:"verb"`
	Date       string           `json:"date,omitempty"`
	Text       string           `json:"text,omitempty"`
	Limit      int              `json:"limit,omitempty"`
	Candidates *CandidatesQuery `json:"candidates,omitempty"`
	// Kinds, From and To (JJJJ-MM-TT) narrow a search (store.SearchFilter).
	Kinds []string `json:"kinds,omitempty"`
	From  string   `json:"from,omitempty"`
	To    string   `json:"to,omitempty"`
}

// Filter is the search filter the request names.
func (r Request) Filter() (store.SearchFilter, error) {
	f := store.SearchFilter{Kinds: r.Kinds}
	var err error
	if r.From != "" {
		if f.From, err = model.ParseISODate(r.From); err != nil {
			return f, err
		}
	}
	if r.To != "" {
		if f.To, err = model.ParseISODate(r.To); err != nil {
			return f, err
		}
	}
	return f, nil
}

// WithFilter puts f into the request.
func (r Request) WithFilter(f store.SearchFilter) Request {
	r.Kinds = f.Kinds
	if !f.From.IsZero() {
		r.From = f.From.ISO()
	}
	if !f.To.IsZero() {
		r.To = f.To.ISO()
	}
	return r
}

// Response is the answer: Error (one German sentence) or the result of the
// verb. An empty result leaves Today or Hits nil.
type Response struct {
	Error      string            `json:"error,omitempty"`
	Today      []TodayItem       `json:"today,omitempty"`
	Hits       []store.Hit       `json:"hits,omitempty"`
	Candidates *CandidatesResult `json:"candidates,omitempty"`
}

// ErrNoAnswer: no program answered on the socket (none runs, an older
// version without the socket holds the file, `stabsstelle serve` runs on
// another machine, or it did not answer in time). The caller falls back to
// what it would have done without the socket.
var ErrNoAnswer = errors.New("Kein laufendes stabsstelle-Programm hat auf die Abfrage geantwortet.")

// ErrNotListening is the part of ErrNoAnswer where nobody could even be
// reached: no socket file, a file that is not this user's socket, or a
// socket left by a program that ended without cleaning up. Asking again
// later may work; asking a program that did not answer would not.
var ErrNotListening = fmt.Errorf("%w (keiner lauscht)", ErrNoAnswer)

// SocketPath is where the process holding dbPath listens: the database's
// absolute path (symbolic links resolved) plus ".lookup", or, when that is
// too long for a Unix socket, a name derived from it in the temp folder.
// Server and client both call it, so they agree.
func SocketPath(dbPath string) string {
	p := dbPath
	if a, err := filepath.Abs(p); err == nil {
		p = a
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if s := p + suffix; len(s) <= maxSocketPath {
		return s
	}
	sum := sha256.Sum256([]byte(p))
	return filepath.Join(os.TempDir(), tempPrefix+hex.EncodeToString(sum[:])[:16]+suffix)
}

// Serve answers requests about the open store st (opened from dbPath) on
// SocketPath(dbPath) until stop is called. A socket file left by a killed
// program is replaced; one another program still answers on is left alone
// (error). The caller logs or ignores the error: without the socket,
// today and search just report the file as locked, as before. stop closes
// the listener, waits for the answers in progress and removes the socket
// file; call it before closing the store. stop may be called more than once.
func Serve(st *store.Store, dbPath string) (stop func(), err error) {
	path := SocketPath(dbPath)
	if err := clearStale(path); err != nil {
		return nil, err
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("Die Schnellabfrage für today, search und candidates kann unter %s nicht eingerichtet werden: %v", path, err)
	}
	ul := ln.(*net.UnixListener)
	ul.SetUnlinkOnClose(false) // stop removes the file itself, after the last answer
	// Personal data: only the owner may connect. Windows has no modes (the
	// socket lies in the user's own folders there).
	if err := os.Chmod(path, 0o600); err != nil && runtime.GOOS != "windows" {
		ul.Close()
		os.Remove(path)
		return nil, fmt.Errorf("Die Schnellabfrage unter %s kann nicht geschützt werden (Rechte 0600): %v", path, err)
	}
	s := &server{st: st, ln: ul, path: path, done: make(chan struct{}), conns: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go s.accept()
	var once sync.Once
	return func() { once.Do(s.stop) }, nil
}

// clearStale removes a socket file nobody answers on. A file that is not
// a socket, or a socket someone answers on, stays: an error.
func clearStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("Die Schnellabfrage kann %s nicht prüfen: %v", path, err)
	}
	if fi.Mode()&fs.ModeSocket == 0 {
		return fmt.Errorf("%s ist keine Schnellabfrage von stabsstelle; die Datei bleibt unverändert, today, search und candidates fragen dieses Programm nicht.", path)
	}
	if c, err := net.DialTimeout("unix", path, dialTimeout); err == nil {
		c.Close()
		return fmt.Errorf("Unter %s antwortet schon ein anderes Programm; die Schnellabfrage bleibt bei ihm.", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("Die verwaiste Schnellabfrage %s kann nicht entfernt werden: %v", path, err)
	}
	return nil
}

type server struct {
	st   *store.Store
	ln   *net.UnixListener
	path string
	done chan struct{} // closed by stop
	wg   sync.WaitGroup

	mu      sync.Mutex
	closing bool
	conns   map[net.Conn]struct{} // connections being answered
}

func (s *server) accept() {
	defer s.wg.Done()
	slots := make(chan struct{}, maxConns)
	for {
		c, err := s.ln.Accept()
		if err != nil {
			select {
			case <-s.done:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of file descriptors or similar: wait a little, go on.
			select {
			case <-s.done:
				return
			case <-time.After(acceptBackoff):
			}
			continue
		}
		select {
		case slots <- struct{}{}:
		case <-s.done:
			c.Close()
			return
		}
		s.wg.Add(1)
		go func() {
			defer func() { <-slots; s.wg.Done() }()
			s.handle(c)
		}()
	}
}

// track registers c and gives it the read deadline for the request; false
// means stop has begun.
func (s *server) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	_ = c.SetReadDeadline(time.Now().Add(readTimeout))
	s.conns[c] = struct{}{}
	return true
}

func (s *server) untrack(c net.Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

func (s *server) stop() {
	close(s.done)
	s.ln.Close()
	s.mu.Lock()
	s.closing = true
	// A peer still sending its request is not waited for; answers being
	// computed or written are.
	for c := range s.conns {
		_ = c.SetReadDeadline(time.Now())
	}
	s.mu.Unlock()
	s.wg.Wait()
	os.Remove(s.path)
}

var errTooLong = errors.New("request too long")

func (s *server) handle(c net.Conn) {
	defer c.Close()
	if !peerAllowed(c) || !s.track(c) {
		return
	}
	defer s.untrack(c)
	line, err := readLine(c)
	var resp Response
	switch {
	case errors.Is(err, errTooLong):
		resp.Error = fmt.Sprintf("Die Anfrage ist zu lang (höchstens %d Bytes in einer Zeile).", maxRequest)
	case err != nil && len(bytes.TrimSpace(line)) == 0:
		return // nothing came: a check whether someone listens, or a stalled peer
	case err != nil:
		resp.Error = "Die Anfrage kam nicht vollständig an (eine Zeile JSON mit Zeilenende erwartet)."
	default:
		resp = s.answer(line)
	}
	b, err := json.Marshal(resp)
	if err != nil {
		b, _ = json.Marshal(Response{Error: "Die Antwort kann nicht geschrieben werden."})
	}
	_ = c.SetWriteDeadline(time.Now().Add(writeTimeout))
	_, _ = c.Write(append(b, '\n'))
}

// readLine reads up to the first newline (without it); a line without
// newline is accepted when the peer closes its side after it.
func readLine(r io.Reader) ([]byte, error) {
	buf := make([]byte, 0, 512)
	chunk := make([]byte, 512)
	for {
		n, err := r.Read(chunk)
		buf = append(buf, chunk[:n]...)
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			if i > maxRequest {
				return nil, errTooLong
			}
			return buf[:i], nil
		}
		if len(buf) > maxRequest {
			return nil, errTooLong
		}
		if err != nil {
			if errors.Is(err, io.EOF) && len(buf) > 0 {
				return buf, nil
			}
			return buf, err
		}
	}
}

// answer runs one request in one read transaction. It never panics: every
// failure is a German sentence in Error.
func (s *server) answer(line []byte) (resp Response) {
	defer func() {
		if r := recover(); r != nil {
			resp = Response{Error: "Bei der Abfrage ist ein interner Fehler aufgetreten. Bitte in der Oberfläche nachsehen."}
		}
	}()
	var req Request
	if err := json.Unmarshal(line, &req); err != nil {
		return Response{Error: `Die Anfrage ist kein gültiges JSON. Erwartet wird eine Zeile wie {"verb":"today","date":"2026-03-05"}.`}
	}
	switch req.Verb {
	case VerbToday:
		day, err := model.ParseISODate(req.Date)
		if err != nil {
			return Response{Error: fmt.Sprintf("Die Anfrage nennt kein gültiges Datum: %v.", err)}
		}
		var items []TodayItem
		err = s.st.View(func(tx *store.Tx) error {
			var e error
			items, e = TodayItems(tx, day)
			return e
		})
		if err != nil {
			return Response{Error: err.Error()}
		}
		return Response{Today: items}
	case VerbSearch:
		text := strings.TrimSpace(req.Text)
		if text == "" {
			return Response{Error: "Die Suche braucht einen Text."}
		}
		limit := req.Limit
		if limit == 0 {
			limit = defaultLimit
		}
		if limit < 1 || limit > maxLimit {
			return Response{Error: fmt.Sprintf("Die Trefferzahl muss zwischen 1 und %d liegen, nicht %d.", maxLimit, req.Limit)}
		}
		f, err := req.Filter()
		if err != nil {
			return Response{Error: err.Error()}
		}
		var hits []store.Hit
		err = s.st.View(func(tx *store.Tx) error {
			var e error
			hits, e = store.SearchFiltered(tx, text, limit, f)
			return e
		})
		if err != nil {
			return Response{Error: err.Error()}
		}
		return Response{Hits: hits}
	case VerbCandidates:
		if req.Candidates == nil {
			return Response{Error: "Die Frage nach Sprachmittler:innen braucht Sprache, Datum und Uhrzeit."}
		}
		var r CandidatesResult
		err := s.st.View(func(tx *store.Tx) error {
			var e error
			r, e = Candidates(tx, *req.Candidates)
			return e
		})
		if err != nil {
			return Response{Error: err.Error()}
		}
		return Response{Candidates: &r}
	}
	verb := []rune(req.Verb)
	if len(verb) > 40 {
		verb = append(verb[:39], '…')
	}
	return Response{Error: fmt.Sprintf("Unbekannte Abfrage „%s“; möglich sind „today“, „search“ und „candidates“.", string(verb))}
}

// Ask sends req to the program holding dbPath and returns its answer. An
// answer may carry an Error (a German sentence from that program). The
// error is ErrNotListening when nobody could be reached, otherwise
// another error wrapping ErrNoAnswer when no valid answer came in time.
func Ask(dbPath string, req Request) (Response, error) {
	path := SocketPath(dbPath)
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSocket == 0 || !ownedBySelf(fi) {
		return Response{}, ErrNotListening
	}
	c, err := net.DialTimeout("unix", path, dialTimeout)
	if err != nil {
		return Response{}, ErrNotListening // a socket left by a killed program
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(answerTimeout))
	b, err := json.Marshal(req)
	if err != nil {
		return Response{}, fmt.Errorf("%w: %v", ErrNoAnswer, err)
	}
	if _, err := c.Write(append(b, '\n')); err != nil {
		return Response{}, fmt.Errorf("%w: %v", ErrNoAnswer, err)
	}
	line, err := bufio.NewReader(io.LimitReader(c, maxResponse)).ReadBytes('\n')
	if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
		return Response{}, fmt.Errorf("%w: %v", ErrNoAnswer, err)
	}
	var resp Response
	if err := json.Unmarshal(line, &resp); err != nil {
		return Response{}, fmt.Errorf("%w: %v", ErrNoAnswer, err)
	}
	for i := range resp.Today { // as TodayItems gives them
		resp.Today[i].Start = resp.Today[i].Start.In(model.Berlin)
		resp.Today[i].End = resp.Today[i].End.In(model.Berlin)
	}
	return resp, nil
}
