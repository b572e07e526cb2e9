package store

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"filippo.io/age"

	"stabsstelle/model"
)

// The Außentermin round trip on real files: an office database, a bundle
// encrypted to a key, a laptop copy made from it, changes on both sides, a
// change bundle, the merge.

func init() { ScryptWorkFactor = 10 } // a second per passphrase is for people, not tests

// clock is a settable time for one database.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// trip is one office with its key and the files of a round trip.
type trip struct {
	t       *testing.T
	dir     string
	office  *Store
	clock   *clock
	key     *age.X25519Identity
	ev      *model.Event
	org     *model.Organisation
	anna    *model.Person // registered, e-mail, institution, also an interpreter
	ben     *model.Person // registered
	clara   *model.Person // registered, volunteer with IBAN
	regs    map[string]*model.Registration
	counter int
}

func newTrip(t *testing.T) *trip {
	t.Helper()
	dir := t.TempDir()
	c := &clock{t: netNow}
	s, err := Open(filepath.Join(dir, "buero.db"), Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	key, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	tr := &trip{t: t, dir: dir, office: s, clock: c, key: key, regs: map[string]*model.Registration{}}
	tr.org = &model.Organisation{Name: "Caritas Gifhorn", Kind: model.OrgWohlfahrt, Notes: "interne Notiz"}
	tr.anna = &model.Person{Name: "Anna Alt", Email: "anna@caritas.example", Street: "Hauptstraße 1", City: "Gifhorn",
		Interpreter: &model.InterpreterProfile{Languages: []model.LanguageSkill{{Language: "Tigrinya"}}, HomePlace: "Gifhorn", Active: true}}
	tr.ben = &model.Person{Name: "Ben Berg"}
	tr.clara = &model.Person{Name: "Clara Chen", Volunteer: &model.VolunteerProfile{IBAN: "DE02120300000000202051"}}
	err = s.Update("buero", func(tx *Tx) error {
		if err := Organisations.Put(tx, tr.org); err != nil {
			return err
		}
		tr.anna.OrganisationID = tr.org.ID
		for _, p := range []*model.Person{tr.anna, tr.ben, tr.clara} {
			if err := People.Put(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tr.ev = newEvent(t, s, 100, netNow.Add(72*time.Hour), false)
	for _, p := range []*model.Person{tr.anna, tr.ben, tr.clara} {
		tr.regs[p.Name] = register(t, s, tr.ev.ID, p.ID)
	}
	return tr
}

func (tr *trip) file(name string) string {
	tr.counter++
	return filepath.Join(tr.dir, name)
}

func (tr *trip) prot() Protection { return Protection{Recipients: []age.Recipient{tr.key.Recipient()}} }

func (tr *trip) unlock() Unlock {
	return Unlock{Identities: func() ([]age.Identity, error) { return []age.Identity{tr.key}, nil }}
}

// takeOut exports the event and makes the laptop copy.
func (tr *trip) takeOut() (*Store, *clock) {
	tr.t.Helper()
	out := tr.file("einlass.stb")
	if _, err := tr.office.ExportCopy("buero", ExportOptions{Events: []string{tr.ev.Number}, Out: out, Protection: tr.prot()}); err != nil {
		tr.t.Fatalf("export: %v", err)
	}
	return tr.makeCopy(out, "laptop.db")
}

func (tr *trip) makeCopy(bundle, name string) (*Store, *clock) {
	tr.t.Helper()
	b, err := OpenBundle(bundle, tr.unlock())
	if err != nil {
		tr.t.Fatalf("open bundle: %v", err)
	}
	defer b.Close()
	lc := &clock{t: tr.clock.now().Add(time.Hour)}
	path := filepath.Join(tr.dir, name)
	if _, err := b.CreateCopy(path, "tuer", lc.now); err != nil {
		tr.t.Fatalf("create copy: %v", err)
	}
	l, err := Open(path, Options{Now: lc.now})
	if err != nil {
		tr.t.Fatal(err)
	}
	tr.t.Cleanup(func() { l.Close() })
	return l, lc
}

// giveBack writes the laptop's change bundle.
func (tr *trip) giveBack(l *Store, name string) string {
	tr.t.Helper()
	out := tr.file(name)
	if _, err := l.ExportChanges("tuer", out, tr.prot()); err != nil {
		tr.t.Fatalf("export changes: %v", err)
	}
	return out
}

func (tr *trip) merge(bundle string) *MergeReport {
	tr.t.Helper()
	rep, err := tr.mergeErr(bundle)
	if err != nil {
		tr.t.Fatalf("merge: %v", err)
	}
	return rep
}

func (tr *trip) mergeErr(bundle string) (*MergeReport, error) {
	b, err := OpenBundle(bundle, tr.unlock())
	if err != nil {
		return nil, err
	}
	defer b.Close()
	return tr.office.Merge("buero", b)
}

func write(t *testing.T, s *Store, fn func(tx *Tx) error) {
	t.Helper()
	if err := s.Update("test", fn); err != nil {
		t.Fatal(err)
	}
}

func getReg(t *testing.T, s *Store, id string) *model.Registration {
	t.Helper()
	var r *model.Registration
	if err := s.View(func(tx *Tx) (err error) { r, err = Registrations.Get(tx, id); return }); err != nil {
		t.Fatal(err)
	}
	return r
}

func getEvent(t *testing.T, s *Store, id string) *model.Event {
	t.Helper()
	var e *model.Event
	if err := s.View(func(tx *Tx) (err error) { e, err = Events.Get(tx, id); return }); err != nil {
		t.Fatal(err)
	}
	return e
}

func editEvent(t *testing.T, s *Store, id string, fn func(e *model.Event)) {
	t.Helper()
	write(t, s, func(tx *Tx) error {
		e, err := Events.Get(tx, id)
		if err != nil {
			return err
		}
		fn(e)
		return SaveEvent(tx, e)
	})
}

func checkIn(t *testing.T, s *Store, regID string) {
	t.Helper()
	write(t, s, func(tx *Tx) error { _, err := CheckIn(tx, regID); return err })
}

func walkIn(t *testing.T, s *Store, evID string, p *model.Person) *model.Registration {
	t.Helper()
	var r *model.Registration
	write(t, s, func(tx *Tx) (err error) {
		r, err = RegisterNewPerson(tx, evID, p, RegisterOptions{WalkIn: true})
		return err
	})
	return r
}

func TestRoundTripCheckInsWalkInsAndOfficeEdits(t *testing.T) {
	tr := newTrip(t)
	laptop, lc := tr.takeOut()

	// At the door: two check-ins, a walk-in, the Protokoll, a task.
	lc.add(time.Hour)
	checkIn(t, laptop, tr.regs["Anna Alt"].ID)
	checkIn(t, laptop, tr.regs["Ben Berg"].ID)
	erik := walkIn(t, laptop, tr.ev.ID, &model.Person{Name: "Erik Eck", Email: "erik@example.org"})
	editEvent(t, laptop, tr.ev.ID, func(e *model.Event) { e.Protokoll = "TOP 1 Begrüßung" })
	task := &model.Task{Text: "Fotos verschicken", EventID: tr.ev.ID, Status: model.TaskOffen}
	write(t, laptop, func(tx *Tx) error { return Tasks.Put(tx, task) })

	// Meanwhile in the office: another room, a new registration.
	editEvent(t, tr.office, tr.ev.ID, func(e *model.Event) { e.Room = "Saal 2" })
	fritz := newPeople(t, tr.office, "Fritz Fink")[0]
	register(t, tr.office, tr.ev.ID, fritz.ID)

	rep := tr.merge(tr.giveBack(laptop, "zurueck.stb"))
	if len(rep.Conflicts) != 0 {
		t.Fatalf("conflicts: %+v", rep.Conflicts)
	}
	if rep.Created != 3 { // Erik, his registration, the task
		t.Errorf("created %d, want 3", rep.Created)
	}
	for _, name := range []string{"Anna Alt", "Ben Berg"} {
		if r := getReg(t, tr.office, tr.regs[name].ID); r.Status != model.RegTeilgenommen || r.CheckedInAt.IsZero() {
			t.Errorf("%s: %s %v, want checked in", name, r.Status, r.CheckedInAt)
		}
	}
	if r := getReg(t, tr.office, erik.ID); r.Status != model.RegTeilgenommen || !r.WalkIn {
		t.Errorf("walk-in: %+v", r)
	}
	ev := getEvent(t, tr.office, tr.ev.ID)
	if ev.Room != "Saal 2" || ev.Protokoll != "TOP 1 Begrüßung" {
		t.Errorf("event: room %q protokoll %q, want both sides' changes", ev.Room, ev.Protokoll)
	}
	var n int
	_ = tr.office.View(func(tx *Tx) error {
		c, _ := EventCounts(tx, tr.ev.ID)
		n = c.Angemeldet + c.Teilgenommen
		return nil
	})
	if n != 5 { // Anna, Ben, Clara, Fritz, Erik
		t.Errorf("%d registrations, want 5", n)
	}
	if rep := tr.office.Check(); !rep.OK() {
		t.Errorf("check: %v", rep.Problems)
	}
}

func TestBothSidesChangeSameAndDifferentFields(t *testing.T) {
	tr := newTrip(t)
	laptop, _ := tr.takeOut()
	editEvent(t, laptop, tr.ev.ID, func(e *model.Event) {
		e.Title = "Arbeitskreis Bildung – Tür"  // both, differently
		e.Description = "gleich"                // both, the same
		e.Decisions = []string{"Flyer drucken"} // laptop only
	})
	editEvent(t, tr.office, tr.ev.ID, func(e *model.Event) {
		e.Title = "Arbeitskreis Bildung – Büro"
		e.Description = "gleich"
		e.Venue = "Schloss" // office only
	})
	rep := tr.merge(tr.giveBack(laptop, "z.stb"))
	if len(rep.Conflicts) != 1 {
		t.Fatalf("conflicts %+v, want the title", rep.Conflicts)
	}
	c := rep.Conflicts[0]
	if c.Field != "Titel" || string(c.Office) != `"Arbeitskreis Bildung – Büro"` || string(c.Laptop) != `"Arbeitskreis Bildung – Tür"` || string(c.Base) != `"Arbeitskreis Bildung"` {
		t.Errorf("conflict %s: base %s office %s laptop %s", c.Field, c.Base, c.Office, c.Laptop)
	}
	ev := getEvent(t, tr.office, tr.ev.ID)
	if ev.Title != "Arbeitskreis Bildung – Büro" || ev.Venue != "Schloss" || len(ev.Decisions) != 1 || ev.Description != "gleich" {
		t.Errorf("event after merge: %q %q %v %q", ev.Title, ev.Venue, ev.Decisions, ev.Description)
	}
	var open []*model.MergeConflict
	_ = tr.office.View(func(tx *Tx) (err error) { open, err = OpenConflicts(tx); return })
	if len(open) != 1 || open[0].ID != c.ID {
		t.Fatalf("open conflicts %v", open)
	}

	// The decision takes the laptop's title and is journaled.
	if err := tr.office.Update("chefin", func(tx *Tx) error { _, err := DecideConflict(tx, c.ID, true); return err }); err != nil {
		t.Fatal(err)
	}
	if ev := getEvent(t, tr.office, tr.ev.ID); ev.Title != "Arbeitskreis Bildung – Tür" {
		t.Errorf("title after decision %q", ev.Title)
	}
	var hist []JournalEntry
	_ = tr.office.View(func(tx *Tx) (err error) { hist, err = tx.History(c.ID); return })
	if last := hist[len(hist)-1]; last.Who != "chefin" || last.Op != OpUpdate {
		t.Errorf("decision not journaled: %+v", last)
	}
	if err := tr.office.Update("chefin", func(tx *Tx) error { _, err := DecideConflict(tx, c.ID, false); return err }); err == nil {
		t.Error("a decided conflict was decided again")
	}
	if n := openCount(tr.office); n != 0 {
		t.Errorf("%d open conflicts after the decision", n)
	}
}

func openCount(s *Store) int {
	n := 0
	_ = s.View(func(tx *Tx) error { n = OpenConflictCount(tx); return nil })
	return n
}

func TestDoorAttendanceBeatsOfficeCancellation(t *testing.T) {
	tr := newTrip(t)
	laptop, _ := tr.takeOut()
	checkIn(t, laptop, tr.regs["Anna Alt"].ID)
	// The office cancels Anna (the door saw her) and Ben (the door did not).
	for _, n := range []string{"Anna Alt", "Ben Berg"} {
		write(t, tr.office, func(tx *Tx) error { _, err := Cancel(tx, tr.regs[n].ID); return err })
	}
	rep := tr.merge(tr.giveBack(laptop, "z.stb"))
	if len(rep.Conflicts) != 0 || len(rep.Rules) != 1 {
		t.Fatalf("conflicts %+v rules %v", rep.Conflicts, rep.Rules)
	}
	if r := getReg(t, tr.office, tr.regs["Anna Alt"].ID); r.Status != model.RegTeilgenommen {
		t.Errorf("Anna %s, want teilgenommen (the door's fact)", r.Status)
	}
	if r := getReg(t, tr.office, tr.regs["Ben Berg"].ID); r.Status != model.RegAbgemeldet {
		t.Errorf("Ben %s, want still abgemeldet", r.Status)
	}
}

func TestWalkInAlreadyKnownIsLinkedNotDuplicated(t *testing.T) {
	tr := newTrip(t)
	gul := &model.Person{Name: "Gül Gür", Email: "gul@example.org"}
	write(t, tr.office, func(tx *Tx) error { return People.Put(tx, gul) })
	laptop, _ := tr.takeOut()
	// The office registers Hans meanwhile; the door has him as a walk-in
	// (same name and institution, no e-mail), and Gül (same e-mail).
	hans := &model.Person{Name: "Hans Hahn", OrganisationID: tr.org.ID}
	write(t, tr.office, func(tx *Tx) error { return People.Put(tx, hans) })
	hansReg := register(t, tr.office, tr.ev.ID, hans.ID)
	walkIn(t, laptop, tr.ev.ID, &model.Person{Name: "hans  hahn", OrganisationID: tr.org.ID})
	walkIn(t, laptop, tr.ev.ID, &model.Person{Name: "Gül G.", Email: "GUL@example.org"})

	var peopleBefore int
	_ = tr.office.View(func(tx *Tx) error { peopleBefore = People.Count(tx); return nil })
	rep := tr.merge(tr.giveBack(laptop, "z.stb"))
	if len(rep.Linked) != 3 { // Hans, his registration, Gül
		t.Errorf("linked %+v", rep.Linked)
	}
	var peopleAfter int
	var attendees []Attendee
	_ = tr.office.View(func(tx *Tx) (err error) {
		peopleAfter = People.Count(tx)
		attendees, err = Attendees(tx, tr.ev.ID)
		return
	})
	if peopleAfter != peopleBefore {
		t.Errorf("%d people after the merge, %d before: a known walk-in was created again", peopleAfter, peopleBefore)
	}
	seen := map[string]int{}
	for _, a := range attendees {
		seen[a.Reg.PersonID]++
	}
	if seen[hans.ID] != 1 || seen[gul.ID] != 1 {
		t.Errorf("registrations per person %v, want Hans and Gül once each", seen)
	}
	if r := getReg(t, tr.office, hansReg.ID); r.Status != model.RegTeilgenommen {
		t.Errorf("Hans' registration %s, want teilgenommen from the door", r.Status)
	}
}

func TestDeleteVersusChangeIsAConflict(t *testing.T) {
	tr := newTrip(t)
	tasks := make([]*model.Task, 3)
	write(t, tr.office, func(tx *Tx) error {
		for i := range tasks {
			tasks[i] = &model.Task{Text: "Aufgabe " + string(rune('A'+i)), EventID: tr.ev.ID, Status: model.TaskOffen}
			if err := Tasks.Put(tx, tasks[i]); err != nil {
				return err
			}
		}
		return nil
	})
	laptop, _ := tr.takeOut()
	edit := func(s *Store, id, text string) {
		write(t, s, func(tx *Tx) error {
			x, err := Tasks.Get(tx, id)
			if err != nil {
				return err
			}
			x.Text = text
			return Tasks.Put(tx, x)
		})
	}
	del := func(s *Store, id string) { write(t, s, func(tx *Tx) error { return Tasks.Delete(tx, id) }) }
	del(laptop, tasks[0].ID) // laptop deletes, office changes
	edit(tr.office, tasks[0].ID, "im Büro geändert")
	edit(laptop, tasks[1].ID, "an der Tür geändert") // laptop changes, office deletes
	del(tr.office, tasks[1].ID)
	del(laptop, tasks[2].ID) // laptop deletes, office untouched

	rep := tr.merge(tr.giveBack(laptop, "z.stb"))
	if len(rep.Conflicts) != 2 || rep.Deleted != 1 {
		t.Fatalf("conflicts %+v deleted %d", rep.Conflicts, rep.Deleted)
	}
	_ = tr.office.View(func(tx *Tx) error {
		if x, err := Tasks.Get(tx, tasks[0].ID); err != nil || x.Text != "im Büro geändert" {
			t.Errorf("task changed in the office: %v %v", x, err)
		}
		if _, err := Tasks.Get(tx, tasks[1].ID); err == nil {
			t.Error("a task deleted in the office came back by itself")
		}
		if _, err := Tasks.Get(tx, tasks[2].ID); err == nil {
			t.Error("the task deleted on the laptop is still there")
		}
		return nil
	})
	// Deciding for the laptop brings the task deleted in the office back.
	for _, c := range rep.Conflicts {
		if string(c.Office) == "null" {
			if err := tr.office.Update("buero", func(tx *Tx) error { _, err := DecideConflict(tx, c.ID, true); return err }); err != nil {
				t.Fatal(err)
			}
		}
	}
	_ = tr.office.View(func(tx *Tx) error {
		if x, err := Tasks.Get(tx, tasks[1].ID); err != nil || x.Text != "an der Tür geändert" {
			t.Errorf("task after the decision: %v %v", x, err)
		}
		return nil
	})
}

func journalLen(s *Store) uint64 {
	var n uint64
	_ = s.View(func(tx *Tx) error { n = lastJournalSeq(tx); return nil })
	return n
}

func TestSameBundleTwiceChangesNothing(t *testing.T) {
	tr := newTrip(t)
	laptop, _ := tr.takeOut()
	checkIn(t, laptop, tr.regs["Anna Alt"].ID)
	z := tr.giveBack(laptop, "z.stb")
	first := tr.merge(z)
	if first.Applied != 1 || first.Already != nil {
		t.Fatalf("first merge %+v", first)
	}
	before := journalLen(tr.office)
	tr.clock.add(time.Hour)
	again := tr.merge(z)
	if again.Already == nil || !again.Already.Equal(netNow) {
		t.Errorf("second merge: already %v, want the first merge's time", again.Already)
	}
	if again.Applied != 0 || journalLen(tr.office) != before {
		t.Errorf("the second merge wrote: applied %d, journal %d → %d", again.Applied, before, journalLen(tr.office))
	}
}

func TestBundlesInAnyOrder(t *testing.T) {
	for _, order := range []string{"in order", "reversed"} {
		t.Run(order, func(t *testing.T) {
			tr := newTrip(t)
			laptop, lc := tr.takeOut()
			checkIn(t, laptop, tr.regs["Anna Alt"].ID)
			editEvent(t, laptop, tr.ev.ID, func(e *model.Event) { e.Protokoll = "erster Stand" })
			z1 := tr.giveBack(laptop, "z1.stb")
			lc.add(time.Hour)
			checkIn(t, laptop, tr.regs["Ben Berg"].ID)
			editEvent(t, laptop, tr.ev.ID, func(e *model.Event) { e.Protokoll = "zweiter Stand" })
			z2 := tr.giveBack(laptop, "z2.stb")
			bundles := []string{z1, z2}
			if order == "reversed" {
				bundles = []string{z2, z1}
			}
			for _, z := range bundles {
				if rep := tr.merge(z); len(rep.Conflicts) != 0 {
					t.Fatalf("%s: conflicts %+v", z, rep.Conflicts)
				}
			}
			if ev := getEvent(t, tr.office, tr.ev.ID); ev.Protokoll != "zweiter Stand" {
				t.Errorf("Protokoll %q, want the laptop's latest", ev.Protokoll)
			}
			for _, n := range []string{"Anna Alt", "Ben Berg"} {
				if r := getReg(t, tr.office, tr.regs[n].ID); r.Status != model.RegTeilgenommen {
					t.Errorf("%s: %s", n, r.Status)
				}
			}
		})
	}
}

func TestProvisionalNumbersGetFinalOnes(t *testing.T) {
	tr := newTrip(t)
	laptop, _ := tr.takeOut()
	extra := &model.Event{Title: "Spontanes Treffen", Type: model.EventArbeitstreffen, Start: netNow.Add(96 * time.Hour), Status: model.EventGeplant}
	write(t, laptop, func(tx *Tx) error { return SaveEvent(tx, extra) })
	if extra.Number != "V-2026-A001" {
		t.Fatalf("laptop number %q, want V-2026-A001", extra.Number)
	}
	rep := tr.merge(tr.giveBack(laptop, "z.stb"))
	if len(rep.Renumbered) != 1 || rep.Renumbered[0].From != "V-2026-A001" || rep.Renumbered[0].To != "V-2026-002" {
		t.Fatalf("renumbered %+v, want V-2026-A001 → V-2026-002", rep.Renumbered)
	}
	if e := getEvent(t, tr.office, extra.ID); e.Number != "V-2026-002" {
		t.Errorf("office number %q", e.Number)
	}
}
