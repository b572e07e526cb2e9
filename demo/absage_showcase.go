package demo

import (
	"fmt"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

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
	return g.Batch(func(tx *store.Tx) error {
		s, err := newShowcase(g, tx)
		if err != nil {
			return err
		}
		if err := s.absagen(); err != nil {
			return err
		}
		if err := s.genderRequirements(); err != nil {
			return err
		}
		if err := s.toTryOut(); err != nil {
			return err
		}
		return tx.Note("demo", "Beispiele für Absage, Frist, Abweichung, nicht erschienen und Geschlechtswunsch angelegt")
	})
}

// showcaseLanguages are tried in turn for the examples.
var showcaseLanguages = []string{"Arabisch", "Ukrainisch", "Dari", "Farsi", "Tigrinya", "Kurmandschi", "Russisch", "Türkisch"}

// showcase writes the examples in one transaction.
type showcase struct {
	g      *Gen
	tx     *store.Tx
	tariff model.Tariff
	today  model.Date
	now    time.Time
	ps     []*model.Person
	orgs   []*model.Organisation
}

func newShowcase(g *Gen, tx *store.Tx) (*showcase, error) {
	s := &showcase{g: g, tx: tx, tariff: model.DefaultTariffs()[0], today: model.Today(g.Now), now: g.Now}
	var err error
	if s.ps, err = store.Interpreters(tx); err != nil {
		return nil, err
	}
	err = store.Organisations.Each(tx, func(o *model.Organisation) error { s.orgs = append(s.orgs, o); return nil })
	return s, err
}

func (s *showcase) workday(back int) model.Date { return model.AddWorkingDays(s.today, back) }

// org is the first organisation of kind, else the first of all.
func (s *showcase) org(kind model.OrgKind) *model.Organisation {
	for _, o := range s.orgs {
		if o.Kind == kind {
			return o
		}
	}
	return s.orgs[0]
}

// add makes a request in Suche, created some days before start.
func (s *showcase) add(o *model.Organisation, start time.Time, topic model.Topic, notes string) *model.Einsatz {
	e := &model.Einsatz{OrganisationID: o.ID, Topic: topic, Setting: model.SettingOnSite,
		Place: o.City, Address: o.Street + ", " + o.PostalCode + " " + o.City, ContactName: "Frau Thies",
		ContactPhone: o.Phone, Start: start, Duration: time.Hour, ClientRef: "AZ Demo", Notes: notes}
	e.Created = start.Add(-7 * 24 * time.Hour)
	if e.Created.After(s.now) {
		e.Created = s.now.Add(-2 * time.Hour)
	}
	who := Pick(s.g, demoStaff)
	for _, st := range []model.Status{model.StatusAnfrage, model.StatusPruefung, model.StatusSuche} {
		_ = e.Transition(st, "", e.Created, who, s.tariff)
	}
	return e
}

// book stores e with the first interpreter the search offers (papers,
// region, free …) for the first of langs that has one; with nobody, e
// stays in Suche in langs[0].
func (s *showcase) book(e *model.Einsatz, langs ...string) (bool, error) {
	for _, lang := range langs {
		e.Language = lang
		for _, c := range model.Match(e, s.ps, nil, s.now, model.DefaultTravelBuffer).Offered {
			if n, err := store.ConflictFor(s.tx, e, c.Person.ID); err != nil || n != "" {
				continue
			}
			e.InterpreterID = c.Person.ID
			if err := e.Transition(model.StatusVermittelt, "", e.Created.Add(time.Hour), Pick(s.g, demoStaff), s.tariff); err != nil {
				return false, err
			}
			return true, store.SaveEinsatz(s.tx, e)
		}
	}
	e.Language = langs[0]
	return false, store.Einsaetze.Put(s.tx, e)
}

func (s *showcase) cancel(e *model.Einsatz, a model.Absage) error {
	if err := e.Cancel(a, a.Received.Add(10*time.Minute), Pick(s.g, demoStaff), s.tariff); err != nil {
		return err
	}
	return store.Einsaetze.Put(s.tx, e)
}

// showcaseExample is a booked Einsatz and what then happens to it.
type showcaseExample struct {
	o     *model.Organisation
	start time.Time
	topic model.Topic
	then  func(e *model.Einsatz) error
}

// absagen: Absagen 30 and 10 hours before the start, one against the clock
// with the reason, a no-show and the interpreter's own Absage.
func (s *showcase) absagen() error {
	for i, x := range s.examples() {
		e := s.add(x.o, x.start, x.topic, "")
		langs := append(showcaseLanguages[i%len(showcaseLanguages):], showcaseLanguages[:i%len(showcaseLanguages)]...)
		if ok, err := s.book(e, langs...); err != nil {
			return err
		} else if ok {
			if err := x.then(e); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *showcase) examples() []showcaseExample {
	jc, school := s.org(model.OrgJobcenter), s.org(model.OrgSchule)
	return []showcaseExample{
		// 30 and 10 hours before the start
		{jc, model.At(s.workday(-6), 10*60), model.TopicArbeit, func(e *model.Einsatz) error {
			return s.cancel(e, model.Absage{By: model.CancelByEinrichtung, Received: e.Start.Add(-30 * time.Hour), Reason: "Gespräch auf nächsten Monat verschoben"})
		}},
		{school, model.At(s.workday(-5), 14*60), model.TopicSchule, func(e *model.Einsatz) error {
			return s.cancel(e, model.Absage{By: model.CancelByKlient, Received: e.Start.Add(-10 * time.Hour), Reason: "Kind krank, Elterngespräch fällt aus"})
		}},
		// against the clock, with the reason
		{jc, model.At(s.workday(-4), 9*60), model.TopicArbeit, func(e *model.Einsatz) error {
			return s.cancel(e, model.Absage{By: model.CancelByEinrichtung, Received: e.Start.Add(-20 * time.Hour), Reason: "Sachbearbeiterin krank",
				Override: true, OverrideReason: "Absage lag schon am Vortag um 9 Uhr auf dem Anrufbeantworter, erst nachmittags abgehört"})
		}},
		// a no-show
		{jc, model.At(s.workday(-3), 11*60), model.TopicArbeit, func(e *model.Einsatz) error {
			if err := e.Transition(model.StatusNichtErschienen, "45 Minuten gewartet, Klient:in kam nicht; Jobcenter informiert",
				e.Start.Add(50*time.Minute), Pick(s.g, demoStaff), s.tariff); err != nil {
				return err
			}
			return store.Einsaetze.Put(s.tx, e)
		}},
		// the interpreter's own Absage: back to Suche, nothing to pay
		{s.org(model.OrgBeratung), model.At(model.AddWorkingDays(s.today, 4), 10*60), model.TopicBeratung, func(e *model.Einsatz) error {
			return s.cancel(e, model.Absage{By: model.CancelByInterpreter, Received: s.now.Add(-3 * time.Hour), Reason: "Terminüberschneidung mit der Arbeit"})
		}},
	}
}

// genderRequirements: the search leaves the men out, with the reason.
func (s *showcase) genderRequirements() error {
	for i, lang := range []string{"Arabisch", "Tigrinya", "Kurmandschi"} {
		e := s.add(s.org(model.OrgGesundheit), model.At(model.AddWorkingDays(s.today, 6+i), model.Clock((9+i)*60)), model.TopicGesundheit, "")
		e.Language, e.GenderPref, e.GenderRequired = lang, model.GenderFemale, i < 2
		if err := store.Einsaetze.Put(s.tx, e); err != nil {
			return err
		}
	}
	return nil
}

// toTryOut: booked, starting 10 and 30 hours from now.
func (s *showcase) toTryOut() error {
	for _, h := range []time.Duration{10, 30} {
		start := s.now.Add(h*time.Hour + 15*time.Minute).Truncate(15 * time.Minute)
		e := s.add(s.org(model.OrgJobcenter), start, model.TopicArbeit, fmt.Sprintf("%s: beginnt gut %d Stunden nach dem Erzeugen der Demodaten.", TryOutNote, h))
		if _, err := s.book(e, showcaseLanguages...); err != nil {
			return err
		}
	}
	return nil
}
