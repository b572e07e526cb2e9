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
	names := map[string]string{}
	person := func(id string) string {
		if id == "" {
			return ""
		}
		if n, ok := names[id]; ok {
			return n
		}
		n := "(gelöscht)"
		if p, err := store.People.Get(tx, id); err == nil {
			n = p.Name
		}
		names[id] = n
		return n
	}
	org := func(id string) string {
		if id == "" {
			return ""
		}
		if n, ok := names[id]; ok {
			return n
		}
		n := "(gelöscht)"
		if o, err := store.Organisations.Get(tx, id); err == nil {
			n = o.Name
		}
		names[id] = n
		return n
	}
	var out []string
	created := before == nil
	if created {
		before = &model.Einsatz{}
	}
	change := func(label, old, new string) {
		if old == new {
			return
		}
		if created {
			out = append(out, label+": "+new)
			return
		}
		out = append(out, label+": "+orDash(old)+" → "+orDash(new))
	}
	change("Status", statusText(before.Status), statusText(after.Status))
	// the steps of this write, each with its reason (one step is the
	// Status line above)
	steps := after.StatusHistory[min(len(before.StatusHistory), len(after.StatusHistory)):]
	for _, c := range steps {
		if len(steps) > 1 && !created {
			out = append(out, "  "+labelOr(c.From, "neu")+" → "+c.To.Label())
		}
		if c.Reason != "" {
			out = append(out, "  Grund: "+oneLine(c.Reason))
		}
	}
	change("Termin", whenText(before), whenText(after))
	change("Ausweichtermine", altText(before.AltDates), altText(after.AltDates))
	change("Sprache", before.LanguageLabel(), after.LanguageLabel())
	change("Sprachmittler:in", person(before.InterpreterID), person(after.InterpreterID))
	change("Einrichtung", org(before.OrganisationID), org(after.OrganisationID))
	change("Ansprechperson", contactText(before, person), contactText(after, person))
	change("Einsatzform", settingText(before.Setting), settingText(after.Setting))
	change("Ort", before.Place, after.Place)
	change("Adresse", before.Address, after.Address)
	change("Treffpunkt", before.MeetingPoint, after.MeetingPoint)
	change("Kontakt vor Ort", before.OnSiteContact, after.OnSiteContact)
	change("Themenbereich", topicText(before.Topic), topicText(after.Topic))
	change("Klient:in", before.ClientRef, after.ClientRef)
	change("Herkunftsland", before.ClientCountry, after.ClientCountry)
	change("Geschlecht", genderText(before), genderText(after))
	change("Eilt", urgentText(before), urgentText(after))
	change("Notizen", oneLine(before.Notes), oneLine(after.Notes))
	for _, o := range after.Overrides {
		if !slices.Contains(before.Overrides, o) {
			out = append(out, "Hinweis übergangen: "+ruleLabel(o.Rule)+" – "+o.Reason)
		}
	}
	change("Einsatznachweis", nachweisText(before.Nachweis), nachweisText(after.Nachweis))
	change("Absage", cancelText(before.Cancellation), cancelText(after.Cancellation))
	change("Abgerechnet über", claimText(tx, before.ClaimID), claimText(tx, after.ClaimID))
	// anything else (a field added later) as the generic diff shows it
	for _, c := range store.Diff(e.Before, e.After) {
		top, _, _ := strings.Cut(c.Field, ".")
		if slices.Contains(einsatzFields, top) {
			continue
		}
		out = append(out, history.Label(c.Field)+": "+orDash(c.Old)+" → "+orDash(c.New))
	}
	return out
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
