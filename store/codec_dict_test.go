package store

import (
	"bytes"
	"encoding/json"
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
// 0.36). Second generation (07.12.2026, the large demo's file): 24 KB
// 325 bytes per Einsatz, 48 KB 305, 64 KB 290 (the first generation's
// 24 KB of older records: 387); 11.9 MB less for all kinds at 64 KB.
const dictBudget = 64000

// TestWriteDicts makes the newest compression dictionaries in dict/ (the
// numbers in codecDicts) from a large demo database (STABSSTELLE_DICT_DB,
// made with `demo --size large --seed 1`): per kind, records taken evenly
// over the whole bucket up to dictBudget. A dictionary is part of the file
// format: once released it never changes; a better one gets a new number
// and file (codec.go), and this test writes only files that are not there.
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
			step := max(1, b.Stats().KeyN/(dictBudget/1000))
			i := 0
			return b.ForEach(func(k, v []byte) error {
				i++
				if i%step != 1%step || len(data) >= dictBudget {
					return nil
				}
				if sealed, ok := opened(k, v); ok {
					v = sealed
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
		if len(data) > s2.MaxDictSize {
			data = data[len(data)-s2.MaxDictSize:] // s2 uses the end
		}
		d := s2.MakeDict(data, []byte(`{"id":"`))
		if d == nil {
			t.Fatalf("%s: no dictionary from %d bytes", kind, len(data))
		}
		file := filepath.Join("dict", dictNames[codecDicts[kind]]+".s2dict")
		if _, err := os.Stat(file); err == nil {
			t.Fatalf("%s gibt es schon: ein veröffentlichtes Wörterbuch ändert sich nie, ein neues bekommt eine neue Nummer", file)
		}
		if err := os.WriteFile(file, d.Bytes(), 0o644); err != nil {
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

// TestFirstGenerationValuesStayReadable: a file of schema 10 holds values
// compressed with the first dictionaries (1–5). After the update they are
// read as before, the check finds nothing, and what is written anew goes
// with the second generation – smaller.
func TestFirstGenerationValuesStayReadable(t *testing.T) {
	f := smOpen(t)
	if err := f.addMany(20, 0); err != nil {
		t.Fatal(err)
	}
	first := map[string]byte{KindEinsatz: 1, KindClaim: 2, KindRegistration: 3, KindEvent: 4, KindPayout: 5}
	for kind, n := range first {
		if dictByNumber(n) == nil || dictByNumber(codecDicts[kind]) == nil || codecDicts[kind] <= n {
			t.Fatalf("%s: dictionaries %d and %d", kind, n, codecDicts[kind])
		}
	}
	// Every Einsatz as a program of schema 10 stored it.
	want := map[string]string{}
	var newSize, oldSize int
	err := f.s.db.Update(func(btx *bolt.Tx) error {
		b := btx.Bucket([]byte("rec:" + KindEinsatz))
		type kv struct{ k, v []byte }
		var rewrite []kv
		b.ForEach(func(k, raw []byte) error {
			v, _ := opened(k, raw)
			if v[1] != codecDicts[KindEinsatz] {
				t.Errorf("%s written with dictionary %d", k, v[1])
			}
			js, err := decodeValue(v)
			if err != nil {
				t.Fatal(err)
			}
			want[string(k)] = string(js)
			old := append([]byte{codecS2, 1}, dictByNumber(1).Encode(nil, js)...)
			newSize, oldSize = newSize+len(v), oldSize+len(old)
			rewrite = append(rewrite, kv{bytes.Clone(k), seal(k, old)})
			return nil
		})
		for _, r := range rewrite {
			if err := b.Put(r.k, r.v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if newSize >= oldSize {
		t.Errorf("second generation %d bytes, first %d", newSize, oldSize)
	}
	if rep := f.s.Check(); !rep.OK() {
		t.Fatalf("check: %v", rep.Problems)
	}
	f.s.View(func(tx *Tx) error {
		for id, js := range want {
			e, err := Einsaetze.Get(tx, id)
			if err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			again, _ := json.Marshal(e)
			if string(again) != js {
				t.Errorf("%s reads\n%s\nwas\n%s", id, again, js)
			}
		}
		return nil
	})
}
