package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/s2"
	bolt "go.etcd.io/bbolt"
)

// dictBudget is the size of one dictionary. Records taken evenly over
// the demo compressed Einsätze to 0.27 of their size with 6 KB, 0.25 with
// 12 KB, 0.23 with 24 KB (s2 "fast"; one record of each status instead:
// 0.36).
const dictBudget = 24000

// TestWriteDicts makes the compression dictionaries in dict/ from a large
// demo database (STABSSTELLE_DICT_DB, made with `demo --size large --seed
// 1`): per kind, records taken evenly over the whole bucket up to
// dictBudget. A dictionary is part of the file format: once released it
// never changes; a better one gets a new number (codec.go).
func TestWriteDicts(t *testing.T) {
	src := os.Getenv("STABSSTELLE_DICT_DB")
	if src == "" {
		t.Skip("nur zum Erzeugen der Wörterbücher")
	}
	db, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, kind := range []string{KindEinsatz, KindClaim, KindRegistration, KindEvent, KindPayout} {
		var data []byte
		db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("rec:" + kind))
			step := max(1, b.Stats().KeyN/40)
			i := 0
			return b.ForEach(func(_, v []byte) error {
				i++
				if i%step != 1%step || len(data) >= dictBudget {
					return nil
				}
				js, err := decodeValue(v)
				if err != nil {
					return err
				}
				if len(js) > 6000 { // Zahlläufe: the first items suffice
					js = js[:6000]
				}
				data = append(data, js...)
				return nil
			})
		})
		d := s2.MakeDict(data, []byte(`{"id":"`))
		if d == nil {
			t.Fatalf("%s: no dictionary from %d bytes", kind, len(data))
		}
		if err := os.WriteFile(filepath.Join("dict", kind+".s2dict"), d.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes", kind, len(data))
	}
}

// TestCompressedRecordsRoundTripAndDamage: Einsätze are stored compressed
// and read back whole; a damaged compressed value (wrong dictionary, cut
// off, a length of gigabytes) is reported by the check as unreadable, never
// a panic or an allocation of what it claims – even under a checksum that
// matches (written so by a broken program rather than a flipped bit).
func TestCompressedRecordsRoundTripAndDamage(t *testing.T) {
	f := smOpen(t)
	if err := f.addMany(20, 0); err != nil {
		t.Fatal(err)
	}
	var ids []string
	f.s.View(func(tx *Tx) error {
		b := tx.btx.Bucket([]byte("rec:" + KindEinsatz))
		return b.ForEach(func(k, raw []byte) error {
			// Sealed around the compressed value (seal.go).
			v, ok := opened(k, raw)
			if !ok {
				t.Fatalf("%s not sealed", k)
			}
			if v[0] != codecS2 {
				t.Errorf("%s stored uncompressed", k)
			}
			js, err := decodeValue(v)
			if err != nil || len(js) <= len(v) {
				t.Errorf("%s: %v (%d → %d bytes)", k, err, len(v), len(js))
			}
			ids = append(ids, string(k))
			return nil
		})
	})
	damages := [][]byte{
		{codecS2, 99, 1, 2, 3}, // unknown dictionary
		{codecS2, 1},           // nothing after the header
		{codecS2, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00}, // claims 4 GB
		{codecS2},
	}
	for i, d := range damages {
		if _, err := decodeValue(d); err == nil {
			t.Errorf("damage %d decoded", i)
		}
		f.s.db.Update(func(btx *bolt.Tx) error {
			return btx.Bucket([]byte("rec:"+KindEinsatz)).Put([]byte(ids[i]), seal([]byte(ids[i]), d))
		})
	}
	rep := f.s.Check()
	n := 0
	for _, p := range rep.Problems {
		if strings.Contains(p, "nicht lesbar") {
			n++
		}
	}
	if n != len(damages) {
		t.Errorf("check found %d unreadable records, want %d: %q", n, len(damages), rep.Problems)
	}
}
