package store

import (
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// LoadEventFacts reads the events starting in p with their counts and the
// organisations of their registrations.
func LoadEventFacts(tx *Tx, p model.ReportPeriod) ([]model.EventFact, error) {
	rows, err := EventRows(tx, p.Start(), p.End())
	if err != nil {
		return nil, err
	}
	out := make([]model.EventFact, 0, len(rows))
	regs := tx.btx.Bucket(Registrations.recBucket())
	for _, r := range rows {
		f := model.EventFact{ID: r.ID, Number: r.Number, Title: r.Title, Start: r.Start, Type: r.Type, Themen: r.Themen,
			Gremium: r.Gremium, Region: r.Region, Status: r.Status}
		ev, err := Events.Get(tx, r.ID)
		if err != nil {
			return nil, err
		}
		if ev.CountsAfterErase != nil {
			f.Counts = *ev.CountsAfterErase
		}
		orgs := map[string]bool{}
		err = Registrations.Scan(tx, "event", netKeyFrom(r.ID), netKeyTo(r.ID), func(id string, _, val []byte) error {
			if ev.CountsAfterErase == nil {
				st, role, _ := strings.Cut(string(val), "\x00")
				f.Counts.Add(model.RegStatus(st), model.Role(role))
			}
			reg, err := registrationOrg(tx, regs, id)
			if err != nil {
				return err
			}
			if reg.OrganisationID != "" && reg.Status != model.RegAbgemeldet && reg.Status != model.RegWarteliste {
				orgs[reg.OrganisationID] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for o := range orgs {
			f.Organisations = append(f.Organisations, o)
		}
		slices.Sort(f.Organisations)
		out = append(out, f)
	}
	return out, nil
}

// registrationOrg reads only the organisation and status of registration
// id (bucket b) with the report's lean decoder: a year of the large demo's
// events has thousands of registrations, and decoding each whole was a
// fifth of the first open of Berichte.
func registrationOrg(tx *Tx, b *bolt.Bucket, id string) (model.Registration, error) {
	var reg model.Registration
	raw, err := tx.get(b, Registrations.recBucket(), []byte(id))
	if err != nil {
		return reg, err
	}
	if raw == nil {
		return reg, ErrNotFound
	}
	var lean struct {
		OrganisationID string          `json:"organisationId"`
		Status         model.RegStatus `json:"status"`
	}
	if err := decodeLean(raw, &lean); err != nil {
		return reg, fmt.Errorf("Ein Datensatz (%s) ist nicht lesbar: %v. Bitte „stabsstelle check“ ausführen.", Registrations.Label, err)
	}
	reg.OrganisationID, reg.Status = lean.OrganisationID, lean.Status
	return reg, nil
}

// LoadTaskFacts reads the open tasks with the Gremium of the event they
// came from (an Arbeitskreis event without a Gremium counts for the
// Arbeitskreis of its first Themenfeld).
func LoadTaskFacts(tx *Tx) ([]model.TaskFact, error) {
	tasks, err := OpenTasks(tx)
	if err != nil {
		return nil, err
	}
	gremien := map[string]string{}
	out := make([]model.TaskFact, 0, len(tasks))
	for _, t := range tasks {
		g, ok := gremien[t.EventID]
		if !ok && t.EventID != "" {
			if ev, err := Events.Get(tx, t.EventID); err == nil {
				g = ev.Gremium
				if g == "" && ev.Type == model.EventArbeitskreis && len(ev.Themenfelder) > 0 {
					g = model.ArbeitskreisFor(ev.Themenfelder[0])
				}
			}
			gremien[t.EventID] = g
		}
		out = append(out, model.TaskFact{ID: t.ID, Text: t.Text, EventID: t.EventID, Gremium: g, Due: t.Due, Open: t.Status == model.TaskOffen})
	}
	return out, nil
}

// ProtokollOf collects what the minutes of event id print: counts, the
// organisations of the people present and the event's tasks.
func ProtokollOf(tx *Tx, id string) (model.Protokoll, error) {
	ev, err := Events.Get(tx, id)
	if err != nil {
		return model.Protokoll{}, err
	}
	p := model.Protokoll{Event: ev}
	if ev.CountsAfterErase != nil {
		p.Counts = *ev.CountsAfterErase
	}
	regs, err := RegistrationsOf(tx, id)
	if err != nil {
		return p, err
	}
	orgs := map[string]bool{}
	for _, r := range regs {
		if ev.CountsAfterErase == nil {
			p.Counts.Add(r.Status, r.Role)
		}
		if r.Status == model.RegTeilgenommen && r.OrganisationID != "" && !orgs[r.OrganisationID] {
			orgs[r.OrganisationID] = true
			if o, err := Organisations.Get(tx, r.OrganisationID); err == nil {
				p.Organisations = append(p.Organisations, o.Name)
			}
		}
	}
	slices.Sort(p.Organisations)
	p.Tasks, err = TasksOf(tx, id)
	return p, err
}
