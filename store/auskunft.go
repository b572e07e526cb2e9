package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"stabsstelle/model"
)

// Auskunft (Art. 15 DSGVO) is everything the program holds about one
// person across the three tabs: the person record, the Einsätze they
// interpreted or were the contact of, claims, payouts and Rückforderungen,
// registrations, tasks, and the journal entries of the person record. It is
// the JSON the export writes beside the readable text; field names are
// stable.
type Auskunft struct {
	Created time.Time       `json:"created"`
	By      string          `json:"by"`
	Person  json.RawMessage `json:"person"` // the stored record, every field
	Name    string          `json:"name"`
	Roles   []string        `json:"roles"`
	// Organisation is the name of the institution the person belongs to.
	Organisation  string                 `json:"organisation,omitempty"`
	Restricted    *model.Restriction     `json:"restricted,omitempty"`
	Einsaetze     []AuskunftEinsatz      `json:"einsaetze"`
	Claims        []AuskunftClaim        `json:"claims"`
	Payouts       []AuskunftPayout       `json:"payouts"`
	Reclaims      []AuskunftReclaim      `json:"reclaims"`
	Registrations []AuskunftRegistration `json:"registrations"`
	Tasks         []AuskunftTask         `json:"tasks"`
	Journal       []AuskunftJournal      `json:"journal"`
}

// AuskunftEinsatz is one Einsatz the person interpreted or was the
// institution's contact of.
type AuskunftEinsatz struct {
	Number       string    `json:"number"`
	Start        time.Time `json:"start"`
	Language     string    `json:"language"`
	Organisation string    `json:"organisation"`
	Place        string    `json:"place,omitempty"`
	Status       string    `json:"status"`
	As           string    `json:"as"` // "Sprachmittler:in" or "Ansprechperson"
}

// AuskunftClaim is one claim (Antrag) of the person.
type AuskunftClaim struct {
	Number  string      `json:"number"`
	From    model.Date  `json:"from"`
	To      model.Date  `json:"to"`
	Project string      `json:"project,omitempty"`
	Purpose string      `json:"purpose,omitempty"`
	Total   model.Money `json:"totalCents"`
	Status  string      `json:"status"`
}

// AuskunftPayout is the person's transfer in one payout run. The IBAN is
// shown in full only if the account holder is the person; another
// holder's IBAN is masked.
type AuskunftPayout struct {
	Run    string      `json:"run"`
	Date   time.Time   `json:"date"`
	Claim  string      `json:"claim"`
	Holder string      `json:"holder"`
	IBAN   string      `json:"iban"`
	Amount model.Money `json:"amountCents"`
}

// AuskunftReclaim is one Rückforderung of the person.
type AuskunftReclaim struct {
	Number string      `json:"number"`
	Claim  string      `json:"claim"`
	Amount model.Money `json:"amountCents"`
	Reason string      `json:"reason"`
	Status string      `json:"status"`
}

// AuskunftRegistration is one registration for an event.
type AuskunftRegistration struct {
	Event      string    `json:"event"`
	Title      string    `json:"title"`
	Start      time.Time `json:"start"`
	Status     string    `json:"status"`
	Role       string    `json:"role,omitempty"`
	CheckedIn  time.Time `json:"checkedIn,omitzero"`
	Registered time.Time `json:"registered"`
}

// AuskunftTask is one task the person is responsible for.
type AuskunftTask struct {
	Text   string     `json:"text"`
	Due    model.Date `json:"due,omitzero"`
	Status string     `json:"status"`
}

// AuskunftJournal is one change of the person record: who, when, what
// kind, which fields.
type AuskunftJournal struct {
	At     time.Time `json:"at"`
	Who    string    `json:"who"`
	Op     string    `json:"op"`
	Fields []string  `json:"fields,omitempty"`
	Note   string    `json:"note,omitempty"`
}

// AuskunftOf collects the Auskunft about person id.
func AuskunftOf(tx *Tx, id string) (*Auskunft, error) {
	p, err := People.Get(tx, id)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	a := &Auskunft{Created: tx.Now(), Person: raw, Name: p.Name, Roles: p.Roles(), Restricted: p.Restricted,
		Organisation: OrganisationName(tx, p.OrganisationID),
		Einsaetze:    []AuskunftEinsatz{}, Claims: []AuskunftClaim{}, Payouts: []AuskunftPayout{}, Reclaims: []AuskunftReclaim{},
		Registrations: []AuskunftRegistration{}, Tasks: []AuskunftTask{}, Journal: []AuskunftJournal{}}
	if a.Roles == nil {
		a.Roles = []string{}
	}
	steps := []func(*Tx, string) error{a.addEinsaetze, a.addClaims, a.addPayouts,
		a.addReclaims, a.addRegistrations, a.addTasks, a.addJournal}
	for _, step := range steps {
		if err := step(tx, id); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// addEinsaetze adds the Einsätze the person interpreted or was the
// contact of, by start.
func (a *Auskunft) addEinsaetze(tx *Tx, id string) error {
	if err := Einsaetze.Each(tx, func(e *model.Einsatz) error {
		as := ""
		switch id {
		case e.InterpreterID:
			as = "Sprachmittler:in"
		case e.ContactPersonID:
			as = "Ansprechperson"
		default:
			return nil
		}
		a.Einsaetze = append(a.Einsaetze, AuskunftEinsatz{Number: e.Number, Start: e.Start, Language: e.Language,
			Organisation: OrganisationName(tx, e.OrganisationID), Place: e.Place, Status: e.Status.Label(), As: as})
		return nil
	}); err != nil {
		return err
	}
	sort.Slice(a.Einsaetze, func(i, j int) bool { return a.Einsaetze[i].Start.Before(a.Einsaetze[j].Start) })
	return nil
}

func (a *Auskunft) addClaims(tx *Tx, id string) error {
	return Claims.Each(tx, func(c *model.Claim) error {
		if c.PersonID == id {
			a.Claims = append(a.Claims, AuskunftClaim{Number: c.Number, From: c.PeriodFrom, To: c.PeriodTo,
				Project: c.Project, Purpose: c.Purpose, Total: c.Total(), Status: c.Status.Label()})
		}
		return nil
	})
}

// addPayouts adds the person's transfers; the IBAN is shown in full only
// where the account holder is the person (a.Name).
func (a *Auskunft) addPayouts(tx *Tx, id string) error {
	return Payouts.Each(tx, func(r *model.PayoutRun) error {
		for _, it := range r.Items {
			if it.PersonID != id {
				continue
			}
			iban := it.IBAN.Masked()
			if sameName(it.Name, a.Name) {
				iban = it.IBAN.String()
			}
			a.Payouts = append(a.Payouts, AuskunftPayout{Run: r.Number, Date: r.Created, Claim: it.Number,
				Holder: it.Name, IBAN: iban, Amount: it.Amount})
		}
		return nil
	})
}

func (a *Auskunft) addReclaims(tx *Tx, id string) error {
	return Reclaims.Each(tx, func(r *model.Reclaim) error {
		if r.PersonID == id {
			a.Reclaims = append(a.Reclaims, AuskunftReclaim{Number: r.Number, Claim: r.ClaimNumber, Amount: r.Amount,
				Reason: r.Reason, Status: r.Status.Label()})
		}
		return nil
	})
}

func (a *Auskunft) addRegistrations(tx *Tx, id string) error {
	return Registrations.Scan(tx, "person", netKeyFrom(id), netKeyTo(id), func(rid string, _, _ []byte) error {
		r, err := Registrations.Get(tx, rid)
		if err != nil {
			return err
		}
		ar := AuskunftRegistration{Event: r.EventID, Status: string(r.Status), Role: r.Role.Label(),
			CheckedIn: r.CheckedInAt, Registered: r.RegisteredAt}
		if ev, err := Events.Get(tx, r.EventID); err == nil {
			ar.Event, ar.Title, ar.Start = ev.Number, ev.Title, ev.Start
		}
		a.Registrations = append(a.Registrations, ar)
		return nil
	})
}

func (a *Auskunft) addTasks(tx *Tx, id string) error {
	return Tasks.Each(tx, func(t *model.Task) error {
		if t.OwnerPersonID == id {
			a.Tasks = append(a.Tasks, AuskunftTask{Text: t.Text, Due: t.Due, Status: string(t.Status)})
		}
		return nil
	})
}

// addJournal adds the changes of the person record: which fields, not
// their values.
func (a *Auskunft) addJournal(tx *Tx, id string) error {
	entries, err := tx.historyEntries(id)
	if err != nil {
		return err
	}
	for _, e := range entries {
		j := AuskunftJournal{At: e.At, Who: e.Who, Op: OpLabel(e.Op), Note: e.Erased}
		for _, d := range e.Changes {
			j.Fields = append(j.Fields, strings.Join(d.Path, "."))
		}
		a.Journal = append(a.Journal, j)
	}
	return nil
}

func sameName(a, b string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	return norm(a) == norm(b)
}

// personLabels are the German names of the person record's fields; a
// field without one is shown by its stored name.
var personLabels = map[string]string{
	"id": "Kennung", "number": "Nummer", "version": "Version", "created": "angelegt am", "createdBy": "angelegt von",
	"updated": "zuletzt geändert am", "updatedBy": "zuletzt geändert von", "name": "Name", "gender": "Geschlecht",
	"email": "E-Mail", "phone": "Telefon", "street": "Straße", "postalCode": "PLZ", "city": "Ort",
	"organisationId": "Einrichtung (Kennung)", "function": "Funktion", "notes": "Notizen",
	"interpreter": "Sprachmittlung", "volunteer": "Ehrenamt", "network": "Netzwerk", "restricted": "Einschränkung",
}

// profileLabels are the German names of the fields inside the profiles
// (Sprachmittlung, Ehrenamt, Netzwerk) and the restriction.
var profileLabels = map[string]string{
	"languages": "Sprachen", "settings": "Einsatzarten", "samtgemeinden": "Samtgemeinden", "mobility": "Mobilität",
	"homePlace": "Wohnort", "schweigepflicht": "Schweigepflichterklärung am", "fuehrungszeugnisSeen": "Führungszeugnis eingesehen am",
	"fuehrungszeugnisValidUntil": "Führungszeugnis gültig bis", "grundschulung": "Grundschulung am",
	"ehrenamtsvereinbarung": "Ehrenamtsvereinbarung am", "active": "aktiv (buchbar)", "notes": "Notizen",
	"iban": "IBAN", "bic": "BIC", "accountHolder": "Kontoinhaber:in", "projects": "Projekte", "limitKind": "Freibetrag",
	"themenfelder": "Themenfelder", "arbeitskreise": "Arbeitskreise",
	"since": "seit", "by": "von", "until": "bis", "reason": "Grund",
}

// PersonFields lists every stored field of the person as label and value,
// sorted by the stored names, with German labels. Values are shown whole:
// the history view shortens long texts, an Auskunft must not.
func (a *Auskunft) PersonFields() [][2]string {
	var v any
	dec := json.NewDecoder(bytes.NewReader(a.Person))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	flat := map[string]string{}
	flattenInto(flat, "", v, 0, wholeValue)
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([][2]string, 0, len(keys))
	for _, k := range keys {
		head, rest, _ := strings.Cut(k, ".")
		label := k
		if l, ok := personLabels[head]; ok {
			label = l
			if rest != "" {
				if sub, ok := profileLabels[rest]; ok {
					rest = sub
				}
				label += ": " + rest
			}
		}
		v := flat[k]
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			v = model.FormatDateTime(t)
		} else if d, err := model.ParseISODate(v); err == nil {
			v = d.String()
		}
		out = append(out, [2]string{label, v})
	}
	return out
}

// wholeValue shows a value whole for the Auskunft: lists on one line, an
// object in a list by its values ("Tigrinya (muttersprache)").
func wholeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "ja"
		}
		return "nein"
	case json.Number:
		return x.String()
	case []any:
		return wholeList(x)
	case map[string]any:
		return wholeObject(x)
	}
	return fmt.Sprint(v)
}

// wholeList shows a list on one line.
func wholeList(x []any) string {
	parts := make([]string, 0, len(x))
	for _, e := range x {
		if s := wholeValue(e); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// wholeObject shows an object by its values, what it is about first:
// "Tigrinya (Eritrea, muttersprache)".
func wholeObject(x map[string]any) string {
	keys := make([]string, 0, len(x))
	for k := range x {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		li, lj := keys[i] == "language" || keys[i] == "name", keys[j] == "language" || keys[j] == "name"
		if li != lj {
			return li
		}
		return keys[i] < keys[j]
	})
	var vals []string
	for _, k := range keys {
		if s := wholeValue(x[k]); s != "" {
			vals = append(vals, s)
		}
	}
	if len(vals) > 1 {
		return vals[0] + " (" + strings.Join(vals[1:], ", ") + ")"
	}
	return strings.Join(vals, "")
}
