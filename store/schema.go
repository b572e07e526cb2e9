package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

const appMarker = "stabsstelle"

var (
	bucketMeta     = []byte("meta")
	bucketCounters = []byte("counters")
	bucketJournal  = []byte("journal")
	bucketHistory  = []byte("journal_by_record")
	bucketNumbers  = []byte("idx:number")
	keyApp         = []byte("app")
	keySchema      = []byte("schema")
)

// A migration moves the file from schema version N-1 to N (its position in
// migrations, counting from 1). Migrations are never edited once released:
// a change of layout is a new entry at the end.
type migration struct {
	name string
	up   func(tx *bolt.Tx) error
}

var migrations = []migration{
	{"Grundstruktur", func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketCounters, bucketJournal, bucketHistory, bucketNumbers} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keyApp, []byte(appMarker))
	}},
	{"Journal als Feldänderungen", migrateJournalToDiffs},
	{"Suchverzeichnis", migrateSearchIndex},
	{"Datensätze komprimiert", migrateCompressRecords},
	{"Verzeichnisse der Einsätze ohne Kopien", migrateOwnerIndexKeysOnly},
	// Migrations 2–5 run before this one (a wave-1 file runs 2–6 in one
	// transaction): they read and write plain values, as the file holds
	// them then; a Tx they make is plain (Tx.plain, seal.go). This one
	// then seals every value of every bucket, theirs included. A file on
	// schema 2–5 (written by a program without checksums) gets only this.
	{sealMigration, sealAll}, // seal_migration.go
	{"Berichtsverzeichnis der Einsätze", migrateEinsatzFacts},
	{"Einsatzzeilen kompakt", migrateCompactRows},
	{"Einsatzverzeichnisse binär", migrateOwnerKeysBinary},
	{"Anträge je Person ohne Kopien", migrateClaimPersonStatusOnly},
	{"Größere Wörterbücher", migrateDictsSecondGeneration},
	{"Berichtszahlen in den Einsatzzeilen", migrateFactsIntoRows},
	{"Wörterbücher für zstd", migrateDictsZstd},
	{"Verzeichnisse mit kurzen IDs", migrateBinaryIndexIDs},
	{"Wörterbücher ohne Tagesbezug", migrateDictsNeutral},
}

// fileSchema is the schema version of the file tx reads (0 when its meta
// bucket is missing or the version unreadable: check says so elsewhere).
func fileSchema(tx *Tx) uint64 {
	if m := tx.btx.Bucket(bucketMeta); m != nil {
		v, _ := schemaOf(m)
		return v
	}
	return 0
}

// SchemaVersion is the version this program writes.
func SchemaVersion() uint64 { return uint64(len(migrations)) }

// migrate runs all pending migrations in one transaction: a file is either
// fully on the new schema or untouched.
func (s *Store) migrate() error {
	return safely(s.path, func() error {
		var cur uint64
		if err := s.db.View(func(tx *bolt.Tx) error {
			if m := tx.Bucket(bucketMeta); m != nil {
				v, err := schemaOf(m)
				if err != nil {
					return &ErrDamaged{Path: s.path, Detail: err.Error()}
				}
				cur = v
			}
			return nil
		}); err != nil {
			return err
		}
		if cur == SchemaVersion() {
			return nil
		}
		if cur > SchemaVersion() {
			return &ErrTooNew{Path: s.path, File: cur, Program: SchemaVersion()}
		}
		// An existing file gets a checked backup before its layout changes.
		if cur > 0 && s.notify != nil {
			s.notify(fmt.Sprintf("Die Datenbank hat das Format einer älteren Version (%d). Sie wird jetzt gesichert und auf Version %d umgestellt; bei großen Dateien dauert das einige Sekunden …", cur, SchemaVersion()))
		}
		if cur > 0 && BeforeMigration != nil {
			if err := BeforeMigration(s, cur); err != nil {
				return err
			}
		}
		var names []string
		err := s.db.Update(func(tx *bolt.Tx) error {
			for i := cur; i < SchemaVersion(); i++ {
				m := migrations[i]
				if err := m.up(tx); err != nil {
					return fmt.Errorf("Umstellung %d (%s) ist fehlgeschlagen: %w", i+1, m.name, err)
				}
				names = append(names, m.name)
			}
			return putMeta(tx.Bucket(bucketMeta), keySchema, encodeUint(SchemaVersion()), SchemaVersion())
		})
		if err == nil {
			s.Migrated, s.MigratedFrom = names, cur
		}
		return err
	})
}

func encodeUint(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func decodeUint(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}
