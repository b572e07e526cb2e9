package demo

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Step{Order: 50, Name: "Netzwerk", Run: genNetzwerk})
}

// The team of the Stabsstelle, as owners of follow-up tasks.
var netTeam = []string{"Kerstin Ahrens", "Jonas Bode", "Leyla Demir", "Martin Thies", "Sandra Warnecke"}

type netVenue struct{ Venue, Room, Access string }

var regionVenues = map[model.Region][]netVenue{
	model.RegionZentrum: {{"Kreishaus I, Schlossplatz 1, 38518 Gifhorn", "Sitzungssaal 1", "barrierefrei, Aufzug"},
		{"Schloss Gifhorn, Schlossplatz 1, 38518 Gifhorn", "Rittersaal", "Zugang über Rampe"},
		{"Kreisvolkshochschule, Freiherr-vom-Stein-Straße 24, 38518 Gifhorn", "Raum 105", "barrierefrei"},
		{"Rathaus Meinersen, Amtshof 1, 38536 Meinersen", "Ratssaal", "barrierefrei"}},
	model.RegionNord: {{"Rathaus Wittingen, Bahnhofstraße 35, 29378 Wittingen", "Sitzungsraum", "barrierefrei"},
		{"Familienzentrum Wittingen, Junkerstraße 7, 29378 Wittingen", "Gruppenraum", "Erdgeschoss"},
		{"Samtgemeinde Hankensbüttel, Bahnhofstraße 12, 29386 Hankensbüttel", "Raum 2", "nicht barrierefrei"}},
	model.RegionSuedost: {{"Gemeindehaus Sassenburg, Triangeler Straße 1, 38524 Sassenburg", "Saal", "barrierefrei"},
		{"Burg Brome, Junkerende 8, 38465 Brome", "Kaminzimmer", "nicht barrierefrei"},
		{"Rathaus Weyhausen (Boldecker Land), Bahnhofstraße 5, 38554 Weyhausen", "Sitzungszimmer", "barrierefrei"}},
	model.RegionSued: {{"Rathaus Meine (Papenteich), Hauptstraße 11, 38527 Meine", "Ratssaal", "barrierefrei, Aufzug"},
		{"Samtgemeinde Isenbüttel, Bahnhofstraße 5, 38550 Isenbüttel", "Besprechungsraum", "barrierefrei"}},
	model.RegionWest: {{"Rathaus Wesendorf, Hauptstraße 6, 29392 Wesendorf", "Sitzungssaal", "barrierefrei"},
		{"Grundschule Wesendorf, Schulstraße 4, 29392 Wesendorf", "Mensa", "barrierefrei"}}}

var fortbildungen = []struct {
	Title string
	Thema model.Themenfeld
}{
	{"Formularhelfer:innen – Anträge beim Jobcenter verstehen", model.ThemaArbeit},
	{"Erste Hilfe für Ehrenamtliche", model.ThemaUebergreifend},
	{"Interkulturelle Kompetenz im Ehrenamt", model.ThemaTeilhabe},
	{"Abgrenzung im Ehrenamt – gut für sich sorgen", model.ThemaUebergreifend},
	{"Das deutsche Schulsystem erklären", model.ThemaBildung},
	{"Asyl- und Aufenthaltsrecht – Grundlagen", model.ThemaTeilhabe},
	{"Kita-Anmeldung und frühkindliche Bildung", model.ThemaFamilie},
	{"Anerkennung ausländischer Berufsabschlüsse", model.ThemaArbeit},
	{"Traumasensibler Umgang mit Geflüchteten", model.ThemaFamilie},
	{"Deutschkurs-Helfer:innen: Methoden für Lerngruppen", model.ThemaBildung},
}

var akTopics = map[model.Themenfeld][]string{
	model.ThemaBildung:  {"Sprachförderung an Grundschulen", "Übergang Schule–Beruf", "Elternarbeit mit mehrsprachigen Familien", "Schulplätze für Seiteneinsteiger:innen"},
	model.ThemaFamilie:  {"Familienzentren im Landkreis", "Kitaplätze für zugewanderte Kinder", "Frühe Hilfen mehrsprachig", "Wohnungsnot von Familien"},
	model.ThemaTeilhabe: {"Vereine öffnen sich", "Ehrenamt von Migrant:innen stärken", "Mobilität im ländlichen Raum", "Interkulturelle Woche planen"},
	model.ThemaArbeit:   {"Berufssprachkurse und Wartezeiten", "Anerkennung von Abschlüssen", "Ausbildung im Handwerk", "Job-Turbo des Jobcenters"},
}

var decisionsPool = []string{
	"Die Arbeitsgruppe erstellt bis zum nächsten Treffen eine Übersicht der Angebote.",
	"Das Thema wird in der Steuerungsgruppe vorgestellt.",
	"Ein gemeinsamer Flyer in fünf Sprachen wird erstellt.",
	"Das nächste Treffen findet in der Region Nord statt.",
	"Die Sprecherin lädt das Jobcenter zum nächsten Treffen ein.",
	"Für die Interkulturelle Woche wird ein Stand gemeinsam betreut.",
	"Der Bedarf an Sprachmittlung in Schulen wird bis Quartalsende erhoben.",
}

var tasksPool = []string{
	"Protokoll an alle Teilnehmenden versenden",
	"Raum für das nächste Treffen reservieren",
	"Angebotsübersicht aktualisieren",
	"Referent:in für das Schwerpunktthema anfragen",
	"Flyer-Entwurf abstimmen und zum Druck geben",
	"Zahlen zur Sprachmittlung für die Steuerungsgruppe aufbereiten",
	"Kontakt zur Kreishandwerkerschaft herstellen",
	"Einladung mit Tagesordnung verschicken",
	"Rückmeldungen der Schulen sammeln",
	"Beschlussvorlage für den Fachausschuss vorbereiten",
}

// netPlan is one event with the registrations it should get.
type netPlan struct {
	ev      *model.Event
	members []int // people indexes that are preferred participants
	regs    int   // how many registrations
}

// genNetzwerk writes events of the last months (large: three years) and the
// next months: the four Arbeitskreise quarterly, the Steuerungsgruppe, the
// Runde Tische of the five regions every six weeks, Fortbildungen (with a
// Grundschulung Sprachmittlung) and more, with registrations from g.People,
// some events full with a waiting list, Protokolle and tasks (some overdue).
// Contact data of events older than three months is erased as the office
// would (docs/DOMAIN.md §3.2).
func genNetzwerk(g *Gen) error {
	if len(g.People) == 0 {
		return nil
	}
	today := model.Today(g.Now)
	from, to := today.AddDays(-270), today.AddDays(120)
	target := 0
	if g.Large {
		from, target = today.AddDays(-3*365+120), 2000
	}

	// Gremium memberships: staff of institutions in the Arbeitskreise and
	// the Steuerungsgruppe, volunteers at the Runde Tische.
	var staff, others []int
	for i, p := range g.People {
		if p.OrganisationID != "" {
			staff = append(staff, i)
		} else {
			others = append(others, i)
		}
	}
	if len(staff) == 0 {
		staff = others
	}
	if len(others) == 0 {
		others = staff
	}
	members := map[string][]int{}
	profiles := map[int]*model.NetworkProfile{}
	join := func(pi int, gremium string, thema model.Themenfeld) {
		np := profiles[pi]
		if np == nil {
			np = &model.NetworkProfile{}
			if old := g.People[pi].Network; old != nil {
				cp := *old
				np = &cp
			}
			profiles[pi] = np
		}
		if !slices.Contains(np.Arbeitskreise, gremium) {
			np.Arbeitskreise = append(np.Arbeitskreise, gremium)
			members[gremium] = append(members[gremium], pi)
		}
		if thema != "" && !slices.Contains(np.Themenfelder, thema) {
			np.Themenfelder = append(np.Themenfelder, thema)
		}
	}
	for _, f := range model.Themenfelder[:4] {
		n := 14 + g.Rand.IntN(10)
		for range n {
			join(Pick(g, staff), model.ArbeitskreisFor(f), f)
		}
	}
	for range 12 {
		join(Pick(g, staff), "Steuerungsgruppe", model.ThemaUebergreifend)
	}
	for _, r := range model.Regions {
		for range 8 + g.Rand.IntN(8) {
			join(Pick(g, others), "Runder Tisch "+string(r), model.ThemaTeilhabe)
		}
	}

	var plans []*netPlan
	add := func(p *netPlan) { plans = append(plans, p) }
	at := func(d model.Date, hh, mm int) time.Time { return model.At(d, model.Clock(hh*60+mm)) }
	// nextWorkday moves weekends and holidays to the next working day.
	nextWorkday := func(d model.Date) model.Date {
		for !model.IsWorkingDay(d) {
			d = d.AddDays(1)
		}
		return d
	}
	venue := func(r model.Region) netVenue { return Pick(g, regionVenues[r]) }

	// Arbeitskreise: quarterly, second month of the quarter.
	for _, f := range model.Themenfelder[:4] {
		ak := model.ArbeitskreisFor(f)
		offset := 7 * slices.Index(model.Themenfelder, f)
		for d := from.AddDays(offset); d.Before(to); d = d.AddDays(91) {
			day := nextWorkday(d)
			v := venue(model.RegionZentrum)
			ev := &model.Event{Title: ak + ": " + Pick(g, akTopics[f]), Type: model.EventArbeitskreis,
				Themenfelder: []model.Themenfeld{f}, Gremium: ak, Region: model.RegionZentrum,
				Start: at(day, 14, 0), End: at(day, 16, 30), Venue: v.Venue, Room: v.Room, Accessibility: v.Access,
				Description: "Quartalstreffen im " + ak + ". Haupt- und Ehrenamt, neue Angebote der Mitglieder, gemeinsame Maßnahmen."}
			add(&netPlan{ev: ev, members: members[ak], regs: 8 + g.Rand.IntN(10)})
		}
	}
	// Steuerungsgruppe: twice a year.
	for d := from.AddDays(40); d.Before(to); d = d.AddDays(182) {
		day := nextWorkday(d)
		ev := &model.Event{Title: "Steuerungsgruppe Netzwerk Integration", Type: model.EventSteuerung,
			Themenfelder: []model.Themenfeld{model.ThemaUebergreifend}, Gremium: "Steuerungsgruppe",
			Start: at(day, 10, 0), End: at(day, 12, 0), Venue: "Kreishaus I, Schlossplatz 1, 38518 Gifhorn",
			Room: "Sitzungssaal des Landrats", Accessibility: "barrierefrei, Aufzug",
			Description: "Vorsitz: Landrat. Berichte der Arbeitskreissprecher:innen, Fortschreibung des Integrationskonzepts."}
		add(&netPlan{ev: ev, members: members["Steuerungsgruppe"], regs: 9 + g.Rand.IntN(4)})
	}
	// Runde Tische: every six weeks in each region.
	for ri, r := range model.Regions {
		gremium := "Runder Tisch " + string(r)
		for d := from.AddDays(3 * ri); d.Before(to); d = d.AddDays(42) {
			day := nextWorkday(d)
			v := venue(r)
			ev := &model.Event{Title: gremium + " Flüchtlingshilfe", Type: model.EventRunderTisch,
				Themenfelder: []model.Themenfeld{model.ThemaTeilhabe}, Gremium: gremium, Region: r,
				Start: at(day, 18, 0), End: at(day, 20, 0), Venue: v.Venue, Room: v.Room, Accessibility: v.Access,
				Description: "Austausch der Ehrenamtlichen in der Region " + string(r) + " (" + r.Gemeinden() + ")."}
			add(&netPlan{ev: ev, members: members[gremium], regs: 5 + g.Rand.IntN(8)})
		}
	}
	// Fortbildungen: about monthly, every fourth a Grundschulung
	// Sprachmittlung; one Grundschulung lies in the next weeks.
	fortbildung := func(d model.Date, gs bool) {
		day := nextWorkday(d)
		fb := Pick(g, fortbildungen)
		r := Pick(g, model.Regions)
		v := venue(r)
		ev := &model.Event{Title: fb.Title, Type: model.EventFortbildung, Themenfelder: []model.Themenfeld{fb.Thema},
			Region: r, Start: at(day, 9, 30), End: at(day, 15, 0), Venue: v.Venue, Room: v.Room, Accessibility: v.Access,
			Capacity: 20, Deadline: day.AddDays(-7),
			Description: "Fortbildung für Haupt- und Ehrenamtliche. Mit Teilnahmebescheinigung."}
		if gs {
			ev.Title, ev.Grundschulung, ev.Capacity = "Grundschulung Sprachmittlung", true, 16
			ev.Themenfelder = []model.Themenfeld{model.ThemaUebergreifend}
			ev.Description = "Grundlagen für Sprachmittler:innen: Rolle, Neutralität, Schweigepflicht, Dolmetschtechniken. Voraussetzung für Einsätze im Pool."
		}
		if g.Chance(0.2) && !gs {
			ev.OnlineLink = "https://meet.landkreis-gifhorn.example/fb-" + fmt.Sprint(len(plans))
			ev.Venue, ev.Room, ev.Accessibility = "", "", ""
		}
		n := 10 + g.Rand.IntN(12)
		if g.Chance(0.4) {
			n = ev.Capacity + 1 + g.Rand.IntN(5) // full, with waiting list
		}
		add(&netPlan{ev: ev, regs: n})
	}
	i := 0
	for d := from.AddDays(11); d.Before(to); d = d.AddDays(30) {
		fortbildung(d, i%4 == 1)
		i++
	}
	upcomingGS := false
	for _, p := range plans {
		upcomingGS = upcomingGS || (p.ev.Grundschulung && p.ev.Start.After(g.Now))
	}
	if !upcomingGS {
		fortbildung(today.AddDays(16), true)
	}
	// Netzwerktreffen and Fachtag.
	for d := from.AddDays(60); d.Before(to); d = d.AddDays(180) {
		day := nextWorkday(d)
		ev := &model.Event{Title: "Netzwerktreffen Integration", Type: model.EventNetzwerktreffen,
			Themenfelder: []model.Themenfeld{model.ThemaUebergreifend}, Start: at(day, 15, 0), End: at(day, 18, 0),
			Venue: "Schloss Gifhorn, Schlossplatz 1, 38518 Gifhorn", Room: "Rittersaal", Accessibility: "Zugang über Rampe",
			Capacity: 60, Organiser: "Stabsstelle Integration", Description: "Plenum des Netzwerks mit Moderation; Berichte aus den Arbeitskreisen."}
		add(&netPlan{ev: ev, regs: 35 + g.Rand.IntN(35)})
	}
	fachtag := today.AddDays(45)
	add(&netPlan{ev: &model.Event{Title: "Fachtag „Ankommen im Landkreis“", Type: model.EventFachtag,
		Themenfelder: []model.Themenfeld{model.ThemaBildung, model.ThemaArbeit}, Start: at(nextWorkday(fachtag), 9, 0),
		End: at(nextWorkday(fachtag), 16, 0), Venue: "Stadthalle Gifhorn, Braunschweiger Straße 41, 38518 Gifhorn",
		Room: "Großer Saal", Accessibility: "barrierefrei", Capacity: 80, Deadline: fachtag.AddDays(-10),
		Description: "Vorträge und Workshops zu Bildung und Arbeit."}, regs: 84})
	// Large: fill up to the target with Arbeitstreffen and Begegnungen.
	for len(plans) < target {
		day := nextWorkday(from.AddDays(g.Rand.IntN(from.DaysUntil(to))))
		r := Pick(g, model.Regions)
		v := venue(r)
		ev := &model.Event{Title: Pick(g, []string{"Arbeitstreffen Sprachmittlung", "Arbeitstreffen Integrationslotsen",
			"Arbeitstreffen Flüchtlingssozialarbeit", "Begegnungscafé"}), Type: model.EventArbeitstreffen,
			Themenfelder: []model.Themenfeld{Pick(g, model.Themenfelder)}, Region: r,
			Start: at(day, 10+g.Rand.IntN(8), 0), Venue: v.Venue, Room: v.Room, Accessibility: v.Access}
		if ev.Title == "Begegnungscafé" {
			ev.Type, ev.Title = model.EventBegegnung, "Interkulturelles Begegnungscafé "+string(r)
		}
		ev.End = ev.Start.Add(2 * time.Hour)
		add(&netPlan{ev: ev, regs: 4 + g.Rand.IntN(10)})
	}
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].ev.Start.Before(plans[j].ev.Start) })

	// Write events with registrations and tasks in batches.
	cutoffErase := g.Now.AddDate(0, -3, 0)
	const batch = 400
	for lo := 0; lo < len(plans); lo += batch {
		part := plans[lo:min(lo+batch, len(plans))]
		err := g.Batch(func(tx *store.Tx) error {
			for _, p := range part {
				if err := genEvent(g, tx, p, today, cutoffErase, profiles); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		g.Progress("Veranstaltungen", min(lo+batch, len(plans)), len(plans))
	}

	// Network profiles: load each person fresh (other steps may have
	// written it) and store the profile.
	idx := make([]int, 0, len(profiles))
	for pi := range profiles {
		idx = append(idx, pi)
	}
	sort.Ints(idx)
	return g.Batch(func(tx *store.Tx) error {
		for _, pi := range idx {
			p, err := store.People.Get(tx, g.People[pi].ID)
			if err != nil {
				return err
			}
			np := profiles[pi]
			if p.Network != nil && !p.Network.Grundschulung.IsZero() && np.Grundschulung.IsZero() {
				np.Grundschulung = p.Network.Grundschulung
			}
			p.Network = np
			if p.Interpreter != nil && !np.Grundschulung.IsZero() && p.Interpreter.Grundschulung.IsZero() {
				p.Interpreter.Grundschulung = np.Grundschulung
			}
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
			g.People[pi] = p
		}
		return tx.Note("demo", fmt.Sprintf("%d Veranstaltungen mit Anmeldungen und Aufgaben erzeugt", len(plans)))
	})
}

func genEvent(g *Gen, tx *store.Tx, p *netPlan, today model.Date, cutoffErase time.Time, profiles map[int]*model.NetworkProfile) error {
	ev := p.ev
	ev.Organiser = "Stabsstelle Integration, Landkreis Gifhorn"
	ev.Created = ev.Start.AddDate(0, 0, -42-g.Rand.IntN(20))
	if ev.Created.After(g.Now) {
		ev.Created = g.Now.Add(-time.Duration(g.Rand.IntN(72)) * time.Hour)
	}
	past := ev.End.Before(g.Now)
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
	protocolled := past && ev.Status == model.EventDurchgefuehrt &&
		(ev.Type == model.EventArbeitskreis || ev.Type == model.EventSteuerung || ev.Type == model.EventRunderTisch || ev.Type == model.EventNetzwerktreffen)
	if protocolled {
		ev.Protokoll = fmt.Sprintf("TOP 1 Begrüßung und Vorstellungsrunde\nTOP 2 %s\n   Bericht der Stabsstelle; Austausch zu aktuellen Bedarfen.\nTOP 3 Neue Angebote der Mitglieder\nTOP 4 Verschiedenes\n\nNächstes Treffen: siehe Einladung.", ev.Title)
		for range 1 + g.Rand.IntN(2) {
			d := Pick(g, decisionsPool)
			if !slices.Contains(ev.Decisions, d) {
				ev.Decisions = append(ev.Decisions, d)
			}
		}
	}
	if err := store.Events.Put(tx, ev); err != nil {
		return err
	}
	// Registrations.
	if ev.Status != model.EventAbgesagt || g.Chance(0.5) {
		var counts model.AttendanceCounts
		// Older events: contact data erased, counts kept (as
		// store.EraseContactData does; nobody was created just for them).
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
			if past && ev.Status == model.EventDurchgefuehrt && r.Status == model.RegAngemeldet {
				if g.Chance(0.88) {
					r.Status = model.RegTeilgenommen
					r.CheckedInAt = ev.Start.Add(-time.Duration(g.Rand.IntN(15)) * time.Minute)
					if ev.Grundschulung {
						np := profiles[pi]
						if np == nil {
							np = &model.NetworkProfile{}
							if old := person.Network; old != nil {
								cp := *old
								np = &cp
							}
							profiles[pi] = np
						}
						np.Grundschulung = model.DateOf(ev.Start)
					}
				} else {
					r.Status = model.RegNichtErschienen
				}
			}
			counts.Add(r.Status, r.Role)
			if erase {
				r.PersonID, r.Erased = "", true
			}
			if err := store.Registrations.Put(tx, r); err != nil {
				return err
			}
		}
		if erase {
			ev.CountsAfterErase = &counts
			ev.Erased = ev.End.AddDate(0, 1, 0)
			if err := store.Events.Put(tx, ev); err != nil {
				return err
			}
		}
	}
	// Tasks from the meeting: recent ones still open, some overdue.
	if protocolled {
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
	}
	return nil
}
