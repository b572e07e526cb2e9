package lookup

import (
	"bufio"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

var day = model.NewDate(2026, 3, 12)

// heldDB opens a real database with two Einsätze on day (stored out of
// order: 14:00 Arabisch by phone, 9:00 Tigrinya with Yonas) and one the
// day after. The store stays open – as the TUI holds it – until the test ends.
func heldDB(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "held.db")
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	at := func(d model.Date, hh, mm int) time.Time { return model.At(d, model.Clock(hh*60+mm)) }
	err = st.Update("test", func(tx *store.Tx) error {
		org := &model.Organisation{Name: "Jobcenter Gifhorn", Kind: model.OrgJobcenter, City: "Gifhorn"}
		if err := store.Organisations.Put(tx, org); err != nil {
			return err
		}
		yonas := &model.Person{Name: "Yonas Tesfaye", Gender: model.GenderMale, Interpreter: &model.InterpreterProfile{
			Languages: []model.LanguageSkill{{Language: "Tigrinya"}}, Active: true,
			Grundschulung: model.NewDate(2025, 1, 1), Schweigepflicht: model.NewDate(2025, 1, 1),
			FuehrungszeugnisSeen: model.NewDate(2025, 1, 1)}}
		if err := store.People.Put(tx, yonas); err != nil {
			return err
		}
		mk := func(lang string, start time.Time, s model.Setting) *model.Einsatz {
			return &model.Einsatz{OrganisationID: org.ID, Language: lang, Setting: s, Place: "Gifhorn",
				Address: "Am Markt 1", Start: start, Duration: 90 * time.Minute, Status: model.StatusSuche}
		}
		es := []*model.Einsatz{
			mk("Arabisch", at(day, 14, 0), model.SettingPhone),
			mk("Tigrinya", at(day, 9, 0), model.SettingOnSite),
			mk("Dari", at(day.AddDays(1), 9, 0), model.SettingOnSite),
		}
		for _, e := range es {
			if err := store.Einsaetze.Put(tx, e); err != nil {
				return err
			}
		}
		return store.AssignInterpreter(tx, es[1].ID, yonas.ID, es[1].Version)
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, path
}

func serve(t *testing.T, st *store.Store, path string) func() {
	t.Helper()
	stop, err := Serve(st, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return stop
}

// raw sends one line as it is and returns the answer line.
func raw(t *testing.T, path, line string) Response {
	t.Helper()
	c, err := net.DialTimeout("unix", SocketPath(path), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte(line)); err != nil {
		t.Fatal(err)
	}
	ans, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		t.Fatalf("answer to %.40q: %v", line, err)
	}
	var r Response
	if err := json.Unmarshal([]byte(ans), &r); err != nil {
		t.Fatalf("answer %q: %v", ans, err)
	}
	return r
}

func TestTodayAndSearchOverSocket(t *testing.T) {
	st, path := heldDB(t)
	serve(t, st, path)
	if filepath.Dir(SocketPath(path)) != SocketDir() {
		t.Errorf("socket %s, want in %s", SocketPath(path), SocketDir())
	}

	r, err := Ask(path, Request{Verb: VerbToday, Date: "2026-03-12"})
	if err != nil || r.Error != "" {
		t.Fatalf("today: %v %q", err, r.Error)
	}
	if len(r.Today) != 2 || r.Today[0].Language != "Tigrinya" || r.Today[1].Language != "Arabisch" {
		t.Fatalf("today = %+v, want Tigrinya 9:00 then Arabisch 14:00", r.Today)
	}
	first := r.Today[0]
	if first.Interpreter != "Yonas Tesfaye" || first.Institution != "Jobcenter Gifhorn" || model.FormatTime(first.Start) != "09:00" ||
		first.Start.Location() != model.Berlin || first.StatusLabel == "" {
		t.Errorf("first = %+v", first)
	}
	// The same items as reading the file directly.
	var local []TodayItem
	st.View(func(tx *store.Tx) error { local, err = TodayItems(tx, day); return err })
	a, _ := json.Marshal(local)
	b, _ := json.Marshal(r.Today)
	if string(a) != string(b) {
		t.Errorf("socket gives\n%s\nfile gives\n%s", b, a)
	}

	r, err = Ask(path, Request{Verb: VerbToday, Date: "2026-03-20"})
	if err != nil || r.Error != "" || len(r.Today) != 0 {
		t.Errorf("empty day: %v %+v", err, r)
	}

	r, err = Ask(path, Request{Verb: VerbSearch, Text: "tigrinya jobcenter"})
	if err != nil || r.Error != "" {
		t.Fatalf("search: %v %q", err, r.Error)
	}
	if len(r.Hits) != 1 || r.Hits[0].Kind != store.KindEinsatz || !strings.Contains(r.Hits[0].Summary, "Tigrinya") {
		t.Errorf("search hits = %+v", r.Hits)
	}
	r, err = Ask(path, Request{Verb: VerbSearch, Text: "gifhorn", Limit: 1})
	if err != nil || len(r.Hits) != 1 {
		t.Errorf("limit 1: %v %+v", err, r)
	}
	// the filters of search --kind/--from/--to travel along
	r, err = Ask(path, Request{Verb: VerbSearch, Text: "tigrinya"}.WithFilter(store.SearchFilter{From: day.AddDays(1)}))
	if err != nil || r.Error != "" || len(r.Hits) != 0 {
		t.Errorf("tigrinya from the day after: %v %+v", err, r)
	}
	r, err = Ask(path, Request{Verb: VerbSearch, Text: "tigrinya", Kinds: []string{store.KindPerson}})
	if err != nil || r.Error != "" || len(r.Hits) == 0 {
		t.Errorf("tigrinya people: %v %+v", err, r)
	}
	for _, h := range r.Hits {
		if h.Kind != store.KindPerson {
			t.Errorf("kind person gave %+v", h)
		}
	}
	r, err = Ask(path, Request{Verb: VerbSearch, Text: "tigrinya", From: "1.3."})
	if err != nil || r.Error == "" {
		t.Errorf("a date not in JJJJ-MM-TT: %v %+v", err, r)
	}
}

func TestBadRequestsGetGermanAnswersAndServingGoesOn(t *testing.T) {
	st, path := heldDB(t)
	serve(t, st, path)

	// A peer that connects and sends nothing must not block the others.
	idle, err := net.Dial("unix", SocketPath(path))
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()

	cases := []struct{ line, want string }{
		{"Hallo Welt\n", "kein gültiges JSON"},
		{"{\"verb\":\n", "kein gültiges JSON"},
		{strings.Repeat("x", 10000) + "\n", "zu lang"},
		{`{"verb":"today","date":"` + strings.Repeat("9", 5000) + `"}` + "\n", "zu lang"},
		{`{"verb":"delete","date":"2026-03-12"}` + "\n", "Unbekannte Abfrage „delete“"},
		{`{"verb":"today","date":"12.03.2026"}` + "\n", "kein gültiges Datum"},
		{`{"verb":"today","date":"2026-02-30"}` + "\n", "kein gültiges Datum"},
		{`{"verb":"today"}` + "\n", "kein gültiges Datum"},
		{`{"verb":"search","text":"  "}` + "\n", "braucht einen Text"},
		{`{"verb":"search","text":"x","limit":-3}` + "\n", "zwischen 1 und 10000"},
		{`{"verb":"search","text":"x","limit":1000000}` + "\n", "zwischen 1 und 10000"},
		{`["today"]` + "\n", "kein gültiges JSON"},
		{"\x00\xff\xfe\n", "kein gültiges JSON"},
	}
	for _, c := range cases {
		r := raw(t, path, c.line)
		if !strings.Contains(r.Error, c.want) || r.Today != nil || r.Hits != nil {
			t.Errorf("%.50q: answer %+v, want error with %q", c.line, r, c.want)
		}
	}
	// A line without newline counts when the peer closes its side.
	c, err := net.Dial("unix", SocketPath(path))
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte(`{"verb":"today","date":"2026-03-12"}`))
	c.(*net.UnixConn).CloseWrite()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	ans, _ := bufio.NewReader(c).ReadString('\n')
	c.Close()
	if !strings.Contains(ans, "Tigrinya") {
		t.Errorf("request without newline: %q", ans)
	}

	r, err := Ask(path, Request{Verb: VerbToday, Date: "2026-03-12"})
	if err != nil || len(r.Today) != 2 {
		t.Errorf("after bad requests: %v %+v", err, r)
	}
}

// TestStalledPeerIsCutOff: a peer that sends half a line gets an answer
// (or nothing) after the read deadline, not never.
func TestStalledPeerIsCutOff(t *testing.T) {
	st, path := heldDB(t)
	serve(t, st, path)
	c, err := net.Dial("unix", SocketPath(path))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte(`{"verb":"to`))
	c.SetDeadline(time.Now().Add(readTimeout + 3*time.Second))
	start := time.Now()
	ans, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || !strings.Contains(ans, "nicht vollständig") {
		t.Errorf("stalled peer: %q %v", ans, err)
	}
	if d := time.Since(start); d > readTimeout+time.Second {
		t.Errorf("cut off after %v", d)
	}
}

func TestSocketIsOnlyForTheOwner(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("file modes of sockets are checked on Linux")
	}
	st, path := heldDB(t)
	serve(t, st, path)
	fi, err := os.Stat(SocketPath(path))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v, want socket 0600", fi.Mode())
	}
}

func TestStaleSocketIsReplaced(t *testing.T) {
	st, path := heldDB(t)
	// A program killed with SIGKILL leaves its socket file behind.
	ln, err := net.Listen("unix", SocketPath(path))
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Lstat(SocketPath(path)); err != nil {
		t.Fatalf("stale socket not left: %v", err)
	}
	if _, err := Ask(path, Request{Verb: VerbToday, Date: "2026-03-12"}); !errors.Is(err, ErrNotListening) || !errors.Is(err, ErrNoAnswer) {
		t.Errorf("stale socket: err %v, want ErrNotListening", err)
	}
	serve(t, st, path)
	if r, err := Ask(path, Request{Verb: VerbToday, Date: "2026-03-12"}); err != nil || len(r.Today) != 2 {
		t.Errorf("after replacing the stale socket: %v %+v", err, r)
	}
}

func TestLiveSocketAndOtherFilesAreLeftAlone(t *testing.T) {
	st, path := heldDB(t)
	serve(t, st, path)
	if stop, err := Serve(st, path); err == nil {
		stop()
		t.Fatal("second Serve took over a live socket")
	} else if !strings.Contains(err.Error(), "antwortet schon") {
		t.Errorf("second Serve: %v", err)
	}
	if r, err := Ask(path, Request{Verb: VerbToday, Date: "2026-03-12"}); err != nil || len(r.Today) != 2 {
		t.Errorf("first server after the refused second: %v %+v", err, r)
	}

	st2, path2 := heldDB(t)
	if err := os.WriteFile(SocketPath(path2), []byte("meins"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Serve(st2, path2); err == nil || !strings.Contains(err.Error(), "keine Schnellabfrage") {
		t.Errorf("Serve over a regular file: %v", err)
	}
	if b, _ := os.ReadFile(SocketPath(path2)); string(b) != "meins" {
		t.Error("a regular file at the socket path was changed")
	}
	if _, err := Ask(path2, Request{Verb: VerbToday, Date: "2026-03-12"}); !errors.Is(err, ErrNotListening) {
		t.Errorf("Ask at a regular file: %v", err)
	}
}

func TestStopRemovesSocketAndIsQuick(t *testing.T) {
	st, path := heldDB(t)
	stop := serve(t, st, path)
	// A peer that never finishes its request does not hold up stop.
	c, err := net.Dial("unix", SocketPath(path))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte(`{"verb":`))
	time.Sleep(50 * time.Millisecond) // let the server start reading it
	start := time.Now()
	stop()
	if d := time.Since(start); d > time.Second {
		t.Errorf("stop took %v", d)
	}
	if _, err := os.Lstat(SocketPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket file after stop: %v", err)
	}
	stop() // twice is fine
	if _, err := Ask(path, Request{Verb: VerbToday, Date: "2026-03-12"}); !errors.Is(err, ErrNotListening) {
		t.Errorf("after stop: %v", err)
	}
	// The store is still usable: stop did not touch it.
	if err := st.View(func(tx *store.Tx) error { _, err := TodayItems(tx, day); return err }); err != nil {
		t.Error(err)
	}
}

// TestSocketLivesInAPrivateFolder: whatever the database's path (long,
// relative, in a shared folder), the socket is in the user's runtime
// folder or a 0700 folder of the user's own in the temp folder – never at
// a name others can predict and take first.
func TestSocketLivesInAPrivateFolder(t *testing.T) {
	for _, rt := range []string{"", t.TempDir()} {
		t.Setenv("XDG_RUNTIME_DIR", rt)
		dir := filepath.Join(t.TempDir(), strings.Repeat("sehr-langer-ordnername-", 5))
		if err := os.MkdirAll(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "stabsstelle.db")
		sp := SocketPath(path)
		wantDir := filepath.Join(os.TempDir(), "stabsstelle-"+userTag())
		if rt != "" {
			wantDir = filepath.Join(rt, "stabsstelle")
		}
		if filepath.Dir(sp) != wantDir || !strings.HasSuffix(sp, ".lookup") || len(sp) > maxSocketPath {
			t.Errorf("XDG_RUNTIME_DIR=%q: socket %s, want in %s", rt, sp, wantDir)
		}
		if other := SocketPath(filepath.Join(dir, "anders.db")); other == sp {
			t.Error("two databases share a socket name")
		}
		// A relative path names the same socket as the absolute one.
		wd, _ := os.Getwd()
		if rel, err := filepath.Rel(wd, path); err == nil && SocketPath(rel) != sp {
			t.Errorf("relative %s gives %s, absolute gives %s", rel, SocketPath(rel), sp)
		}
		st, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		stop := serve(t, st, path)
		if fi, err := os.Lstat(wantDir); err != nil || !fi.IsDir() || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700) {
			t.Errorf("socket folder %s: %v %v", wantDir, fi.Mode(), err)
		}
		if r, err := Ask(path, Request{Verb: VerbToday, Date: "2026-03-12"}); err != nil || r.Error != "" {
			t.Errorf("long path: %v %+v", err, r)
		}
		stop()
		st.Close()
		if _, err := os.Lstat(sp); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("socket after stop: %v", err)
		}
	}
}

// TestSocketFolderOfOthersIsRefused: a socket folder that others may
// write, or that belongs to somebody else, is not used: the program does
// not listen there, and today and search do not ask there.
func TestSocketFolderOfOthersIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("folder modes and owners are checked on Unix")
	}
	st, path := heldDB(t)
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	dir := SocketDir()
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o777) // as another user could have made it
	if stop, err := Serve(st, path); err == nil {
		stop()
		t.Fatal("Serve used a folder everybody may write")
	} else if !strings.Contains(err.Error(), "gehört nicht allein") {
		t.Errorf("Serve: %v", err)
	}
	if _, err := Ask(path, Request{Verb: VerbToday, Date: "2026-03-12"}); !errors.Is(err, ErrNotListening) {
		t.Errorf("Ask in a folder everybody may write: %v", err)
	}
	os.Chmod(dir, 0o700)
	if os.Getuid() == 0 {
		// Only root can give the folder to somebody else.
		if err := os.Chown(dir, 4242, 4242); err != nil {
			t.Fatal(err)
		}
		if stop, err := Serve(st, path); err == nil {
			stop()
			t.Fatal("Serve used a folder of another user")
		}
		if _, err := Ask(path, Request{Verb: VerbToday, Date: "2026-03-12"}); !errors.Is(err, ErrNotListening) {
			t.Errorf("Ask in another user's folder: %v", err)
		}
	}
}

// TestIdleConnectionsDoNotBlock: a process that opens many connections and
// sends nothing holds at most maxPerPeer slots; every further connection
// gets the German "busy" answer at once, and when the idle ones are cut
// off (readTimeout) questions are answered again.
func TestIdleConnectionsDoNotBlock(t *testing.T) {
	st, path := heldDB(t)
	serve(t, st, path)
	var idle []net.Conn
	defer func() {
		for _, c := range idle {
			c.Close()
		}
	}()
	busy := 0
	for range 20 {
		c, err := net.Dial("unix", SocketPath(path))
		if err != nil {
			t.Fatal(err)
		}
		idle = append(idle, c)
	}
	start := time.Now()
	answers := make(chan bool, len(idle))
	for _, c := range idle {
		go func() {
			c.SetReadDeadline(time.Now().Add(time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			var r Response
			answers <- json.Unmarshal([]byte(line), &r) == nil && r.Busy && strings.Contains(r.Error, "beschäftigt")
		}()
	}
	for range idle {
		if <-answers {
			busy++
		}
	}
	if busy != 20-maxPerPeer || time.Since(start) > 2*time.Second {
		t.Errorf("%d of %d extra connections got a busy answer (in %v)", busy, 20-maxPerPeer, time.Since(start))
	}
	// This process still holds its maxPerPeer idle ones: its own question
	// is told "busy" at once, not left waiting.
	start = time.Now()
	r, err := Ask(path, Request{Verb: VerbToday, Date: "2026-03-12"})
	if err != nil || !r.Busy || time.Since(start) > time.Second {
		t.Errorf("question while the peer's slots are full: %v %+v after %v", err, r, time.Since(start))
	}
	time.Sleep(readTimeout + 500*time.Millisecond)
	if r, err := Ask(path, Request{Verb: VerbToday, Date: "2026-03-12"}); err != nil || len(r.Today) != 2 {
		t.Errorf("after the idle ones were cut off: %v %+v", err, r)
	}
}

// TestSearchTextWithControlCharactersIsRefused: a hostile peer's search
// text with an escape sequence gets a German refusal, no search.
func TestSearchTextWithControlCharactersIsRefused(t *testing.T) {
	st, path := heldDB(t)
	serve(t, st, path)
	r, err := Ask(path, Request{Verb: VerbSearch, Text: "tigrinya\x1b]0;x\x07"})
	if err != nil || !strings.Contains(r.Error, "Steuerzeichen") || r.Hits != nil {
		t.Errorf("answer %v %+v", err, r)
	}
}
