package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// BackupDirName is the folder beside the database that holds the automatic
// backups.
const BackupDirName = "stabsstelle-backups"

// BackupKeep is how many backups Backup keeps in a folder (the newest ones);
// older ones are deleted after a new backup was written and checked.
var BackupKeep = 7

const (
	backupPrefix = "stabsstelle-"
	backupLayout = "20060102-150405"
)

// BackupDir is the default backup folder of the database at dbPath.
func BackupDir(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), BackupDirName)
}

// BackupInfo is one backup file found in a folder.
type BackupInfo struct {
	Path string
	Time time.Time // when it was written (from its name, Berlin time)
	Size int64
	// Problems are rule violations found in it by NewestGoodBackup (the
	// file itself is readable); empty for a clean backup.
	Problems []string
}

// BackupProblems: the backup was written and is readable, but the database
// it copies breaks some of the program's own rules (see Problems). The
// backup is kept: a copy with a wrong index beats no copy.
type BackupProblems struct {
	Path     string
	Problems []string
}

func (e *BackupProblems) Error() string {
	return fmt.Sprintf("Die Sicherung %s ist geschrieben, aber die Datenbank hat %d Probleme (z. B.: %s). Bitte „stabsstelle check“ ausführen.",
		e.Path, len(e.Problems), e.Problems[0])
}

// Backup writes a consistent copy of the open store into dir ("" = the
// default folder beside the database) while others keep working: bbolt's
// WriteTo inside a read transaction, into a temporary file that is synced
// and fully checked, and only then renamed to stabsstelle-JJJJMMTT-HHMMSS.db:
// a file under a backup's name has always passed the check. A bad copy is
// deleted and reported. Afterwards only the newest BackupKeep backups are
// kept – unless the copy holds no records at all: a backup of an empty
// database never pushes a real one out. If the copy is readable but the
// database breaks the program's own rules, the backup is kept and a
// *BackupProblems error returned with its path.
func Backup(s *Store, dir string) (string, error) { return backup(s, dir, true) }

// backup with full=false checks only that the copy is a readable file of
// ours (before a migration the records may not yet meet this program's
// rules).
func backup(s *Store, dir string, full bool) (string, error) {
	if dir == "" {
		dir = BackupDir(s.path)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", ioError(err, "Der Ordner für Sicherungen %s kann nicht angelegt werden", dir)
	}
	tmp, err := os.CreateTemp(dir, tempPattern(tmpBackup, s.path))
	if err != nil {
		return "", ioError(err, "In den Ordner %s kann keine Sicherung geschrieben werden", dir)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // no-op after the rename
	if err := tmp.Chmod(0o600); err != nil && !isWindows() {
		tmp.Close()
		return "", ioError(err, "Die Sicherung kann nicht geschützt werden (Rechte 0600)")
	}
	if err := writeBackupCopy(s, tmp); err != nil {
		return "", err
	}
	rep, err := checkBackupCopy(s, tmpName, full)
	if err != nil {
		return "", err
	}
	final := uniqueBackupName(dir, s.now())
	if err := os.Rename(tmpName, final); err != nil {
		return "", ioError(err, "Die Sicherung konnte nicht abgelegt werden")
	}
	syncDir(dir)
	for i := range rep.Problems {
		rep.Problems[i] = strings.ReplaceAll(rep.Problems[i], tmpName, final)
	}
	if rep.Records() > 0 {
		if err := PruneBackups(dir, BackupKeep); err != nil {
			return final, err
		}
	}
	if !rep.OK() {
		return final, &BackupProblems{Path: final, Problems: rep.Problems}
	}
	return final, nil
}

// writeBackupCopy writes the store's data into tmp (the open temporary
// file, which it closes).
func writeBackupCopy(s *Store, tmp *os.File) error {
	// After an erasure the freed pages of the file still hold the erased
	// data until it is compacted; WriteTo would copy them into the backup.
	// Then the backup is written by compaction instead: only live data.
	var werr error
	if s.ScrubPending() {
		tmp.Close()
		werr = safely(s.path, func() error { return compactInto(s.db, tmp.Name()) })
	} else {
		werr = safely(s.path, func() error {
			return s.db.View(func(tx *bolt.Tx) error {
				_, err := tx.WriteTo(tmp)
				return err
			})
		})
		if werr == nil {
			werr = tmp.Sync()
		}
		if cerr := tmp.Close(); werr == nil {
			werr = cerr
		}
	}
	if werr != nil {
		var dmg *ErrDamaged
		if errors.As(werr, &dmg) {
			return fmt.Errorf("Es wurde keine Sicherung geschrieben: %w", werr)
		}
		return ioError(werr, "Die Sicherung konnte nicht geschrieben werden; es wurde keine Sicherung angelegt")
	}
	return nil
}

// checkBackupCopy checks the copy just written (full: also the program's
// own rules); a copy that is not sound is an error.
func checkBackupCopy(s *Store, tmpName string, full bool) (CheckReport, error) {
	// Let the pages of bulk reads running meanwhile (the tabs loading at
	// start) be given back before the check maps the copy (mmap.go).
	s.drop.wait(3 * dropDelay)
	rep, err := checkFile(tmpName, full, false)
	if err == nil && rep.Damaged {
		err = errors.New(rep.Problems[0])
	}
	if err != nil {
		return rep, fmt.Errorf("Die eben geschriebene Sicherung ist fehlerhaft und wurde wieder gelöscht; die Datenbank selbst ist vermutlich beschädigt, bitte „stabsstelle check“ ausführen. (%w)", err)
	}
	return rep, nil
}

func uniqueBackupName(dir string, now time.Time) string {
	base := backupPrefix + now.In(model.Berlin).Format(backupLayout)
	name := filepath.Join(dir, base+".db")
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, os.ErrNotExist) {
			return name
		}
		name = filepath.Join(dir, fmt.Sprintf("%s-%d.db", base, i))
	}
}

// ListBackups returns the backups in dir, newest first. Files that do not
// follow the naming pattern are ignored (and never deleted).
func ListBackups(dir string) ([]BackupInfo, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, ioError(err, "Der Ordner %s kann nicht gelesen werden", dir)
	}
	var out []BackupInfo
	for _, e := range entries {
		t, ok := backupTime(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, BackupInfo{Path: filepath.Join(dir, e.Name()), Time: t, Size: info.Size()})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.After(out[j].Time)
		}
		return backupCounter(out[i].Path) > backupCounter(out[j].Path)
	})
	return out, nil
}

// backupTime reads the time from stabsstelle-JJJJMMTT-HHMMSS[-N].db.
func backupTime(name string) (time.Time, bool) {
	if !strings.HasPrefix(name, backupPrefix) || !strings.HasSuffix(name, ".db") {
		return time.Time{}, false
	}
	rest := strings.TrimSuffix(strings.TrimPrefix(name, backupPrefix), ".db")
	if len(rest) < len(backupLayout) {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(backupLayout, rest[:len(backupLayout)], model.Berlin)
	if err != nil {
		return time.Time{}, false
	}
	if tail := rest[len(backupLayout):]; tail != "" && !isCounterSuffix(tail) {
		return time.Time{}, false
	}
	return t, true
}

// backupCounter is N of stabsstelle-…-HHMMSS-N.db (1 without a suffix).
func backupCounter(path string) int {
	rest := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), backupPrefix), ".db")
	n := 1
	if len(rest) > len(backupLayout)+1 {
		fmt.Sscanf(rest[len(backupLayout)+1:], "%d", &n)
	}
	return n
}

func isCounterSuffix(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// PruneBackups deletes all but the newest keep backups in dir (keep < 1
// keeps everything).
func PruneBackups(dir string, keep int) error {
	if keep < 1 {
		return nil
	}
	list, err := ListBackups(dir)
	if err != nil {
		return err
	}
	for _, b := range list[min(keep, len(list)):] {
		if err := os.Remove(b.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return ioError(err, "Die alte Sicherung %s kann nicht gelöscht werden", b.Path)
		}
	}
	return nil
}

// DailyBackup writes a backup into the default folder unless one was
// already written today (Berlin date of the newest backup). It returns the
// new file's path, or "" if none was needed. Call it once at start, off the
// UI goroutine: it reads the whole file and checks the copy.
func DailyBackup(s *Store) (string, error) {
	list, err := ListBackups(BackupDir(s.path))
	if err != nil {
		return "", err
	}
	today := model.DateOf(s.now())
	if len(list) > 0 && model.DateOf(list[0].Time) == today {
		return "", nil
	}
	return Backup(s, "")
}

// BeforeMigration is called by Open with the file still on schema from,
// before pending migrations run (not for new files). By default it writes a
// checked backup into the default folder; a failing backup stops the
// migration, so the file stays untouched.
var BeforeMigration = func(s *Store, from uint64) error {
	if _, err := backup(s, "", false); err != nil {
		return fmt.Errorf("Vor der Umstellung der Datenbank auf die neue Version konnte keine Sicherung geschrieben werden; die Datei wurde nicht verändert. %v", err)
	}
	return nil
}

// VerifyFile checks that path is a readable stabsstelle database without
// problems (structure, records, indexes, journal). It never changes the file.
func VerifyFile(path string) error {
	rep, err := CheckFile(path)
	if err != nil {
		return err
	}
	if !rep.OK() {
		more := ""
		if len(rep.Problems) > 1 {
			more = fmt.Sprintf(" (und %d weitere Probleme)", len(rep.Problems)-1)
		}
		return fmt.Errorf("Die Datei %s hat Fehler: %s%s", path, rep.Problems[0], more)
	}
	return nil
}

// NewestGoodBackup looks through the default backup folder of dbPath, newest
// first, and returns the first backup that passes the full check. If none
// does, it returns the newest readable one with its Problems filled in.
func NewestGoodBackup(dbPath string) (BackupInfo, bool) {
	list, _ := ListBackups(BackupDir(dbPath))
	var fallback *BackupInfo
	for i, b := range list {
		rep, err := CheckFile(b.Path)
		if err != nil || rep.Damaged {
			continue
		}
		if rep.OK() {
			return b, true
		}
		if fallback == nil {
			fallback = &list[i]
			fallback.Problems = rep.Problems
		}
	}
	if fallback != nil {
		return *fallback, true
	}
	return BackupInfo{}, false
}

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

// syncDir makes a rename durable (best effort; not possible on Windows).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func abs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return filepath.Clean(a)
	}
	return filepath.Clean(p)
}
