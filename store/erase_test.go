package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

// traces are the strings of the erased person that must leave the file:
// the name as written, the words as the search index folds them, e-mail
// and phone.
var traces = []string{"Xaver Quellenhuber", "Quellenhuber", "quellenhuber", "xaver.q@example.org", "0171 5550199"}

func fileHas(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, s := range traces {
		if bytes.Contains(raw, []byte(s)) {
			found = append(found, s)
		}
	}
	return found
}

// seedErasable makes Xaver appear in a record changed twice (the journal
// keeps old values), a registration, a task (owner name in its journal)
// and the search index; Berta is a bystander.
func seedErasable(t *testing.T, s *Store) (xaver, berta *model.Person) {
	t.Helper()
	ps := newPeople(t, s, "Xaver Quellenhuber", "Berta Beispiel")
	xaver, berta = ps[0], ps[1]
	if err := s.Update("test", func(tx *Tx) error {
		xaver.Email, xaver.Phone = "xaver.q@example.org", "0171 5550199"
		if err := People.Put(tx, xaver); err != nil {
			return err
		}
		xaver.City = "Gifhorn"
		return People.Put(tx, xaver)
	}); err != nil {
		t.Fatal(err)
	}
	ev := newEvent(t, s, 10, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), false)
	register(t, s, ev.ID, xaver.ID)
	register(t, s, ev.ID, berta.ID)
	if err := s.Update("test", func(tx *Tx) error {
		return Tasks.Put(tx, &model.Task{Text: "Protokoll verschicken", Owner: xaver.Name, OwnerPersonID: xaver.ID, Status: model.TaskOffen})
	}); err != nil {
		t.Fatal(err)
	}
	return xaver, berta
}

func TestErasePersonLeavesNoTraceInFileBackupOrSearch(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	s := openNetStore(t, now)
	path := s.Path()
	xaver, berta := seedErasable(t, s)
	if found := fileHas(t, path); len(found) == 0 {
		t.Fatal("the scan cannot see the person before the erasure; the test proves nothing")
	}
	var res EraseResultPerson
	if err := s.Update("test", func(tx *Tx) (err error) {
		res, err = ErasePerson(tx, xaver.ID, "Antrag der Person (Art. 17)")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if res.Registrations != 1 || res.Tasks != 1 || res.Journal == 0 {
		t.Fatalf("result %+v", res)
	}
	err := s.View(func(tx *Tx) error {
		if _, err := People.Get(tx, xaver.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("person still there: %v", err)
		}
		if hits, _ := Search(tx, "Quellenhuber", 10); len(hits) != 0 {
			t.Errorf("search still finds the person: %+v", hits)
		}
		if hits, _ := Search(tx, "Beispiel", 10); len(hits) == 0 {
			t.Error("the bystander is no longer found")
		}
		list, err := Ledger(tx)
		if err != nil || len(list) != 3 {
			t.Errorf("ledger %d entries (%v), want person + registration + task", len(list), err)
		}
		if whole, _, err := ErasedFields(tx, KindPerson, xaver.ID); err != nil || !whole {
			t.Errorf("the ledger does not say the person went whole: %v %v", whole, err)
		}
		for _, e := range list {
			if strings.Contains(e.Why+strings.Join(e.Fields, ","), "Xaver") {
				t.Errorf("ledger holds personal data: %+v", e)
			}
		}
		h, err := tx.History(xaver.ID)
		if err != nil || len(h) == 0 {
			t.Fatalf("history of the erased person: %d %v", len(h), err)
		}
		for _, e := range h {
			if e.Erased != ErasedNote || e.Who == "" || e.At.IsZero() {
				t.Errorf("journal entry not redacted or lost its who/when: %+v", e)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Undo cannot bring the data back.
	err = s.Update("test", func(tx *Tx) error { _, err := UndoLast(tx, "test"); return err })
	if err == nil || !strings.Contains(err.Error(), "Art. 17") {
		t.Fatalf("undo after erasure: %v", err)
	}
	// A backup written now (before compaction) carries no freed pages.
	bk, err := Backup(s, filepath.Join(t.TempDir(), "bk"))
	if err != nil {
		t.Fatal(err)
	}
	if found := fileHas(t, bk); len(found) > 0 {
		t.Errorf("backup after erasure still holds %q", found)
	}
	s.Close()
	if _, _, err := Compact(path); err != nil {
		t.Fatal(err)
	}
	if found := fileHas(t, path); len(found) > 0 {
		t.Errorf("compacted file still holds %q", found)
	}
	if rep, err := CheckFile(path); err != nil || !rep.OK() {
		t.Errorf("check after erasure: %v %v", err, rep.Problems)
	}
	s2, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if pending, err := s2.ScrubPending(); pending || err != nil {
		t.Error("the compacted file still says it waits for compaction")
	}
	if err := s2.View(func(tx *Tx) error { _, err := People.Get(tx, berta.ID); return err }); err != nil {
		t.Errorf("bystander lost: %v", err)
	}
}

func TestErasureRefusedWhilePaymentsAreKeptAndRestrictionHides(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	s := openNetStore(t, now)
	ps := newPeople(t, s, "Xaver Quellenhuber")
	x := ps[0]
	// A payment record of 2025: kept 8 years from the end of 2025.
	if err := s.Bulk("test", func(tx *Tx) error {
		c := &model.Claim{Meta: model.Meta{Created: time.Date(2025, 5, 2, 10, 0, 0, 0, time.UTC)}, PersonID: x.ID, PersonName: x.Name,
			PeriodFrom: model.NewDate(2025, 5, 1), PeriodTo: model.NewDate(2025, 5, 1), Status: model.ClaimEntwurf}
		b, err := tx.bucket(Claims.recBucket())
		if err != nil {
			return err
		}
		c.ID, c.Version, c.Number = newID(), 1, "K-2025-0001"
		raw, _ := json.Marshal(c)
		return tx.put(b, []byte(c.ID), encodeValue(KindClaim, raw))
	}); err != nil {
		t.Fatal(err)
	}
	err := s.Update("test", func(tx *Tx) error { _, err := ErasePerson(tx, x.ID, "Antrag"); return err })
	var ret *ErrRetained
	if !errors.As(err, &ret) {
		t.Fatalf("erasure with a claim of 2025: %v", err)
	}
	// 01.01.2026 + 8 years = 01.01.2034: kept until 31.12.2033.
	if ret.Until != model.NewDate(2034, 1, 1) || !strings.Contains(err.Error(), "31.12.2033") {
		t.Errorf("kept until %s: %v", ret.Until, err)
	}
	x.Volunteer = &model.VolunteerProfile{}
	x.Network = &model.NetworkProfile{Arbeitskreise: []string{model.Gremien[0]}}
	if err := s.Update("test", func(tx *Tx) error { return People.Put(tx, x) }); err != nil {
		t.Fatal(err)
	}
	listed := func() (vols, members int) {
		s.View(func(tx *Tx) error {
			vs, _ := Volunteers(tx)
			gs, _ := GremiumPeople(tx, model.Gremien[0])
			vols, members = len(vs), len(gs)
			return nil
		})
		return
	}
	if v, g := listed(); v != 1 || g != 1 {
		t.Fatalf("before the restriction: %d volunteers, %d Gremium members", v, g)
	}
	if err := s.Update("test", func(tx *Tx) error { _, err := RestrictPerson(tx, x.ID, "Antrag auf Löschung"); return err }); err != nil {
		t.Fatal(err)
	}
	if v, g := listed(); v != 0 || g != 0 {
		t.Errorf("the restricted person is still listed: %d volunteers, %d Gremium members", v, g)
	}
	if err := s.View(func(tx *Tx) error {
		if hits, _ := Search(tx, "Quellenhuber", 10); len(hits) != 0 {
			t.Errorf("search finds the restricted person: %+v", hits)
		}
		n := 0
		People.Scan(tx, "name", nil, nil, func(string, []byte, []byte) error { n++; return nil })
		if n != 0 {
			t.Errorf("restricted person still in the name list")
		}
		p, err := People.Get(tx, x.ID)
		if err != nil || !p.IsRestricted() || p.Restricted.Until != model.NewDate(2034, 1, 1) {
			t.Errorf("restriction not kept: %v %+v", err, p)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// On the first day after the period the erasure goes through.
	s.now = func() time.Time { return time.Date(2034, 1, 1, 10, 0, 0, 0, time.UTC) }
	if err := s.Update("test", func(tx *Tx) error { _, err := ErasePerson(tx, x.ID, "Löschlauf"); return err }); err != nil {
		t.Errorf("erasure after the period: %v", err)
	}
}

func TestRestoreOfOlderBackupRepeatsTheErasure(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	s := openNetStore(t, now)
	path := s.Path()
	xaver, berta := seedErasable(t, s)
	old, err := Backup(s, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(fileHas(t, old)) == 0 {
		t.Fatal("the backup before the erasure should hold the person")
	}
	if err := s.Update("test", func(tx *Tx) error { _, err := ErasePerson(tx, xaver.ID, "Antrag"); return err }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, _, err := Compact(path); err != nil {
		t.Fatal(err)
	}
	res, err := RestoreErased(path, old, now.Add(time.Hour), false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Replayed != 3 {
		t.Errorf("replayed %d erasures, want 3", res.Replayed)
	}
	if found := fileHas(t, path); len(found) > 0 {
		t.Errorf("restored file holds %q", found)
	}
	s2, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	err = s2.View(func(tx *Tx) error {
		if _, err := People.Get(tx, xaver.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("erased person is back: %v", err)
		}
		if _, err := People.Get(tx, berta.ID); err != nil {
			t.Errorf("bystander lost: %v", err)
		}
		regs := 0
		Registrations.Each(tx, func(r *model.Registration) error {
			if r.PersonID == "" && !r.Erased {
				t.Errorf("registration lost its person but is not marked erased")
			}
			regs++
			return nil
		})
		if regs != 2 {
			t.Errorf("%d registrations, want 2 (counts stay)", regs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Restoring again does nothing twice.
	s2.Close()
	res, err = RestoreErased(path, old, now.Add(2*time.Hour), false)
	if err != nil || res.Replayed != 3 {
		t.Errorf("second restore: %+v %v", res, err)
	}
}

// The event's "Kontaktdaten löschen" reaches the journal too: the walk-in
// created for the event is gone from the file after compaction, undo
// cannot bring it back, and the ledger has it.
func TestEventContactErasureReachesJournalAndFile(t *testing.T) {
	s := openNetStore(t, netNow)
	path := s.Path()
	ev := newEvent(t, s, 0, netNow.Add(-48*time.Hour), false)
	if err := s.Update("test", func(tx *Tx) error {
		_, err := RegisterNewPerson(tx, ev.ID, &model.Person{Name: "Xaver Quellenhuber", Email: "xaver.q@example.org"}, RegisterOptions{WalkIn: true, Role: model.RoleHauptamt})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(fileHas(t, path)) == 0 {
		t.Fatal("the walk-in is not in the file before; the scan proves nothing")
	}
	if err := s.Update("test", func(tx *Tx) error { _, err := EraseContactData(tx, ev.ID); return err }); err != nil {
		t.Fatal(err)
	}
	err := s.Update("test", func(tx *Tx) error { _, err := UndoLast(tx, "test"); return err })
	if err == nil || !strings.Contains(err.Error(), "Art. 17") {
		t.Errorf("undo after the event's erasure: %v", err)
	}
	if err := s.View(func(tx *Tx) error {
		list, err := Ledger(tx)
		if err != nil || len(list) != 2 {
			t.Errorf("ledger: %d %v (want the registration and the walk-in)", len(list), err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, _, err := Compact(path); err != nil {
		t.Fatal(err)
	}
	if found := fileHas(t, path); len(found) > 0 {
		t.Errorf("after the event's erasure and compaction the file holds %q", found)
	}
}

func TestAuskunftHasRegistrationsTasksJournalAndMasksOtherHoldersIBAN(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	s := openNetStore(t, now)
	x, _ := seedErasable(t, s)
	if err := s.Bulk("test", func(tx *Tx) error {
		b, err := tx.bucket(Payouts.recBucket())
		if err != nil {
			return err
		}
		run := &model.PayoutRun{Meta: model.Meta{ID: newID(), Version: 1, Number: "A-2026-001", Created: now}, Items: []model.PayoutItem{
			{Number: "K-2026-0001", PersonID: x.ID, Name: x.Name, IBAN: "DE89370400440532013000", Amount: 1000},
			{Number: "K-2026-0002", PersonID: x.ID, Name: "Betreuerin Muster", IBAN: "DE02120300000000202051", Amount: 500},
			{Number: "K-2026-0003", PersonID: "someone-else", Name: "Dritte Person", IBAN: "DE02500105170137075030", Amount: 700},
		}}
		raw, _ := json.Marshal(run)
		return tx.put(b, []byte(run.ID), encodeValue(KindPayout, raw))
	}); err != nil {
		t.Fatal(err)
	}
	var a *Auskunft
	if err := s.View(func(tx *Tx) (err error) { a, err = AuskunftOf(tx, x.ID); return err }); err != nil {
		t.Fatal(err)
	}
	if len(a.Registrations) != 1 || len(a.Tasks) != 1 || len(a.Journal) != 3 {
		t.Errorf("registrations %d, tasks %d, journal %d (want 1, 1, 3)", len(a.Registrations), len(a.Tasks), len(a.Journal))
	}
	if len(a.Journal) == 3 && !slices.Contains(a.Journal[1].Fields, "email") {
		t.Errorf("the journal does not say which fields changed: %+v", a.Journal[1])
	}
	if len(a.Payouts) != 2 {
		t.Fatalf("payouts %+v (want the person's two, not the third person's)", a.Payouts)
	}
	if a.Payouts[0].IBAN != "DE89 3704 0044 0532 0130 00" {
		t.Errorf("own IBAN %q", a.Payouts[0].IBAN)
	}
	if strings.Contains(a.Payouts[1].IBAN, "1203 0000 0000") || !strings.HasPrefix(a.Payouts[1].IBAN, "DE02") {
		t.Errorf("other holder's IBAN not masked: %q", a.Payouts[1].IBAN)
	}
	// The text has a section per area with the count and a row per record.
	md := a.Markdown()
	for _, want := range []string{"## Aufgaben (1)", "| Protokoll verschicken | offen |", "## Auszahlungen (2)", "IBAN anderer Kontoinhaber:innen sind gekürzt.", "## Anmeldungen zu Veranstaltungen (1)"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
}

// BenchmarkBackupAfterErasure100k: a backup while an erasure waits for
// compaction is written by compaction (no freed pages); compare with
// BenchmarkBackup100k.
func BenchmarkBackupAfterErasure100k(b *testing.B) {
	s, _ := benchStore(b, 100000)
	defer s.Close()
	if err := s.Update("bench", func(tx *Tx) error { return tx.markScrub() }); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Backup(s, dir); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAuskunftNamesEveryFieldInGermanAndWhole: the data protection officer
// reads the person's data with German names and complete values – a long
// note is not shortened (the history view shortens, an Auskunft must not),
// a language shows with its level, a date as a German date.
func TestAuskunftNamesEveryFieldInGermanAndWhole(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	s := openNetStore(t, now)
	note := strings.Repeat("Kann nur vormittags, ", 20) + "Ende der Notiz."
	p := &model.Person{Name: "Hiwet Beispiel", Notes: note, Interpreter: &model.InterpreterProfile{
		Languages:                  []model.LanguageSkill{{Language: "Tigrinya", Dialect: "Eritrea", Level: model.LevelNative}},
		FuehrungszeugnisValidUntil: model.NewDate(2027, 8, 30), Active: true}}
	if err := s.Update("test", func(tx *Tx) error { return People.Put(tx, p) }); err != nil {
		t.Fatal(err)
	}
	var a *Auskunft
	if err := s.View(func(tx *Tx) (err error) { a, err = AuskunftOf(tx, p.ID); return err }); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range a.PersonFields() {
		got[f[0]] = f[1]
	}
	want := map[string]string{
		"Notizen":                  note,
		"Sprachmittlung: Sprachen": "Tigrinya (Eritrea, muttersprache)",
		"Sprachmittlung: Führungszeugnis gültig bis": "30.08.2027",
		"Sprachmittlung: aktiv (buchbar)":            "ja",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	if md := a.Markdown(); !strings.Contains(md, "Ende der Notiz.") || strings.Contains(md, "fuehrungszeugnis") {
		t.Errorf("Markdown cuts the note or shows stored field names:\n%s", md)
	}
}
