package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
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
	// later is set while BuildSearchIndexLater runs (search_later.go).
	later atomic.Pointer[laterSearch]

	mu       sync.Mutex // guards closed
	closed   bool
	Migrated []string // names of migrations run by Open, for the status line
	// MigratedFrom is the schema the file had before them (0: a new file,
	// whose layout was only set up).
	MigratedFrom uint64
	// MigrationBackup is the checked backup written before those
	// migrations ("" when none ran).
	MigrationBackup string
	notify          func(string) // Options.Notify
	// Recovered says which interrupted imports Open took back (German).
	Recovered []string
	// legacy: the file is from before the checksums (seal.go) and is only
	// read, by check or restore; values are taken as they are.
	legacy bool
	// Cleaned lists leftover temporary files (of a backup, compact or
	// restore that was cut off) that Open removed.
	Cleaned []string
}

// Options tune Open; the zero value is right for the program.
type Options struct {
	// Now replaces the clock, for tests and the demo generator.
	Now func() time.Time
	// Notify, if set, hears a German sentence before Open starts work
	// that takes a while on a large file (a migration with its backup),
	// so a terminal does not sit silent.
	Notify func(msg string)
}

func berlin() *time.Location { return model.Berlin }

// Open opens or creates the database at path. It creates a file only
// where none exists: an empty (0-byte) file, a directory, a device or a
// file that is not a stabsstelle database is refused and left alone, and
// so is one that is damaged or comes from a newer version. Existing files
// are first opened read-only and checked, and bbolt's panics on broken
// pages (and faults on its memory map) are turned into ErrDamaged.
func Open(path string, opts Options) (*Store, error) {
	s := &Store{path: path, now: opts.Now, notify: opts.Notify}
	if s.now == nil {
		s.now = time.Now
	}
	create, err := existing(path)
	if err != nil {
		return nil, err
	}
	if create {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, ioError(err, "Der Ordner für die Datenbank %s kann nicht angelegt werden", filepath.Dir(path))
		}
	} else if err := inspect(path); err != nil {
		return nil, err
	}
	db, err := openBolt(path, false, create)
	if err != nil {
		return nil, err
	}
	s.db = db
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	// An import that was killed half-way is taken back (import_run.go).
	// That writes to the file, so it comes only after the file's head
	// passed the preflight and inspect above, and recoverImports checks
	// the file's structure and checksums before it writes anything.
	if s.Recovered, err = s.recoverImports(); err != nil {
		db.Close()
		return nil, err
	}
	// Temporary files of a backup, compact or restore that was cut off
	// (they can be as large as the database) go now, while the file is
	// locked against the programs that could still be writing them.
	s.Cleaned = removeOrphans(path)
	return s, nil
}

// existing looks at what lies at path before anything is opened: nothing
// (create is true), a database file to open, or something that must be
// left alone (the error says what).
func existing(path string) (create bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			return false, &ErrNotOurs{Path: path, Why: fmt.Sprintf("Die Datei %s ist ein Verweis auf %s, und das gibt es nicht. Es wurde nichts angelegt; bitte den Verweis prüfen oder mit --db eine andere Datei angeben.", path, target)}
		}
		return true, nil
	case err != nil:
		return false, ioError(err, "Die Datenbank %s kann nicht gelesen werden", path)
	case fi.IsDir():
		return false, &ErrNotOurs{Path: path, Why: fmt.Sprintf("%s ist ein Ordner, keine Datenbankdatei. Bitte mit --db eine Datei angeben.", path)}
	case !fi.Mode().IsRegular():
		return false, &ErrNotOurs{Path: path, Why: fmt.Sprintf("%s ist keine gewöhnliche Datei (sondern ein Gerät, eine Pipe oder ein Socket). Bitte mit --db eine Datenbankdatei angeben.", path)}
	case fi.Size() == 0:
		return false, &ErrEmpty{Path: path}
	}
	return false, nil
}

// inspect opens an existing file read-only (a shared lock, no writes at all)
// and decides whether it is ours, current enough and readable.
func inspect(path string) error {
	db, err := openBolt(path, true, false)
	if err != nil {
		return err
	}
	defer db.Close()
	return safely(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			m := tx.Bucket(bucketMeta)
			if m == nil {
				return &ErrNotOurs{Path: path}
			}
			app, err := metaValue(m, keyApp)
			if err != nil {
				return &ErrDamaged{Path: path, Detail: "die Kennung der Datei ist beschädigt"}
			}
			if string(app) != appMarker {
				return &ErrNotOurs{Path: path}
			}
			v, err := schemaOf(m)
			if err != nil {
				return &ErrDamaged{Path: path, Detail: err.Error()}
			}
			if v > uint64(len(migrations)) {
				return &ErrTooNew{Path: path, File: v, Program: uint64(len(migrations))}
			}
			return nil
		})
	})
}

// openBolt opens path with bbolt. The file is opened and locked here first
// (as bbolt would lock it) and its head checked (preflight) before bbolt
// maps it; bbolt then gets the locked file. Only with create may the file
// be new: an existing empty file is refused with ErrEmpty.
func openBolt(path string, readOnly, create bool) (db *bolt.DB, err error) {
	return openBoltWith(path, readOnly, create, false)
}

// openBoltForCheck is openBolt read-only with the freelist read at once
// (under safely): the structure check reads it otherwise inside bbolt's
// own goroutine, where a fault cannot be caught. Only the check needs it;
// reading a large freelist costs every other open time.
func openBoltForCheck(path string) (*bolt.DB, error) { return openBoltWith(path, true, false, true) }

func openBoltWith(path string, readOnly, create, freelist bool) (db *bolt.DB, err error) {
	f, err := openDBFile(path, readOnly, create)
	if err != nil {
		return nil, err
	}
	handed := false
	defer func() {
		if !handed {
			f.Close()
		}
	}()
	if err := lockAndCheckHead(path, f, readOnly, create); err != nil {
		return nil, err
	}
	handed = true
	err = safely(path, func() error {
		var e error
		db, e = bolt.Open(path, 0o600, &bolt.Options{
			Timeout:         LockTimeout,
			ReadOnly:        readOnly,
			PreLoadFreelist: freelist, // always so when writing (bbolt)
			OpenFile: func(string, int, os.FileMode) (*os.File, error) {
				return f, nil
			},
		})
		return e
	})
	if err != nil {
		return nil, boltOpenError(path, err)
	}
	// bbolt lengthens the file by its needed size plus AllocSize (16 MB)
	// each time it grows: up to 16 MB of a file were zeros at its end.
	// 4 MB steps cost a few more truncate calls while a file grows.
	db.AllocSize = 4 << 20
	return db, nil
}

// openDBFile opens the database file for bbolt: only with create may it
// be new (and then it must not exist yet).
func openDBFile(path string, readOnly, create bool) (*os.File, error) {
	flag := os.O_RDWR
	if readOnly {
		flag = os.O_RDONLY
	}
	if create {
		flag |= os.O_CREATE | os.O_EXCL
	}
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("Die Datei %s ist eben von einem anderen Programm angelegt worden. Bitte noch einmal versuchen.", path)
		}
		if errors.Is(err, syscall.EISDIR) {
			return nil, &ErrNotOurs{Path: path, Why: fmt.Sprintf("%s ist ein Ordner, keine Datenbankdatei. Bitte mit --db eine Datei angeben.", path)}
		}
		return nil, ioError(err, "Die Datenbank %s kann nicht geöffnet werden", path)
	}
	return f, nil
}

// lockAndCheckHead locks f as bbolt would and checks its head before
// bbolt maps it; an empty file is refused unless it was just created.
func lockAndCheckHead(path string, f *os.File, readOnly, create bool) error {
	if err := lockFile(f, !readOnly, LockTimeout); err != nil {
		if errors.Is(err, errLockTimeout) {
			return &ErrLocked{Path: path}
		}
		return ioError(err, "Die Datenbank %s kann nicht gesperrt werden", path)
	}
	fi, err := f.Stat()
	if err != nil {
		return ioError(err, "Die Datenbank %s kann nicht gelesen werden", path)
	}
	switch {
	case fi.Size() == 0 && !create:
		return &ErrEmpty{Path: path}
	case fi.Size() > 0:
		if _, err := preflight(path, f, fi.Size()); err != nil {
			switch {
			case errors.Is(err, errNotBolt):
				return &ErrNotOurs{Path: path}
			case errors.Is(err, errHeadUnreadable):
				// bbolt's own open below says what is wrong.
			default:
				return err
			}
		}
	}
	return nil
}

// boltOpenError turns what bbolt's Open returned into the store's errors:
// locked, not ours, damaged, else a German sentence around the I/O error.
func boltOpenError(path string, err error) error {
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return &ErrLocked{Path: path}
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrVersionMismatch),
		strings.Contains(err.Error(), "file size too small"): // bbolt has no error value for it
		return &ErrNotOurs{Path: path}
	case errors.Is(err, bolterrors.ErrChecksum):
		return &ErrDamaged{Path: path, Detail: "Prüfsumme falsch"}
	}
	var d *ErrDamaged
	if errors.As(err, &d) {
		return err
	}
	return ioError(err, "Die Datenbank %s kann nicht geöffnet werden", path)
}

// safely runs fn and turns a bbolt panic (its reaction to broken pages) into
// ErrDamaged, so the user gets a sentence instead of a stack trace. A read
// through bbolt's memory map outside the file (a damaged page pointing
// past its end) is a fault, which Go would not let the program survive;
// SetPanicOnFault turns it into a panic of this goroutine, recovered here.
// Every read of the map runs inside safely (View, Update, Open, the check,
// backup and compact); the one goroutine bbolt starts itself (tx.Check)
// only reads what the check has read before under safely (check.go).
func safely(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
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
	trimTail(s.db, s.path)
	return s.db.Close()
}

// trimTail cuts off what bbolt added to the end of the file at path and
// never used: it lengthens a file by AllocSize beyond what a commit needs,
// so a file that has just grown ends in up to 4 MB of zeros (16 MB for a
// DB opened with bbolt's defaults). Nothing lies beyond the last page of
// the newest transaction (tx.Size, the length a backup copies). Called
// before db closes, so the file is still locked; the next write lengthens
// it again as bbolt always does. Where the system refuses (Windows
// truncates no mapped file), the zeros stay.
func trimTail(db *bolt.DB, path string) {
	if db.IsReadOnly() {
		return
	}
	var size int64
	err := safely(path, func() error { // a damaged file: closing must not fault
		return db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil })
	})
	if err != nil || size <= 0 {
		return
	}
	if fi, err := os.Stat(path); err == nil && fi.Size() > size {
		_ = os.Truncate(path, size)
	}
}

// DB gives the store's own maintenance code (backup, check) the bbolt handle.
func (s *Store) DB() *bolt.DB { return s.db }
