package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"stabsstelle/model"
)

// LockTimeout is how long Open waits for another process to let go of the
// file. Long enough for a program that is just closing, short enough that a
// second window never seems to hang.
const LockTimeout = time.Second

// Store is one open database file. It is safe for concurrent use by many
// goroutines (and many SSH sessions); bbolt serialises the writers.
type Store struct {
	db   *bolt.DB
	path string
	feed feed
	now  func() time.Time
	drop pageDropper // gives back the file pages bulk reads mapped in
	team teamRoles   // team mode: roles from the keys file (roles.go)

	mu       sync.Mutex // guards closed
	closed   bool
	Migrated []string // names of migrations run by Open, for the status line
	// Recovered says which interrupted imports Open took back (German).
	Recovered []string
}

// Options tune Open; the zero value is right for the program.
type Options struct {
	// Now replaces the clock, for tests and the demo generator.
	Now func() time.Time
}

func berlin() *time.Location { return model.Berlin }

// Open opens or creates the database at path. It never writes to a file that
// is not a stabsstelle database, is damaged, or comes from a newer version:
// such files are first opened read-only and checked, and bbolt's panics on
// broken pages are turned into ErrDamaged.
func Open(path string, opts Options) (*Store, error) {
	s := &Store{path: path, now: opts.Now}
	if s.now == nil {
		s.now = time.Now
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("Der Ordner für die Datenbank %s kann nicht angelegt werden: %v", filepath.Dir(path), err)
		}
	case err != nil:
		return nil, fmt.Errorf("Die Datenbank %s kann nicht gelesen werden: %v", path, err)
	case fi.IsDir():
		return nil, fmt.Errorf("%s ist ein Ordner, keine Datenbankdatei. Bitte mit --db eine Datei angeben.", path)
	case fi.Size() > 0:
		if err := inspect(path); err != nil {
			return nil, err
		}
	}
	db, err := openBolt(path, false)
	if err != nil {
		return nil, err
	}
	s.db = db
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	// An import that was killed half-way is taken back (import_run.go).
	if s.Recovered, err = s.recoverImports(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// inspect opens an existing file read-only (a shared lock, no writes at all)
// and decides whether it is ours, current enough and readable.
func inspect(path string) error {
	db, err := openBolt(path, true)
	if err != nil {
		return err
	}
	defer db.Close()
	return safely(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			m := tx.Bucket(bucketMeta)
			if m == nil || string(m.Get(keyApp)) != appMarker {
				return &ErrNotOurs{Path: path}
			}
			if v := decodeUint(m.Get(keySchema)); v > uint64(len(migrations)) {
				return &ErrTooNew{Path: path, File: v, Program: uint64(len(migrations))}
			}
			return nil
		})
	})
}

func openBolt(path string, readOnly bool) (db *bolt.DB, err error) {
	err = safely(path, func() error {
		var e error
		db, e = bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout, ReadOnly: readOnly})
		return e
	})
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, &ErrLocked{Path: path}
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrVersionMismatch),
		strings.Contains(err.Error(), "file size too small"): // bbolt has no error value for it
		return nil, &ErrNotOurs{Path: path}
	case errors.Is(err, bolterrors.ErrChecksum):
		return nil, &ErrDamaged{Path: path, Detail: "Prüfsumme falsch"}
	}
	var d *ErrDamaged
	if errors.As(err, &d) {
		return nil, err
	}
	return nil, fmt.Errorf("Die Datenbank %s kann nicht geöffnet werden: %v", path, err)
}

// safely runs fn and turns a bbolt panic (its reaction to broken pages) into
// ErrDamaged, so the user gets a sentence instead of a stack trace.
func safely(path string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &ErrDamaged{Path: path, Detail: damageDetail(r)}
		}
	}()
	return fn()
}

// Path is the file's location, shown in the status bar.
func (s *Store) Path() string { return s.path }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// Close releases the file lock. Subscribers are told nothing more.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.feed.closeAll()
	return s.db.Close()
}

// DB gives the store's own maintenance code (backup, check) the bbolt handle.
func (s *Store) DB() *bolt.DB { return s.db }
