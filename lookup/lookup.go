// Package lookup lets `stabsstelle today`, `search` and `candidates` answer
// while another stabsstelle process of the same user on the same machine
// (the terminal interface or `stabsstelle serve`) holds the database file:
// bbolt locks the file for one process, so the holder answers these
// read-only questions over a Unix domain socket next to the database. One
// verb writes: `import bundle` hands the holder a change bundle of an
// Außenkopie to merge (VerbMerge), so the team keeps working meanwhile.
//
// Protocol: one line of JSON in (Request), one line of JSON out
// (Response), then the connection closes. Each request is one read
// transaction. The socket lives in a folder only its user can enter
// ($XDG_RUNTIME_DIR/stabsstelle, else a private 0700 folder in the temp
// folder), never at a name others could take first in a shared folder;
// the socket file has mode 0600, and both sides refuse a socket or folder
// that belongs to somebody else. A peer that sends nothing is cut off
// after readTimeout; a peer holding too many connections, or any peer
// while all are taken, gets a German "busy" answer at once instead of
// waiting.
package lookup

import (
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
	maxPerPeer    = 4               // of them from one process
	maxRefusals   = 64              // "busy" answers being written at once
	refuseTimeout = time.Second     // for writing one
	maxSocketPath = 100             // sun_path holds 104 (macOS) to 108 (Linux) bytes
	defaultLimit  = 50              // search hits when the request names none
	maxLimit      = 10000           // as `stabsstelle search --limit`
	suffix        = ".lookup"       // socket file in the private folder
	dirName       = "stabsstelle"   // the private folder in $XDG_RUNTIME_DIR
	tempPrefix    = "stabsstelle-"  // … or stabsstelle-<uid> in the temp folder
	acceptBackoff = 50 * time.Millisecond
)

// The verbs of a Request.
const (
	VerbToday      = "today"
	VerbSearch     = "search"
	VerbCandidates = "candidates"
	// VerbMerge is the one verb that writes: `import bundle` of a change
	// bundle while this program holds the office's database (the team
	// keeps working; their screens follow through the change feed). The
	// command opened the bundle with the person's key and hands over a
	// copy encrypted to a key made for this request (store.Handover).
	VerbMerge = "merge"
)

// mergeTimeout: how long the command waits for a merge to be answered.
const mergeTimeout = 5 * time.Minute

// Request is one question. Verb "today" needs Date (JJJJ-MM-TT); verb
// "search" needs Text and takes Limit (1…10000, 0 means 50); verb
// "candidates" needs Candidates.
type Request struct {
	Verb       string           `json:"verb"`
	Date       string           `json:"date,omitempty"`
	Text       string           `json:"text,omitempty"`
	Limit      int              `json:"limit,omitempty"`
	Candidates *CandidatesQuery `json:"candidates,omitempty"`
	// Merge: the handed-over bundle, its key and who merges.
	Bundle string `json:"bundle,omitempty"`
	Key    string `json:"key,omitempty"`
	Who    string `json:"who,omitempty"`
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
// verb. An empty result leaves Today or Hits nil. Busy marks the answer
// of a program that has too many questions at once: ask again shortly.
type Response struct {
	Error      string            `json:"error,omitempty"`
	Busy       bool              `json:"busy,omitempty"`
	Today      []TodayItem       `json:"today,omitempty"`
	Hits       []store.Hit       `json:"hits,omitempty"`
	Candidates *CandidatesResult `json:"candidates,omitempty"`
	// Merge is the report of a merge, MergeText the same in German.
	Merge     *store.MergeReport `json:"merge,omitempty"`
	MergeText string             `json:"mergeText,omitempty"`
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

// ErrBusy: the program holding the database answered that it is busy, or
// was reached and did not answer in time.
var ErrBusy = errors.New("Die Datenbank ist in einem anderen Programm geöffnet (der Oberfläche oder stabsstelle serve), und dieses ist gerade beschäftigt. Bitte in einem Moment noch einmal versuchen.")

// busyAnswer is what a peer gets when no slot is free for it.
var busyAnswer = Response{Busy: true, Error: ErrBusy.Error()}

// SocketPath is where the process holding dbPath listens: a name derived
// from the database's absolute path (symbolic links resolved) in the
// private folder (SocketDir). Server and client both call it, so they agree.
func SocketPath(dbPath string) string {
	p := dbPath
	if a, err := filepath.Abs(p); err == nil {
		p = a
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	sum := sha256.Sum256([]byte(p))
	return filepath.Join(SocketDir(), hex.EncodeToString(sum[:])[:16]+suffix)
}

// SocketDir is the folder for the sockets, one only this user can enter:
// $XDG_RUNTIME_DIR/stabsstelle (the runtime folder is the user's alone),
// else stabsstelle-<uid> in the temp folder, made with mode 0700. A name
// in a shared folder such as /tmp could be taken first by anybody;
// privateDir refuses such a folder.
func SocketDir() string {
	if rt := os.Getenv("XDG_RUNTIME_DIR"); rt != "" && filepath.IsAbs(rt) {
		return filepath.Join(rt, dirName)
	}
	return filepath.Join(os.TempDir(), tempPrefix+userTag())
}

// privateDir checks that dir is a real folder (not a link) of this user
// that nobody else may enter; with create it makes it first.
func privateDir(dir string, create bool) error {
	if create {
		if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("Der Ordner %s für die Schnellabfrage kann nicht angelegt werden: %w", dir, err)
		}
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("Den Ordner %s für die Schnellabfrage gibt es nicht: %w", dir, err)
	}
	if !fi.IsDir() || !ownedBySelf(fi) || !private(fi) {
		return fmt.Errorf("Der Ordner %s für die Schnellabfrage gehört nicht allein diesem Benutzer; today und search fragen das laufende Programm deshalb nicht.", dir)
	}
	return nil
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
	if err := privateDir(filepath.Dir(path), true); err != nil {
		return nil, err
	}
	if err := clearStale(path); err != nil {
		return nil, err
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("Die Schnellabfrage für today, search und candidates kann unter %s nicht eingerichtet werden: %w", path, err)
	}
	ul := ln.(*net.UnixListener)
	ul.SetUnlinkOnClose(false) // stop removes the file itself, after the last answer
	// Personal data: only the owner may connect. Windows has no modes (the
	// socket lies in the user's own folders there).
	if err := os.Chmod(path, 0o600); err != nil && runtime.GOOS != "windows" {
		ul.Close()
		os.Remove(path)
		return nil, fmt.Errorf("Die Schnellabfrage unter %s kann nicht geschützt werden (Rechte 0600): %w", path, err)
	}
	s := &server{st: st, ln: ul, path: path, done: make(chan struct{}), conns: map[net.Conn]struct{}{},
		perPeer: map[string]int{}, refusals: make(chan struct{}, maxRefusals)}
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
		return fmt.Errorf("Die Schnellabfrage kann %s nicht prüfen: %w", path, err)
	}
	if fi.Mode()&fs.ModeSocket == 0 {
		return fmt.Errorf("%s ist keine Schnellabfrage von stabsstelle; die Datei bleibt unverändert, today, search und candidates fragen dieses Programm nicht.", path)
	}
	if c, err := net.DialTimeout("unix", path, dialTimeout); err == nil {
		c.Close()
		return fmt.Errorf("Unter %s antwortet schon ein anderes Programm; die Schnellabfrage bleibt bei ihm.", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("Die verwaiste Schnellabfrage %s kann nicht entfernt werden: %w", path, err)
	}
	return nil
}

type server struct {
	st   *store.Store
	ln   *net.UnixListener
	path string
	done chan struct{} // closed by stop
	wg   sync.WaitGroup

	mu       sync.Mutex
	closing  bool
	conns    map[net.Conn]struct{} // connections being answered
	perPeer  map[string]int        // connections being answered per peer process
	refusals chan struct{}         // slots for "busy" answers
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
		default:
			// All slots are taken (maybe by peers that send nothing):
			// the newcomer hears so at once instead of waiting.
			s.refuse(c)
			continue
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

// refuse answers c with busyAnswer in a goroutine of its own (bounded: a
// flood of connections is just closed).
func (s *server) refuse(c net.Conn) {
	select {
	case s.refusals <- struct{}{}:
	default:
		c.Close()
		return
	}
	s.wg.Add(1)
	go func() {
		defer func() { <-s.refusals; s.wg.Done() }()
		defer c.Close()
		if _, ok := peerOf(c); !ok {
			return
		}
		b, _ := json.Marshal(busyAnswer)
		_ = c.SetWriteDeadline(time.Now().Add(refuseTimeout))
		_, _ = c.Write(append(b, '\n'))
	}()
}

// enter counts a connection of peer; false when the peer already has
// maxPerPeer being answered.
func (s *server) enter(peer string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perPeer[peer] >= maxPerPeer {
		return false
	}
	s.perPeer[peer]++
	return true
}

func (s *server) leave(peer string) {
	s.mu.Lock()
	if s.perPeer[peer]--; s.perPeer[peer] <= 0 {
		delete(s.perPeer, peer)
	}
	s.mu.Unlock()
}

func (s *server) handle(c net.Conn) {
	defer c.Close()
	peer, ok := peerOf(c)
	if !ok {
		return
	}
	if !s.enter(peer) {
		b, _ := json.Marshal(busyAnswer)
		_ = c.SetWriteDeadline(time.Now().Add(refuseTimeout))
		_, _ = c.Write(append(b, '\n'))
		return
	}
	defer s.leave(peer)
	if !s.track(c) {
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
