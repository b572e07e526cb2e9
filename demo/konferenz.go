package demo

import (
	"fmt"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Step{Order: 55, Name: "Integrationskonferenz", Run: genKonferenz})
}

// Konferenz sizes: the county's yearly Integrationskonferenz has 700 and
// more registrations, more than the hall holds, so a waiting list forms;
// some cancel. At this size the door (Außentermin on a laptop, bundle,
// merge) can be tried as it really is.
const (
	konferenzCapacity = 720
	konferenzRegs     = 780
)

// genKonferenz writes the coming Integrationskonferenz in about three weeks
// with its registrations: the network's people from the institutions and
// many new participants (staff, volunteers, migrant organisations), a few
// cancellations and a waiting list, and two preparation tasks.
func genKonferenz(g *Gen) error {
	today := model.Today(g.Now)
	day := today.AddDays(21)
	for !model.IsWorkingDay(day) {
		day = day.AddDays(1)
	}
	ev := konferenzEvent(g, day)
	known, fresh := konferenzPeople(g)
	return g.Batch(func(tx *store.Tx) error {
		if err := store.Events.Put(tx, ev); err != nil {
			return err
		}
		for _, p := range fresh {
			p.Created = ev.Created.Add(time.Duration(g.Rand.IntN(60*24)) * time.Hour)
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
		}
		if err := konferenzRegistrations(g, tx, ev, append(append([]*model.Person{}, known...), fresh...)); err != nil {
			return err
		}
		for _, text := range []string{"Namensschilder und Teilnehmerliste drucken", "Sprachmittlung für die Workshops anfragen"} {
			t := &model.Task{Text: text, Owner: Pick(g, netTeam), EventID: ev.ID, Due: day.AddDays(-3), Status: model.TaskOffen}
			if err := store.Tasks.Put(tx, t); err != nil {
				return err
			}
		}
		return tx.Note("demo", fmt.Sprintf("Integrationskonferenz %s mit %d Anmeldungen erzeugt", ev.Number, konferenzRegs))
	})
}

func konferenzEvent(g *Gen, day model.Date) *model.Event {
	ev := &model.Event{Title: fmt.Sprintf("Integrationskonferenz %d des Landkreises Gifhorn", day.Year),
		Type: model.EventFachtag, Themenfelder: []model.Themenfeld{model.ThemaUebergreifend},
		Start: model.At(day, model.Clock(9*60)), End: model.At(day, model.Clock(16*60+30)),
		Venue: "Stadthalle Gifhorn, Braunschweiger Straße 41, 38518 Gifhorn", Room: "Großer Saal und Foyer",
		Accessibility: "barrierefrei, Induktionsschleife", Organiser: "Stabsstelle Integration, Landkreis Gifhorn",
		Capacity: konferenzCapacity, Deadline: day.AddDays(-7), Status: model.EventEingeladen,
		Description: "Die jährliche Konferenz des Netzwerks Integration: Grußwort des Landrats, Vorträge, " +
			"Workshops in den vier Themenfeldern, Markt der Möglichkeiten im Foyer."}
	ev.Created = g.Now.AddDate(0, -3, 0)
	return ev
}

// konferenzPeople: who comes – staff of institutions the network knows,
// then new participants until the list is long enough.
func konferenzPeople(g *Gen) (known, fresh []*model.Person) {
	seen := map[string]bool{}
	for _, p := range g.People {
		seen[p.Name] = true
	}
	for _, p := range g.People {
		if p.OrganisationID != "" && len(known) < 160 {
			known = append(known, p)
		}
	}
	for len(known)+len(fresh) < konferenzRegs {
		fresh = append(fresh, konferenzNewcomer(g, seen, len(fresh)+1))
	}
	return known, fresh
}

// konferenzNewcomer is the n-th new participant, with a name nobody else
// has (seen).
func konferenzNewcomer(g *Gen, seen map[string]bool, n int) *model.Person {
	var first, last string
	if g.Chance(0.4) {
		first, last = Pick(g, migrantFirst), Pick(g, migrantLast)
	} else {
		first, last = Pick(g, germanFirst), Pick(g, germanLast)
	}
	name := first + " " + last
	for seen[name] {
		name = fmt.Sprintf("%s %c. %s", first, 'A'+rune(g.Rand.IntN(26)), last)
	}
	seen[name] = true
	p := &model.Person{Name: name, Email: fmt.Sprintf("%s.%s.%d@example.net", slug(first), slug(last), n),
		Network: &model.NetworkProfile{Themenfelder: []model.Themenfeld{Pick(g, model.Themenfelder[:4])}}}
	if g.Chance(0.6) {
		o := Pick(g, g.Orgs)
		p.OrganisationID = o.ID
		p.Function = Pick(g, []string{"Sachbearbeitung", "Beratung", "Leitung", "Ehrenamtskoordination", "Sozialarbeit"})
	}
	return p
}

// konferenzRegistrations: a few cancel; who comes after the hall is full
// is on the waiting list.
func konferenzRegistrations(g *Gen, tx *store.Tx, ev *model.Event, people []*model.Person) error {
	occupied := 0
	for k, p := range people {
		r := &model.Registration{EventID: ev.ID, PersonID: p.ID, OrganisationID: p.OrganisationID,
			Role: model.RoleEhrenamt, RegisteredAt: ev.Created.Add(time.Duration(2+k*2) * time.Hour)}
		if p.OrganisationID != "" {
			r.Role = model.RoleHauptamt
		}
		switch {
		case occupied >= konferenzCapacity:
			r.Status = model.RegWarteliste
		case g.Chance(0.05):
			r.Status = model.RegAbgemeldet
		default:
			r.Status = model.RegAngemeldet
			occupied++
		}
		if err := store.Registrations.Put(tx, r); err != nil {
			return err
		}
	}
	return nil
}
