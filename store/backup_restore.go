package store

// Putting a backup in place of the database: the damaged or replaced file
// is moved aside under a new name, never deleted.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"stabsstelle/model"
)

// asideName is dbPath with a tag and a time stamp before the extension:
// stabsstelle.db → stabsstelle.defekt-20260305-143000.db.
func asideName(dbPath, tag string, now time.Time) string {
	ext := filepath.Ext(dbPath)
	if ext == "" {
		ext = ".db"
	}
	base := strings.TrimSuffix(dbPath, filepath.Ext(dbPath))
	stamp := now.In(model.Berlin).Format(backupLayout)
	name := fmt.Sprintf("%s.%s-%s%s", base, tag, stamp, ext)
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, os.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s.%s-%s-%d%s", base, tag, stamp, i, ext)
	}
}

// MoveAside renames the database file (kept byte for byte) to
// <name>.<tag>-<Zeitstempel>.db beside it and returns the new name. Used
// for damaged files ("defekt") and before a restore
// ("vor-wiederherstellung").
func MoveAside(dbPath, tag string, now time.Time) (string, error) {
	to := asideName(dbPath, tag, now)
	if err := os.Rename(dbPath, to); err != nil {
		return "", ioError(err, "Die Datei %s kann nicht nach %s verschoben werden", dbPath, to)
	}
	syncDir(filepath.Dir(dbPath))
	return to, nil
}

// notInUse fails with ErrLocked while another process holds the database.
// A read-only open takes a shared lock, which fails while a writer holds
// the exclusive one; it never writes, so damaged files are safe here.
func notInUse(path string) error {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	var locked *ErrLocked
	db, err := openBolt(path, true, false)
	if errors.As(err, &locked) {
		return err
	}
	if db != nil {
		db.Close()
	}
	return nil
}

// Restore replaces the database at dbPath by the backup file from. The
// backup is checked first: a file that is not ours or is damaged is always
// refused; one whose records break the program's rules only with
// allowProblems. The current database (if any) is kept aside as
// <name>.vor-wiederherstellung-<Zeitstempel>.db and never overwritten. It
// refuses while the database is open elsewhere (ErrLocked). It returns the
// path the old database was moved to ("" if there was none).
//
// Erasures recorded in the ledgers of the database and its backups are
// done again in the restored copy before it is put in place
// (erase_replay.go).
func Restore(dbPath, from string, now time.Time, allowProblems bool) (aside string, err error) {
	res, err := RestoreErased(dbPath, from, now, allowProblems)
	return res.Aside, err
}

// restore does Restore's work; prepare is run on the checked copy of the
// backup before the database is replaced by it.
func restore(dbPath, from string, now time.Time, allowProblems bool, prepare func(tmp string) error, asideOut *string) (err error) {
	var aside string
	defer func() { *asideOut = aside }()
	if abs(dbPath) == abs(from) {
		return fmt.Errorf("Die Sicherung %s ist die Datenbank selbst. Bitte eine Datei aus %s angeben.", from, BackupDir(dbPath))
	}
	rep, err := CheckFile(from)
	if notOurs := (*ErrNotOurs)(nil); errors.As(err, &notOurs) && notOurs.Why == "" {
		// not "--db": the file at fault is the backup named
		return fmt.Errorf("Die Sicherung wird nicht zurückgespielt: Die Datei %s ist keine Datenbank von stabsstelle und wurde nicht verändert. Die Sicherungen zeigt „stabsstelle restore --list“.", from)
	}
	if err != nil {
		return fmt.Errorf("Die Sicherung wird nicht zurückgespielt: %w", err)
	}
	if rep.Damaged || !rep.OK() && !allowProblems {
		return fmt.Errorf("Die Sicherung %s wird nicht zurückgespielt: %s (%d Probleme; alle zeigt „stabsstelle --db %s check“).",
			from, rep.Problems[0], len(rep.Problems), from)
	}
	if err := notInUse(dbPath); err != nil {
		return err
	}
	dir := filepath.Dir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ioError(err, "Der Ordner %s kann nicht angelegt werden", dir)
	}
	tmp, err := copyToTemp(from, dir, tempPattern(tmpRestore, dbPath))
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if prepare != nil {
		if err := prepare(tmp); err != nil {
			return err
		}
	}
	if _, err := os.Stat(dbPath); err == nil {
		if aside, err = MoveAside(dbPath, "vor-wiederherstellung", now); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		if aside != "" {
			os.Rename(aside, dbPath) // put the old one back
		}
		return ioError(err, "Die Sicherung konnte nicht an die Stelle der Datenbank gelegt werden")
	}
	syncDir(dir)
	return nil
}

// copyToTemp copies src into a new synced temporary file (mode 0600) in
// dir, named after pattern (tempPattern).
func copyToTemp(src, dir, pattern string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", ioError(err, "Die Datei %s kann nicht gelesen werden", src)
	}
	defer in.Close()
	out, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", ioError(err, "In den Ordner %s kann nicht geschrieben werden", dir)
	}
	name := out.Name()
	if err := out.Chmod(0o600); err != nil && !isWindows() {
		out.Close()
		os.Remove(name)
		return "", ioError(err, "Die Kopie kann nicht geschützt werden (Rechte 0600)")
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", ioError(err, "Die Datei %s konnte nicht kopiert werden; die Datenbank ist unverändert", src)
	}
	return name, nil
}
