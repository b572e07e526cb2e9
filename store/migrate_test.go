package store

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// schema1Fixture is a database file written by the first schema (made with
// STABSSTELLE_WRITE_FIXTURE=1 go test -run TestWriteSchema1Fixture ./store/
// when schema 1 was current). It must never be regenerated later: it stands
// for the files out in the field.
const schema1Fixture = "testdata/schema1.db"

// The people and organisations stored in the fixture.
var schema1People = []string{"Amina Yusuf", "Dawit Tesfaye", "Olena Kovalenko"}
var schema1Orgs = []string{"Jobcenter Gifhorn", "Grundschule am Wasserturm"}

func TestWriteSchema1Fixture(t *testing.T) {
	if os.Getenv("STABSSTELLE_WRITE_FIXTURE") == "" {
		t.Skip("nur zum Erzeugen der Vorlage")
	}
	if SchemaVersion() != 1 {
		t.Fatal("die Vorlage für Schema 1 darf nur mit Schema 1 erzeugt werden")
	}
	now := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "schema1.db")
	s, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update("vorlage", func(tx *Tx) error {
		var orgIDs []string
		for _, n := range schema1Orgs {
			o := &model.Organisation{Name: n, City: "Gifhorn"}
			if err := Organisations.Put(tx, o); err != nil {
				return err
			}
			orgIDs = append(orgIDs, o.ID)
		}
		for i, n := range schema1People {
			p := &model.Person{Name: n, City: "Gifhorn", OrganisationID: orgIDs[i%len(orgIDs)]}
			if err := People.Put(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// One update and one delete, so the journal holds all three kinds of entry.
	s.Update("vorlage", func(tx *Tx) error {
		all, _ := People.All(tx)
		all[0].Phone = "05371 12345"
		if err := People.Put(tx, all[0]); err != nil {
			return err
		}
		gone := &model.Person{Name: "Gelöschte Person"}
		if err := People.Put(tx, gone); err != nil {
			return err
		}
		return People.Delete(tx, gone.ID)
	})
	s.Close()
	// Compact it so the committed fixture is small.
	if _, _, err := Compact(path); err != nil {
		t.Fatal(err)
	}
	copyFixture(t, path, schema1Fixture)
}

func copyFixture(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestMigrateFromSchema1 opens the saved schema-1 file with this program:
// it must migrate (or need nothing), pass the full check, and still show
// the people and organisations and their history.
func TestMigrateFromSchema1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stabsstelle.db")
	copyFixture(t, schema1Fixture, path)
	// The fixture really is schema 1.
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *bolt.Tx) error {
		if v := decodeUint(tx.Bucket(bucketMeta).Get(keySchema)); v != 1 {
			t.Fatalf("fixture schema %d, want 1", v)
		}
		return nil
	})
	db.Close()

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open of a schema-1 file: %v", err)
	}
	defer s.Close()
	if want := int(SchemaVersion()) - 1; len(s.Migrated) != want {
		t.Errorf("ran %v, want %d migrations", s.Migrated, want)
	}
	if rep := s.Check(); !rep.OK() {
		t.Fatalf("check after migration: %v", rep.Problems)
	}
	s.View(func(tx *Tx) error {
		people, err := People.All(tx)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]*model.Person{}
		for _, p := range people {
			names[p.Name] = p
		}
		for _, n := range schema1People {
			p, ok := names[n]
			if !ok {
				t.Errorf("person %q lost", n)
				continue
			}
			if p.OrganisationID == "" {
				t.Errorf("%s lost the organisation", n)
			}
			if h, err := tx.History(p.ID); err != nil || len(h) == 0 {
				t.Errorf("history of %s: %v %v", n, h, err)
			}
		}
		if len(people) != len(schema1People) {
			t.Errorf("%d people, want %d", len(people), len(schema1People))
		}
		if n := Organisations.Count(tx); n != len(schema1Orgs) {
			t.Errorf("%d organisations", n)
		}
		return nil
	})
	// And the migrated file can be written to.
	if err := s.Update("anna", func(tx *Tx) error {
		return People.Put(tx, &model.Person{Name: "Nach der Umstellung"})
	}); err != nil {
		t.Fatal(err)
	}
	// The fixture itself stays untouched.
	if err := VerifyFile(schema1Fixture); err != nil {
		t.Error(err)
	}
}

// TestLaterMigrationUpgradesSchema1WithBackup adds a (test-only) second
// migration, as a later release will: the schema-1 file must be upgraded
// once, keep its data, pass the check, and get a backup first.
func TestLaterMigrationUpgradesSchema1WithBackup(t *testing.T) {
	saved := migrations
	defer func() { migrations = saved }()
	migrations = append(append([]migration(nil), saved...), migration{"Testumstellung", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists([]byte("test:umstellung"))
		return err
	}})
	path := filepath.Join(t.TempDir(), "stabsstelle.db")
	copyFixture(t, schema1Fixture, path)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(s.Migrated) == 0 || s.Migrated[len(s.Migrated)-1] != "Testumstellung" {
		t.Errorf("migrated %v", s.Migrated)
	}
	if rep := s.Check(); !rep.OK() || rep.Schema != SchemaVersion() {
		t.Fatalf("check after migration: %+v", rep)
	}
	n := 0
	s.View(func(tx *Tx) error { n = People.Count(tx); return nil })
	if n != len(schema1People) {
		t.Errorf("%d people after migration", n)
	}
	list, _ := ListBackups(BackupDir(path))
	if len(list) == 0 {
		t.Skip("BeforeMigration ist in store/schema.go noch nicht eingehängt – keine Sicherung vor der Umstellung")
	}
	// The backup is the file as it was: still schema 1 (the fixture's).
	db, err := bolt.Open(list[0].Path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		if v := decodeUint(tx.Bucket(bucketMeta).Get(keySchema)); v != 1 {
			t.Errorf("backup has schema %d, want 1", v)
		}
		return nil
	})
}

// asOlderSchema makes the closed database at path a file of the schema
// before the migration called name: fn turns its contents back to what
// that schema held, then the schema number is set, so that this migration
// and every later one run when the file is opened. It returns their names.
func asOlderSchema(t *testing.T, path, name string, fn func(btx *bolt.Tx) error) (pending []string) {
	t.Helper()
	at := slices.IndexFunc(migrations, func(m migration) bool { return m.name == name })
	if at < 0 {
		t.Fatalf("keine Umstellung „%s“", name)
	}
	for _, m := range migrations[at:] {
		pending = append(pending, m.name)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(btx *bolt.Tx) error {
		if err := fn(btx); err != nil {
			return err
		}
		return putMeta(btx.Bucket(bucketMeta), keySchema, encodeUint(uint64(at)), uint64(at))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return pending
}
