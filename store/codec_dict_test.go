package store

import (
	"bytes"
	"crypto/rand"
	mrand "math/rand/v2"
	"regexp"
	"time"

	"encoding/json"
	"fmt"
	"github.com/google/uuid"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	bolt "go.etcd.io/bbolt"
)

// dictBudget is the size of one dictionary. Records taken evenly over
// the demo compressed Einsätze to 0.27 of their size with 6 KB, 0.25 with
// 12 KB, 0.23 with 24 KB (s2 "fast"; one record of each status instead:
// 0.36). Second generation (07.12.2026, the large demo's file): 24 KB
// 325 bytes per Einsatz, 48 KB 305, 64 KB 290 (the first generation's
// 24 KB of older records: 387); 11.9 MB less for all kinds at 64 KB.
const dictBudget = 64000

// dictSamples is how many records a zstd dictionary's tables are built from.
const dictSamples = 4000

// TestWriteDicts makes the newest compression dictionaries in dict/ (the
// numbers in codecDicts) from large demo databases (STABSSTELLE_DICT_DB, a
// list of files separated by ':'): per kind, zstd.BuildDict over records
// taken evenly over each file (its entropy tables), with history of up to
// dictBudget shared between the files. A dictionary is part of the file
// format: once released it never changes; a better one gets a new number
// and file (codec.go), and this test writes only files that are not there.
//
// What a dictionary holds must be what every file has in common, not what
// one demo happened to have: the fourth generation comes from demos of
// other seeds, users and days than the benchmarks' (seeds 2–4 of 2025,
// 2027 and 2029, written by demo.TestWriteDictSources, which says how),
// and every ID in the records is replaced by one of a random day between
// 2024 and 2035 (neutralIDs) – IDs begin with the
// time they were made, and a dictionary that knew the day's prefix made
// the records of that day (and of the benchmark) 30 bytes smaller, and of
// every later day not.
func TestWriteDicts(t *testing.T) {
	src := os.Getenv("STABSSTELLE_DICT_DB")
	if src == "" {
		t.Skip("nur zum Erzeugen der Wörterbücher")
	}
	paths := filepath.SplitList(src)
	ids := neutralIDs{}
	for _, kind := range []string{KindEinsatz, KindClaim, KindRegistration, KindEvent, KindPayout} {
		var history []byte
		var samples [][]byte
		for _, path := range paths {
			h, smp := dictRecords(t, path, kind, dictBudget/len(paths), dictSamples/len(paths), ids)
			history, samples = append(history, h...), append(samples, smp...)
		}
		n := codecDicts[kind]
		d, err := zstd.BuildDict(zstd.BuildDictOptions{ID: uint32(n), Contents: samples, History: history,
			Offsets: [3]int{1, 4, 8}, Level: zstd.SpeedFastest})
		if err != nil {
			t.Fatalf("%s: no dictionary from %d samples: %v", kind, len(samples), err)
		}
		file := filepath.Join("dict", dictNames[n])
		if _, err := os.Stat(file); err == nil {
			t.Fatalf("%s gibt es schon: ein veröffentlichtes Wörterbuch ändert sich nie, ein neues bekommt eine neue Nummer", file)
		}
		if err := os.WriteFile(file, d, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d samples, %d bytes of history, dictionary %d bytes", kind, len(samples), len(history), len(d))
	}
}

// dictRecords takes records of kind evenly over the file at path: history
// of up to histBudget bytes and about nSamples samples, their IDs
// neutralised.
func dictRecords(t *testing.T, path, kind string, histBudget, nSamples int, ids neutralIDs) (history []byte, samples [][]byte) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("rec:" + kind))
		if b == nil {
			return nil
		}
		everyHist := max(1, b.Stats().KeyN/(histBudget/1000))
		everySample := max(1, b.Stats().KeyN/nSamples)
		i := 0
		return b.ForEach(func(k, v []byte) error {
			i++
			hist, sample := i%everyHist == 1%everyHist && len(history) < histBudget, i%everySample == 0
			if !hist && !sample {
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
			js = ids.replace(js)
			if hist {
				history = append(history, js...)
			}
			if sample {
				samples = append(samples, js)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return history, samples
}

// neutralIDs maps every ID met to one made on a random day of 2024–2035:
// the same ID always to the same one, so a record that names a person
// twice still does.
type neutralIDs map[string]string

var uuidText = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

func (n neutralIDs) replace(js []byte) []byte {
	return uuidText.ReplaceAllFunc(js, func(id []byte) []byte {
		if to, ok := n[string(id)]; ok {
			return []byte(to)
		}
		var u uuid.UUID
		rand.Read(u[:])
		from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
		ms := uint64(from + mrand.Int64N(12*365*24*3600*1000))
		for i := 0; i < 6; i++ {
			u[i] = byte(ms >> (40 - 8*i))
		}
		u[6], u[8] = 0x70|u[6]&0x0f, 0x80|u[8]&0x3f
		n[string(id)] = u.String()
		return []byte(u.String())
	})
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
			if v[0] != codecZstd {
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
	// a zstd frame that claims 4 GB: magic, a header with an 8-byte
	// content size and dictionary 11, then nothing
	huge := []byte{codecZstd, 11, 0x28, 0xb5, 0x2f, 0xfd, 0xe1, 11, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}
	valid := encodeValue(KindEinsatz, []byte(`{"id":"x","language":"Tigrinya","status":"anfrage","place":"Gifhorn"}`))
	otherDict := append([]byte{codecZstd, 12}, valid[2:]...) // frame of dictionary 11 under 12
	s2Number := append([]byte{codecZstd, 6}, valid[2:]...)   // an s2 dictionary's number
	damages := [][]byte{
		{codecS2, 99, 1, 2, 3}, // unknown dictionary
		{codecS2, 1},           // nothing after the header
		{codecS2, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00}, // claims 4 GB
		{codecS2},
		{codecZstd, 99, 1, 2, 3}, // unknown dictionary
		{codecZstd, 11},          // nothing after the header
		valid[:len(valid)-3],     // cut off
		huge, otherDict, s2Number,
	}
	if js, err := decodeValue(valid); err != nil || !strings.Contains(string(js), "Tigrinya") {
		t.Fatalf("a valid zstd value: %q, %v", js, err)
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

// TestOlderGenerationValuesStayReadable: a file of schema 10 holds values
// compressed with s2 and the first dictionaries (1–5), one of schema 11–12
// with the second (6–10). After the update they are read as before, the
// check finds nothing, and what is written anew goes with zstd and the
// third generation – smaller.
func TestOlderGenerationValuesStayReadable(t *testing.T) {
	for _, gen := range []byte{1, 6} {
		t.Run(fmt.Sprintf("Wörterbuch %d", gen), func(t *testing.T) { olderGenerationReadable(t, gen) })
	}
}

func olderGenerationReadable(t *testing.T, gen byte) {
	f := smOpen(t)
	if err := f.addMany(20, 0); err != nil {
		t.Fatal(err)
	}
	for i, kind := range []string{KindEinsatz, KindClaim, KindRegistration, KindEvent, KindPayout} {
		if n := gen + byte(i); dictByNumber(n) == nil || zstdEncoder(codecDicts[kind]) == nil || codecDicts[kind] <= n {
			t.Fatalf("%s: dictionaries %d and %d", kind, n, codecDicts[kind])
		}
	}
	// Every Einsatz as a program of the older schema stored it.
	want := map[string]string{}
	var newSize, oldSize int
	err := f.s.db.Update(func(btx *bolt.Tx) error {
		b := btx.Bucket([]byte("rec:" + KindEinsatz))
		type kv struct{ k, v []byte }
		var rewrite []kv
		b.ForEach(func(k, raw []byte) error {
			v, _ := opened(k, raw)
			if v[0] != codecZstd || v[1] != codecDicts[KindEinsatz] {
				t.Errorf("%s written with codec %d, dictionary %d", k, v[0], v[1])
			}
			js, err := decodeValue(v)
			if err != nil {
				t.Fatal(err)
			}
			want[string(k)] = string(js)
			old := append([]byte{codecS2, gen}, dictByNumber(gen).Encode(nil, js)...)
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
		t.Errorf("zstd %d bytes, dictionary %d %d", newSize, gen, oldSize)
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

// TestCodecDoesNotRebuildDictionaries: reading and writing a value costs
// the value, not its dictionary – a dictionary is loaded once per process
// (a copy of 64 KB per value once made the check of the large demo
// allocate 9 GB and doubled its memory).
func TestCodecDoesNotRebuildDictionaries(t *testing.T) {
	js := []byte(`{"id":"01a251cd-e05d-7030-8a0a-773b4cf31aa5","number":"E-2025-2454","language":"Ukrainisch","place":"Gifhorn","status":"durchgefuehrt"}`)
	v := encodeValue(KindEinsatz, js)
	if v[0] != codecZstd {
		t.Fatalf("stored as %x", v[:2])
	}
	for range 16 { // the dictionaries and each core's encoder are made now
		if _, err := decodeValue(encodeValue(KindEinsatz, js)); err != nil {
			t.Fatal(err)
		}
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const n = 200
	for range n {
		if out, err := decodeValue(encodeValue(KindEinsatz, js)); err != nil || !bytes.Equal(out, js) {
			t.Fatalf("%q, %v", out, err)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 4096 {
		t.Errorf("%d bytes allocated per value of %d bytes written and read", per, len(js))
	}
}

// TestDictionariesHoldNoDayOfTheirOwn: a dictionary holds what every file
// has in common, not the day, user or ID prefix of the demo it was made
// from. The third generation had learnt them (the time prefix of its IDs
// 190 times, the benchmarks' user): the benchmark's file, made the
// same hour, came out 5 MB smaller than `demo --size large` a day later.
func TestDictionariesHoldNoDayOfTheirOwn(t *testing.T) {
	for kind, n := range codecDicts {
		d := dictFile(n)
		if d == nil {
			t.Fatalf("%s: dictionary %d missing", kind, n)
		}
		prefixes := map[string]map[string]bool{}
		for _, id := range uuidText.FindAll(d, -1) {
			p := string(id[:6]) // 24 bits of the time: 4.7 hours
			if prefixes[p] == nil {
				prefixes[p] = map[string]bool{}
			}
			prefixes[p][string(id)] = true
		}
		for p, ids := range prefixes {
			if len(ids) > 3 {
				t.Errorf("%s (%s): %d IDs made within the same hours (%s…)", kind, dictNames[n], len(ids), p)
			}
		}
		// The benchmarks' user (demo/demotest).
		if bytes.Contains(d, []byte(`"bench"`)) {
			t.Errorf("%s (%s) holds the benchmarks' user", kind, dictNames[n])
		}
	}
}
