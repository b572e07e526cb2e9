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
