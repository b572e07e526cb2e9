package demo

import (
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// Things the Löschlauf (stabsstelle retention) finds due in the demo,
// besides the events of the Netzwerk whose three months are over: a
// former interpreter without an Einsatz for more than two years, and an
// old request whose client initials are older than a year.
func init() {
	Register(Step{Order: 70, Name: "Löschfristen", Run: genRetentionDue})
}

func genRetentionDue(g *Gen) error {
	return g.Batch(func(tx *store.Tx) error {
		former := &model.Person{Name: "Jonas Früher", Email: "jonas.frueher@example.org", City: "Gifhorn",
			Interpreter: &model.InterpreterProfile{Languages: []model.LanguageSkill{{Language: "Farsi", Level: model.LevelFluent}}}}
		former.Created = g.Now.AddDate(-3, 0, 0)
		if err := store.People.Put(tx, former); err != nil {
			return err
		}
		var org *model.Organisation
		if err := store.Organisations.Each(tx, func(o *model.Organisation) error {
			if org == nil {
				org = o
			}
			return nil
		}); err != nil || org == nil {
			return err
		}
		start := g.Now.AddDate(-1, -2, 0).Truncate(time.Hour)
		e := &model.Einsatz{OrganisationID: org.ID, Language: "Farsi", Setting: model.SettingPhone, Place: org.City,
			Start: start, Duration: time.Hour, ClientRef: "M. S.", ContactName: "Frau Thies", Status: model.StatusAnfrage}
		e.Created = start.AddDate(0, 0, -7)
		return store.Einsaetze.Put(tx, e)
	})
}
