package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// verifyByLookup is Collection.Verify as it was before the fingerprints:
// every implied entry looked up, numbers kept in a map. The tests hold the
// new Verify to the same sentences.
func verifyByLookup[T any, P interface {
	*T
	model.Record
}](c *Collection[T, P], tx *Tx) []string {
	var probs []string
	expected := map[string]int{}
	wrong := map[string]int{}
	numbers := map[string]string{}
	b := tx.btx.Bucket(c.recBucket())
	if b != nil {
		_ = b.ForEach(func(k, raw []byte) error {
			rec, err := c.decode(inner(k, raw))
			if err != nil {
				probs = append(probs, fmt.Sprintf("%s %s ist nicht lesbar.", c.Label, k))
				return nil
			}
			m := rec.GetMeta()
			if m.ID != string(k) {
				probs = append(probs, fmt.Sprintf("%s %s steht unter dem falschen Schlüssel.", c.Label, k))
			}
			if m.Number != "" {
				if other, dup := numbers[m.Number]; dup {
					probs = append(probs, fmt.Sprintf("Die Nummer %s ist doppelt vergeben (%s und %s).", m.Number, other, m.ID))
				}
				numbers[m.Number] = m.ID
				if kind, id := LookupNumber(tx, m.Number); kind != c.Kind || id != m.ID {
					probs = append(probs, fmt.Sprintf("Die Nummer %s ist im Nummernverzeichnis falsch eingetragen.", m.Number))
				}
			}
			if v, ok := any(rec).(interface{ Verify() []string }); ok {
				for _, p := range v.Verify() {
					probs = append(probs, label(c.Label, m)+": "+p)
				}
			}
			for _, ix := range c.entries(rec) {
				expected[ix.Name]++
				ib := tx.btx.Bucket(c.idxBucket(ix.Name))
				if ib == nil {
					wrong[ix.Name]++
					continue
				}
				key := indexKey(ix.Key, m.ID)
				if got := ib.Get(key); got == nil || !bytes.Equal(inner(key, got), ix.Value) {
					wrong[ix.Name]++
				}
			}
			return nil
		})
	}
	for name, n := range expected {
		have := 0
		if ib := tx.btx.Bucket(c.idxBucket(name)); ib != nil {
			have = ib.Stats().KeyN
		}
		if wrong[name] > 0 || have != n {
			probs = append(probs, fmt.Sprintf("Verzeichnis „%s“ von %s passt nicht zu den Datensätzen (%d fehlen oder veraltet, %d statt %d Einträge).",
				name, c.Label, wrong[name], have, n))
		}
	}
	return probs
}

// verifyFixture is a file with 30 Einsätze (every third with an
// interpreter, so all three indexes have entries) and their IDs in order.
func verifyFixture(t *testing.T) (*smFixture, []*model.Einsatz) {
	t.Helper()
	f := smOpen(t)
	var es []*model.Einsatz
	err := f.s.Update("test", func(tx *Tx) error {
		for i := range 30 {
			e := &model.Einsatz{OrganisationID: f.org.ID, Language: "Tigrinya", Setting: model.SettingOnSite,
				Place: "Gifhorn", Start: smAt(2026, 3, 2, 8, 0).Add(time.Duration(i) * time.Hour), Duration: time.Hour,
				Status: model.StatusSuche}
			if i%3 == 0 {
				e.InterpreterID = f.yonas.ID
			}
			if err := Einsaetze.Put(tx, e); err != nil {
				return err
			}
			es = append(es, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f, es
}

// aggressiveDrops makes the full check give its pages back every
// millisecond, so the tests also run the check while pages go and come.
func aggressiveDrops(t *testing.T) {
	old := checkDropEvery
	checkDropEvery = time.Millisecond
	t.Cleanup(func() { checkDropEvery = old })
}

// TestVerifyFindsBrokenEntriesWithExactSentences damages a real file behind
// the store's back (through bbolt, with valid checksums: what a bug, not the
// disk, would leave) in the ways the check must catch, writes
// a backup of it as the daily backup does, and checks that the backup is
// flagged with the exact sentence – the same ones the check gave before it
// compared fingerprints.
func TestVerifyFindsBrokenEntriesWithExactSentences(t *testing.T) {
	aggressiveDrops(t)
	idx := func(name string) []byte { return []byte("idx:" + KindEinsatz + ":" + name) }
	cases := []struct {
		name   string
		damage func(btx *bolt.Tx, es []*model.Einsatz) error
		want   func(es []*model.Einsatz) []string
	}{
		{"outdated index value", func(btx *bolt.Tx, es []*model.Einsatz) error {
			b := btx.Bucket(idx(IdxEinsatzStart))
			k, v := b.Cursor().First()
			v = bytes.Clone(inner(k, v))
			v[len(v)-1] ^= 1
			return b.Put(bytes.Clone(k), seal(k, v))
		}, func([]*model.Einsatz) []string {
			return []string{"Verzeichnis „start“ von Einsatz passt nicht zu den Datensätzen (1 fehlen oder veraltet, 30 statt 30 Einträge)."}
		}},
		{"missing index entry", func(btx *bolt.Tx, es []*model.Einsatz) error {
			b := btx.Bucket(idx(IdxEinsatzInterpreter))
			k, _ := b.Cursor().Last()
			return b.Delete(bytes.Clone(k))
		}, func([]*model.Einsatz) []string {
			return []string{"Verzeichnis „interpreter“ von Einsatz passt nicht zu den Datensätzen (1 fehlen oder veraltet, 9 statt 10 Einträge)."}
		}},
		{"stale index entry", func(btx *bolt.Tx, es []*model.Einsatz) error {
			k := []byte("alt|2026\x00" + newID())
			return btx.Bucket(idx(IdxEinsatzOrg)).Put(k, seal(k, []byte("x")))
		}, func([]*model.Einsatz) []string {
			return []string{"Verzeichnis „org“ von Einsatz passt nicht zu den Datensätzen (0 fehlen oder veraltet, 31 statt 30 Einträge)."}
		}},
		{"entry moved to another record", func(btx *bolt.Tx, es []*model.Einsatz) error {
			// Same count, same values: only the key is wrong.
			b := btx.Bucket(idx(IdxEinsatzOrg))
			k, v := b.Cursor().First()
			k, v = bytes.Clone(k), bytes.Clone(inner(k, v))
			if err := b.Delete(k); err != nil {
				return err
			}
			moved := append(k[:bytes.LastIndexByte(k, 0)+1], newID()...)
			return b.Put(moved, seal(moved, v))
		}, func([]*model.Einsatz) []string {
			return []string{"Verzeichnis „org“ von Einsatz passt nicht zu den Datensätzen (1 fehlen oder veraltet, 30 statt 30 Einträge)."}
		}},
		{"index bucket gone", func(btx *bolt.Tx, es []*model.Einsatz) error {
			return btx.DeleteBucket(idx(IdxEinsatzInterpreter))
		}, func([]*model.Einsatz) []string {
			return []string{"Verzeichnis „interpreter“ von Einsatz passt nicht zu den Datensätzen (10 fehlen oder veraltet, 0 statt 10 Einträge)."}
		}},
		{"number points elsewhere", func(btx *bolt.Tx, es []*model.Einsatz) error {
			k := []byte(es[1].Number)
			return btx.Bucket(bucketNumbers).Put(k, seal(k, []byte(KindEinsatz+"\x00"+es[2].ID)))
		}, func(es []*model.Einsatz) []string {
			return []string{"Die Nummer E-2026-0002 ist im Nummernverzeichnis falsch eingetragen."}
		}},
		{"number missing", func(btx *bolt.Tx, es []*model.Einsatz) error {
			return btx.Bucket(bucketNumbers).Delete([]byte(es[29].Number))
		}, func(es []*model.Einsatz) []string {
			return []string{"Die Nummer E-2026-0030 ist im Nummernverzeichnis falsch eingetragen."}
		}},
		{"number twice", func(btx *bolt.Tx, es []*model.Einsatz) error {
			// Record 5 claims record 4's number (its index rows name the
			// old one, so they are outdated too).
			b := btx.Bucket([]byte("rec:" + KindEinsatz))
			var e model.Einsatz
			js, err := decodeValue(inner([]byte(es[4].ID), b.Get([]byte(es[4].ID))))
			if err != nil {
				return err
			}
			if err := json.Unmarshal(js, &e); err != nil {
				return err
			}
			e.Number = es[3].Number
			raw, err := json.Marshal(&e)
			if err != nil {
				return err
			}
			return b.Put([]byte(e.ID), seal([]byte(e.ID), raw))
		}, func(es []*model.Einsatz) []string {
			return []string{
				fmt.Sprintf("Die Nummer E-2026-0004 ist doppelt vergeben (%s und %s).", es[3].ID, es[4].ID),
				"Die Nummer E-2026-0004 ist im Nummernverzeichnis falsch eingetragen.",
				"Verzeichnis „start“ von Einsatz passt nicht zu den Datensätzen (1 fehlen oder veraltet, 30 statt 30 Einträge).",
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, es := verifyFixture(t)
			if rep := f.s.Check(); !rep.OK() {
				t.Fatalf("fresh file: %q", rep.Problems)
			}
			if err := f.s.db.Update(func(btx *bolt.Tx) error { return tc.damage(btx, es) }); err != nil {
				t.Fatal(err)
			}
			want := tc.want(es)
			var old []string
			_ = f.s.View(func(tx *Tx) error { old = verifyByLookup(Einsaetze, tx); return nil })
			slices.Sort(old)
			if !slices.Equal(old, want) {
				t.Fatalf("the old check says %q, the test wants %q", old, want)
			}
			var got []string
			_ = f.s.View(func(tx *Tx) error { got = Einsaetze.Verify(tx); return nil })
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("Verify: %q\nwant %q", got, want)
			}
			// The daily backup copies the damage, keeps the copy and names
			// the problems; a check of the copy finds the same.
			bak, err := Backup(f.s, t.TempDir())
			var bp *BackupProblems
			if !errors.As(err, &bp) || bp.Path != bak {
				t.Fatalf("backup of a damaged file: %q %v", bak, err)
			}
			rep, err := CheckFile(bak)
			if err != nil || rep.Damaged {
				t.Fatalf("check of the backup: %v %+v", err, rep)
			}
			got = slices.Clone(rep.Problems)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("check of the backup: %q\nwant %q", got, want)
			}
		})
	}
}

// TestVerifyCleanFileManyRecords: a sound file with more records than fit
// a page passes, with every kind's entries compared in one read each.
func TestVerifyCleanFileManyRecords(t *testing.T) {
	aggressiveDrops(t)
	f := smOpen(t)
	if err := f.addMany(2000, 0); err != nil {
		t.Fatal(err)
	}
	rep := f.s.Check()
	if !rep.OK() {
		t.Fatalf("sound file: %q", rep.Problems)
	}
	// Damage one entry in the middle: found, with the exact count.
	if err := f.s.db.Update(func(btx *bolt.Tx) error {
		b := btx.Bucket([]byte("idx:" + KindEinsatz + ":" + IdxEinsatzStart))
		c := b.Cursor()
		k, _ := c.First()
		for range 1000 {
			k, _ = c.Next()
		}
		return b.Put(bytes.Clone(k), seal(k, []byte("kaputt")))
	}); err != nil {
		t.Fatal(err)
	}
	want := "Verzeichnis „start“ von Einsatz passt nicht zu den Datensätzen (1 fehlen oder veraltet, 2000 statt 2000 Einträge)."
	if rep := f.s.Check(); !slices.Contains(rep.Problems, want) || len(rep.Problems) != 1 {
		t.Errorf("problems %q", rep.Problems)
	}
}

// TestFingerprintSums: the sums do not depend on order, and differ when an
// entry, a value or a count differs.
func TestFingerprintSums(t *testing.T) {
	fp := newFingerprinter()
	sum := func(entries ...string) entrySum {
		var s entrySum
		for _, e := range entries {
			k, v, _ := strings.Cut(e, "=")
			s.add(fp.entry([]byte(k), []byte(v)))
		}
		return s
	}
	if sum("a=1", "b=2", "c=3") != sum("c=3", "a=1", "b=2") {
		t.Error("order changes the sum")
	}
	for _, other := range [][]string{{"a=1", "b=2"}, {"a=1", "b=2", "c=4"}, {"a=1", "b=2", "d=3"}, {"a=1", "b=2", "c=3", "c=3"}, {"a=1", "b=", "2c=3"}} {
		if sum(other...) == sum("a=1", "b=2", "c=3") {
			t.Errorf("%q sums like a=1 b=2 c=3", other)
		}
	}
	if fp.index([]byte("k"), "id", []byte("v")) != fp.entry(indexKey([]byte("k"), "id"), []byte("v")) {
		t.Error("index fingerprint differs from the stored entry's")
	}
	if fp.number("E-2026-0001", "einsatz", "id") != fp.entry([]byte("E-2026-0001"), []byte("einsatz\x00id")) {
		t.Error("number fingerprint differs from the stored entry's")
	}
}
