package demo

import (
	"fmt"
	"sync/atomic"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

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

// einsatzPool is what requests are made from: the organisations and the
// active interpreters, each with their weights.
type einsatzPool struct {
	orgs       []demoOrg
	orgWeights []int
	orgTotal   int
	active     []*demoInterp
	iWeights   []int
	iTotal     int
	buffer     time.Duration
	tariff     model.Tariff
}

func newEinsatzPool(g *Gen, interps []*demoInterp, today model.Date) *einsatzPool {
	pool := &einsatzPool{buffer: model.DefaultTravelBuffer, tariff: model.DefaultTariffs()[0]}
	contacts := map[string][]*model.Person{}
	for _, p := range g.People {
		if p.OrganisationID != "" {
			contacts[p.OrganisationID] = append(contacts[p.OrganisationID], p)
		}
	}
	for _, o := range g.Orgs {
		w := orgWeight(o.Kind)
		pool.orgs = append(pool.orgs, demoOrg{o: o, contacts: contacts[o.ID], weight: w})
		pool.orgWeights = append(pool.orgWeights, w)
		pool.orgTotal += w
	}
	for _, in := range interps {
		if in.p.Interpreter.Active && in.p.Interpreter.BookingProblem(today, today) == "" {
			pool.active = append(pool.active, in)
			pool.iWeights = append(pool.iWeights, in.weight)
			pool.iTotal += in.weight
		}
	}
	return pool
}

func (pool *einsatzPool) interpreter(g *Gen) *demoInterp {
	return pool.active[weighted(g, pool.iWeights, pool.iTotal)]
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
	pool := newEinsatzPool(g, interps, today)
	if pool.orgTotal == 0 || pool.iTotal == 0 {
		return nil
	}
	w := newEinsatzWriter(g, total)
days:
	for di, day := range days {
		// spread total evenly over the days, remainder on the first ones
		n := total / len(days)
		if di < total%len(days) {
			n++
		}
		busy := map[string][]model.Booking{}
		for k := 0; k < n; k++ {
			if !w.add(demoEinsatz(g, day, pool, busy)) {
				break days // the store refused a batch: close says why
			}
		}
	}
	if err := w.close(); err != nil {
		return err
	}
	return g.Batch(func(tx *store.Tx) error {
		return tx.Note("demo", fmt.Sprintf("%d Einsätze der Sprachmittlung erzeugt", w.done))
	})
}

// einsatzWriter stores Einsätze in batches of 2 000 and reports progress.
// A batch is written by a goroutine of its own while the next one is made
// (the dice need no store), so making, compressing and writing overlap.
type einsatzWriter struct {
	g       *Gen
	batch   []*model.Einsatz
	done    int                   // made so far
	queue   chan []*model.Einsatz // batches to write, one waiting at most
	written chan error            // the writer's first error, when it ends
	failed  atomic.Bool           // a batch was refused: making more is wasted
}

func newEinsatzWriter(g *Gen, total int) *einsatzWriter {
	w := &einsatzWriter{g: g, queue: make(chan []*model.Einsatz, 1), written: make(chan error, 1)}
	go func() {
		var err error
		n := 0
		for batch := range w.queue {
			if err != nil {
				continue // drained, not written: the demo fails with err
			}
			// PutMany: compressed on both cores, stored as Put stores each.
			err = g.Batch(func(tx *store.Tx) error { return store.Einsaetze.PutMany(tx, batch) })
			w.failed.Store(err != nil)
			n += len(batch)
			g.Progress("Einsätze", n, total)
		}
		w.written <- err
	}()
	return w
}

// add queues e; false once the store has refused a batch, so the maker
// stops instead of making the rest for nothing.
func (w *einsatzWriter) add(e *model.Einsatz) bool {
	if w.failed.Load() {
		return false
	}
	w.batch = append(w.batch, e)
	w.done++
	if len(w.batch) == 2000 {
		w.queue <- w.batch
		w.batch = nil
	}
	return true
}

// close hands over the last batch and waits until everything is written.
func (w *einsatzWriter) close() error {
	if len(w.batch) > 0 {
		w.queue <- w.batch
		w.batch = nil
	}
	close(w.queue)
	return <-w.written
}

var durations = []time.Duration{30 * time.Minute, 45 * time.Minute, time.Hour, time.Hour, 90 * time.Minute, 90 * time.Minute, 2 * time.Hour}

// demoEinsatz is one request on day, from an organisation and for an
// interpreter of the pool, taken as far as its date and the dice allow;
// busy holds the day's bookings of each interpreter.
func demoEinsatz(g *Gen, day model.Date, pool *einsatzPool, busy map[string][]model.Booking) *model.Einsatz {
	org := pool.orgs[weighted(g, pool.orgWeights, pool.orgTotal)]
	in := pool.interpreter(g)
	e := demoRequest(g, day, org, in)
	in, assignable := demoSlot(g, e, day, pool, in, busy)
	if g.Chance(0.1) && in.p.Gender != model.GenderUnknown {
		// what the request asked for fits whom it got; every third one
		// was a requirement ("nur weiblich")
		e.GenderPref, e.GenderRequired = in.p.Gender, g.Chance(0.33)
	}
	life := &einsatzLife{g: g, e: e, in: in, pool: pool, now: g.Now, created: demoCreated(g, e)}
	e.Created = life.created
	life.who = Pick(g, demoStaff)
	life.play(assignable, busy)
	return e
}

// demoRequest is what the organisation asks for: contact, language,
// setting, client, duration and urgency.
func demoRequest(g *Gen, day model.Date, org demoOrg, in *demoInterp) *model.Einsatz {
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
	return e
}

// demoSlot looks for a slot between 8:00 and 17:00 where the interpreter
// is free, trying other interpreters; it returns the last one tried and
// whether they are free then.
func demoSlot(g *Gen, e *model.Einsatz, day model.Date, pool *einsatzPool, in *demoInterp, busy map[string][]model.Booking) (*demoInterp, bool) {
	for try := 0; try < 8; try++ {
		latest := 17*60 - int(e.Duration/time.Minute)
		c := model.Clock(8*60 + 15*g.Rand.IntN((latest-8*60)/15+1))
		e.Start = model.At(day, c)
		_, free := model.Conflict(e, in.p.ID, busy[in.p.ID], pool.buffer)
		if free && model.Exclusion(e, in.p, day) == "" {
			return in, true
		}
		in = pool.interpreter(g)
		e.Language, e.Dialect = in.primary.Language, in.primary.Dialect
	}
	return in, false
}

// demoCreated: a request comes some days before its start (urgent ones
// one to three), never after now.
func demoCreated(g *Gen, e *model.Einsatz) time.Time {
	now := g.Now
	lead := time.Duration(5+g.Rand.IntN(20)) * 24 * time.Hour
	created := e.Start.Add(-lead)
	if e.Urgent {
		created = e.Start.Add(-time.Duration(1+g.Rand.IntN(3)) * 24 * time.Hour)
	}
	if created.After(now) {
		created = now.Add(-time.Duration(g.Rand.IntN(72)) * time.Hour)
	}
	return created
}

// einsatzLife takes one Einsatz through its statuses, as who of the team.
type einsatzLife struct {
	g       *Gen
	e       *model.Einsatz
	in      *demoInterp
	pool    *einsatzPool
	now     time.Time
	created time.Time
	who     string
}

func (l *einsatzLife) step(to model.Status, reason string, at time.Time) {
	_ = l.e.Transition(to, reason, at, l.who, l.pool.tariff)
}

// play: a few are not placed or refused, the future ones partly still
// open; the others are booked – some cancelled or not attended, the past
// ones done with their Einsatznachweis.
func (l *einsatzLife) play(assignable bool, busy map[string][]model.Booking) {
	g, e := l.g, l.e
	e.Status = ""
	l.step(model.StatusAnfrage, "", l.created)
	t1 := l.created.Add(time.Duration(1+g.Rand.IntN(20)) * time.Hour)
	past := e.Start.Before(l.now)
	r := g.Rand.IntN(100)
	if l.unplaced(assignable, past, r, t1) {
		return
	}
	l.book(t1, busy)
	if l.endedEarly(past, r) || !past {
		return
	}
	l.done()
}

// unplaced: not placed, refused or still open (before a booking).
func (l *einsatzLife) unplaced(assignable, past bool, r int, t1 time.Time) bool {
	g := l.g
	switch {
	case !assignable || r < 3:
		l.step(model.StatusPruefung, "", t1)
		l.step(model.StatusSuche, "", t1)
		if past || g.Chance(0.3) {
			l.step(model.StatusNichtVermittelbar, "Keine Sprachmittler:in zum Termin frei", t1.Add(48*time.Hour))
		}
		return true
	case r < 6:
		l.step(model.StatusPruefung, "", t1)
		l.step(model.StatusAbgelehnt, Pick(g, []string{"Begutachtung mit rechtlichen Folgen (Gericht)", "Anfrage einer Privatperson", "Urkunde muss beeidigt übersetzt werden"}), t1.Add(2*time.Hour))
		return true
	}
	if !past && r < 20 {
		// still open
		if r >= 10 {
			l.step(model.StatusPruefung, "", t1)
		}
		if r >= 15 {
			l.step(model.StatusSuche, "", t1)
		}
		return true
	}
	return false
}

// book places the interpreter (after somebody else dropped out, now and
// then) and notes the booking in busy.
func (l *einsatzLife) book(t1 time.Time, busy map[string][]model.Booking) {
	g, e, in := l.g, l.e, l.in
	l.step(model.StatusPruefung, "", t1)
	l.step(model.StatusSuche, "", t1.Add(time.Hour))
	if g.Chance(0.04) {
		// somebody said yes and dropped out again
		e.InterpreterID = l.pool.active[g.Rand.IntN(len(l.pool.active))].p.ID
		l.step(model.StatusVermittelt, "", t1.Add(2*time.Hour))
		l.step(model.StatusAbgesprungen, Pick(g, []string{"krank", "Terminüberschneidung mit Arbeit", "Familienangelegenheit"}), t1.Add(30*time.Hour))
	}
	e.InterpreterID = in.p.ID
	l.step(model.StatusVermittelt, "", t1.Add(3*time.Hour))
	busy[in.p.ID] = append(busy[in.p.ID], model.Booking{Number: "demo", InterpreterID: in.p.ID, Start: e.Start, End: e.End(), OnSite: e.OnSite()})
}

// endedEarly: an Absage of the organisation or the client, or a client
// who did not come.
func (l *einsatzLife) endedEarly(past bool, r int) bool {
	g, e := l.g, l.e
	switch {
	case r < 26:
		before := time.Duration(30+g.Rand.IntN(70)) * time.Hour
		return l.absage(Pick(g, []model.CancelParty{model.CancelByEinrichtung, model.CancelByEinrichtung, model.CancelByStabsstelle}), before,
			Pick(g, []string{"Termin entfällt", "Klient:in verzogen", "Gespräch verschoben"}))
	case r < 29 && (past || e.Start.Sub(l.now) < 24*time.Hour):
		// Billed later, through a claim (demo/abrechnung.go).
		return l.absage(model.CancelByKlient, time.Duration(2+g.Rand.IntN(18))*time.Hour, "Klient:in krank gemeldet")
	case r < 31 && past:
		l.step(model.StatusNichtErschienen, Pick(g, []string{"30 Minuten gewartet, niemand kam", "Klient:in telefonisch nicht erreichbar"}),
			e.Start.Add(30*time.Minute))
		return true
	}
	return false
}

// absage: an Absage reaches the office some time before the start, never
// after now; the clock decides whether it was kurzfristig.
func (l *einsatzLife) absage(by model.CancelParty, before time.Duration, reason string) bool {
	g, e := l.g, l.e
	received := e.Start.Add(-before)
	if received.After(l.now) {
		received = l.now.Add(-time.Duration(10+g.Rand.IntN(120)) * time.Minute)
	}
	if received.Before(l.created) {
		return false
	}
	return e.Cancel(model.Absage{By: by, Received: received, Reason: reason}, received.Add(time.Duration(g.Rand.IntN(30))*time.Minute), l.who, l.pool.tariff) == nil
}

// done records the Einsatznachweis of a past Einsatz. Abgerechnet only
// through a claim and its payout run (demo/abrechnung.go).
func (l *einsatzLife) done() {
	g, e := l.g, l.e
	actual := e.Start.Add(time.Duration(g.Rand.IntN(3)*5) * time.Minute)
	n := model.Einsatznachweis{ActualStart: actual,
		ActualEnd:      actual.Add(e.Duration + time.Duration(g.Rand.IntN(7)*5-15)*time.Minute),
		WaitingMinutes: []int{0, 0, 0, 0, 10, 15, 20}[g.Rand.IntN(7)]}
	if e.Setting == model.SettingOnSite {
		n.Km = model.Km(20 * model.PlaceDistance(l.in.p.Interpreter.HomePlace, e.Place))
		if n.Km == 0 {
			n.Km = model.Km(20 * (1 + g.Rand.IntN(4)))
		}
	}
	if err := e.RecordNachweis(n, l.pool.tariff); err != nil {
		return
	}
	l.step(model.StatusDurchgefuehrt, "", e.End().Add(24*time.Hour))
}
