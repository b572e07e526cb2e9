package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() { ICSInterpreter = writeInterpreterICS }

// findInterpreter resolves a typed name to one interpreter: an exact name
// (any case) first, else the only name containing it.
func findInterpreter(tx *store.Tx, name string) (*model.Person, error) {
	ps, err := store.Interpreters(tx)
	if err != nil {
		return nil, err
	}
	q := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if q == "" {
		return nil, UsageError("Bitte den Namen der Sprachmittler:in angeben, z. B. --interpreter \"Amina Haddad\".")
	}
	var partial []*model.Person
	for _, p := range ps {
		n := strings.ToLower(p.Name)
		if n == q {
			return p, nil
		}
		if strings.Contains(n, q) {
			partial = append(partial, p)
		}
	}
	switch len(partial) {
	case 1:
		return partial[0], nil
	case 0:
		return nil, fmt.Errorf("Keine Sprachmittler:in heißt „%s“. Namen finden: stabsstelle search %s", name, strings.Fields(name)[0])
	}
	var names []string
	for _, p := range partial {
		names = append(names, p.Name)
	}
	sort.Strings(names)
	if len(names) > 8 {
		names = append(names[:8], "…")
	}
	return nil, fmt.Errorf("„%s“ passt auf mehrere Sprachmittler:innen (%s). Bitte den vollen Namen angeben.", name, strings.Join(names, ", "))
}

// writeInterpreterICS writes the interpreter's Einsätze from today on:
// booked ones as CONFIRMED, ones cancelled after booking as CANCELLED (so
// the phone calendar removes them). Only what the interpreter needs to get
// there is in the event; no client data.
func writeInterpreterICS(env *Env, name string, w io.Writer) error {
	st, err := env.Open()
	if err != nil {
		return err
	}
	now := env.Now()
	var events []model.ICalEvent
	err = st.View(func(tx *store.Tx) error {
		p, err := findInterpreter(tx, name)
		if err != nil {
			return err
		}
		rows, err := store.EinsaetzeOfInterpreter(tx, p.ID, model.Today(now).Midnight(), time.Time{})
		if err != nil {
			return err
		}
		if events, err = bookedEvents(tx, rows, now); err != nil {
			return err
		}
		lost, err := lostEvents(tx, p.ID, now)
		if err != nil {
			return err
		}
		events = append(events, lost...)
		sort.SliceStable(events, func(i, j int) bool { return events[i].Start.Before(events[j].Start) })
		return nil
	})
	if err != nil {
		return err
	}
	return model.WriteICal(w, "-//Landkreis Gifhorn//stabsstelle Sprachmittlung//DE", events)
}

// bookedEvents are the interpreter's coming Einsätze (rows): confirmed
// ones, and cancelled ones so that a calendar takes them out.
func bookedEvents(tx *store.Tx, rows []store.EinsatzRow, now time.Time) ([]model.ICalEvent, error) {
	var events []model.ICalEvent
	orgs := map[string]string{}
	for _, r := range rows {
		var status string
		switch {
		case r.Status.BlocksInterpreter():
			status = model.ICalConfirmed
		case r.Status == model.StatusStorniertRechtzeitig || r.Status == model.StatusStorniertKurzfristig ||
			r.Status == model.StatusNichtErschienen:
			status = model.ICalCancelled
		default:
			continue
		}
		e, err := store.Einsaetze.Get(tx, r.ID)
		if err != nil {
			return nil, err
		}
		if _, ok := orgs[e.OrganisationID]; !ok {
			if o, err := store.Organisations.Get(tx, e.OrganisationID); err == nil {
				orgs[e.OrganisationID] = o.Name
			}
		}
		events = append(events, interpreterEvent(e, orgs[e.OrganisationID], status, now))
	}
	return events, nil
}

// lostEvents are the coming Einsätze the interpreter id no longer has.
func lostEvents(tx *store.Tx, id string, now time.Time) ([]model.ICalEvent, error) {
	var events []model.ICalEvent
	// Einsätze the interpreter was booked for and is no longer (dropped
	// out, or the office switched to someone else): CANCELLED, so that
	// a calendar that imported them earlier takes them out. They are no
	// longer under the interpreter's index, so the upcoming ones are
	// read by date.
	later, err := store.EinsaetzeBetween(tx, model.Today(now).Midnight(), model.Today(now).AddDays(icsHorizonDays).Midnight())
	if err != nil {
		return nil, err
	}
	for _, r := range later {
		if r.InterpreterID == id {
			continue
		}
		e, err := store.Einsaetze.Get(tx, r.ID)
		if err != nil {
			return nil, err
		}
		if !wasBooked(e, id) {
			continue
		}
		org := ""
		if o, err := store.Organisations.Get(tx, e.OrganisationID); err == nil {
			org = o.Name
		}
		events = append(events, interpreterEvent(e, org, model.ICalCancelled, now))
	}
	return events, nil
}

// icsHorizonDays bounds how far ahead the calendar looks for Einsätze an
// interpreter has lost: bookings are made weeks, not years, ahead.
const icsHorizonDays = 2 * 365

// wasBooked reports whether the interpreter was ever booked for e: every
// booking and every switch of interpreter is in its status history.
func wasBooked(e *model.Einsatz, interpreterID string) bool {
	for _, c := range e.StatusHistory {
		if c.Interpreter == interpreterID {
			return true
		}
	}
	return false
}

func interpreterEvent(e *model.Einsatz, org, status string, now time.Time) model.ICalEvent {
	summary := "Sprachmittlung " + e.LanguageLabel()
	if org != "" {
		summary += " – " + org
	}
	if status == model.ICalCancelled {
		summary = "ABGESAGT: " + summary
	}
	loc := model.AddressWithPlace(e.Address, e.Place)
	if e.Setting == model.SettingPhone || e.Setting == model.SettingVideo {
		loc = e.Setting.Label()
	}
	var desc []string
	desc = append(desc, "Einsatz "+e.Number+" ("+e.Setting.Label()+")")
	if e.MeetingPoint != "" {
		desc = append(desc, "Treffpunkt: "+e.MeetingPoint)
	}
	if e.OnSiteContact != "" {
		desc = append(desc, "Kontakt vor Ort: "+e.OnSiteContact)
	}
	if c := strings.Join(nonEmptyStrings(e.ContactName, e.ContactPhone), ", "); c != "" {
		desc = append(desc, "Ansprechperson: "+c)
	}
	desc = append(desc, "Bitte den Einsatznachweis "+e.Number+" mitbringen.")
	return model.ICalEvent{
		UID: e.ID + "@stabsstelle", Sequence: int(e.Version), Start: e.Start, End: e.End(), Stamp: now,
		Summary: summary + " (" + e.Number + ")", Location: loc, Description: strings.Join(desc, "\n"),
		Categories: []string{"Sprachmittlung"}, Status: status,
	}
}

func nonEmptyStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
