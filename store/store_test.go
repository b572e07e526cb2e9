package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestOpenCreatesFileWithPrivateMode(t *testing.T) {
	_, path := openTemp(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600 (personal data)", fi.Mode().Perm())
	}
}

func TestSecondOpenFailsFastWithGermanMessage(t *testing.T) {
	_, path := openTemp(t)
	start := time.Now()
	_, err := Open(path, Options{})
	var locked *ErrLocked
	if !errors.As(err, &locked) {
		t.Fatalf("second Open: got %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("second Open took %v, want < 2 s", d)
	}
	if !bytes.Contains([]byte(err.Error()), []byte("bereits geöffnet")) {
		t.Errorf("message not German/clear: %q", err)
	}
}

func TestForeignFileIsRefusedAndUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fremd.db")
	data := bytes.Repeat([]byte("Das ist eine Excel-Datei, keine Datenbank. "), 200)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{})
	var notOurs *ErrNotOurs
	if !errors.As(err, &notOurs) {
		t.Fatalf("got %v, want ErrNotOurs", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, data) {
		t.Error("the foreign file was changed")
	}
}

func TestOtherBoltFileIsRefusedAndUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("x")); return err })
	db.Close()
	before, _ := os.ReadFile(path)
	_, err = Open(path, Options{})
	var notOurs *ErrNotOurs
	if !errors.As(err, &notOurs) {
		t.Fatalf("got %v, want ErrNotOurs", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("the other program's database was changed")
	}
}

func TestDamagedFileIsRefusedWithoutPanicAndUntouched(t *testing.T) {
	s, path := openTemp(t)
	if err := s.Update("anna", func(tx *Tx) error {
		for i := 0; i < 200; i++ {
			if err := People.Put(tx, &model.Person{Name: "Person " + string(rune('A'+i%26))}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	data, _ := os.ReadFile(path)
	// Overwrite everything after the two meta pages with garbage: the meta
	// pages still say "bbolt", the tree behind them is gone.
	ps := os.Getpagesize()
	for i := 2 * ps; i < len(data); i++ {
		data[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{})
	if err == nil {
		t.Fatal("a damaged file was opened")
	}
	var damaged *ErrDamaged
	var notOurs *ErrNotOurs
	if !errors.As(err, &damaged) && !errors.As(err, &notOurs) {
		t.Fatalf("got %T %v, want ErrDamaged or ErrNotOurs", err, err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, data) {
		t.Error("the damaged file was changed")
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	s, path := openTemp(t)
	s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, seal(keySchema, encodeUint(SchemaVersion()+1)))
	})
	s.Close()
	_, err := Open(path, Options{})
	var tooNew *ErrTooNew
	if !errors.As(err, &tooNew) {
		t.Fatalf("got %v, want ErrTooNew", err)
	}
}

func TestMigrationsRunOnceInOrder(t *testing.T) {
	s, path := openTemp(t)
	if len(s.Migrated) != int(SchemaVersion()) {
		t.Errorf("new file ran %v, want all %d migrations", s.Migrated, SchemaVersion())
	}
	s.Close()
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if len(s2.Migrated) != 0 {
		t.Errorf("reopen ran migrations again: %v", s2.Migrated)
	}
}

func TestPutAssignsIDVersionStampsAndJournal(t *testing.T) {
	now := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "j.db")
	s, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := &model.Person{Name: "Amina Haddad"}
	if err := s.Update("anna", func(tx *Tx) error { return People.Put(tx, p) }); err != nil {
		t.Fatal(err)
	}
	if len(p.ID) != 36 || p.Version != 1 || p.CreatedBy != "anna" || !p.Created.Equal(now) {
		t.Fatalf("meta not set: %+v", p.Meta)
	}
	p.Phone = "05371 123"
	now = now.Add(time.Hour)
	if err := s.Update("bernd", func(tx *Tx) error { return People.Put(tx, p) }); err != nil {
		t.Fatal(err)
	}
	if p.Version != 2 || p.UpdatedBy != "bernd" || p.CreatedBy != "anna" {
		t.Fatalf("update meta wrong: %+v", p.Meta)
	}
	var hist []JournalEntry
	s.View(func(tx *Tx) error { hist, err = tx.History(p.ID); return err })
	if len(hist) != 2 || hist[0].Who != "anna" || hist[1].Who != "bernd" || hist[1].Op != OpUpdate {
		t.Fatalf("history = %+v", hist)
	}
	if !bytes.Contains(hist[1].Before, []byte(`"version":1`)) || !bytes.Contains(hist[1].After, []byte("05371 123")) {
		t.Errorf("journal lacks before/after: %s / %s", hist[1].Before, hist[1].After)
	}
}

func TestStaleVersionIsAConflict(t *testing.T) {
	s, _ := openTemp(t)
	p := &model.Person{Name: "Amina Haddad"}
	s.Update("anna", func(tx *Tx) error { return People.Put(tx, p) })
	stale := *p
	p.City = "Gifhorn"
	if err := s.Update("anna", func(tx *Tx) error { return People.Put(tx, p) }); err != nil {
		t.Fatal(err)
	}
	stale.City = "Wittingen"
	err := s.Update("bernd", func(tx *Tx) error { return People.Put(tx, &stale) })
	var c *ErrConflict
	if !errors.As(err, &c) || c.By != "anna" {
		t.Fatalf("got %v, want conflict naming anna", err)
	}
	s.View(func(tx *Tx) error {
		got, _ := People.Get(tx, p.ID)
		if got.City != "Gifhorn" {
			t.Errorf("stale write landed: %q", got.City)
		}
		return nil
	})
}

func TestInvalidRecordIsNotSavedAndNothingElseOfTheTxEither(t *testing.T) {
	s, _ := openTemp(t)
	err := s.Update("anna", func(tx *Tx) error {
		if err := People.Put(tx, &model.Person{Name: "Gültig"}); err != nil {
			return err
		}
		return People.Put(tx, &model.Person{Name: "Kaputt", Email: "keine-mail"})
	})
	var ve model.ValidationError
	if !errors.As(err, &ve) || ve.For("email") == "" {
		t.Fatalf("got %v, want a validation error for email", err)
	}
	s.View(func(tx *Tx) error {
		if n := People.Count(tx); n != 0 {
			t.Errorf("%d people stored after a failed transaction, want 0", n)
		}
		return nil
	})
}

// numbered is a minimal numbered record for testing yearly numbers.
type numbered struct {
	model.Meta
	Day string `json:"day"`
}

var testNumbered = &Collection[numbered, *numbered]{Kind: "test", Label: "Test", Prefix: "T", Digits: 4,
	Indexes: func(n *numbered) []Index { return []Index{{Name: "day", Key: []byte(n.Day), Value: []byte(n.Day)}} }}

func TestYearlyNumbersAndIndexes(t *testing.T) {
	now := time.Date(2026, 12, 31, 22, 30, 0, 0, time.UTC) // 23:30 in Berlin: still 2026
	path := filepath.Join(t.TempDir(), "n.db")
	s, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var a, b, c numbered
	a.Day, b.Day, c.Day = "2026-12-31", "2026-12-30", "2027-01-01"
	s.Update("anna", func(tx *Tx) error { testNumbered.Put(tx, &a); return testNumbered.Put(tx, &b) })
	now = now.Add(time.Hour) // 00:30 in Berlin: 2027
	s.Update("anna", func(tx *Tx) error { return testNumbered.Put(tx, &c) })
	if a.Number != "T-2026-0001" || b.Number != "T-2026-0002" || c.Number != "T-2027-0001" {
		t.Fatalf("numbers %s %s %s", a.Number, b.Number, c.Number)
	}
	var days []string
	s.View(func(tx *Tx) error {
		return testNumbered.Scan(tx, "day", []byte("2026-12-30"), []byte("2027"), func(id string, k, v []byte) error {
			days = append(days, string(k))
			return nil
		})
	})
	if len(days) != 2 || days[0] != "2026-12-30" || days[1] != "2026-12-31" {
		t.Errorf("index scan = %v", days)
	}
	// Changing the indexed field moves the index entry; deleting removes it.
	b.Day = "2027-02-01"
	s.Update("anna", func(tx *Tx) error { return testNumbered.Put(tx, &b) })
	s.Update("anna", func(tx *Tx) error { return testNumbered.Delete(tx, a.ID) })
	days = nil
	s.View(func(tx *Tx) error {
		if got, err := testNumbered.ByNumber(tx, "t-2027-0001"); err != nil || got.ID != c.ID {
			t.Errorf("ByNumber: %v %v", got, err)
		}
		if _, err := testNumbered.ByNumber(tx, a.Number); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleted record still found by number: %v", err)
		}
		return testNumbered.Scan(tx, "day", nil, nil, func(id string, k, v []byte) error {
			days = append(days, string(k))
			return nil
		})
	})
	if len(days) != 2 || days[0] != "2027-01-01" || days[1] != "2027-02-01" {
		t.Errorf("index after update/delete = %v", days)
	}
}

func TestChangeFeedReachesEverySubscriber(t *testing.T) {
	s, _ := openTemp(t)
	sub1, sub2 := s.Subscribe(), s.Subscribe()
	defer sub1.Close()
	p := &model.Person{Name: "Amina Haddad"}
	s.Update("anna", func(tx *Tx) error { return People.Put(tx, p) })
	for i, sub := range []*Subscription{sub1, sub2} {
		evs, ok := sub.Wait()
		if !ok || len(evs) != 1 || evs[0].Who != "anna" || evs[0].Changes[0].ID != p.ID || !evs[0].Touches(KindPerson) {
			t.Fatalf("subscriber %d got %+v", i, evs)
		}
	}
	// A failed transaction publishes nothing.
	s.Update("anna", func(tx *Tx) error { return errors.New("abgebrochen") })
	sub2.Close()
	if _, ok := sub2.Wait(); ok {
		t.Error("closed subscription still delivers")
	}
}

func TestWriteWithoutUserIsRefused(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.Update(" ", func(tx *Tx) error { return nil }); !errors.Is(err, ErrNoUser) {
		t.Fatalf("got %v, want ErrNoUser", err)
	}
}

func TestBulkSkipsPerRecordJournalButKeepsNote(t *testing.T) {
	s, _ := openTemp(t)
	s.Bulk("demo", func(tx *Tx) error {
		for i := 0; i < 10; i++ {
			People.Put(tx, &model.Person{Name: "P"})
		}
		return tx.Note("demo", "10 Personen")
	})
	n := 0
	s.View(func(tx *Tx) error {
		return tx.Journal(func(e JournalEntry) bool { n++; return true })
	})
	if n != 1 {
		t.Errorf("journal has %d entries after bulk, want 1 note", n)
	}
}
