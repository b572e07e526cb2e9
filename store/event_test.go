package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"stabsstelle/model"
)

func openNetStore(t testing.TB, now time.Time) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "t.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newEvent(t *testing.T, s *Store, capacity int, start time.Time, gs bool) *model.Event {
	t.Helper()
	ev := &model.Event{Title: "Arbeitskreis Bildung", Type: model.EventArbeitskreis, Region: model.RegionZentrum,
		Start: start, End: start.Add(2 * time.Hour), Venue: "Kreishaus I", Capacity: capacity, Status: model.EventGeplant}
	if gs {
		ev.Type, ev.Grundschulung, ev.Title = model.EventFortbildung, true, "Grundschulung Sprachmittlung"
	}
	if err := s.Update("test", func(tx *Tx) error { return SaveEvent(tx, ev) }); err != nil {
		t.Fatal(err)
	}
	return ev
}

func newPeople(t *testing.T, s *Store, names ...string) []*model.Person {
	t.Helper()
	var out []*model.Person
	err := s.Update("test", func(tx *Tx) error {
		for _, n := range names {
			p := &model.Person{Name: n}
			if err := People.Put(tx, p); err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func register(t *testing.T, s *Store, evID, pid string) *model.Registration {
	t.Helper()
	var r *model.Registration
	if err := s.Update("test", func(tx *Tx) (err error) {
		r, err = Register(tx, evID, pid, RegisterOptions{Role: model.RoleEhrenamt})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return r
}

var netNow = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func TestCapacityWaitingListPromotion(t *testing.T) {
	s := openNetStore(t, netNow)
	ev := newEvent(t, s, 2, netNow.Add(72*time.Hour), false)
	ps := newPeople(t, s, "Anna Becker", "Bilal Hassan", "Carla Nowak", "Deniz Yıldız")
	var regs []*model.Registration
	for _, p := range ps {
		regs = append(regs, register(t, s, ev.ID, p.ID))
	}
	want := []model.RegStatus{model.RegAngemeldet, model.RegAngemeldet, model.RegWarteliste, model.RegWarteliste}
	for i, r := range regs {
		if r.Status != want[i] {
			t.Errorf("registration %d: %s, want %s", i, r.Status, want[i])
		}
	}
	// Registering twice is refused with a German message.
	err := s.Update("test", func(tx *Tx) error {
		_, err := Register(tx, ev.ID, ps[0].ID, RegisterOptions{})
		return err
	})
	var dup *ErrAlreadyRegistered
	if !errors.As(err, &dup) {
		t.Fatalf("double registration: %v", err)
	}
	// Promotion without a free place is refused.
	if err := s.Update("test", func(tx *Tx) error { _, err := Promote(tx, regs[2].ID); return err }); err == nil {
		t.Error("promotion must be refused when full")
	}
	// Cancelling offers the first in line, but does not promote.
	var next *model.Registration
	if err := s.Update("test", func(tx *Tx) (err error) { next, err = Cancel(tx, regs[0].ID); return }); err != nil {
		t.Fatal(err)
	}
	if next == nil || next.ID != regs[2].ID {
		t.Fatalf("offered %v, want Carla", next)
	}
	var c model.AttendanceCounts
	_ = s.View(func(tx *Tx) (err error) { c, err = EventCounts(tx, ev.ID); return })
	if c.Angemeldet != 1 || c.Warteliste != 2 || c.Abgemeldet != 1 {
		t.Errorf("counts before promotion %+v", c)
	}
	if err := s.Update("test", func(tx *Tx) error { _, err := Promote(tx, next.ID); return err }); err != nil {
		t.Fatal(err)
	}
	_ = s.View(func(tx *Tx) (err error) { c, err = EventCounts(tx, ev.ID); return })
	if c.Angemeldet != 2 || c.Warteliste != 1 {
		t.Errorf("counts after promotion %+v", c)
	}
	// Full again: nobody to offer.
	_ = s.View(func(tx *Tx) (err error) { next, err = FirstWaiting(tx, ev.ID); return })
	if next != nil {
		t.Error("no place free, nobody may be offered")
	}
	// A cancelled person registers again on the same record, at the end of the line.
	r := register(t, s, ev.ID, ps[0].ID)
	if r.ID != regs[0].ID || r.Status != model.RegWarteliste {
		t.Errorf("re-registration: %+v", r)
	}
}

func TestCheckInUndoAndWalkIn(t *testing.T) {
	s := openNetStore(t, netNow)
	ev := newEvent(t, s, 1, netNow, false)
	ps := newPeople(t, s, "Anna Becker")
	r := register(t, s, ev.ID, ps[0].ID)
	if err := s.Update("test", func(tx *Tx) (err error) { r, err = CheckIn(tx, r.ID); return }); err != nil {
		t.Fatal(err)
	}
	if r.Status != model.RegTeilgenommen || r.CheckedInAt.IsZero() {
		t.Fatalf("after check-in: %+v", r)
	}
	if err := s.Update("test", func(tx *Tx) (err error) { r, err = UndoCheckIn(tx, r.ID); return }); err != nil {
		t.Fatal(err)
	}
	if r.Status != model.RegAngemeldet || !r.CheckedInAt.IsZero() {
		t.Fatalf("after undo: %+v", r)
	}
	// A walk-in gets in although the event is full.
	var w *model.Registration
	err := s.Update("test", func(tx *Tx) (err error) {
		w, err = RegisterNewPerson(tx, ev.ID, &model.Person{Name: "Erik Walk"}, RegisterOptions{WalkIn: true, Role: model.RoleHauptamt})
		return
	})
	if err != nil {
		t.Fatal(err)
	}
	if w.Status != model.RegTeilgenommen || !w.WalkIn || !w.CreatedPerson {
		t.Errorf("walk-in: %+v", w)
	}
}

func TestGrundschulungMarksPerson(t *testing.T) {
	s := openNetStore(t, netNow)
	ev := newEvent(t, s, 0, netNow, true)
	ps := newPeople(t, s, "Amina Haddad")
	r := register(t, s, ev.ID, ps[0].ID)
	if err := s.Update("test", func(tx *Tx) error { _, err := CheckIn(tx, r.ID); return err }); err != nil {
		t.Fatal(err)
	}
	var p *model.Person
	_ = s.View(func(tx *Tx) (err error) { p, err = People.Get(tx, ps[0].ID); return })
	if p.Network == nil || p.Network.Grundschulung != model.DateOf(ev.Start) {
		t.Fatalf("Grundschulung not recorded: %+v", p.Network)
	}
	if err := s.Update("test", func(tx *Tx) error { _, err := UndoCheckIn(tx, r.ID); return err }); err != nil {
		t.Fatal(err)
	}
	_ = s.View(func(tx *Tx) (err error) { p, err = People.Get(tx, ps[0].ID); return })
	if !p.Network.Grundschulung.IsZero() {
		t.Fatal("undo must restore the Grundschulung date")
	}
}

func TestEraseKeepsCounts(t *testing.T) {
	s := openNetStore(t, netNow)
	ev := newEvent(t, s, 0, netNow.Add(-48*time.Hour), false)
	ps := newPeople(t, s, "Anna Becker", "Bilal Hassan")
	r1 := register(t, s, ev.ID, ps[0].ID)
	register(t, s, ev.ID, ps[1].ID)
	var walk *model.Registration
	err := s.Update("test", func(tx *Tx) (err error) {
		if _, err = CheckIn(tx, r1.ID); err != nil {
			return err
		}
		walk, err = RegisterNewPerson(tx, ev.ID, &model.Person{Name: "Nur Heute", Email: "nur@heute.de"}, RegisterOptions{WalkIn: true, Role: model.RoleHauptamt})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var res EraseResult
	if err := s.Update("test", func(tx *Tx) (err error) { res, err = EraseContactData(tx, ev.ID); return }); err != nil {
		t.Fatal(err)
	}
	if res.Registrations != 3 || res.PeopleDeleted != 1 {
		t.Errorf("result %+v", res)
	}
	_ = s.View(func(tx *Tx) error {
		c, _ := EventCounts(tx, ev.ID)
		if c.Teilgenommen != 2 || c.Angemeldet != 1 || c.Hauptamt != 1 || c.Ehrenamt != 1 {
			t.Errorf("counts after erase %+v", c)
		}
		e, _ := Events.Get(tx, ev.ID)
		if e.CountsAfterErase == nil || e.CountsAfterErase.Teilgenommen != 2 || e.Erased.IsZero() {
			t.Errorf("event keeps %+v", e.CountsAfterErase)
		}
		regs, _ := RegistrationsOf(tx, ev.ID)
		for _, r := range regs {
			if r.PersonID != "" || !r.Erased {
				t.Errorf("registration keeps person: %+v", r)
			}
		}
		if _, err := People.Get(tx, walk.PersonID); !errors.Is(err, ErrNotFound) {
			t.Error("walk-in person created for this event must be deleted")
		}
		if _, err := People.Get(tx, ps[0].ID); err != nil {
			t.Error("known person must stay")
		}
		return nil
	})
	// A second erase and new registrations are refused.
	if err := s.Update("test", func(tx *Tx) error { _, err := EraseContactData(tx, ev.ID); return err }); err == nil {
		t.Error("second erase must fail")
	}
	if err := s.Update("test", func(tx *Tx) error { _, err := Register(tx, ev.ID, ps[0].ID, RegisterOptions{}); return err }); !errors.Is(err, ErrErased) {
		t.Errorf("register after erase: %v", err)
	}
}

func TestEraseRefusedBeforeEvent(t *testing.T) {
	s := openNetStore(t, netNow)
	ev := newEvent(t, s, 0, netNow.Add(48*time.Hour), false)
	if err := s.Update("test", func(tx *Tx) error { _, err := EraseContactData(tx, ev.ID); return err }); err == nil {
		t.Error("erase before the event must fail")
	}
}

func TestICalSequenceRaisedOnChange(t *testing.T) {
	s := openNetStore(t, netNow)
	ev := newEvent(t, s, 0, netNow.Add(48*time.Hour), false)
	if ev.ICalSequence != 0 {
		t.Fatalf("new event sequence %d", ev.ICalSequence)
	}
	upd := func(f func(e *model.Event)) *model.Event {
		var e *model.Event
		if err := s.Update("test", func(tx *Tx) (err error) {
			if e, err = Events.Get(tx, ev.ID); err != nil {
				return err
			}
			f(e)
			return SaveEvent(tx, e)
		}); err != nil {
			t.Fatal(err)
		}
		return e
	}
	if e := upd(func(e *model.Event) { e.Description = "nur Text" }); e.ICalSequence != 0 {
		t.Errorf("description change raised SEQUENCE to %d", e.ICalSequence)
	}
	if e := upd(func(e *model.Event) { e.Start = e.Start.Add(time.Hour); e.End = e.End.Add(time.Hour) }); e.ICalSequence != 1 {
		t.Errorf("time change: SEQUENCE %d, want 1", e.ICalSequence)
	}
	if e := upd(func(e *model.Event) { e.Status = model.EventAbgesagt }); e.ICalSequence != 2 {
		t.Errorf("status change: SEQUENCE %d, want 2", e.ICalSequence)
	}
	e := upd(func(e *model.Event) { e.Title = "Neuer Titel" })
	if e.ICalSequence != 3 {
		t.Errorf("title change: SEQUENCE %d, want 3", e.ICalSequence)
	}
	// UID stays the record's ID.
	if e.ICal(netNow).UID != ev.ID+"@"+model.ICalUIDDomain {
		t.Error("UID changed")
	}
}

func TestTasksAndSearch(t *testing.T) {
	s := openNetStore(t, netNow)
	ev := newEvent(t, s, 0, netNow.Add(-24*time.Hour), false)
	err := s.Update("test", func(tx *Tx) error {
		for i, txt := range []string{"Flyer drucken", "Raum buchen", "Protokoll versenden"} {
			tk := &model.Task{Text: txt, Owner: "Frau Klein", Status: model.TaskOffen, EventID: ev.ID,
				Due: model.DateOf(netNow).AddDays(3 - 2*i)}
			if err := Tasks.Put(tx, tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = s.View(func(tx *Tx) error {
		open, _ := OpenTasks(tx)
		if len(open) != 3 || open[0].Text != "Protokoll versenden" {
			t.Errorf("open tasks not by due date: %v", open)
		}
		if !open[0].Overdue(model.DateOf(netNow)) {
			t.Error("task due yesterday is overdue")
		}
		of, _ := TasksOf(tx, ev.ID)
		if len(of) != 3 {
			t.Errorf("tasks of event %d", len(of))
		}
		hits, _ := Search(tx, ev.Number, 10)
		if len(hits) == 0 || hits[0].ID != ev.ID || hits[0].Rank != 0 {
			t.Errorf("search by number: %+v", hits)
		}
		hits, _ = Search(tx, "arbeitskreis kreishaus", 10)
		if len(hits) != 1 {
			t.Errorf("search by title and place: %+v", hits)
		}
		return nil
	})
	var open []*model.Task
	_ = s.View(func(tx *Tx) (err error) { open, err = OpenTasks(tx); return })
	if err := s.Update("test", func(tx *Tx) error { _, err := SetTaskDone(tx, open[0].ID, true); return err }); err != nil {
		t.Fatal(err)
	}
	_ = s.View(func(tx *Tx) (err error) { open, err = OpenTasks(tx); return })
	if len(open) != 2 {
		t.Errorf("after done: %d open", len(open))
	}
}

func TestGremiumMailingList(t *testing.T) {
	s := openNetStore(t, netNow)
	ak := model.ArbeitskreisFor(model.ThemaBildung)
	err := s.Update("test", func(tx *Tx) error {
		for _, p := range []*model.Person{
			{Name: "A", Email: "a@schule.de", Network: &model.NetworkProfile{Arbeitskreise: []string{ak}}},
			{Name: "B", Email: "b@kita.de", Network: &model.NetworkProfile{Arbeitskreise: []string{ak, "Steuerungsgruppe"}}},
			{Name: "C", Email: "c@x.de"},
			{Name: "D", Network: &model.NetworkProfile{Arbeitskreise: []string{ak}}},
		} {
			if err := People.Put(tx, p); err != nil {
				return err
			}
		}
		return Organisations.Put(tx, &model.Organisation{Name: "VHS", Email: "info@vhs.de",
			Network: &model.OrgNetworkProfile{Arbeitskreise: []string{ak}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = s.View(func(tx *Tx) error {
		list, n, err := GremiumMembers(tx, ak)
		if err != nil || list != "a@schule.de; b@kita.de; info@vhs.de" || n != 3 {
			t.Errorf("list %q, %d people, %v", list, n, err)
		}
		if _, _, err := GremiumMembers(tx, "Kegelclub"); err == nil {
			t.Error("unknown Gremium must fail")
		}
		return nil
	})
}

func TestSetGremiumMember(t *testing.T) {
	s := openNetStore(t, netNow)
	ps := newPeople(t, s, "Anna Becker")
	ak := model.ArbeitskreisFor(model.ThemaArbeit)
	if err := s.Update("test", func(tx *Tx) error { return SetGremiumMember(tx, ps[0].ID, ak, true) }); err != nil {
		t.Fatal(err)
	}
	var members []*model.Person
	_ = s.View(func(tx *Tx) (err error) { members, err = GremiumPeople(tx, ak); return })
	if len(members) != 1 {
		t.Fatalf("members %v", members)
	}
	if err := s.Update("test", func(tx *Tx) error { return SetGremiumMember(tx, ps[0].ID, ak, false) }); err != nil {
		t.Fatal(err)
	}
	_ = s.View(func(tx *Tx) (err error) { members, err = GremiumPeople(tx, ak); return })
	if len(members) != 0 {
		t.Fatalf("members after removal %v", members)
	}
	if err := s.Update("test", func(tx *Tx) error { return SetGremiumMember(tx, ps[0].ID, "Kegelclub", true) }); err == nil {
		t.Error("unknown Gremium accepted")
	}
}

// BenchmarkEventListLoad measures what the Netzwerk tab reads for its list:
// 2 000 events and their counts from 20 000 registrations, index only.
func BenchmarkEventListLoad(b *testing.B) {
	s := openNetStore(b, netNow)
	err := s.Bulk("bench", func(tx *Tx) error {
		p := &model.Person{Name: "Bench"}
		if err := People.Put(tx, p); err != nil {
			return err
		}
		for i := range 2000 {
			start := netNow.Add(time.Duration(i-1000) * 13 * time.Hour)
			ev := &model.Event{Title: "Arbeitskreis Bildung", Type: model.EventArbeitskreis, Start: start,
				End: start.Add(2 * time.Hour), Status: model.EventGeplant, Venue: "Kreishaus"}
			if err := Events.Put(tx, ev); err != nil {
				return err
			}
			for range 10 {
				r := &model.Registration{EventID: ev.ID, PersonID: p.ID, Status: model.RegAngemeldet, RegisteredAt: netNow}
				if err := Registrations.Put(tx, r); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_ = s.View(func(tx *Tx) error {
			rows, err := EventRows(tx, time.Time{}, time.Time{})
			if err != nil || len(rows) != 2000 {
				b.Fatalf("%d rows, %v", len(rows), err)
			}
			c, err := AllEventCounts(tx)
			if err != nil || len(c) != 2000 {
				b.Fatalf("%d counts, %v", len(c), err)
			}
			return nil
		})
	}
}

// TestCapacityUnderConcurrency: many writers at once (server mode) never
// overbook; the check and the write are one transaction.
func TestCapacityUnderConcurrency(t *testing.T) {
	s := openNetStore(t, netNow)
	ev := newEvent(t, s, 5, netNow.Add(72*time.Hour), false)
	names := make([]string, 20)
	for i := range names {
		names[i] = "Person " + string(rune('A'+i))
	}
	ps := newPeople(t, s, names...)
	errs := make(chan error, len(ps))
	for _, p := range ps {
		go func() {
			errs <- s.Update("test", func(tx *Tx) error {
				_, err := Register(tx, ev.ID, p.ID, RegisterOptions{})
				return err
			})
		}()
	}
	for range ps {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var c model.AttendanceCounts
	_ = s.View(func(tx *Tx) (err error) { c, err = EventCounts(tx, ev.ID); return })
	if c.Angemeldet != 5 || c.Warteliste != 15 {
		t.Errorf("counts %+v", c)
	}
}
