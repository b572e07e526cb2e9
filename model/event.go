package model

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The Netzwerk area's words (Veranstaltung, Arbeitskreis, Steuerungsgruppe,
// Runder Tisch, Themenfeld, Grundschulung, Protokoll) are explained in
// docs/GLOSSARY.md.

// EventType is the format of an event.
type EventType string

const (
	EventNetzwerktreffen EventType = "Netzwerktreffen"
	EventArbeitskreis    EventType = "Arbeitskreis"
	EventFortbildung     EventType = "Fortbildung"
	EventArbeitstreffen  EventType = "Arbeitstreffen"
	EventSteuerung       EventType = "Steuerungsgruppe"
	EventRunderTisch     EventType = "Runder Tisch"
	EventFachtag         EventType = "Fachtag"
	EventBegegnung       EventType = "Interkulturelle Begegnung"
)

// EventTypes lists the types in the order forms offer them.
var EventTypes = []EventType{EventNetzwerktreffen, EventArbeitskreis, EventFortbildung,
	EventArbeitstreffen, EventSteuerung, EventRunderTisch, EventFachtag, EventBegegnung}

// Valid reports whether t is a known type.
func (t EventType) Valid() bool { return slices.Contains(EventTypes, t) }

// Short is a label for narrow list columns (at most 11 characters).
func (t EventType) Short() string {
	switch t {
	case EventNetzwerktreffen:
		return "Netzwerk"
	case EventArbeitskreis:
		return "AK"
	case EventArbeitstreffen:
		return "Arbeitstr."
	case EventSteuerung:
		return "Steuerung"
	case EventRunderTisch:
		return "Runder T."
	case EventBegegnung:
		return "Begegnung"
	}
	return string(t)
}

// Themenfeld is one of the four Lebensfelder of the Integrationskonzept, or
// "übergreifend" for everything that spans them.
type Themenfeld string

const (
	ThemaBildung       Themenfeld = "Bildung"
	ThemaFamilie       Themenfeld = "Familienleben"
	ThemaTeilhabe      Themenfeld = "Gesellschaftliche Teilhabe"
	ThemaArbeit        Themenfeld = "Ausbildung und Arbeit"
	ThemaUebergreifend Themenfeld = "übergreifend"
)

// Themenfelder lists every choice, the four fields first.
var Themenfelder = []Themenfeld{ThemaBildung, ThemaFamilie, ThemaTeilhabe, ThemaArbeit, ThemaUebergreifend}

// Valid reports whether f is a known Themenfeld.
func (f Themenfeld) Valid() bool { return slices.Contains(Themenfelder, f) }

// Short is a compact label for narrow list columns.
func (f Themenfeld) Short() string {
	switch f {
	case ThemaBildung:
		return "Bildung"
	case ThemaFamilie:
		return "Familie"
	case ThemaTeilhabe:
		return "Teilhabe"
	case ThemaArbeit:
		return "Arbeit"
	case ThemaUebergreifend:
		return "übergr."
	}
	return string(f)
}

// Region is one of the county's five regions of the Runde Tische (docs/DOMAIN.md §0).
type Region string

const (
	RegionZentrum Region = "Zentrum"
	RegionNord    Region = "Nord"
	RegionSuedost Region = "Südost"
	RegionSued    Region = "Süd"
	RegionWest    Region = "West"
)

// Regions lists the five regions.
var Regions = []Region{RegionZentrum, RegionNord, RegionSuedost, RegionSued, RegionWest}

// Valid reports whether r is a known region; "" (whole county) is valid too.
func (r Region) Valid() bool { return r == "" || slices.Contains(Regions, r) }

// Gemeinden names the municipalities that belong to a region.
func (r Region) Gemeinden() string {
	switch r {
	case RegionZentrum:
		return "Stadt Gifhorn, SG Meinersen"
	case RegionNord:
		return "SG Hankensbüttel, Stadt Wittingen"
	case RegionSuedost:
		return "SG Boldecker Land, Gemeinde Sassenburg, Gemeinde Brome"
	case RegionSued:
		return "SG Papenteich, SG Isenbüttel"
	case RegionWest:
		return "SG Wesendorf"
	}
	return "ganzer Landkreis"
}

// EventStatus is where an event stands.
type EventStatus string

const (
	EventGeplant       EventStatus = "geplant"
	EventEingeladen    EventStatus = "Einladung versandt"
	EventDurchgefuehrt EventStatus = "durchgeführt"
	EventAbgesagt      EventStatus = "abgesagt"
)

// EventStatuses lists the statuses in their usual order.
var EventStatuses = []EventStatus{EventGeplant, EventEingeladen, EventDurchgefuehrt, EventAbgesagt}

// Valid reports whether s is a known status.
func (s EventStatus) Valid() bool { return slices.Contains(EventStatuses, s) }

// Gremien are the standing bodies whose members get a mailing list: the four
// Arbeitskreise, the Steuerungsgruppe and the Runde Tische of the regions.
var Gremien = func() []string {
	g := []string{
		"Arbeitskreis " + string(ThemaBildung),
		"Arbeitskreis " + string(ThemaFamilie),
		"Arbeitskreis " + string(ThemaTeilhabe),
		"Arbeitskreis " + string(ThemaArbeit),
		"Steuerungsgruppe",
	}
	for _, r := range Regions {
		g = append(g, "Runder Tisch "+string(r))
	}
	return g
}()

// ArbeitskreisFor names the Arbeitskreis of a Themenfeld.
func ArbeitskreisFor(f Themenfeld) string { return "Arbeitskreis " + string(f) }

// AttendanceCounts are the numbers that stay after contact data is erased.
type AttendanceCounts struct {
	Angemeldet      int `json:"angemeldet"`
	Warteliste      int `json:"warteliste"`
	Abgemeldet      int `json:"abgemeldet"`
	Teilgenommen    int `json:"teilgenommen"`
	NichtErschienen int `json:"nichtErschienen"`
	Hauptamt        int `json:"hauptamt"`
	Ehrenamt        int `json:"ehrenamt"`
}

// Add counts one registration.
func (c *AttendanceCounts) Add(status RegStatus, role Role) {
	switch status {
	case RegAngemeldet:
		c.Angemeldet++
	case RegWarteliste:
		c.Warteliste++
	case RegAbgemeldet:
		c.Abgemeldet++
	case RegTeilgenommen:
		c.Teilgenommen++
	case RegNichtErschienen:
		c.NichtErschienen++
	}
	if status == RegTeilgenommen {
		switch role {
		case RoleHauptamt:
			c.Hauptamt++
		case RoleEhrenamt:
			c.Ehrenamt++
		}
	}
}

// Occupied is the number of places taken: everyone who holds a place,
// whether still expected, there or absent.
func (c AttendanceCounts) Occupied() int { return c.Angemeldet + c.Teilgenommen + c.NichtErschienen }

// Event is a Veranstaltung of the Netzwerk Integration (number V-2026-003).
type Event struct {
	Meta
	Title         string       `json:"title"`
	Type          EventType    `json:"type"`
	Themenfelder  []Themenfeld `json:"themenfelder,omitempty"`
	Gremium       string       `json:"gremium,omitempty"` // body the meeting belongs to (model.Gremien)
	Region        Region       `json:"region,omitempty"`
	Start         time.Time    `json:"start"`
	End           time.Time    `json:"end"`
	Venue         string       `json:"venue,omitempty"`  // "Kreishaus I, Schlossplatz 1, 38518 Gifhorn"
	Room          string       `json:"room,omitempty"`   // "Sitzungssaal 1"
	Accessibility string       `json:"access,omitempty"` // "barrierefrei, Aufzug"
	OnlineLink    string       `json:"online,omitempty"` // video conference
	Organiser     string       `json:"organiser,omitempty"`
	Capacity      int          `json:"capacity,omitempty"` // 0 = unlimited
	Deadline      Date         `json:"deadline,omitzero"`  // registration deadline
	Status        EventStatus  `json:"status"`
	Description   string       `json:"description,omitempty"`
	// Grundschulung marks a Fortbildung as "Grundschulung Sprachmittlung":
	// attending it records the training in the person's interpreter profile.
	Grundschulung bool     `json:"grundschulung,omitempty"`
	Protokoll     string   `json:"protokoll,omitempty"`
	Decisions     []string `json:"decisions,omitempty"`
	// ICalSequence is the iCalendar SEQUENCE; the store raises it whenever
	// title, time, place or status change, so calendars replace the entry.
	ICalSequence int `json:"icalSequence"`
	// Erased is when contact data of the registrations was removed;
	// CountsAfterErase are the numbers kept at that moment.
	Erased           time.Time         `json:"erased,omitzero"`
	CountsAfterErase *AttendanceCounts `json:"countsAfterErase,omitempty"`
}

// Place is venue and room for one line.
func (e *Event) Place() string {
	p := joinNonEmpty(", ", e.Venue, e.Room)
	if p == "" && e.OnlineLink != "" {
		return "online"
	}
	return p
}

// When is "05.03.2026 14:00–16:30" in Berlin time.
func (e *Event) When() string {
	if e.Start.IsZero() {
		return ""
	}
	s := FormatDateTime(e.Start)
	if e.End.IsZero() {
		return s
	}
	if DateOf(e.End) == DateOf(e.Start) {
		return s + "–" + FormatTime(e.End)
	}
	return s + " – " + FormatDateTime(e.End)
}

// ThemenLabel joins the Themenfelder for display.
func (e *Event) ThemenLabel() string {
	s := make([]string, len(e.Themenfelder))
	for i, f := range e.Themenfelder {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// Past reports whether the event has ended at now.
func (e *Event) Past(now time.Time) bool {
	end := e.End
	if end.IsZero() {
		end = e.Start
	}
	return end.Before(now)
}

// RegistrationOpen reports whether people may still register at now.
func (e *Event) RegistrationOpen(now time.Time) bool {
	if e.Status == EventAbgesagt || e.Status == EventDurchgefuehrt {
		return false
	}
	return e.Deadline.IsZero() || !Today(now).After(e.Deadline)
}

// ICalChanged reports whether a change from old to e must raise SEQUENCE:
// RFC 5545 §3.8.7.4 asks for it when start, end, summary, location or status
// change.
func (e *Event) ICalChanged(old *Event) bool {
	return !e.Start.Equal(old.Start) || !e.End.Equal(old.End) || e.Title != old.Title ||
		e.Venue != old.Venue || e.Room != old.Room || e.Status != old.Status ||
		e.OnlineLink != old.OnlineLink
}

// ICalStatus maps the event status to the iCalendar STATUS value.
func (e *Event) ICalStatus() string {
	switch e.Status {
	case EventAbgesagt:
		return ICalCancelled
	case EventGeplant:
		return ICalTentative
	}
	return ICalConfirmed
}

// ICalUIDDomain makes UIDs globally unique (RFC 5545 §3.8.4.7).
const ICalUIDDomain = "stabsstelle.landkreis-gifhorn.de"

// ICal turns the event into a calendar entry; the UID comes from the record
// ID and so stays the same across exports.
func (e *Event) ICal(stamp time.Time) ICalEvent {
	cats := []string{string(e.Type)}
	for _, f := range e.Themenfelder {
		cats = append(cats, string(f))
	}
	desc := e.Description
	add := func(label, v string) {
		if v = strings.TrimSpace(v); v != "" {
			if desc != "" {
				desc += "\n"
			}
			desc += label + ": " + v
		}
	}
	add("Nr.", e.Number)
	add("Barrierefreiheit", e.Accessibility)
	add("Online", e.OnlineLink)
	add("Veranstalter", e.Organiser)
	if !e.Deadline.IsZero() {
		add("Anmeldung bis", e.Deadline.String())
	}
	return ICalEvent{
		UID:         e.ID + "@" + ICalUIDDomain,
		Sequence:    e.ICalSequence,
		Start:       e.Start,
		End:         e.End,
		Stamp:       stamp,
		Summary:     e.Title,
		Location:    e.Place(),
		Description: desc,
		URL:         e.OnlineLink,
		Categories:  cats,
		Status:      e.ICalStatus(),
	}
}

// Validate checks the event's fields; messages are keyed by form field.
func (e *Event) Validate() error {
	var v ValidationError
	e.validateTitle(&v)
	v.Check(e.Type.Valid(), "type", "Bitte eine Art der Veranstaltung wählen.")
	for _, f := range e.Themenfelder {
		if !f.Valid() {
			v.Add("themen", "Unbekanntes Themenfeld „"+string(f)+"“.")
		}
	}
	v.Check(e.Region.Valid(), "region", "Unbekannte Region – Zentrum, Nord, Südost, Süd oder West.")
	v.Check(e.Gremium == "" || slices.Contains(Gremien, e.Gremium), "gremium", "Unbekanntes Gremium.")
	e.validateSpan(&v)
	v.Check(e.Capacity >= 0 && e.Capacity <= 100000, "capacity", "Die Platzzahl muss zwischen 0 (unbegrenzt) und 100000 liegen.")
	v.Check(e.Status.Valid(), "status", "Bitte einen Status wählen.")
	if !e.Deadline.IsZero() && !e.Start.IsZero() {
		last := e.End
		if last.IsZero() {
			last = e.Start
		}
		v.Check(!e.Deadline.After(DateOf(last)), "deadline", "Der Anmeldeschluss liegt nach der Veranstaltung.")
	}
	if l := strings.TrimSpace(e.OnlineLink); l != "" && !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
		v.Add("online", "Der Online-Link beginnt mit https://.")
	}
	v.Check(!e.Grundschulung || e.Type == EventFortbildung, "grundschulung", "Nur eine Fortbildung kann Grundschulung Sprachmittlung sein.")
	for _, d := range e.Decisions {
		if strings.TrimSpace(d) == "" {
			v.Add("decisions", "Ein Beschluss ist leer.")
			break
		}
	}
	return v.Err()
}

// validateTitle wants a title of one line, at most 160 characters.
func (e *Event) validateTitle(v *ValidationError) {
	t := strings.TrimSpace(e.Title)
	switch {
	case t == "":
		v.Add("title", "Bitte einen Titel eingeben.")
	case utf8.RuneCountInString(t) > 160:
		v.Add("title", "Der Titel ist zu lang (höchstens 160 Zeichen).")
	case strings.ContainsAny(t, "\r\n"):
		v.Add("title", "Der Titel darf keine Zeilenumbrüche enthalten.")
	}
}

// validateSpan wants a start, and an end (if given) after it and at most
// 14 days later.
func (e *Event) validateSpan(v *ValidationError) {
	if e.Start.IsZero() {
		v.Add("start", "Bitte Datum und Uhrzeit des Beginns eingeben.")
	} else if !e.End.IsZero() && e.End.Before(e.Start) {
		v.Add("end", "Das Ende liegt vor dem Beginn.")
	} else if !e.End.IsZero() && e.End.Sub(e.Start) > 14*24*time.Hour {
		v.Add("end", "Eine Veranstaltung dauert höchstens 14 Tage.")
	}
}

// ParseThemenfelder reads "Bildung, Familienleben" (also the short labels);
// unknown words are returned in bad.
func ParseThemenfelder(s string) (out []Themenfeld, bad []string) {
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		p := strings.TrimSpace(part)
		if p == "" {
			continue
		}
		found := false
		for _, f := range Themenfelder {
			if strings.EqualFold(p, string(f)) || strings.EqualFold(p, f.Short()) {
				if !slices.Contains(out, f) {
					out = append(out, f)
				}
				found = true
				break
			}
		}
		if !found {
			bad = append(bad, p)
		}
	}
	return out, bad
}
