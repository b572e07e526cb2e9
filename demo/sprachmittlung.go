package demo

import (
	"fmt"
	"strings"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() { Register(Step{Order: 30, Name: "Sprachmittlung", Run: genSprachmittlung}) }

// Popular languages get second and third interpreters; the rest of the 36
// languages one each, so the pool covers every language of the list.
var popularLanguages = []string{"Arabisch", "Kurmandschi", "Dari", "Farsi", "Tigrinya", "Ukrainisch", "Russisch",
	"Türkisch", "Arabisch", "Paschtu", "Sorani", "Arabisch", "Ukrainisch", "Somali"}

// languageWeight makes requests for common languages more frequent.
var languageWeight = map[string]int{"Arabisch": 12, "Ukrainisch": 8, "Kurmandschi": 6, "Dari": 6, "Farsi": 5,
	"Tigrinya": 5, "Russisch": 5, "Türkisch": 4, "Paschtu": 3, "Sorani": 3, "Somali": 2}

var demoStaff = []string{"a.becker", "m.schulz", "k.wagner", "s.yilmaz"}

// importedStyle is the interpreter (Tigrinya) who came from an imported
// list and has no paper dates yet.
const importedStyle = 40

type demoInterp struct {
	p       *model.Person
	weight  int
	primary model.LanguageSkill
}

// genSprachmittlung gives about 50 people an interpreter profile and
// writes Einsätze in every status: a few hundred around today (small) or
// 100 000 over three years (large), without double bookings.
func genSprachmittlung(g *Gen) error {
	interps, err := genInterpreters(g)
	if err != nil {
		return err
	}
	if err := genEinsaetze(g, interps); err != nil {
		return err
	}
	return genAbsageShowcase(g)
}

func isMigrantFirst(name string) bool {
	first, _, _ := strings.Cut(name, " ")
	for _, f := range migrantFirst {
		if f == first {
			return true
		}
	}
	return false
}

func genInterpreters(g *Gen) ([]*demoInterp, error) {
	const n = 50
	var picks []*model.Person
	for _, p := range g.People {
		if len(picks) == n {
			break
		}
		if p.OrganisationID == "" && isMigrantFirst(p.Name) {
			picks = append(picks, p)
		}
	}
	names := model.LanguageNames()
	today := model.Today(g.Now)
	var out []*demoInterp
	err := g.Batch(func(tx *store.Tx) error {
		for i := 0; i < n; i++ {
			var p *model.Person
			if i < len(picks) {
				fresh, err := store.People.Get(tx, picks[i].ID)
				if err != nil {
					return err
				}
				p = fresh
			} else {
				first, last := Pick(g, migrantFirst), Pick(g, migrantLast)
				pl := Pick(g, places)
				p = &model.Person{Name: fmt.Sprintf("%s %s", first, last), Gender: genderOf(first),
					Email: slug(first) + "." + slug(last) + fmt.Sprint(i) + "@example.org",
					Phone: fmt.Sprintf("0152 %07d", g.Rand.IntN(10000000)), PostalCode: pl.PLZ, City: pl.City}
			}
			lang := ""
			if i < len(names) {
				lang = names[i]
			} else {
				lang = popularLanguages[(i-len(names))%len(popularLanguages)]
			}
			primary := model.LanguageSkill{Language: lang, Level: model.LevelNative}
			if ds := model.DialectsOf(lang); len(ds) > 0 && g.Chance(0.8) {
				primary.Dialect = Pick(g, ds)
			}
			if g.Chance(0.25) {
				primary.Certificate = Pick(g, []string{"telc C1", "EMZ-Schulung Gemeindedolmetschen", "Goethe-Zertifikat C1"})
			}
			skills := []model.LanguageSkill{primary}
			for k := g.Rand.IntN(3); k > 0; k-- {
				extra := Pick(g, []string{"Englisch", "Französisch", "Russisch", "Türkisch", "Arabisch", "Farsi"})
				if extra != lang {
					skills = append(skills, model.LanguageSkill{Language: extra, Level: Pick(g, []model.Level{model.LevelFluent, model.LevelGood})})
				}
			}
			sgs := model.SamtgemeindeNames()
			ip := &model.InterpreterProfile{
				Languages: skills, HomePlace: p.City, Active: !g.Chance(0.08),
				Mobility:              Pick(g, []model.Mobility{model.MobilityCar, model.MobilityCar, model.MobilityTransit, model.MobilityBike}),
				Schweigepflicht:       today.AddDays(-30 - g.Rand.IntN(1500)),
				Grundschulung:         today.AddDays(-30 - g.Rand.IntN(1500)),
				Ehrenamtsvereinbarung: today.AddDays(-30 - g.Rand.IntN(1500)),
			}
			seen := today.AddDays(-g.Rand.IntN(5 * 365))
			ip.FuehrungszeugnisSeen, ip.FuehrungszeugnisValidUntil = seen, seen.AddDays(5*365)
			switch {
			case i%17 == 5: // expiring soon
				ip.FuehrungszeugnisValidUntil = today.AddDays(10 + g.Rand.IntN(40))
			case i%23 == 7:
				ip.FuehrungszeugnisSeen, ip.FuehrungszeugnisValidUntil = model.Date{}, model.Date{}
			case i%19 == 3:
				ip.Ehrenamtsvereinbarung = model.Date{}
			}
			if g.Chance(0.3) {
				ip.Settings = []model.Setting{model.SettingOnSite, model.SettingPhone}
			}
			if g.Chance(0.4) {
				// the area they live in and one more
				home, _ := model.AreaOf(p.City)
				if home == "" {
					home = Pick(g, sgs)
				}
				if other := Pick(g, sgs); other != home {
					ip.Samtgemeinden = []string{home, other}
				} else {
					ip.Samtgemeinden = []string{home}
				}
			}
			if g.Chance(0.2) {
				ip.Notes = Pick(g, []string{"nur vormittags", "nicht mittwochs", "bevorzugt Schulen und Kitas", "Schichtarbeit, kurzfristig anfragen"})
			}
			if i == importedStyle {
				// as taken over from an old Excel list: languages and
				// contact only, no paper dates – the search lists them
				// with "Unterlagen fehlen" instead of hiding them
				ip = &model.InterpreterProfile{Languages: skills, HomePlace: p.City, Active: true,
					Notes: "aus der Liste des Integrationsbeirats übernommen – Unterlagen noch nicht gesehen"}
			}
			p.Interpreter = ip
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
			w := 1 + languageWeight[lang]
			out = append(out, &demoInterp{p: p, weight: w, primary: primary})
		}
		return tx.Note("demo", fmt.Sprintf("%d Sprachmittler:innen angelegt", n))
	})
	return out, err
}

type demoOrg struct {
	o        *model.Organisation
	contacts []*model.Person
	weight   int
}

func topicFor(k model.OrgKind) model.Topic {
	switch k {
	case model.OrgJobcenter:
		return model.TopicArbeit
	case model.OrgSchule, model.OrgKita:
		return model.TopicSchule
	case model.OrgGesundheit:
		return model.TopicGesundheit
	case model.OrgJugendamt:
		return model.TopicJugendhilfe
	case model.OrgBeratung, model.OrgWohlfahrt:
		return model.TopicBeratung
	case model.OrgAuslaenderbehoerde, model.OrgSozialamt, model.OrgKommune:
		return model.TopicBehoerde
	}
	return model.TopicSonstiges
}

func orgWeight(k model.OrgKind) int {
	switch k {
	case model.OrgJobcenter, model.OrgAuslaenderbehoerde:
		return 8
	case model.OrgSchule, model.OrgKita, model.OrgJugendamt:
		return 5
	case model.OrgVerein, model.OrgSonstige:
		return 0
	}
	return 3
}

// weighted picks an index by weights (total > 0).
func weighted(g *Gen, weights []int, total int) int {
	r := g.Rand.IntN(total)
	for i, w := range weights {
		if r < w {
			return i
		}
		r -= w
	}
	return len(weights) - 1
}

func genEinsaetze(g *Gen, interps []*demoInterp) error {
	today := model.Today(g.Now)
	from, to, total := today.AddDays(-60), today.AddDays(30), 400
	if g.Large {
		from, to, total = today.AddDays(-365*g.YearsBack), today.AddDays(365), g.Einsaetze
	}
	var days []model.Date
	for d := from; !d.After(to); d = d.AddDays(1) {
		if model.IsWorkingDay(d) {
			days = append(days, d)
		}
	}
	contacts := map[string][]*model.Person{}
	for _, p := range g.People {
		if p.OrganisationID != "" {
			contacts[p.OrganisationID] = append(contacts[p.OrganisationID], p)
		}
	}
	var orgs []demoOrg
	var orgWeights []int
	orgTotal := 0
	for _, o := range g.Orgs {
		w := orgWeight(o.Kind)
		orgs = append(orgs, demoOrg{o: o, contacts: contacts[o.ID], weight: w})
		orgWeights = append(orgWeights, w)
		orgTotal += w
	}
	var active []*demoInterp
	var iWeights []int
	iTotal := 0
	for _, in := range interps {
		if in.p.Interpreter.Active && in.p.Interpreter.BookingProblem(today, today) == "" {
			active = append(active, in)
			iWeights = append(iWeights, in.weight)
			iTotal += in.weight
		}
	}
	if orgTotal == 0 || iTotal == 0 {
		return nil
	}
	tariff := model.DefaultTariffs()[0]
	buffer := model.DefaultTravelBuffer
	done := 0
	var batch []*model.Einsatz
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := g.Batch(func(tx *store.Tx) error {
			for _, e := range batch {
				if err := store.Einsaetze.Put(tx, e); err != nil {
					return fmt.Errorf("%s: %w", e.Number, err)
				}
			}
			return nil
		})
		batch = batch[:0]
		g.Progress("Einsätze", done, total)
		return err
	}
	for di, day := range days {
		// spread total evenly over the days, remainder on the first ones
		n := total / len(days)
		if di < total%len(days) {
			n++
		}
		busy := map[string][]model.Booking{}
		for k := 0; k < n; k++ {
			e := demoEinsatz(g, day, orgs, orgWeights, orgTotal, active, iWeights, iTotal, busy, buffer, tariff)
			batch = append(batch, e)
			done++
			if len(batch) == 2000 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return g.Batch(func(tx *store.Tx) error {
		return tx.Note("demo", fmt.Sprintf("%d Einsätze der Sprachmittlung erzeugt", done))
	})
}

var durations = []time.Duration{30 * time.Minute, 45 * time.Minute, time.Hour, time.Hour, 90 * time.Minute, 90 * time.Minute, 2 * time.Hour}

func demoEinsatz(g *Gen, day model.Date, orgs []demoOrg, orgWeights []int, orgTotal int, active []*demoInterp,
	iWeights []int, iTotal int, busy map[string][]model.Booking, buffer time.Duration, tariff model.Tariff) *model.Einsatz {
	org := orgs[weighted(g, orgWeights, orgTotal)]
	in := active[weighted(g, iWeights, iTotal)]
	e := &model.Einsatz{OrganisationID: org.o.ID, Topic: topicFor(org.o.Kind), Place: org.o.City,
		Address: org.o.Street + ", " + org.o.PostalCode + " " + org.o.City}
	if len(org.contacts) > 0 {
		c := Pick(g, org.contacts)
		e.ContactPersonID, e.ContactName, e.ContactPhone = c.ID, c.Name, org.o.Phone
	} else {
		e.ContactName, e.ContactPhone = Pick(g, germanFirst)+" "+Pick(g, germanLast), org.o.Phone
	}
	skill := in.primary
	e.Language, e.Dialect = skill.Language, skill.Dialect
	if e.Dialect != "" && g.Chance(0.3) {
		e.Dialect = ""
	}
	switch r := g.Rand.IntN(20); {
	case r < 16:
		e.Setting = model.SettingOnSite
		e.MeetingPoint = Pick(g, []string{"Empfang", "Zimmer 1.14", "Haupteingang", "Sekretariat", "Wartebereich EG", ""})
		e.OnSiteContact = e.ContactName
	case r < 19:
		e.Setting = model.SettingPhone
	default:
		e.Setting = model.SettingVideo
	}
	if g.Chance(0.7) {
		e.ClientRef = fmt.Sprintf("%c. %c.", 'A'+rune(g.Rand.IntN(26)), 'A'+rune(g.Rand.IntN(26)))
	} else {
		e.ClientRef = fmt.Sprintf("AZ %d/%04d", day.Year, g.Rand.IntN(10000))
	}
	if ls, ok := model.LookupLanguage(e.Language); ok && len(ls.Countries) > 0 && g.Chance(0.6) {
		e.ClientCountry = Pick(g, ls.Countries)
	}
	e.Duration = Pick(g, durations)
	if g.Chance(0.06) {
		e.Urgent, e.UrgentReason = true, Pick(g, []string{"Frist der Behörde", "Kindeswohl", "Termin kurzfristig angesetzt"})
	}
	// A slot between 8:00 and 17:00 where the interpreter is free.
	assignable := false
	for try := 0; try < 8; try++ {
		latest := 17*60 - int(e.Duration/time.Minute)
		c := model.Clock(8*60 + 15*g.Rand.IntN((latest-8*60)/15+1))
		e.Start = model.At(day, c)
		_, free := model.Conflict(e, in.p.ID, busy[in.p.ID], buffer)
		if free && model.Exclusion(e, in.p, day) == "" {
			assignable = true
			break
		}
		in = active[weighted(g, iWeights, iTotal)]
		e.Language, e.Dialect = in.primary.Language, in.primary.Dialect
	}
	if g.Chance(0.1) && in.p.Gender != model.GenderUnknown {
		// what the request asked for fits whom it got; every third one
		// was a requirement ("nur weiblich")
		e.GenderPref, e.GenderRequired = in.p.Gender, g.Chance(0.33)
	}
	now := g.Now
	lead := time.Duration(5+g.Rand.IntN(20)) * 24 * time.Hour
	created := e.Start.Add(-lead)
	if e.Urgent {
		created = e.Start.Add(-time.Duration(1+g.Rand.IntN(3)) * 24 * time.Hour)
	}
	if created.After(now) {
		created = now.Add(-time.Duration(g.Rand.IntN(72)) * time.Hour)
	}
	e.Created = created
	who := Pick(g, demoStaff)
	step := func(to model.Status, reason string, at time.Time) {
		_ = e.Transition(to, reason, at, who, tariff)
	}
	e.Status = ""
	step(model.StatusAnfrage, "", created)
	t1 := created.Add(time.Duration(1+g.Rand.IntN(20)) * time.Hour)
	past := e.Start.Before(now)
	r := g.Rand.IntN(100)
	switch {
	case !assignable || r < 3:
		step(model.StatusPruefung, "", t1)
		step(model.StatusSuche, "", t1)
		if past || g.Chance(0.3) {
			step(model.StatusNichtVermittelbar, "Keine Sprachmittler:in zum Termin frei", t1.Add(48*time.Hour))
		}
		return e
	case r < 6:
		step(model.StatusPruefung, "", t1)
		step(model.StatusAbgelehnt, Pick(g, []string{"Begutachtung mit rechtlichen Folgen (Gericht)", "Anfrage einer Privatperson", "Urkunde muss beeidigt übersetzt werden"}), t1.Add(2*time.Hour))
		return e
	}
	if !past && r < 20 {
		// still open
		if r >= 10 {
			step(model.StatusPruefung, "", t1)
		}
		if r >= 15 {
			step(model.StatusSuche, "", t1)
		}
		return e
	}
	step(model.StatusPruefung, "", t1)
	step(model.StatusSuche, "", t1.Add(time.Hour))
	if g.Chance(0.04) {
		// somebody said yes and dropped out again
		e.InterpreterID = active[g.Rand.IntN(len(active))].p.ID
		step(model.StatusVermittelt, "", t1.Add(2*time.Hour))
		step(model.StatusAbgesprungen, Pick(g, []string{"krank", "Terminüberschneidung mit Arbeit", "Familienangelegenheit"}), t1.Add(30*time.Hour))
	}
	e.InterpreterID = in.p.ID
	step(model.StatusVermittelt, "", t1.Add(3*time.Hour))
	busy[in.p.ID] = append(busy[in.p.ID], model.Booking{Number: "demo", InterpreterID: in.p.ID, Start: e.Start, End: e.End(), OnSite: e.OnSite()})
	// An Absage reaches the office some time before the start, never
	// after now; the clock decides whether it was kurzfristig.
	absage := func(by model.CancelParty, before time.Duration, reason string) bool {
		received := e.Start.Add(-before)
		if received.After(now) {
			received = now.Add(-time.Duration(10+g.Rand.IntN(120)) * time.Minute)
		}
		if received.Before(created) {
			return false
		}
		return e.Cancel(model.Absage{By: by, Received: received, Reason: reason}, received.Add(time.Duration(g.Rand.IntN(30))*time.Minute), who, tariff) == nil
	}
	switch {
	case r < 26:
		before := time.Duration(30+g.Rand.IntN(70)) * time.Hour
		if absage(Pick(g, []model.CancelParty{model.CancelByEinrichtung, model.CancelByEinrichtung, model.CancelByStabsstelle}), before,
			Pick(g, []string{"Termin entfällt", "Klient:in verzogen", "Gespräch verschoben"})) {
			return e
		}
	case r < 29 && (past || e.Start.Sub(now) < 24*time.Hour):
		// Billed later, through a claim (demo/abrechnung.go).
		if absage(model.CancelByKlient, time.Duration(2+g.Rand.IntN(18))*time.Hour, "Klient:in krank gemeldet") {
			return e
		}
	case r < 31 && past:
		step(model.StatusNichtErschienen, Pick(g, []string{"30 Minuten gewartet, niemand kam", "Klient:in telefonisch nicht erreichbar"}),
			e.Start.Add(30*time.Minute))
		return e
	}
	if !past {
		return e
	}
	actual := e.Start.Add(time.Duration(g.Rand.IntN(3)*5) * time.Minute)
	n := model.Einsatznachweis{ActualStart: actual,
		ActualEnd:      actual.Add(e.Duration + time.Duration(g.Rand.IntN(7)*5-15)*time.Minute),
		WaitingMinutes: []int{0, 0, 0, 0, 10, 15, 20}[g.Rand.IntN(7)]}
	if e.Setting == model.SettingOnSite {
		n.Km = model.Km(20 * model.PlaceDistance(in.p.Interpreter.HomePlace, e.Place))
		if n.Km == 0 {
			n.Km = model.Km(20 * (1 + g.Rand.IntN(4)))
		}
	}
	if err := e.RecordNachweis(n, tariff); err != nil {
		return e
	}
	// Abgerechnet only through a claim and its payout run (demo/abrechnung.go).
	step(model.StatusDurchgefuehrt, "", e.End().Add(24*time.Hour))
	return e
}

// TryOutNote marks the two booked Einsätze the demo leaves for trying the
// Absage: one begins 10 hours, one 30 hours after the demo was made.
const TryOutNote = "Zum Ausprobieren der Absage-Frist"

// genAbsageShowcase adds Einsätze that show the rules of issue #12 on
// the demo data, whatever the random ones came out as: an Absage 30 hours
// before the start (rechtzeitig, no Pauschale) and one 10 hours before
// (kurzfristig, Pauschale of the tariff), one where the office decided
// against the clock with a reason, a no-show, the interpreter's own Absage,
// requests with a gender requirement, and two booked Einsätze starting 10
// and 30 hours from now to try the Absage dialog on.
func genAbsageShowcase(g *Gen) error {
	tariff := model.DefaultTariffs()[0]
	today := model.Today(g.Now)
	now := g.Now
	workday := func(back int) model.Date { return model.AddWorkingDays(today, back) }
	return g.Batch(func(tx *store.Tx) error {
		ps, err := store.Interpreters(tx)
		if err != nil {
			return err
		}
		var orgs []*model.Organisation
		if err := store.Organisations.Each(tx, func(o *model.Organisation) error { orgs = append(orgs, o); return nil }); err != nil {
			return err
		}
		org := func(kind model.OrgKind) *model.Organisation {
			for _, o := range orgs {
				if o.Kind == kind {
					return o
				}
			}
			return orgs[0]
		}
		// add makes a request in Suche, created some days before start.
		add := func(o *model.Organisation, start time.Time, topic model.Topic, notes string) *model.Einsatz {
			e := &model.Einsatz{OrganisationID: o.ID, Topic: topic, Setting: model.SettingOnSite,
				Place: o.City, Address: o.Street + ", " + o.PostalCode + " " + o.City, ContactName: "Frau Thies",
				ContactPhone: o.Phone, Start: start, Duration: time.Hour, ClientRef: "AZ Demo", Notes: notes}
			e.Created = start.Add(-7 * 24 * time.Hour)
			if e.Created.After(now) {
				e.Created = now.Add(-2 * time.Hour)
			}
			who := Pick(g, demoStaff)
			for _, s := range []model.Status{model.StatusAnfrage, model.StatusPruefung, model.StatusSuche} {
				_ = e.Transition(s, "", e.Created, who, tariff)
			}
			return e
		}
		// book stores e with the first interpreter the search offers
		// (papers, region, free …) for the first of langs that has one;
		// with nobody, e stays in Suche in langs[0].
		book := func(e *model.Einsatz, langs ...string) (bool, error) {
			for _, lang := range langs {
				e.Language = lang
				for _, c := range model.Match(e, ps, nil, now, model.DefaultTravelBuffer).Offered {
					if n, err := store.ConflictFor(tx, e, c.Person.ID); err != nil || n != "" {
						continue
					}
					e.InterpreterID = c.Person.ID
					if err := e.Transition(model.StatusVermittelt, "", e.Created.Add(time.Hour), Pick(g, demoStaff), tariff); err != nil {
						return false, err
					}
					return true, store.SaveEinsatz(tx, e)
				}
			}
			e.Language = langs[0]
			return false, store.Einsaetze.Put(tx, e)
		}
		common := []string{"Arabisch", "Ukrainisch", "Dari", "Farsi", "Tigrinya", "Kurmandschi", "Russisch", "Türkisch"}
		cancel := func(e *model.Einsatz, a model.Absage) error {
			if err := e.Cancel(a, a.Received.Add(10*time.Minute), Pick(g, demoStaff), tariff); err != nil {
				return err
			}
			return store.Einsaetze.Put(tx, e)
		}
		jc, school := org(model.OrgJobcenter), org(model.OrgSchule)
		examples := []struct {
			o     *model.Organisation
			start time.Time
			topic model.Topic
			then  func(e *model.Einsatz) error
		}{
			// 30 and 10 hours before the start
			{jc, model.At(workday(-6), 10*60), model.TopicArbeit, func(e *model.Einsatz) error {
				return cancel(e, model.Absage{By: model.CancelByEinrichtung, Received: e.Start.Add(-30 * time.Hour), Reason: "Gespräch auf nächsten Monat verschoben"})
			}},
			{school, model.At(workday(-5), 14*60), model.TopicSchule, func(e *model.Einsatz) error {
				return cancel(e, model.Absage{By: model.CancelByKlient, Received: e.Start.Add(-10 * time.Hour), Reason: "Kind krank, Elterngespräch fällt aus"})
			}},
			// against the clock, with the reason
			{jc, model.At(workday(-4), 9*60), model.TopicArbeit, func(e *model.Einsatz) error {
				return cancel(e, model.Absage{By: model.CancelByEinrichtung, Received: e.Start.Add(-20 * time.Hour), Reason: "Sachbearbeiterin krank",
					Override: true, OverrideReason: "Absage lag schon am Vortag um 9 Uhr auf dem Anrufbeantworter, erst nachmittags abgehört"})
			}},
			// a no-show
			{jc, model.At(workday(-3), 11*60), model.TopicArbeit, func(e *model.Einsatz) error {
				if err := e.Transition(model.StatusNichtErschienen, "45 Minuten gewartet, Klient:in kam nicht; Jobcenter informiert",
					e.Start.Add(50*time.Minute), Pick(g, demoStaff), tariff); err != nil {
					return err
				}
				return store.Einsaetze.Put(tx, e)
			}},
			// the interpreter's own Absage: back to Suche, nothing to pay
			{org(model.OrgBeratung), model.At(model.AddWorkingDays(today, 4), 10*60), model.TopicBeratung, func(e *model.Einsatz) error {
				return cancel(e, model.Absage{By: model.CancelByInterpreter, Received: now.Add(-3 * time.Hour), Reason: "Terminüberschneidung mit der Arbeit"})
			}},
		}
		for i, x := range examples {
			e := add(x.o, x.start, x.topic, "")
			langs := append(common[i%len(common):], common[:i%len(common)]...)
			if ok, err := book(e, langs...); err != nil {
				return err
			} else if ok {
				if err := x.then(e); err != nil {
					return err
				}
			}
		}
		// gender requirements: the search leaves the men out, with the reason
		for i, lang := range []string{"Arabisch", "Tigrinya", "Kurmandschi"} {
			e := add(org(model.OrgGesundheit), model.At(model.AddWorkingDays(today, 6+i), model.Clock((9+i)*60)), model.TopicGesundheit, "")
			e.Language, e.GenderPref, e.GenderRequired = lang, model.GenderFemale, i < 2
			if err := store.Einsaetze.Put(tx, e); err != nil {
				return err
			}
		}
		// to try out: booked, starting 10 and 30 hours from now
		for _, h := range []time.Duration{10, 30} {
			start := now.Add(h*time.Hour + 15*time.Minute).Truncate(15 * time.Minute)
			e := add(jc, start, model.TopicArbeit, fmt.Sprintf("%s: beginnt gut %d Stunden nach dem Erzeugen der Demodaten.", TryOutNote, h))
			if _, err := book(e, common...); err != nil {
				return err
			}
		}
		return tx.Note("demo", "Beispiele für Absage, Frist, Abweichung, nicht erschienen und Geschlechtswunsch angelegt")
	})
}
