package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// A journal counter that points at entries that exist (a damaged file, a
// counter set back) must never overwrite the audit trail: the write is
// refused as a whole, also when the taken entry comes only in the middle
// of a transaction, after free ones.
func TestJournalCounterNeverOverwritesEntries(t *testing.T) {
	s, _ := openTemp(t)
	put := func(names ...string) error {
		return s.Update("test", func(tx *Tx) error {
			for _, n := range names {
				if err := People.Put(tx, &model.Person{Name: n}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, n := range []string{"Anna Alt", "Bernd Bau", "Carla Chen", "Dara Diallo", "Emil Ende"} {
		if err := put(n); err != nil {
			t.Fatal(err)
		}
	}
	var last uint64
	entries := func() (n int) {
		s.View(func(tx *Tx) error {
			j := tx.btx.Bucket(bucketJournal)
			last = j.Sequence()
			return j.ForEach(func(k, v []byte) error { n++; return nil })
		})
		return n
	}
	before := entries()
	// Entry last-2 goes (as if never written) and the counter is set back
	// before it: the next transaction's first entry is free, its second is
	// taken.
	err := s.db.Update(func(btx *bolt.Tx) error {
		j := btx.Bucket(bucketJournal)
		if err := j.Delete(encodeUint(last - 2)); err != nil {
			return err
		}
		return j.SetSequence(last - 3)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = put("Fritz Frei", "Gül Gün")
	if err == nil || !strings.Contains(err.Error(), "Zähler des Journals ist beschädigt") {
		t.Fatalf("a taken journal entry was not refused: %v", err)
	}
	if n := entries(); n != before-1 {
		t.Fatalf("%d journal entries, want %d: the refused transaction wrote", n, before-1)
	}
	var people int
	s.View(func(tx *Tx) error {
		return People.Each(tx, func(*model.Person) error { people++; return nil })
	})
	if people != 5 {
		t.Fatalf("%d people, want the 5 of before", people)
	}
	// Only the first free one: one record goes in.
	if err := put("Fritz Frei"); err != nil {
		t.Fatalf("the free entry was refused: %v", err)
	}
}

// The entry of a create takes the record's JSON as it is; read back, it is
// the entry json.Marshal makes, for records with text that encoding/json
// escapes too.
func TestJournalEntryOfACreateReadsBackAsMarshalled(t *testing.T) {
	rec, err := json.Marshal(&model.Person{Name: "Ayşe <Ärztin> & \"Co\"", Notes: "Zeile 1\nZeile 2\t\u2028"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []JournalEntry{
		{Seq: 7, Who: "k.wagner", Kind: KindPerson, ID: "p1", Op: OpCreate, After: rec, TxSeq: 7},
		{Seq: 8, Who: "k.wagner", Kind: KindPerson, ID: "p1", Op: OpDelete, Before: rec, TxSeq: 8},
		{Seq: 9, Who: "k.wagner", Kind: "notiz", Op: OpUpdate, Note: "Import: 3 Personen"},
	} {
		got, err := marshalEntry(e)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(e)
		var a, b JournalEntry
		if err := json.Unmarshal(got, &a); err != nil {
			t.Fatalf("entry %d does not read back: %v\n%s", e.Seq, err, got)
		}
		json.Unmarshal(want, &b)
		if !reflect.DeepEqual(a, b) || !bytes.Equal(a.After, rec) && e.After != nil {
			t.Fatalf("entry %d reads back as\n%+v\nwant\n%+v", e.Seq, a, b)
		}
	}
}
