package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// recordFacts makes the facts of the Einsätze starting in p the slow way:
// every record decoded whole and turned into a fact by model.FactOf, in
// the order of the start index (start, then ID).
func recordFacts(t *testing.T, tx *Tx, p model.ReportPeriod) []model.EinsatzFact {
	t.Helper()
	lead := leadWorkingDays(tx)
	var out []model.EinsatzFact
	err := Einsaetze.Each(tx, func(e *model.Einsatz) error {
		if d := model.DateOf(e.Start); p.Contains(d) {
			out = append(out, model.FactOf(e, lead))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(out, func(a, b model.EinsatzFact) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// sameFacts fails unless the facts read from the indexes are those made
// from the records (times compared as instants).
func sameFacts(t *testing.T, step string, got, want []model.EinsatzFact) {
	t.Helper()
	norm := func(fs []model.EinsatzFact) []model.EinsatzFact {
		out := slices.Clone(fs)
		for i := range out {
			out[i].Start, out[i].Requested = out[i].Start.UTC(), out[i].Requested.UTC()
		}
		return out
	}
	g, w := norm(got), norm(want)
	if len(g) != len(w) {
		t.Fatalf("%s: %d Fakten aus dem Verzeichnis, %d aus den Datensätzen", step, len(g), len(w))
	}
	for i := range g {
		if g[i] != w[i] {
			t.Errorf("%s: Fakt %d\nVerzeichnis %+v\nDatensatz   %+v", step, i, g[i], w[i])
		}
	}
}

// factsEntries is the number of rows of the start index that carry
// readable facts (rowFormat3).
func factsEntries(tx *Tx) int {
	n := 0
	name := Einsaetze.idxBucket(IdxEinsatzStart)
	if b := tx.btx.Bucket(name); b != nil {
		_ = b.ForEach(func(k, v []byte) error {
			val, err := tx.unseal(name, k, v)
			if err != nil {
				return nil
			}
			if _, facts, ok := splitCompactRow(val); ok && facts != nil {
				if _, _, ok := decodeFactExtra(facts); ok {
					n++
				}
			}
			return nil
		})
	}
	return n
}

// TestFactsIndexFollowsEveryWrite: after each way an Einsatz is written –
// created, edited and moved, given an interpreter, its Nachweis,
// cancelled with an Ausfallpauschale, billed, fields erased, erased whole –
// the report's facts read from the index are those made from the records,
// the index has one entry per Einsatz and check finds it in order. The
// intake rule is read when the facts are read: changing it changes
// ShortNotice without any Einsatz being written.
func TestFactsIndexFollowsEveryWrite(t *testing.T) {
	f := smOpen(t) // now: 02.03.2026 08:00
	year := model.YearPeriod(2026)
	check := func(step string, n int) []model.EinsatzFact {
		t.Helper()
		var got []model.EinsatzFact
		err := f.s.View(func(tx *Tx) (err error) {
			if got, err = LoadEinsatzFacts(tx, year); err != nil {
				return err
			}
			sameFacts(t, step, got, recordFacts(t, tx, year))
			if k := factsEntries(tx); k != n || len(got) != n {
				t.Errorf("%s: %d Einträge im Verzeichnis, %d Fakten, erwartet %d", step, k, len(got), n)
			}
			if probs := Einsaetze.Verify(tx); len(probs) > 0 {
				t.Errorf("%s: check: %q", step, probs)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	byID := func(fs []model.EinsatzFact, id string) model.EinsatzFact {
		for _, x := range fs {
			if x.ID == id {
				return x
			}
		}
		t.Fatalf("kein Fakt für %s", id)
		return model.EinsatzFact{}
	}
	update := func(step string, fn func(tx *Tx) error) {
		t.Helper()
		if err := f.s.Update("test", fn); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	tariff := model.DefaultTariffs()[0]

	done := f.add(t, "Tigrinya", smAt(2026, 3, 5, 9, 0), time.Hour, model.SettingOnSite)
	late := f.add(t, "Tigrinya", smAt(2026, 3, 2, 18, 0), time.Hour, model.SettingOnSite)
	gone := f.add(t, "Arabisch", smAt(2026, 3, 20, 9, 0), 2*time.Hour, model.SettingPhone)
	check("angelegt", 3)

	// Edited: moved to another day (the key changes), another language.
	update("verschoben", func(tx *Tx) error {
		e, err := Einsaetze.Get(tx, gone.ID)
		if err != nil {
			return err
		}
		e.Start, e.Language, e.ClientRef = smAt(2026, 4, 14, 10, 0), "Dari", "Akte 4711"
		return Einsaetze.Put(tx, e)
	})
	fs := check("verschoben", 3)
	if x := byID(fs, gone.ID); x.Month() != "2026-04" || x.Language != "Dari" {
		t.Errorf("verschoben: %+v", x)
	}
	for _, e := range []*model.Einsatz{done, late} {
		if err := f.assign(e, f.yonas); err != nil {
			t.Fatal(err)
		}
	}
	check("vermittelt", 3)

	// Carried out with a Nachweis (minutes, allowance, travel), then billed:
	// the report counts it as durchgeführt, the record says abgerechnet.
	update("Nachweis", func(tx *Tx) error {
		e, err := Einsaetze.Get(tx, done.ID)
		if err != nil {
			return err
		}
		start := e.Start
		if err := e.RecordNachweis(model.Einsatznachweis{ActualStart: start, ActualEnd: start.Add(95 * time.Minute), Km: 240, WaitingMinutes: 10}, tariff); err != nil {
			return err
		}
		if err := e.Transition(model.StatusDurchgefuehrt, "", start, "test", tariff); err != nil {
			return err
		}
		return Einsaetze.Put(tx, e)
	})
	fs = check("durchgeführt", 3)
	if x := byID(fs, done.ID); x.Minutes != 95 || x.Allowance <= 0 || x.Travel <= 0 || x.Status != model.StatusDurchgefuehrt {
		t.Errorf("durchgeführt: %+v", x)
	}
	update("abgerechnet", func(tx *Tx) error {
		e, err := Einsaetze.Get(tx, done.ID)
		if err != nil {
			return err
		}
		if err := e.Transition(model.StatusAbgerechnet, "", e.Start, "test", tariff); err != nil {
			return err
		}
		return Einsaetze.Put(tx, e)
	})
	fs = check("abgerechnet", 3)
	if x := byID(fs, done.ID); !x.Billed || x.Status != model.StatusDurchgefuehrt || x.Minutes != 95 {
		t.Errorf("abgerechnet: %+v", x)
	}

	// Cancelled 10 hours before by the client: kurzfristig, with an
	// Ausfallpauschale.
	update("abgesagt", func(tx *Tx) error {
		e, err := Einsaetze.Get(tx, late.ID)
		if err != nil {
			return err
		}
		_, err = CancelEinsatz(tx, e.ID, e.Version, model.Absage{By: model.CancelByKlient, Received: smAt(2026, 3, 2, 8, 0), Reason: "krank"}, model.StatusStorniertKurzfristig)
		return err
	})
	fs = check("abgesagt", 3)
	if x := byID(fs, late.ID); x.Status != model.StatusStorniertKurzfristig || x.CancelFee <= 0 {
		t.Errorf("abgesagt: %+v", x)
	}

	// The intake rule is a setting: read with the facts, never stored.
	// "done" was requested 3 days, "late" the same day before its start.
	for _, lead := range []int{0, 2, 10} {
		update("Vorlauf", func(tx *Tx) error {
			set, err := LoadSprachmittlungSettings(tx)
			if err != nil {
				return err
			}
			set.Intake.LeadWorkingDays = lead
			return SaveSprachmittlungSettings(tx, set)
		})
		fs = check(fmt.Sprintf("Vorlauf %d Werktage", lead), 3)
		short := 0
		for _, x := range fs {
			if x.ShortNotice {
				short++
			}
		}
		// Werktage from the request (02.03.) to 05.03. are 3, to 02.03. 0,
		// to 14.04. (Easter between) 28.
		want := map[int]int{0: 0, 2: 1, 10: 2}[lead]
		if short != want {
			t.Errorf("Vorlauf %d: %d zu kurzfristig, erwartet %d", lead, short, want)
		}
	}

	// Erased: a field, then the whole record (the steps of a Löschlauf).
	update("Feld gelöscht", func(tx *Tx) error {
		return tx.eraseRecordFields(KindEinsatz, gone.ID, "Test", "clientRef")
	})
	check("Feld gelöscht", 3)
	update("gelöscht", func(tx *Tx) error {
		return tx.replay(&Erasure{ID: newID(), At: tx.now, By: tx.who, Why: "Test", Kind: KindEinsatz, Record: gone.ID, Whole: true})
	})
	fs = check("gelöscht", 2)
	for _, x := range fs {
		if x.ID == gone.ID {
			t.Errorf("das gelöschte Einsatz steht noch in den Fakten: %+v", x)
		}
	}
	_ = f.s.View(func(tx *Tx) error {
		if tx.btx.Bucket(Einsaetze.idxBucket(IdxEinsatzFacts)) != nil {
			t.Error("ein Berichtsverzeichnis neben den Zeilen")
		}
		return tx.btx.Bucket(Einsaetze.idxBucket(IdxEinsatzStart)).ForEach(func(k, v []byte) error {
			u, _ := canonicalUUID(gone.ID) // keys carry the ID as 16 bytes
			if bytes.Contains(k, []byte(gone.ID)) || bytes.Contains(k, u[:]) || bytes.Contains(v, []byte("Akte")) {
				t.Errorf("Spur des gelöschten Einsatzes im Verzeichnis: %q", k)
			}
			return nil
		})
	})
}

// TestReportFromFactsIndexEqualsRecords: on the demo data, the facts of
// a year, a quarter and a month read from the index equal those made from the records, and
// so does every figure of the monitoring computed from them, with and
// without a filter.
func TestReportFromFactsIndexEqualsRecords(t *testing.T) {
	st := demoStore(t)
	err := st.View(func(tx *Tx) error {
		for _, p := range []model.ReportPeriod{model.YearPeriod(2026), model.QuarterPeriod(2026, 4), model.MonthPeriod(2026, 11)} {
			y := p.Label
			fromIndex, err := LoadReportInput(tx, p)
			if err != nil {
				return err
			}
			want := recordFacts(t, tx, p)
			if len(want) < 50 {
				t.Fatalf("%s: nur %d Einsätze in den Demodaten – der Test prüft wenig", y, len(want))
			}
			sameFacts(t, y, fromIndex.Einsaetze, want)
			fromRecords := *fromIndex
			fromRecords.Einsaetze = want
			lang := want[0].Language
			for _, filter := range []model.ReportFilter{{}, {Language: lang}} {
				a, b := model.ComputeMonitoring(fromIndex, filter), model.ComputeMonitoring(&fromRecords, filter)
				if !reflect.DeepEqual(a, b) {
					t.Errorf("%s %+v: Bericht aus dem Verzeichnis\n%+v\naus den Datensätzen\n%+v", y, filter, a.Sprachmittlung, b.Sprachmittlung)
				}
				if a.Sprachmittlung.Total == 0 || a.Sprachmittlung.AllowanceCents == 0 {
					t.Errorf("%s %+v: leerer Bericht – der Test prüft nichts", y, filter)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMigrationBuildsFactsIndex: a file of the schema before the facts
// index (the first wave's file brought to schema 6: opened by this
// program, then its facts index removed and its schema set back) gets the
// index when it is opened – after a backup, as every migration – and the
// report shows the same figures as before.
func TestMigrationBuildsFactsIndex(t *testing.T) {
	period := model.YearPeriod(2026)
	path, n, before := closedDemo(t, period)
	// The schema before the facts index; later migrations run again too
	// (they leave what they already converted as it is).
	pending := asOlderSchema(t, path, "Berichtsverzeichnis der Einsätze", func(btx *bolt.Tx) error {
		if err := textIndexIDs(btx); err != nil {
			return err
		}
		return stripFactsFromRows(btx)
	})

	s, err := Open(path, Options{Now: func() time.Time { return reportNowInternal }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !slices.Equal(s.Migrated, pending) {
		t.Errorf("Umstellungen %q", s.Migrated)
	}
	if list, _ := ListBackups(BackupDir(path)); len(list) == 0 {
		t.Error("keine Sicherung vor der Umstellung")
	}
	if rep := s.Check(); !rep.OK() || rep.Schema != SchemaVersion() {
		t.Fatalf("check nach der Umstellung: %+v", rep)
	}
	err = s.View(func(tx *Tx) error {
		if k := factsEntries(tx); k != n {
			t.Errorf("%d Zeilen mit Berichtszahlen, %d Einsätze", k, n)
		}
		if tx.btx.Bucket(Einsaetze.idxBucket(IdxEinsatzFacts)) != nil {
			t.Error("das Berichtsverzeichnis ist nach der Umstellung noch da")
		}
		got, err := LoadEinsatzFacts(tx, period)
		if err != nil {
			return err
		}
		sameFacts(t, "umgestellt", got, recordFacts(t, tx, period))
		after, err := Monitoring(tx, period, model.ReportFilter{})
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(before, after) {
			t.Errorf("Bericht vor der Umstellung\n%+v\nnach ihr\n%+v", before, after)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFactsReadFromRecordWhereIndexLacks: a row of the start index
// without its facts and one whose facts are no facts (a file damaged
// outside the program) are read from the record – the figures stay right –
// and check names the index.
func TestFactsReadFromRecordWhereIndexLacks(t *testing.T) {
	st := demoStore(t)
	period := model.YearPeriod(2026)
	var victim []byte
	err := st.db.Update(func(btx *bolt.Tx) error {
		name := Einsaetze.idxBucket(IdxEinsatzStart)
		b := btx.Bucket(name)
		tx := &Tx{btx: btx}
		c := b.Cursor()
		k, v := c.Seek([]byte("2026-"))
		victim = bytes.Clone(k)
		row, err := tx.unseal(name, k, v)
		if err != nil {
			return err
		}
		body, _, _ := splitCompactRow(row)
		if err := b.Put(victim, seal(victim, append([]byte{rowFormat2}, body...))); err != nil {
			return err
		}
		// and one whose facts are not a facts entry at all
		k, v = c.Next()
		junk := bytes.Clone(k)
		if row, err = tx.unseal(name, k, v); err != nil {
			return err
		}
		body, _, _ = splitCompactRow(row)
		return b.Put(junk, seal(junk, rowWithFacts(append([]byte{rowFormat2}, body...), []byte{9, 9, 9})))
	})
	if err != nil || victim == nil {
		t.Fatal(err, victim)
	}
	err = st.View(func(tx *Tx) error {
		got, err := LoadEinsatzFacts(tx, period)
		if err != nil {
			return err
		}
		sameFacts(t, "beschädigt", got, recordFacts(t, tx, period))
		probs := Einsaetze.Verify(tx)
		if len(probs) == 0 || !strings.Contains(strings.Join(probs, " "), "„start“") {
			t.Errorf("check sagt nichts zum Verzeichnis: %q", probs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

var reportNowInternal = model.At(model.NewDate(2026, 11, 20), 10*60)

// demoStore is a copy of the first wave's file (the small demo with
// journaled edits, testdata/wave1.db), opened – and so migrated – by this
// program.
func demoStore(t *testing.T) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "d.db")
	copyFixture(t, "testdata/wave1.db", path)
	st, err := Open(path, Options{Now: func() time.Time { return reportNowInternal }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// stripFactsFromRows makes the start index what it was before schema 12:
// rows of format 2, the facts in an index of their own (as migration 7
// builds it) – or, with no facts index wanted, as before schema 7.
func stripFactsFromRows(btx *bolt.Tx) error {
	name := Einsaetze.idxBucket(IdxEinsatzStart)
	b := btx.Bucket(name)
	tx := &Tx{btx: btx}
	var entries []kv
	err := b.ForEach(func(k, v []byte) error {
		row, err := tx.unseal(name, k, v)
		if err != nil {
			return err
		}
		body, _, ok := splitCompactRow(row)
		if !ok {
			return fmt.Errorf("keine Zeile unter %q", k)
		}
		entries = append(entries, kv{bytes.Clone(k), seal(k, append([]byte{rowFormat2}, body...))})
		return nil
	})
	if err != nil {
		return err
	}
	return rewriteBucket(btx, name, entries)
}

// TestMigrationMovesFactsIntoRows: a file of schema 11 (rows of format 2,
// the facts in their own index, one facts entry damaged) is brought to
// schema 12 when it is opened, after a backup: every row carries its facts
// byte for byte as the program writes them (check finds nothing else), the
// facts index is gone, the damaged one stays a row without facts – the
// report reads that Einsatz from its record and check names the row – and
// the report's figures are those of before.
func TestMigrationMovesFactsIntoRows(t *testing.T) {
	period := model.YearPeriod(2026)
	path, n, before := closedDemo(t, period)
	pending := asOlderSchema(t, path, "Berichtszahlen in den Einsatzzeilen", func(btx *bolt.Tx) error {
		if err := textIndexIDs(btx); err != nil {
			return err
		}
		if err := stripFactsFromRows(btx); err != nil {
			return err
		}
		if err := migrateEinsatzFacts(btx); err != nil {
			return err
		}
		facts := btx.Bucket(Einsaetze.idxBucket(IdxEinsatzFacts))
		keys := 0
		_ = facts.ForEach(func(_, _ []byte) error { keys++; return nil })
		if keys != n {
			return fmt.Errorf("%d Einträge im alten Berichtsverzeichnis, %d Einsätze", keys, n)
		}
		k, _ := facts.Cursor().Seek([]byte("2026-03"))
		return facts.Put(k, seal(k, []byte{factsFormat, 0xff}))
	})
	if len(pending) != 4 {
		t.Fatalf("Umstellungen ab 12: %q", pending)
	}

	s, err := Open(path, Options{Now: func() time.Time { return reportNowInternal }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !slices.Equal(s.Migrated, pending) {
		t.Errorf("Umstellungen %q", s.Migrated)
	}
	if list, _ := ListBackups(BackupDir(path)); len(list) == 0 {
		t.Error("keine Sicherung vor der Umstellung")
	}
	err = s.View(func(tx *Tx) error {
		if k := factsEntries(tx); k != n-1 {
			t.Errorf("%d Zeilen mit Berichtszahlen, erwartet %d (alle bis auf die beschädigte)", k, n-1)
		}
		if tx.btx.Bucket(Einsaetze.idxBucket(IdxEinsatzFacts)) != nil {
			t.Error("das Berichtsverzeichnis ist nach der Umstellung noch da")
		}
		probs := Einsaetze.Verify(tx)
		if len(probs) != 1 || !strings.Contains(probs[0], "„start“") {
			t.Errorf("check nach der Umstellung: %q (erwartet: nur die beschädigte Zeile)", probs)
		}
		got, err := LoadEinsatzFacts(tx, period)
		if err != nil {
			return err
		}
		sameFacts(t, "umgestellt", got, recordFacts(t, tx, period))
		after, err := Monitoring(tx, period, model.ReportFilter{})
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(before, after) {
			t.Errorf("Bericht vor der Umstellung\n%+v\nnach ihr\n%+v", before, after)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// closedDemo is the path of a closed demoStore, its number of Einsätze and
// its monitoring report of period, for a migration test to compare with.
func closedDemo(t *testing.T, period model.ReportPeriod) (string, int, *model.Monitoring) {
	t.Helper()
	st := demoStore(t)
	var before *model.Monitoring
	var n int
	if err := st.View(func(tx *Tx) (err error) {
		n = Einsaetze.Count(tx)
		before, err = Monitoring(tx, period, model.ReportFilter{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return st.Path(), n, before
}
