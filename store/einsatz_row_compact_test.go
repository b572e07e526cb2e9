package store

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// compactRowCases are rows the compact format must carry unchanged: IDs
// that are and are not canonical UUIDs, words its tables do and do not
// know, empty fields, text beyond ASCII, times before 1970 and far ahead.
func compactRowCases() []EinsatzRow {
	base := EinsatzRow{ID: "019a2f3e-1b2c-7d4e-8f90-0123456789ab", Number: "E-2026-0042",
		Start: time.Unix(1772438400, 0).UTC(), End: time.Unix(1772445600, 0).UTC(), Status: model.StatusVermittelt,
		Language: "Arabisch", Dialect: "Syrisch", InterpreterID: "019a2f3e-0000-7000-8000-00000000beef",
		OrganisationID: "019a2f3e-ffff-7fff-bfff-ffffffffffff", Place: "Jobcenter Gifhorn, Raum 3",
		Setting: model.SettingOnSite, Topic: model.TopicArbeit, Urgent: true}
	rows := []EinsatzRow{base}
	add := func(change func(r *EinsatzRow)) {
		r := base
		change(&r)
		rows = append(rows, r)
	}
	add(func(r *EinsatzRow) { r.InterpreterID, r.OrganisationID = "", "" })
	add(func(r *EinsatzRow) { r.InterpreterID, r.OrganisationID = "p1", "ORG-7|x" })
	add(func(r *EinsatzRow) { r.InterpreterID = strings.ToUpper(r.InterpreterID) }) // a UUID, but not as written
	add(func(r *EinsatzRow) { r.OrganisationID = "{" + r.OrganisationID[1:] })
	add(func(r *EinsatzRow) {
		r.Status, r.Setting, r.Topic = "kuenftiger_status", "hybrid", "neues Thema"
	})
	add(func(r *EinsatzRow) { r.Status, r.Setting, r.Topic, r.Urgent = "", "", "", false })
	add(func(r *EinsatzRow) { r.Number, r.Language, r.Dialect, r.Place = "", "", "", "" })
	add(func(r *EinsatzRow) { r.Language, r.Place = "Tigrinya ትግርኛ", "Wolfsburg – Rathaus „Süd“" })
	add(func(r *EinsatzRow) { r.Start, r.End = time.Unix(-86400*400, 0).UTC(), time.Unix(-86400*399, 0).UTC() })
	add(func(r *EinsatzRow) { r.End = r.Start }) // no duration
	add(func(r *EinsatzRow) { r.End = r.Start.Add(-time.Hour) })
	add(func(r *EinsatzRow) {
		r.Start, r.End = time.Unix(4102444800, 0).UTC(), time.Unix(4102444800+36000, 0).UTC()
	})
	for _, s := range rowStatusWords {
		add(func(r *EinsatzRow) { r.Status = model.Status(s) })
	}
	for _, s := range rowTopicWords {
		add(func(r *EinsatzRow) { r.Topic = model.Topic(s) })
	}
	for _, s := range rowSettingWords {
		add(func(r *EinsatzRow) { r.Setting = model.Setting(s) })
	}
	return rows
}

// textRowOf is a row in the first format, as schema 7 wrote it.
func textRowOf(r EinsatzRow) []byte {
	urgent := "0"
	if r.Urgent {
		urgent = "1"
	}
	return []byte(strings.Join([]string{"1", r.Number, strconv.FormatInt(r.Start.Unix(), 10), strconv.FormatInt(r.End.Unix(), 10), string(r.Status), r.Language,
		r.Dialect, r.InterpreterID, r.OrganisationID, r.Place, string(r.Setting), string(r.Topic), urgent}, "\x1f"))
}

// TestCompactRowRoundTrip: every row reads back as it was written, with and
// without the interner, and the rows of the first format read the same.
func TestCompactRowRoundTrip(t *testing.T) {
	in := interner{}
	for _, r := range compactRowCases() {
		val := encodeRow(r)
		if val[0] != rowFormat2 {
			t.Fatalf("format byte %#x", val[0])
		}
		for _, it := range []interner{nil, in} {
			got, ok := decodeRowInterned([]byte(r.ID), val, it)
			if !ok || got != r {
				t.Errorf("%+v\nread back as %+v (ok %v)", r, got, ok)
			}
		}
		old, ok := decodeRowInterned([]byte(r.ID), textRowOf(r), in)
		if !ok || old != r {
			t.Errorf("first format %+v\nread as %+v (ok %v)", r, old, ok)
		}
		// The migration turns the old row into exactly what encodeRow
		// writes from the record, so check finds nothing to complain of.
		conv, ok := textRow(textRowOf(r))
		if conv.ID = r.ID; !ok || !bytes.Equal(encodeRow(conv), val) {
			t.Errorf("converted %+v differs", r)
		}
	}
}

// TestCompactRowIsSmall: a typical row takes about half the bytes of the
// first format – the point of the format.
func TestCompactRowIsSmall(t *testing.T) {
	r := compactRowCases()[0]
	text, compact := len(textRowOf(r)), len(encodeRow(r))
	if compact*100 > text*55 {
		t.Errorf("compact row %d bytes, first format %d", compact, text)
	}
}

// TestCompactRowRejectsDamage: every shortened row, every row with bytes
// added, and every row with one byte changed is refused or read as some
// row – never a panic, never a time outside the calendar.
func TestCompactRowRejectsDamage(t *testing.T) {
	for _, r := range compactRowCases()[:3] {
		val := encodeRow(r)
		for n := range len(val) {
			if _, ok := decodeRowInterned([]byte("id"), val[:n], nil); ok {
				t.Errorf("%q (shortened to %d) read as a row", val, n)
			}
		}
		if _, ok := decodeRowInterned([]byte("id"), append(bytes.Clone(val), 0), nil); ok {
			t.Errorf("%q with a byte more read as a row", val)
		}
		for i := range val {
			for _, x := range []byte{0x01, 0x40, 0x80, 0xFF} {
				d := bytes.Clone(val)
				d[i] ^= x
				if got, ok := decodeRowInterned([]byte("id"), d, interner{}); ok && (got.Start.Year() > 40000 || got.Start.Year() < -40000) {
					t.Errorf("%q read with start %v", d, got.Start)
				}
			}
		}
	}
	for _, v := range []string{"\x02", "\x02\x02", "\x02\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
		"\x02\x00\x00\x00\x00\x0d", "\x02\x00\x00\x00\x00\x01\x00\x00\x03\x00\x01\x00\x00\xff\x7f"} {
		if _, ok := decodeRowInterned([]byte("id"), []byte(v), nil); ok {
			t.Errorf("%q read as a row", v)
		}
	}
}

// TestCheckFindsDamagedCompactRow: a start index row that is no row (with
// a valid checksum: what a bug would leave) is named by the check in its
// German sentence; the list skips it and shows the others.
func TestCheckFindsDamagedCompactRow(t *testing.T) {
	f, es := verifyFixture(t)
	name := Einsaetze.idxBucket(IdxEinsatzStart)
	if err := f.s.db.Update(func(btx *bolt.Tx) error {
		b := btx.Bucket(name)
		k, v := b.Cursor().First()
		v = inner(k, v)
		k, v = bytes.Clone(k), bytes.Clone(v[:len(v)/2])
		return b.Put(k, seal(k, v))
	}); err != nil {
		t.Fatal(err)
	}
	rep := f.s.Check()
	want := "Verzeichnis „start“ von Einsatz passt nicht zu den Datensätzen (1 fehlen oder veraltet, 30 statt 30 Einträge)."
	if rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), want) {
		t.Errorf("check: %q", rep.Problems)
	}
	f.s.View(func(tx *Tx) error {
		rows, err := LoadEinsatzRows(tx)
		if err != nil || len(rows) != len(es)-1 || rows[0].ID != es[1].ID {
			t.Errorf("%d rows, %v", len(rows), err)
		}
		return nil
	})
}
