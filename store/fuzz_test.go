package store

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var errFuzzRollback = errors.New("zurückrollen")

// FuzzDecodeRecord feeds arbitrary bytes as a stored record state to every
// registered kind along the paths a damaged file or a hostile bundle would
// take: Restore (decode, index entries, journal), Verify, Frozen and
// Describe. None of them may panic; every transaction is rolled back so
// the store stays small.
func FuzzDecodeRecord(f *testing.F) {
	f.Add([]byte(`{"id":"fuzz-id","version":1,"name":"Anna"}`), uint8(0))
	f.Add([]byte(`{"id":"fuzz-id","number":"K-2026-0001","version":3,"lines":[{"amount":-1}],"status":"angeordnet"}`), uint8(1))
	f.Add([]byte(`{"id":"fuzz-id","interpreter":{"languages":null},"volunteer":{},"network":{"memberships":[{}]}}`), uint8(2))
	f.Add([]byte(`{"start":"9999-99-99T99:99:99Z","date":"2026-02-30","amount":9223372036854775807}`), uint8(3))
	f.Add([]byte(`null`), uint8(4))
	f.Add([]byte(`[]`), uint8(5))
	f.Add([]byte(`{"id":"\u0000","number":"\u0000E-"}`), uint8(6))
	// Every collection of the program, whether or not registry.go lists it yet.
	for _, k := range []Kind{People, Organisations, Einsaetze, Claims, Funds, Payouts, Events, Registrations, Tasks} {
		RegisterKind(k)
	}
	s, err := Open(filepath.Join(f.TempDir(), "fuzz.db"), Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	kinds := Kinds()
	f.Fuzz(func(t *testing.T, raw []byte, pick uint8) {
		k := kinds[int(pick)%len(kinds)]
		err := s.Update("fuzz", func(tx *Tx) error {
			_ = k.Restore(tx, "fuzz-id", raw)
			_ = k.Verify(tx)
			_ = k.Frozen(tx, "fuzz-id")
			_ = k.Describe(raw)
			_, _ = tx.History("fuzz-id")
			return errFuzzRollback
		})
		var damaged *ErrDamaged
		if errors.As(err, &damaged) {
			t.Fatalf("%s: Panik bei %q: %s", k.KindName(), raw, damaged.Detail)
		}
	})
}

// FuzzJournalEntry reads arbitrary bytes as a journal entry, as check,
// history and undo do, and diffs its states; nothing may panic.
func FuzzJournalEntry(f *testing.F) {
	f.Add([]byte(`{"seq":1,"at":"2026-03-05T09:00:00Z","who":"anna","kind":"person","id":"x","op":"update","before":{"name":"A"},"after":{"name":"B"}}`))
	f.Add([]byte(`{"seq":2,"kind":"person","op":"create","after":{"interpreter":{"languages":["ti","ar"]}}}`))
	f.Add([]byte(`{"seq":3,"kind":"einsatz","op":"delete","before":[1,2,{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":1}}}}}}}}}]}`))
	f.Add([]byte(`{"note":"rückgängig #18446744073709551615,x"}`))
	f.Add([]byte(`{"before":"\ud800","after":1e999}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var e JournalEntry
		if json.Unmarshal(raw, &e) != nil {
			return
		}
		_ = Diff(e.Before, e.After)
		_ = Diff(e.After, e.Before)
		_ = IsUndo(e)
		_ = entryName(nil, e)
		_ = OpLabel(e.Op)
		if k, ok := KindOf(e.Kind); ok {
			_ = k.Describe(e.Before)
			_ = k.Describe(e.After)
		}
	})
}

// FuzzEinsatzRow reads arbitrary bytes as a row of the start index and as
// an owner index key, as lists, `today`, the reports and the owner lookups
// do; nothing may panic, and a row read from a compact value reads the
// same after writing it again.
func FuzzEinsatzRow(f *testing.F) {
	for _, r := range compactRowCases()[:4] {
		f.Add(encodeRow(r))
		f.Add(textRowOf(r))
	}
	f.Add(indexKey(ownerIndex(IdxEinsatzOrg, "019a2f3e-0000-7000-8000-00000000beef", time.Unix(1772438400, 0)).Key, "x"))
	f.Add(indexKey(ownerIndex(IdxEinsatzOrg, "019a2f3e-0000-7000-8000-00000000beef", time.Unix(1772438400, 0)).Key, "019a2f3e-1b2c-7d4e-8f90-0123456789ab"))
	for _, r := range compactRowCases()[:2] {
		f.Add(encodeRowWithFacts(r, encodeFactExtra(factExtra{Minutes: 90, Allowance: 3000, Status: "abgerechnet"})))
	}
	f.Fuzz(func(t *testing.T, val []byte) {
		var buf [36]byte
		_, _, _ = startIndexKey(nil, val, &buf)
		_, _, _ = splitIndexKey(val, &buf)
		_, _ = binaryFromTextOwnerKey(val)
		_, _ = textRow(val)
		r, ok := decodeRowInterned([]byte("id"), val, interner{})
		_, facts, _ := splitCompactRow(val)
		_, _, _ = decodeFactExtra(facts)
		if !ok || val[0] != rowFormat2 {
			return
		}
		again, ok := decodeRowInterned([]byte("id"), encodeRow(r), interner{})
		if !ok || again.Start != r.Start || again.End != r.End || again.Number != strings.ReplaceAll(r.Number, "\x1f", "") {
			t.Errorf("%q read as %+v, written again as %+v", val, r, again)
		}
	})
}

// FuzzStoredValue reads arbitrary bytes as a stored value, as every read
// of a record does (codec.go): s2 and zstd blocks with any dictionary
// number, cut off or claiming any length. Nothing may panic, and nothing
// larger than maxValueSize may come out.
func FuzzStoredValue(f *testing.F) {
	js := []byte(`{"id":"01a251cd-e05d-7030-8a0a-773b4cf31aa5","language":"Tigrinya","status":"anfrage","place":"Gifhorn"}`)
	f.Add(encodeValue(KindEinsatz, js))
	f.Add(encodeValue(KindClaim, js))
	f.Add(append([]byte{codecS2, 6}, dictByNumber(6).Encode(nil, js)...))
	f.Add([]byte{codecZstd, 11, 0x28, 0xb5, 0x2f, 0xfd, 0xe1, 11, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0})
	f.Add(js)
	f.Fuzz(func(t *testing.T, raw []byte) {
		out, err := decodeValue(raw)
		if err == nil && len(out) > maxValueSize {
			t.Fatalf("%d bytes from a value of %d", len(out), len(raw))
		}
	})
}
