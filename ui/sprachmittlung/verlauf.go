package sprachmittlung

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/history"
)

// The Verlauf (V) of an Einsatz in the words of the detail screen: status
// labels instead of keys ("nicht_vermittelbar"), names instead of IDs, the
// reason of a status change, times in Berlin, amounts in euros. The
// generic field diff would show the record's JSON.
func init() { history.Register(store.KindEinsatz, describeEinsatz) }

// einsatzFields are the JSON fields describeEinsatz covers; any other
// change is listed by the generic diff, so nothing goes unmentioned.
var einsatzFields = []string{"organisationId", "contactPersonId", "contactName", "contactPhone", "contactEmail",
	"language", "dialect", "clientRef", "clientCountry", "topic", "setting", "place", "address", "meetingPoint",
	"onSiteContact", "start", "duration", "altDates", "genderPref", "urgent", "urgentReason", "notes",
	"interpreterId", "status", "statusHistory", "overrides", "nachweis", "cancellation", "claimId", "number"}

func describeEinsatz(tx *store.Tx, e store.JournalEntry) []string {
	before, okB := decodeEinsatz(e.Before)
	after, okA := decodeEinsatz(e.After)
	if !okB || !okA {
		return nil // unreadable: the generic diff shows what there is
	}
	if after == nil {
		return []string{"Einsatz gelöscht"}
	}
	d := &einsatzDiff{tx: tx, names: map[string]string{}, before: before, after: after, created: before == nil}
	if d.created {
		d.before = &model.Einsatz{}
	}
	d.change("Status", statusText(d.before.Status), statusText(after.Status))
	d.steps()
	d.fields()
	d.overrides()
	d.change("Einsatznachweis", nachweisText(d.before.Nachweis), nachweisText(after.Nachweis))
	d.change("Absage", cancelText(d.before.Cancellation), cancelText(after.Cancellation))
	d.change("Abgerechnet über", claimText(tx, d.before.ClaimID), claimText(tx, after.ClaimID))
	d.others(e)
	return d.out
}

// einsatzDiff collects the lines of one write to an Einsatz; a new one
// (created) lists its values, a change old → new.
type einsatzDiff struct {
	tx            *store.Tx
	names         map[string]string // IDs looked up → names, once per write
	before, after *model.Einsatz
	created       bool
	out           []string
}

func (d *einsatzDiff) change(label, old, new string) {
	if old == new {
		return
	}
	if d.created {
		d.out = append(d.out, label+": "+new)
		return
	}
	d.out = append(d.out, label+": "+orDash(old)+" → "+orDash(new))
}

// steps are the status steps of this write, each with its reason (one
// step is the Status line).
func (d *einsatzDiff) steps() {
	steps := d.after.StatusHistory[min(len(d.before.StatusHistory), len(d.after.StatusHistory)):]
	for _, c := range steps {
		if len(steps) > 1 && !d.created {
			d.out = append(d.out, "  "+labelOr(c.From, "neu")+" → "+c.To.Label())
		}
		if c.Reason != "" {
			d.out = append(d.out, "  Grund: "+oneLine(c.Reason))
		}
	}
}

// fields are the fields of the request form, in the order of the detail
// screen.
func (d *einsatzDiff) fields() {
	b, a := d.before, d.after
	d.change("Termin", whenText(b), whenText(a))
	d.change("Ausweichtermine", altText(b.AltDates), altText(a.AltDates))
	d.change("Sprache", b.LanguageLabel(), a.LanguageLabel())
	d.change("Sprachmittler:in", d.person(b.InterpreterID), d.person(a.InterpreterID))
	d.change("Einrichtung", d.org(b.OrganisationID), d.org(a.OrganisationID))
	d.change("Ansprechperson", contactText(b, d.person), contactText(a, d.person))
	d.change("Einsatzform", settingText(b.Setting), settingText(a.Setting))
	d.change("Ort", b.Place, a.Place)
	d.change("Adresse", b.Address, a.Address)
	d.change("Treffpunkt", b.MeetingPoint, a.MeetingPoint)
	d.change("Kontakt vor Ort", b.OnSiteContact, a.OnSiteContact)
	d.change("Themenbereich", topicText(b.Topic), topicText(a.Topic))
	d.change("Klient:in", b.ClientRef, a.ClientRef)
	d.change("Herkunftsland", b.ClientCountry, a.ClientCountry)
	d.change("Geschlecht", genderText(b), genderText(a))
	d.change("Eilt", urgentText(b), urgentText(a))
	d.change("Notizen", oneLine(b.Notes), oneLine(a.Notes))
}

// overrides are the intake rules overridden by this write.
func (d *einsatzDiff) overrides() {
	for _, o := range d.after.Overrides {
		if !slices.Contains(d.before.Overrides, o) {
			d.out = append(d.out, "Hinweis übergangen: "+ruleLabel(o.Rule)+" – "+o.Reason)
		}
	}
}

// others lists anything else (a field added later) as the generic diff
// shows it.
func (d *einsatzDiff) others(e store.JournalEntry) {
	for _, c := range store.Diff(e.Before, e.After) {
		top, _, _ := strings.Cut(c.Field, ".")
		if slices.Contains(einsatzFields, top) {
			continue
		}
		d.out = append(d.out, history.Label(c.Field)+": "+orDash(c.Old)+" → "+orDash(c.New))
	}
}

func (d *einsatzDiff) person(id string) string {
	return d.name(id, func() (string, error) {
		p, err := store.People.Get(d.tx, id)
		if err != nil {
			return "", err
		}
		return p.Name, nil
	})
}

func (d *einsatzDiff) org(id string) string {
	return d.name(id, func() (string, error) {
		o, err := store.Organisations.Get(d.tx, id)
		if err != nil {
			return "", err
		}
		return o.Name, nil
	})
}

// name looks an ID up once; a record deleted since is "(gelöscht)".
func (d *einsatzDiff) name(id string, get func() (string, error)) string {
	if id == "" {
		return ""
	}
	if n, ok := d.names[id]; ok {
		return n
	}
	n := "(gelöscht)"
	if got, err := get(); err == nil {
		n = got
	}
	d.names[id] = n
	return n
}

func decodeEinsatz(raw []byte) (*model.Einsatz, bool) {
	if len(strings.TrimSpace(string(raw))) == 0 || string(raw) == "null" {
		return nil, true
	}
	var e model.Einsatz
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, false
	}
	return &e, true
}

func statusText(s model.Status) string {
	if s == "" {
		return ""
	}
	return s.Label()
}

func whenText(e *model.Einsatz) string {
	if e.Start.IsZero() {
		return ""
	}
	day := model.DateOf(e.Start)
	return fmt.Sprintf("%s %s, %s–%s", day.WeekdayShort(), day, model.FormatTime(e.Start), model.FormatTime(e.End()))
}

func altText(ts []time.Time) string {
	var out []string
	for _, t := range ts {
		out = append(out, model.FormatDateTime(t))
	}
	return strings.Join(out, ", ")
}

func contactText(e *model.Einsatz, person func(string) string) string {
	name := e.ContactName
	if name == "" {
		name = person(e.ContactPersonID)
	}
	return strings.Join(nonEmpty(name, e.ContactPhone, e.ContactEmail), " · ")
}

func settingText(s model.Setting) string {
	if s == "" {
		return ""
	}
	return s.Label()
}

func topicText(t model.Topic) string {
	if t == "" {
		return ""
	}
	return t.Label()
}

func genderText(e *model.Einsatz) string {
	if e.GenderPref == model.GenderUnknown {
		return ""
	}
	return e.GenderWish()
}

func urgentText(e *model.Einsatz) string {
	if !e.Urgent {
		return ""
	}
	return strings.Join(nonEmpty("ja", e.UrgentReason), " – ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func nachweisText(n *model.Einsatznachweis) string {
	if n == nil {
		return ""
	}
	s := fmt.Sprintf("%s–%s", model.FormatDateTime(n.ActualStart), model.FormatTime(n.ActualEnd))
	if n.WaitingMinutes > 0 {
		s += fmt.Sprintf(", Wartezeit %d min", n.WaitingMinutes)
	}
	if n.Km > 0 {
		s += ", " + n.Km.String()
	}
	return s + ", " + n.Amount.String()
}

func cancelText(c *model.Cancellation) string {
	if c == nil {
		return ""
	}
	s := "von " + c.By.Label() + ", eingegangen " + model.FormatDateTime(c.At)
	if c.Reason != "" {
		s += ", " + c.Reason
	}
	if c.Late || c.Ausfallpauschale > 0 {
		s += ", kurzfristig"
	} else {
		s += ", rechtzeitig"
	}
	if c.Override != "" {
		s += " (abweichend von der Frist: " + c.Override + ")"
	}
	if c.Ausfallpauschale > 0 {
		s += ", Ausfallpauschale " + c.Ausfallpauschale.String()
	}
	return s
}

func claimText(tx *store.Tx, id string) string {
	if id == "" {
		return ""
	}
	if c, err := store.Claims.Get(tx, id); err == nil && c.Number != "" {
		return "Antrag " + c.Number
	}
	return "Antrag (gelöscht)"
}
