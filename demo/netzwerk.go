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
	n := &netPlanner{g: g, today: today, from: today.AddDays(-270), to: today.AddDays(120),
		members: map[string][]int{}, profiles: map[int]*model.NetworkProfile{}}
	target := 0
	if g.Large {
		n.from, target = today.AddDays(-3*365+120), 2000
	}
	n.joinGremien()
	n.planArbeitskreise()
	n.planSteuerungsgruppe()
	n.planRundeTische()
	n.planFortbildungen()
	n.planTreffen()
	n.fillUp(target)
	sort.SliceStable(n.plans, func(i, j int) bool { return n.plans[i].ev.Start.Before(n.plans[j].ev.Start) })
	if err := n.writeEvents(); err != nil {
		return err
	}
	return n.writeProfiles()
}

// netPlanner is what genNetzwerk builds up: the planned events between from
// and to, the members of each Gremium and the network profiles of people
// (by index into g.People).
type netPlanner struct {
	g        *Gen
	today    model.Date
	from, to model.Date
	plans    []*netPlan
	members  map[string][]int
	profiles map[int]*model.NetworkProfile
}

func (n *netPlanner) add(p *netPlan) { n.plans = append(n.plans, p) }

func (n *netPlanner) venue(r model.Region) netVenue { return Pick(n.g, regionVenues[r]) }

func netAt(d model.Date, hh, mm int) time.Time { return model.At(d, model.Clock(hh*60+mm)) }

// nextWorkday moves weekends and holidays to the next working day.
func nextWorkday(d model.Date) model.Date {
	for !model.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// profileFor is person pi's network profile as it is being built: a copy
// of the stored one the first time.
func profileFor(profiles map[int]*model.NetworkProfile, pi int, person *model.Person) *model.NetworkProfile {
	np := profiles[pi]
	if np == nil {
		np = &model.NetworkProfile{}
		if old := person.Network; old != nil {
			cp := *old
			np = &cp
		}
		profiles[pi] = np
	}
	return np
}

// joinGremien: staff of institutions in the Arbeitskreise and the
// Steuerungsgruppe, volunteers at the Runde Tische.
func (n *netPlanner) joinGremien() {
	g := n.g
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
	for _, f := range model.Themenfelder[:4] {
		k := 14 + g.Rand.IntN(10)
		for range k {
			n.join(Pick(g, staff), model.ArbeitskreisFor(f), f)
		}
	}
	for range 12 {
		n.join(Pick(g, staff), "Steuerungsgruppe", model.ThemaUebergreifend)
	}
	for _, r := range model.Regions {
		for range 8 + g.Rand.IntN(8) {
			n.join(Pick(g, others), "Runder Tisch "+string(r), model.ThemaTeilhabe)
		}
	}
}

func (n *netPlanner) join(pi int, gremium string, thema model.Themenfeld) {
	np := profileFor(n.profiles, pi, n.g.People[pi])
	if !slices.Contains(np.Arbeitskreise, gremium) {
		np.Arbeitskreise = append(np.Arbeitskreise, gremium)
		n.members[gremium] = append(n.members[gremium], pi)
	}
	if thema != "" && !slices.Contains(np.Themenfelder, thema) {
		np.Themenfelder = append(np.Themenfelder, thema)
	}
}

// planArbeitskreise: quarterly, second month of the quarter.
func (n *netPlanner) planArbeitskreise() {
	g := n.g
	for _, f := range model.Themenfelder[:4] {
		ak := model.ArbeitskreisFor(f)
		offset := 7 * slices.Index(model.Themenfelder, f)
		for d := n.from.AddDays(offset); d.Before(n.to); d = d.AddDays(91) {
			day := nextWorkday(d)
			v := n.venue(model.RegionZentrum)
			ev := &model.Event{Title: ak + ": " + Pick(g, akTopics[f]), Type: model.EventArbeitskreis,
				Themenfelder: []model.Themenfeld{f}, Gremium: ak, Region: model.RegionZentrum,
				Start: netAt(day, 14, 0), End: netAt(day, 16, 30), Venue: v.Venue, Room: v.Room, Accessibility: v.Access,
				Description: "Quartalstreffen im " + ak + ". Haupt- und Ehrenamt, neue Angebote der Mitglieder, gemeinsame Maßnahmen."}
			n.add(&netPlan{ev: ev, members: n.members[ak], regs: 8 + g.Rand.IntN(10)})
		}
	}
}

// planSteuerungsgruppe: twice a year.
func (n *netPlanner) planSteuerungsgruppe() {
	for d := n.from.AddDays(40); d.Before(n.to); d = d.AddDays(182) {
		day := nextWorkday(d)
		ev := &model.Event{Title: "Steuerungsgruppe Netzwerk Integration", Type: model.EventSteuerung,
			Themenfelder: []model.Themenfeld{model.ThemaUebergreifend}, Gremium: "Steuerungsgruppe",
			Start: netAt(day, 10, 0), End: netAt(day, 12, 0), Venue: "Kreishaus I, Schlossplatz 1, 38518 Gifhorn",
			Room: "Sitzungssaal des Landrats", Accessibility: "barrierefrei, Aufzug",
			Description: "Vorsitz: Landrat. Berichte der Arbeitskreissprecher:innen, Fortschreibung des Integrationskonzepts."}
		n.add(&netPlan{ev: ev, members: n.members["Steuerungsgruppe"], regs: 9 + n.g.Rand.IntN(4)})
	}
}

// planRundeTische: every six weeks in each region.
func (n *netPlanner) planRundeTische() {
	for ri, r := range model.Regions {
		gremium := "Runder Tisch " + string(r)
		for d := n.from.AddDays(3 * ri); d.Before(n.to); d = d.AddDays(42) {
			day := nextWorkday(d)
			v := n.venue(r)
			ev := &model.Event{Title: gremium + " Flüchtlingshilfe", Type: model.EventRunderTisch,
				Themenfelder: []model.Themenfeld{model.ThemaTeilhabe}, Gremium: gremium, Region: r,
				Start: netAt(day, 18, 0), End: netAt(day, 20, 0), Venue: v.Venue, Room: v.Room, Accessibility: v.Access,
				Description: "Austausch der Ehrenamtlichen in der Region " + string(r) + " (" + r.Gemeinden() + ")."}
			n.add(&netPlan{ev: ev, members: n.members[gremium], regs: 5 + n.g.Rand.IntN(8)})
		}
	}
}

// planFortbildungen: about monthly, every fourth a Grundschulung
// Sprachmittlung; one Grundschulung lies in the next weeks.
func (n *netPlanner) planFortbildungen() {
	i := 0
	for d := n.from.AddDays(11); d.Before(n.to); d = d.AddDays(30) {
		n.fortbildung(d, i%4 == 1)
		i++
	}
	upcomingGS := false
	for _, p := range n.plans {
		upcomingGS = upcomingGS || (p.ev.Grundschulung && p.ev.Start.After(n.g.Now))
	}
	if !upcomingGS {
		n.fortbildung(n.today.AddDays(16), true)
	}
}

func (n *netPlanner) fortbildung(d model.Date, gs bool) {
	g := n.g
	day := nextWorkday(d)
	fb := Pick(g, fortbildungen)
	r := Pick(g, model.Regions)
	v := n.venue(r)
	ev := &model.Event{Title: fb.Title, Type: model.EventFortbildung, Themenfelder: []model.Themenfeld{fb.Thema},
		Region: r, Start: netAt(day, 9, 30), End: netAt(day, 15, 0), Venue: v.Venue, Room: v.Room, Accessibility: v.Access,
		Capacity: 20, Deadline: day.AddDays(-7),
		Description: "Fortbildung für Haupt- und Ehrenamtliche. Mit Teilnahmebescheinigung."}
	if gs {
		ev.Title, ev.Grundschulung, ev.Capacity = "Grundschulung Sprachmittlung", true, 16
		ev.Themenfelder = []model.Themenfeld{model.ThemaUebergreifend}
		ev.Description = "Grundlagen für Sprachmittler:innen: Rolle, Neutralität, Schweigepflicht, Dolmetschtechniken. Voraussetzung für Einsätze im Pool."
	}
	if g.Chance(0.2) && !gs {
		ev.OnlineLink = "https://meet.landkreis-gifhorn.example/fb-" + fmt.Sprint(len(n.plans))
		ev.Venue, ev.Room, ev.Accessibility = "", "", ""
	}
	regs := 10 + g.Rand.IntN(12)
	if g.Chance(0.4) {
		regs = ev.Capacity + 1 + g.Rand.IntN(5) // full, with waiting list
	}
	n.add(&netPlan{ev: ev, regs: regs})
}

// planTreffen: the Netzwerktreffen twice a year and the Fachtag.
func (n *netPlanner) planTreffen() {
	for d := n.from.AddDays(60); d.Before(n.to); d = d.AddDays(180) {
		day := nextWorkday(d)
		ev := &model.Event{Title: "Netzwerktreffen Integration", Type: model.EventNetzwerktreffen,
			Themenfelder: []model.Themenfeld{model.ThemaUebergreifend}, Start: netAt(day, 15, 0), End: netAt(day, 18, 0),
			Venue: "Schloss Gifhorn, Schlossplatz 1, 38518 Gifhorn", Room: "Rittersaal", Accessibility: "Zugang über Rampe",
			Capacity: 60, Organiser: "Stabsstelle Integration", Description: "Plenum des Netzwerks mit Moderation; Berichte aus den Arbeitskreisen."}
		n.add(&netPlan{ev: ev, regs: 35 + n.g.Rand.IntN(35)})
	}
	fachtag := n.today.AddDays(45)
	n.add(&netPlan{ev: &model.Event{Title: "Fachtag „Ankommen im Landkreis“", Type: model.EventFachtag,
		Themenfelder: []model.Themenfeld{model.ThemaBildung, model.ThemaArbeit}, Start: netAt(nextWorkday(fachtag), 9, 0),
		End: netAt(nextWorkday(fachtag), 16, 0), Venue: "Stadthalle Gifhorn, Braunschweiger Straße 41, 38518 Gifhorn",
		Room: "Großer Saal", Accessibility: "barrierefrei", Capacity: 80, Deadline: fachtag.AddDays(-10),
		Description: "Vorträge und Workshops zu Bildung und Arbeit."}, regs: 84})
}

// fillUp (large demo): up to target events with Arbeitstreffen and
// Begegnungen.
func (n *netPlanner) fillUp(target int) {
	g := n.g
	for len(n.plans) < target {
		day := nextWorkday(n.from.AddDays(g.Rand.IntN(n.from.DaysUntil(n.to))))
		r := Pick(g, model.Regions)
		v := n.venue(r)
		ev := &model.Event{Title: Pick(g, []string{"Arbeitstreffen Sprachmittlung", "Arbeitstreffen Integrationslotsen",
			"Arbeitstreffen Flüchtlingssozialarbeit", "Begegnungscafé"}), Type: model.EventArbeitstreffen,
			Themenfelder: []model.Themenfeld{Pick(g, model.Themenfelder)}, Region: r,
			Start: netAt(day, 10+g.Rand.IntN(8), 0), Venue: v.Venue, Room: v.Room, Accessibility: v.Access}
		if ev.Title == "Begegnungscafé" {
			ev.Type, ev.Title = model.EventBegegnung, "Interkulturelles Begegnungscafé "+string(r)
		}
		ev.End = ev.Start.Add(2 * time.Hour)
		n.add(&netPlan{ev: ev, regs: 4 + g.Rand.IntN(10)})
	}
}

// writeEvents writes the events with registrations and tasks in batches.
func (n *netPlanner) writeEvents() error {
	cutoffErase := n.g.Now.AddDate(0, -3, 0)
	const batch = 400
	for lo := 0; lo < len(n.plans); lo += batch {
		part := n.plans[lo:min(lo+batch, len(n.plans))]
		err := n.g.Batch(func(tx *store.Tx) error {
			var regs []*model.Registration
			for _, p := range part {
				if err := genEvent(n.g, tx, p, n.today, cutoffErase, n.profiles, &regs); err != nil {
					return err
				}
			}
			// PutMany: compressed on both cores while the registrations
			// before are written, stored as Put stores each.
			return store.Registrations.PutMany(tx, regs)
		})
		if err != nil {
			return err
		}
		n.g.Progress("Veranstaltungen", min(lo+batch, len(n.plans)), len(n.plans))
	}
	return nil
}

// writeProfiles stores the network profiles: each person is loaded fresh
// (other steps may have written it).
func (n *netPlanner) writeProfiles() error {
	g := n.g
	idx := make([]int, 0, len(n.profiles))
	for pi := range n.profiles {
		idx = append(idx, pi)
	}
	sort.Ints(idx)
	return g.Batch(func(tx *store.Tx) error {
		for _, pi := range idx {
			p, err := store.People.Get(tx, g.People[pi].ID)
			if err != nil {
				return err
			}
			np := n.profiles[pi]
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
		return tx.Note("demo", fmt.Sprintf("%d Veranstaltungen mit Anmeldungen und Aufgaben erzeugt", len(n.plans)))
	})
}
