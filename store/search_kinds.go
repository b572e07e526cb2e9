package store

import (
	"fmt"
	"strings"

	"stabsstelle/model"
)

// What each area puts into the search index (searchindex.go) and how its
// hits read. The words are those the search looked at before the index:
// people by name, e-mail, phone, place and roles (interpreters also by
// languages and the places they serve), institutions by name, kind, place
// and e-mail, Einsätze by number, language, dialect, place, status and –
// through references – their institution and interpreter, claims by
// number, person, project and status, events by number, title, place, type,
// region and Gremium, tasks by text and owner.
func init() {
	People.Search, People.SearchHit = personSearchDoc, personHit
	Organisations.Search, Organisations.SearchHit = organisationSearchDoc, organisationHit
	Einsaetze.Search, Einsaetze.SearchHit = einsatzSearchDoc, einsatzHit
	Einsaetze.SearchRefs = []string{KindOrganisation, KindPerson}
	Claims.Search, Claims.SearchHit = claimSearchDoc, claimHit
	Events.Search, Events.SearchHit = eventSearchDoc, eventHit
	Tasks.Search, Tasks.SearchHit = taskSearchDoc, taskHit
	Einsaetze.SearchDates = func(e *model.Einsatz) (model.Date, model.Date) { return model.DateOf(e.Start), model.Date{} }
	Claims.SearchDates = func(c *model.Claim) (model.Date, model.Date) { return c.PeriodFrom, c.PeriodTo }
	Events.SearchDates = func(e *model.Event) (model.Date, model.Date) {
		return model.DateOf(e.Start), model.DateOf(e.End)
	}
	Tasks.SearchDates = func(t *model.Task) (model.Date, model.Date) { return t.Due, model.Date{} }
}

func personSearchDoc(p *model.Person) SearchDoc {
	if p.IsRestricted() {
		return SearchDoc{} // Art. 18: the search does not find the person
	}
	d := SearchDoc{Name: p.Name, Words: []string{p.Email, p.Phone, p.City, strings.Join(p.Roles(), " ")}}
	if ip := p.Interpreter; ip != nil {
		d.Words = append(d.Words, ip.LanguagesText(), ip.HomePlace, strings.Join(ip.Samtgemeinden, " "))
	}
	return d
}

func personHit(_ *hitNames, p *model.Person) Hit {
	h := Hit{Name: p.Name, Summary: strings.Join(append([]string{p.Name}, nonEmpty(strings.Join(p.Roles(), ", "), p.Place())...), " · ")}
	if ip := p.Interpreter; ip != nil {
		state := "aktiv"
		if !ip.Active {
			state = "pausiert"
		}
		h.Summary = strings.Join(append([]string{p.Name, "Sprachmittler:in", ip.LanguagesText()}, nonEmpty(ip.HomePlace, state)...), " · ")
	}
	return h
}

func organisationSearchDoc(o *model.Organisation) SearchDoc {
	return SearchDoc{Name: o.Name, Words: []string{o.Kind.Label(), o.City, o.Email}}
}

func organisationHit(_ *hitNames, o *model.Organisation) Hit {
	return Hit{Name: o.Name, Summary: strings.Join(append([]string{o.Name}, nonEmpty(o.Kind.Label(), o.Place())...), " · ")}
}

func einsatzSearchDoc(e *model.Einsatz) SearchDoc {
	return SearchDoc{Numbers: []string{e.Number}, Words: []string{e.Language, e.Dialect, e.Place, e.Status.Label()},
		Refs: []string{e.OrganisationID, e.InterpreterID}}
}

func einsatzHit(n *hitNames, e *model.Einsatz) Hit {
	r := RowOf(e)
	parts := []string{r.Number, model.FormatDateTime(r.Start), r.LanguageLabel()}
	parts = append(parts, nonEmpty(n.org(r.OrganisationID), r.Place, r.Status.Label(), n.person(r.InterpreterID))...)
	return Hit{Number: e.Number, Summary: strings.Join(parts, " · ")}
}

func claimSearchDoc(c *model.Claim) SearchDoc {
	return SearchDoc{Name: c.PersonName, Numbers: []string{c.Number}, Words: []string{c.Project, c.Status.Label()}}
}

func claimHit(_ *hitNames, c *model.Claim) Hit {
	return Hit{Number: c.Number, Name: c.PersonName, ofPerson: true,
		Summary: fmt.Sprintf("%s · %s · %s · %s", c.Number, c.PersonName, c.Total(), c.Status.Label())}
}

func eventSearchDoc(e *model.Event) SearchDoc {
	return SearchDoc{Name: e.Title, Numbers: []string{e.Number},
		Words: []string{e.Place(), string(e.Type), string(e.Region), e.Gremium}}
}

func eventHit(_ *hitNames, e *model.Event) Hit {
	return Hit{Number: e.Number, Name: e.Title,
		Summary: strings.Join(nonEmpty(e.Number, e.Title, model.FormatDateTime(e.Start), e.Place()), " · ")}
}

func taskSearchDoc(t *model.Task) SearchDoc {
	return SearchDoc{Words: []string{t.Text, t.Owner}}
}

func taskHit(_ *hitNames, t *model.Task) Hit {
	sum := t.Text
	if t.Owner != "" {
		sum += " · " + t.Owner
	}
	if !t.Due.IsZero() {
		sum += " · fällig " + t.Due.String()
	}
	return Hit{Name: t.Text, Summary: "Aufgabe (" + string(t.Status) + "): " + sum}
}
