package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// compactTxSize is how many bytes Compact copies per write transaction.
const compactTxSize = 64 << 20

// Compact rewrites the database at path into a new file holding only live
// data (deleted personal data leaves the file), checks the new file and
// swaps it in by rename; the file keeps mode 0600. The database must not be
// open elsewhere (ErrLocked). It returns the sizes before and after.
func Compact(path string) (before, after int64, err error) {
	if before, err = compactSource(path); err != nil {
		return 0, 0, err
	}
	// The exclusive lock keeps everybody else out while we copy and swap.
	src, err := openBolt(path, false, false)
	if err != nil {
		return 0, 0, err
	}
	srcOpen := true
	defer func() {
		if srcOpen {
			src.Close()
		}
	}()
	dir := filepath.Dir(path)
	tmpFile, err := os.CreateTemp(dir, tempPattern(tmpCompact, path))
	if err != nil {
		return 0, 0, ioError(err, "In den Ordner %s kann nicht geschrieben werden", dir)
	}
	tmp := tmpFile.Name()
	tmpFile.Close()
	defer os.Remove(tmp) // no-op after the rename
	if err := writeCompacted(path, src, tmp); err != nil {
		return 0, 0, err
	}
	if err := finishCompacted(tmp); err != nil {
		return 0, 0, err
	}
	if isWindows() { // Windows cannot rename over an open file
		src.Close()
		srcOpen = false
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, 0, ioError(err, "Die verdichtete Datei kann nicht an die Stelle der Datenbank gelegt werden; die Datenbank ist unverändert")
	}
	syncDir(dir)
	if nfi, err := os.Stat(path); err == nil {
		after = nfi.Size()
	}
	return before, after, nil
}

// compactSource checks the database at path before Compact locks it: it
// exists, is ours and is sound. It returns the file's size.
func compactSource(path string) (int64, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("Die Datenbank %s gibt es nicht. Bitte den Pfad prüfen (--db).", path)
	}
	if err != nil {
		return 0, ioError(err, "Die Datenbank %s kann nicht gelesen werden", path)
	}
	if _, err := existing(path); err != nil {
		return 0, err
	}
	if err := inspect(path); err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// writeCompacted copies the live data of src (the database at path) into
// the empty file tmp and clears its mark of erased data still to scrub.
func writeCompacted(path string, src *bolt.DB, tmp string) error {
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: LockTimeout})
	if err != nil {
		return ioError(err, "Die neue Datei kann nicht angelegt werden; die Datenbank ist unverändert")
	}
	cerr := safely(path, func() error { return bolt.Compact(dst, src, compactTxSize) })
	if cerr == nil {
		// The new file holds no freed pages: erased data is gone.
		cerr = dst.Update(clearScrub)
	}
	if cerr == nil {
		trimTail(dst, tmp)
	}
	if err := dst.Close(); cerr == nil {
		cerr = err
	}
	if cerr != nil {
		var dmg *ErrDamaged
		if errors.As(cerr, &dmg) {
			return fmt.Errorf("Das Verdichten ist fehlgeschlagen, die Datenbank ist unverändert: %w", cerr)
		}
		return ioError(cerr, "Das Verdichten ist fehlgeschlagen, die Datenbank ist unverändert")
	}
	return nil
}

// finishCompacted makes the compacted file tmp ready to replace the
// database: mode 0600, on the disk, and checked like any database.
func finishCompacted(tmp string) error {
	if err := os.Chmod(tmp, 0o600); err != nil && !isWindows() {
		return ioError(err, "Die neue Datei kann nicht geschützt werden (Rechte 0600); die Datenbank ist unverändert")
	}
	if f, err := os.OpenFile(tmp, os.O_RDWR, 0); err == nil {
		err = f.Sync()
		f.Close()
		if err != nil {
			return ioError(err, "Die neue Datei kann nicht auf die Platte geschrieben werden; die Datenbank ist unverändert")
		}
	}
	if err := VerifyFile(tmp); err != nil {
		return fmt.Errorf("Die verdichtete Datei ist fehlerhaft; die Datenbank bleibt unverändert. Bitte die neueste gute Sicherung zurückspielen (stabsstelle restore --list). (%w)", err)
	}
	return nil
}

// CompactHint is the status-bar sentence after deletions.
const CompactHint = "Gelöschte Daten stehen noch in der Datei, bis sie verdichtet wird: bei geschlossenem Programm „stabsstelle compact“ ausführen."

// CompactAdvice reports how many bytes of the file are free pages (left by
// deletions and old versions) and whether compacting is worth it: more
// than half of a file of at least 8 MB is free.
func (s *Store) CompactAdvice() (free, size int64, advise bool) {
	st := s.db.Stats()
	free = int64(st.FreeAlloc)
	if fi, err := os.Stat(s.path); err == nil {
		size = fi.Size()
	}
	return free, size, size >= 8<<20 && free*2 > size
}

// compactInto writes the live data of db into a new file at path (which
// may exist empty), synced, mode 0600: a copy without the freed pages.
func compactInto(db *bolt.DB, path string) error {
	dst, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout})
	if err != nil {
		return err
	}
	err = bolt.Compact(dst, db, compactTxSize)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(path, 0o600)
		if isWindows() {
			err = nil
		}
	}
	return err
}
