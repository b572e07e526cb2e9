package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

func safetyFill(t testing.TB, s *Store, n int, prefix string) []string {
	t.Helper()
	var ids []string
	if err := s.Update("anna", func(tx *Tx) error {
		for i := 0; i < n; i++ {
			p := &model.Person{Name: fmt.Sprintf("%s %03d", prefix, i)}
			if err := People.Put(tx, p); err != nil {
				return err
			}
			ids = append(ids, p.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return ids
}

func safetyCountPeople(t *testing.T, path string) int {
	t.Helper()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer s.Close()
	n := 0
	s.View(func(tx *Tx) error { n = People.Count(tx); return nil })
	return n
}

func TestBackupIsCheckedPrivateAndNamed(t *testing.T) {
	now := time.Date(2026, 3, 5, 13, 30, 0, 0, time.UTC) // 14:30 Berlin
	path := filepath.Join(t.TempDir(), "db", "stabsstelle.db")
	s, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	safetyFill(t, s, 50, "Person")
	got, err := Backup(s, "")
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(filepath.Dir(path), "stabsstelle-backups", "stabsstelle-20260305-143000.db")
	if got != want {
		t.Errorf("backup at %s, want %s", got, want)
	}
	fi, _ := os.Stat(got)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", fi.Mode().Perm())
	}
	if err := VerifyFile(got); err != nil {
		t.Fatal(err)
	}
	// A second one in the same second gets its own name.
	got2, err := Backup(s, "")
	if err != nil || got2 == got || !strings.HasSuffix(got2, "-143000-2.db") {
		t.Errorf("second backup %s %v", got2, err)
	}
	list, _ := ListBackups(BackupDir(path))
	if len(list) != 2 || list[0].Path != got2 {
		t.Errorf("list %+v", list)
	}
	if n := safetyCountPeople(t, got); n != 50 {
		t.Errorf("backup holds %d people", n)
	}
}

func TestBackupKeepsGenerationsAndLeavesOtherFiles(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "stabsstelle.db")
	s, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	safetyFill(t, s, 1, "P") // a backup of an empty database pushes nothing out
	dir := BackupDir(path)
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, "notizen.txt"), []byte("bleibt"), 0o600)
	old := BackupKeep
	BackupKeep = 3
	defer func() { BackupKeep = old }()
	for i := 0; i < 5; i++ {
		if _, err := Backup(s, ""); err != nil {
			t.Fatal(err)
		}
		now = now.Add(24 * time.Hour)
	}
	list, _ := ListBackups(dir)
	if len(list) != 3 || !strings.Contains(list[2].Path, "20260303") {
		t.Errorf("kept %+v", list)
	}
	if _, err := os.Stat(filepath.Join(dir, "notizen.txt")); err != nil {
		t.Error("a foreign file in the backup folder was deleted")
	}
}

func TestDailyBackupOncePerDay(t *testing.T) {
	now := time.Date(2026, 3, 5, 7, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "stabsstelle.db")
	s, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if p, err := DailyBackup(s); err != nil || p == "" {
		t.Fatalf("first start of the day: %q %v", p, err)
	}
	now = now.Add(8 * time.Hour)
	if p, err := DailyBackup(s); err != nil || p != "" {
		t.Fatalf("second start the same day: %q %v", p, err)
	}
	now = now.Add(12 * time.Hour) // next day in Berlin
	if p, err := DailyBackup(s); err != nil || p == "" {
		t.Fatalf("next day: %q %v", p, err)
	}
}

func TestBeforeMigrationWritesBackup(t *testing.T) {
	s, path := openTemp(t)
	safetyFill(t, s, 3, "P")
	if err := BeforeMigration(s, 1); err != nil {
		t.Fatal(err)
	}
	list, _ := ListBackups(BackupDir(path))
	if len(list) != 1 {
		t.Fatalf("backups %+v", list)
	}
}

func TestRestoreKeepsCurrentAsideAndRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "stabsstelle.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	safetyFill(t, s, 10, "Alt")
	bak, err := Backup(s, "")
	if err != nil {
		t.Fatal(err)
	}
	safetyFill(t, s, 5, "Neu")
	// While the database is open, restore refuses at once.
	start := time.Now()
	_, err = Restore(path, bak, time.Now(), false)
	var locked *ErrLocked
	if !errors.As(err, &locked) || time.Since(start) > 3*time.Second {
		t.Fatalf("restore while open: %v", err)
	}
	s.Close()
	current, _ := os.ReadFile(path)

	// A foreign file and a damaged backup are refused; nothing changes.
	foreign := filepath.Join(dir, "fremd.db")
	os.WriteFile(foreign, bytes.Repeat([]byte("x"), 5000), 0o600)
	// (the file at fault is the backup named, not the one of --db)
	if _, err := Restore(path, foreign, time.Now(), false); err == nil || !strings.Contains(err.Error(), "keine Datenbank von stabsstelle") ||
		strings.Contains(err.Error(), "--db") {
		t.Errorf("foreign: %v", err)
	}
	broken := filepath.Join(dir, "kaputt.db")
	data, _ := os.ReadFile(bak)
	safetyDamage(data)
	os.WriteFile(broken, data, 0o600)
	if _, err := Restore(path, broken, time.Now(), false); err == nil {
		t.Error("damaged backup restored")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, current) {
		t.Fatal("refused restore changed the database")
	}

	aside, err := Restore(path, bak, time.Date(2026, 3, 5, 13, 0, 0, 0, time.UTC), false)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(aside) != "stabsstelle.vor-wiederherstellung-20260305-140000.db" {
		t.Errorf("aside %s", aside)
	}
	if kept, _ := os.ReadFile(aside); !bytes.Equal(kept, current) {
		t.Error("the previous database was not kept byte for byte")
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("restored mode %v", fi.Mode().Perm())
	}
	if n := safetyCountPeople(t, path); n != 10 {
		t.Errorf("restored database holds %d people, want 10", n)
	}
	if n := safetyCountPeople(t, aside); n != 15 {
		t.Errorf("kept database holds %d people, want 15", n)
	}
}

// damage overwrites everything after the two meta pages.
func safetyDamage(data []byte) {
	ps := os.Getpagesize()
	for i := 2 * ps; i < len(data); i++ {
		data[i] = byte(i * 7)
	}
}

func TestCheckFindsIndexAndJournalProblems(t *testing.T) {
	s, path := openTemp(t)
	safetyFill(t, s, 20, "P")
	if rep := s.Check(); !rep.OK() || rep.Journal != 20 {
		t.Fatalf("fresh file: %+v", rep)
	}
	// Remove an index entry and break a journal entry behind the store's
	// back (with a valid checksum: a program error, not the disk).
	s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("idx:person:name"))
		k, _ := b.Cursor().First()
		b.Delete(k)
		j := tx.Bucket(bucketJournal)
		return j.Put(encodeUint(3), seal(encodeUint(3), []byte("{kaputt")))
	})
	s.Close()
	rep, err := CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(rep.Problems, "\n")
	if rep.OK() || !strings.Contains(text, "Verzeichnis „name“ von Person") || !strings.Contains(text, "1 Einträge im Journal") {
		t.Errorf("problems %q", text)
	}
	for _, c := range rep.Counts {
		if c.Kind == KindPerson && c.Count != 20 {
			t.Errorf("count %+v", c)
		}
	}
}

func TestCheckFileInUseAndDamagedAndMissing(t *testing.T) {
	s, path := openTemp(t)
	safetyFill(t, s, 100, "P")
	start := time.Now()
	_, err := CheckFile(path)
	var locked *ErrLocked
	if !errors.As(err, &locked) || time.Since(start) > 3*time.Second {
		t.Errorf("in use: %v after %v", err, time.Since(start))
	}
	s.Close()
	data, _ := os.ReadFile(path)
	safetyDamage(data)
	os.WriteFile(path, data, 0o600)
	rep, err := CheckFile(path)
	if err == nil && rep.OK() {
		t.Error("damaged file passed the check")
	}
	if _, err := CheckFile(filepath.Join(t.TempDir(), "gibtsnicht.db")); err == nil || !strings.Contains(err.Error(), "gibt es nicht") {
		t.Errorf("missing: %v", err)
	}
}

func TestCompactShrinksAndKeepsData(t *testing.T) {
	s, path := openTemp(t)
	// enough that the file grows past its first 4 MB (store.go)
	ids := safetyFill(t, s, 4000, strings.Repeat("Lange Namen füllen Seiten ", 4))
	keep := ids[:100]
	s.Update("anna", func(tx *Tx) error {
		for _, id := range ids[100:] {
			if err := People.Delete(tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if free, size, _ := s.CompactAdvice(); free == 0 || size == 0 {
		t.Errorf("advice after deleting 1900 people: free %d of %d", free, size)
	}
	s.Close()
	before, after, err := Compact(path)
	if err != nil {
		t.Fatal(err)
	}
	if after >= before {
		t.Errorf("sizes %d → %d", before, after)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	mustCheckClean(t, s2)
	s2.View(func(tx *Tx) error {
		for _, id := range keep {
			if _, err := People.Get(tx, id); err != nil {
				t.Fatalf("lost %s", id)
			}
		}
		return nil
	})
	// Sequences survive: the journal continues, nothing is overwritten.
	var before2 uint64
	s2.View(func(tx *Tx) error { before2 = tx.btx.Bucket(bucketJournal).Sequence(); return nil })
	if before2 < 2000 {
		t.Errorf("journal sequence reset to %d", before2)
	}
	// In use: refused.
	if _, _, err := Compact(path); !errors.As(err, new(*ErrLocked)) {
		t.Errorf("compact while open: %v", err)
	}
}

func TestPermissionWarning(t *testing.T) {
	_, path := openTemp(t)
	if w := PermissionWarning(path); w != "" {
		t.Errorf("fresh file: %q", w)
	}
	os.Chmod(path, 0o644)
	if w := PermissionWarning(path); !strings.Contains(w, "0644") || !strings.Contains(w, "chmod 600") {
		t.Errorf("0644: %q", w)
	}
	// Behind a link to a file outside the data folder no chmod is advised:
	// it would change somebody else's file.
	dataDir := t.TempDir()
	link := filepath.Join(dataDir, "stabsstelle.db")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if w := PermissionWarning(link); !strings.Contains(w, "Verweis") || strings.Contains(w, "chmod") {
		t.Errorf("link to a file elsewhere: %q", w)
	}
}

func TestLocationWarning(t *testing.T) {
	for _, tc := range []struct {
		path string
		want string
	}{
		{"/home/anna/OneDrive - Landkreis Gifhorn/stabsstelle.db", "OneDrive"},
		{"/Users/anna/Dropbox/stabsstelle.db", "Dropbox"},
		{"/Users/anna/Library/Mobile Documents/com~apple~CloudDocs/s.db", "iCloud"},
		{"/Users/anna/Library/CloudStorage/GoogleDrive-anna/s.db", "Google Drive"},
		{"/home/anna/Nextcloud/s.db", "Nextcloud"},
		{`\\server\freigabe\stabsstelle.db`, "Netzlaufwerk"},
		{filepath.Join(t.TempDir(), "stabsstelle.db"), ""},
		{"/home/anna/dropboxnotes/s.db", ""},
	} {
		got := LocationWarning(tc.path)
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q", tc.path, got)
		}
	}
}

// benchStore is a file with n people written in bulk plus 1 000 journaled
// edits, for the safety benchmarks.
func benchStore(b *testing.B, n int) (*Store, string) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "bench.db")
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for done := 0; done < n; done += 2000 {
		if err := s.Bulk("bench", func(tx *Tx) error {
			for i := done; i < min(n, done+2000); i++ {
				p := &model.Person{Name: fmt.Sprintf("Person %06d", i), City: "Gifhorn", Email: fmt.Sprintf("p%d@example.de", i)}
				if err := People.Put(tx, p); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	safetyFill(b, s, 1000, "Journal")
	return s, path
}

func BenchmarkBackup100k(b *testing.B) {
	s, _ := benchStore(b, 100000)
	defer s.Close()
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Backup(s, dir); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheck100k(b *testing.B) {
	s, _ := benchStore(b, 100000)
	defer s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := s.Check(); !rep.OK() {
			b.Fatal(rep.Problems)
		}
	}
}

func BenchmarkCompact100k(b *testing.B) {
	s, path := benchStore(b, 100000)
	s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := Compact(path); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUndoLast(b *testing.B) {
	s, _ := benchStore(b, 100000)
	defer s.Close()
	for i := 0; i < b.N; i++ {
		safetyFill(b, s, 1, "Undo")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Update("anna", func(tx *Tx) error { _, err := UndoLast(tx, "anna"); return err }); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBackupOfDatabaseWithRuleProblemsIsKeptAndFlagged(t *testing.T) {
	s, path := openTemp(t)
	safetyFill(t, s, 5, "P")
	s.db.Update(func(tx *bolt.Tx) error { // an index entry goes missing
		b := tx.Bucket([]byte("idx:person:name"))
		k, _ := b.Cursor().First()
		return b.Delete(k)
	})
	bak, err := Backup(s, "")
	var bp *BackupProblems
	if !errors.As(err, &bp) || bak == "" || bp.Path != bak || !strings.Contains(err.Error(), "stabsstelle check") {
		t.Fatalf("backup: %q %v", bak, err)
	}
	if _, err := os.Stat(bak); err != nil {
		t.Fatal("backup with rule problems was deleted")
	}
	// Recovery still finds it, with its problems named.
	b, ok := NewestGoodBackup(path)
	if !ok || b.Path != bak || len(b.Problems) == 0 {
		t.Errorf("newest good: %+v %v", b, ok)
	}
	s.Close()
	if _, err := Restore(path, bak, time.Now(), false); err == nil || !strings.Contains(err.Error(), "Probleme") {
		t.Errorf("restore without allow: %v", err)
	}
	if _, err := Restore(path, bak, time.Now(), true); err != nil {
		t.Errorf("restore with allow: %v", err)
	}
	// Before a migration only readability counts.
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := BeforeMigration(s2, 1); err != nil {
		t.Errorf("pre-migration backup refused over rule problems: %v", err)
	}
}
