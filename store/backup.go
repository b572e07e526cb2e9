package store

import (
	"errors"
	"fmt"
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
	pending, err := s.ScrubPending()
	if err != nil {
		tmp.Close()
		return err
	}
	var werr error
	if pending {
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
	path, err := backup(s, "", false)
	if err != nil {
		return fmt.Errorf("Vor der Umstellung der Datenbank auf die neue Version konnte keine Sicherung geschrieben werden; die Datei wurde nicht verändert. %v", err)
	}
	s.MigrationBackup = path
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
