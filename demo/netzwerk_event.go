package demo

import (
	"fmt"
	"slices"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// genEvent writes one planned event with its status, Protokoll and the
// tasks from the meeting; its registrations are added to regs, for the
// batch to store at once.
func genEvent(g *Gen, tx *store.Tx, p *netPlan, today model.Date, cutoffErase time.Time, profiles map[int]*model.NetworkProfile, regs *[]*model.Registration) error {
	ev := p.ev
	past := demoEventStatus(g, ev)
	protocolled := past && ev.Status == model.EventDurchgefuehrt &&
		(ev.Type == model.EventArbeitskreis || ev.Type == model.EventSteuerung || ev.Type == model.EventRunderTisch || ev.Type == model.EventNetzwerktreffen)
	if protocolled {
		demoProtokoll(g, ev)
	}
	if err := store.Events.Put(tx, ev); err != nil {
		return err
	}
	if ev.Status != model.EventAbgesagt || g.Chance(0.5) {
		if err := genRegistrations(g, tx, p, past, cutoffErase, profiles, regs); err != nil {
			return err
		}
	}
	if protocolled {
		return genTasks(g, tx, ev, today)
	}
	return nil
}

// demoEventStatus sets the event's organiser, creation time and status;
// it reports whether the event is over.
func demoEventStatus(g *Gen, ev *model.Event) (past bool) {
	ev.Organiser = "Stabsstelle Integration, Landkreis Gifhorn"
	ev.Created = ev.Start.AddDate(0, 0, -42-g.Rand.IntN(20))
	if ev.Created.After(g.Now) {
		ev.Created = g.Now.Add(-time.Duration(g.Rand.IntN(72)) * time.Hour)
	}
	past = ev.End.Before(g.Now)
	switch {
	case past && g.Chance(0.04):
		ev.Status = model.EventAbgesagt
	case past:
		ev.Status = model.EventDurchgefuehrt
	case ev.Start.Sub(g.Now) < 30*24*time.Hour:
		ev.Status = model.EventEingeladen
	default:
		ev.Status = model.EventGeplant
	}
	if ev.Status == model.EventAbgesagt && g.Chance(0.5) {
		ev.ICalSequence = 1
	}
	return past
}

// demoProtokoll writes the meeting's Protokoll and one or two decisions.
func demoProtokoll(g *Gen, ev *model.Event) {
	ev.Protokoll = fmt.Sprintf("TOP 1 Begrüßung und Vorstellungsrunde\nTOP 2 %s\n   Bericht der Stabsstelle; Austausch zu aktuellen Bedarfen.\nTOP 3 Neue Angebote der Mitglieder\nTOP 4 Verschiedenes\n\nNächstes Treffen: siehe Einladung.", ev.Title)
	for range 1 + g.Rand.IntN(2) {
		d := Pick(g, decisionsPool)
		if !slices.Contains(ev.Decisions, d) {
			ev.Decisions = append(ev.Decisions, d)
		}
	}
}

// genRegistrations makes the event's registrations (added to regs, stored
// with the batch, writeEvents). Older events: contact
// data erased, counts kept (as store.EraseContactData does; nobody was
// created just for them).
func genRegistrations(g *Gen, tx *store.Tx, p *netPlan, past bool, cutoffErase time.Time, profiles map[int]*model.NetworkProfile, regs *[]*model.Registration) error {
	ev := p.ev
	var counts model.AttendanceCounts
	erase := past && ev.End.Before(cutoffErase)
	chosen := map[int]bool{}
	for k := 0; k < p.regs && len(chosen) < len(g.People); k++ {
		var pi int
		if len(p.members) > 0 && g.Chance(0.7) {
			pi = Pick(g, p.members)
		} else {
			pi = g.Rand.IntN(len(g.People))
		}
		if chosen[pi] {
			continue
		}
		chosen[pi] = true
		r := demoRegistration(g, p, k, pi, past, &counts, profiles)
		counts.Add(r.Status, r.Role)
		if erase {
			r.PersonID, r.Erased = "", true
		}
		*regs = append(*regs, r)
	}
	if !erase {
		return nil
	}
	ev.CountsAfterErase = &counts
	ev.Erased = ev.End.AddDate(0, 1, 0)
	return store.Events.Put(tx, ev)
}

// demoRegistration is the k-th registration, of person pi: on the waiting
// list when the event is full; for a past event attended or not (who
// attended a Grundschulung has it in their profile).
func demoRegistration(g *Gen, p *netPlan, k, pi int, past bool, counts *model.AttendanceCounts, profiles map[int]*model.NetworkProfile) *model.Registration {
	ev := p.ev
	person := g.People[pi]
	r := &model.Registration{EventID: ev.ID, PersonID: person.ID, OrganisationID: person.OrganisationID,
		Role: model.RoleEhrenamt, RegisteredAt: ev.Created.Add(time.Duration(1+k*7) * time.Hour)}
	if person.OrganisationID != "" {
		r.Role = model.RoleHauptamt
	}
	if r.RegisteredAt.After(g.Now) {
		r.RegisteredAt = g.Now.Add(-time.Duration(p.regs-k) * time.Minute)
	}
	full := ev.Capacity > 0 && counts.Occupied() >= ev.Capacity
	switch {
	case full:
		r.Status = model.RegWarteliste
	case g.Chance(0.07):
		r.Status = model.RegAbgemeldet
	default:
		r.Status = model.RegAngemeldet
	}
	if !past || ev.Status != model.EventDurchgefuehrt || r.Status != model.RegAngemeldet {
		return r
	}
	if !g.Chance(0.88) {
		r.Status = model.RegNichtErschienen
		return r
	}
	r.Status = model.RegTeilgenommen
	r.CheckedInAt = ev.Start.Add(-time.Duration(g.Rand.IntN(15)) * time.Minute)
	if ev.Grundschulung {
		profileFor(profiles, pi, person).Grundschulung = model.DateOf(ev.Start)
	}
	return r
}

// genTasks writes the tasks from the meeting: recent ones still open, some
// overdue.
func genTasks(g *Gen, tx *store.Tx, ev *model.Event, today model.Date) error {
	for k := range 1 + g.Rand.IntN(3) {
		due := model.DateOf(ev.Start).AddDays(14 + 14*k + g.Rand.IntN(20))
		t := &model.Task{Text: Pick(g, tasksPool), Owner: Pick(g, netTeam), EventID: ev.ID, Due: due, Status: model.TaskOffen}
		t.Created = ev.End
		// Most past tasks are done; a few stay overdue, as in real life.
		if due.Before(today.AddDays(-45)) || (due.Before(today) && g.Chance(0.6)) {
			t.Status, t.DoneAt = model.TaskErledigt, due.AddDays(-g.Rand.IntN(5)).Midnight().Add(10*time.Hour)
		}
		if err := store.Tasks.Put(tx, t); err != nil {
			return err
		}
	}
	return nil
}
