package server

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"stabsstelle/model"
	"stabsstelle/store"
)

// benchEnv is startServer for benchmarks.
func benchEnv(b *testing.B) *testEnv {
	b.Helper()
	dir := b.TempDir()
	st, err := store.Open(filepath.Join(dir, "team.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Update("setup", func(tx *store.Tx) error {
		return store.People.Put(tx, &model.Person{Name: "Anton Vorhanden"})
	}); err != nil {
		b.Fatal(err)
	}
	anna := newSigner(b)
	keys := filepath.Join(dir, "keys")
	// ben writes in BenchmarkLiveUpdate: a member with the role to change
	// people (a key without roles may only read).
	members := roleLine(anna, "anna", "sachbearbeitung") + roleLine(newSigner(b), "ben", "sachbearbeitung")
	if err := os.WriteFile(keys, []byte(members), 0o600); err != nil {
		b.Fatal(err)
	}
	srv, err := New(Config{Store: st, AuthorizedKeys: keys, HostKey: filepath.Join(dir, "hk"), Listen: "127.0.0.1:0", RateBurst: -1})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := srv.Listen()
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(ln)
	e := &testEnv{dir: dir, st: st, srv: srv, addr: ln.Addr().String(), anna: anna, log: &logBuf{}}
	b.Cleanup(func() {
		e.stop()
		st.Close()
	})
	return e
}

// openB connects anna with a pseudo-terminal and waits for the first screen.
func (e *testEnv) openB(b *testing.B) (*gossh.Client, *gossh.Session, io.Writer, *vt) {
	c, _, err := e.dial("anna", gossh.PublicKeys(e.anna))
	if err != nil {
		b.Fatal(err)
	}
	sess, err := c.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	v := newVT(100, 30)
	sess.Stdout = v
	in, err := sess.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 30, 100, nil); err != nil {
		b.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		b.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(v.Raw(), "Sprachmittlung") {
		if time.Now().After(deadline) {
			b.Fatal("no first screen")
		}
		time.Sleep(time.Millisecond)
	}
	return c, sess, in, v
}

// BenchmarkConnect: SSH handshake, key check, pseudo-terminal and the
// first full screen of a new session.
func BenchmarkConnect(b *testing.B) {
	e := benchEnv(b)
	b.ResetTimer()
	for range b.N {
		c, sess, _, _ := e.openB(b)
		sess.Close()
		c.Close()
	}
}

// BenchmarkLiveUpdate: from one member's commit to the new name being
// written to another member's terminal (people directory open).
func BenchmarkLiveUpdate(b *testing.B) {
	e := benchEnv(b)
	c, sess, in, v := e.openB(b)
	defer c.Close()
	defer sess.Close()
	io.WriteString(in, "p")
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(v.Screen(), "Anton Vorhanden"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatal("directory not shown")
		}
	}
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		// Each new name sorts first, so it is always in the visible rows.
		name := fmt.Sprintf("A%06dQ", 999999-i)
		before := len(v.Raw())
		b.StartTimer()
		if err := e.st.Update("ben", func(tx *store.Tx) error {
			return store.People.Put(tx, &model.Person{Name: name})
		}); err != nil {
			b.Fatal(err)
		}
		deadline := time.Now().Add(3 * time.Second)
		for !strings.Contains(v.Raw()[before:], name) {
			if time.Now().After(deadline) {
				b.Fatalf("%s not written to the other terminal", name)
			}
			time.Sleep(100 * time.Microsecond)
		}
	}
}
