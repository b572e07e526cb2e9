package model

import (
	"math"
	"sort"
	"strings"
	"time"
)

// DefaultTravelBuffer is the gap kept before and after an on-site Einsatz
// so the interpreter can travel between appointments.
const DefaultTravelBuffer = 30 * time.Minute

// Booking is the part of an Einsatz that blocks an interpreter's time;
// the store builds them from its index without decoding whole records.
type Booking struct {
	EinsatzID     string
	Number        string
	InterpreterID string
	Start, End    time.Time
	OnSite        bool
}

// Candidate is an interpreter who could take an Einsatz, with what the
// ranking used.
type Candidate struct {
	Person       *Person
	DialectMatch bool // speaks the requested dialect (or none was asked)
	MonthCount   int  // Einsätze in the month of the request (fair share)
	DistanceKm   int  // from the interpreter's home place; 0 for phone/video
	Issues       []string
	// DroppedOut: the interpreter was booked for e and dropped out
	// (abgesprungen); ranked last so the search does not offer the
	// same person again first.
	DroppedOut bool
}

// DroppedOut lists the interpreters who dropped out of e (Sprachmittler:in
// abgesprungen).
func (e *Einsatz) DroppedOut() map[string]bool {
	out := map[string]bool{}
	for _, c := range e.StatusHistory {
		if c.Interpreter != "" && c.From == StatusVermittelt && c.To == StatusSuche {
			out[c.Interpreter] = true
		}
	}
	return out
}

// Place is an Ort of the county with approximate coordinates.
type Place struct {
	Name     string
	Lat, Lon float64
}

// Places are the towns and seats of the Samtgemeinden of Landkreis Gifhorn
// (and the neighbouring cities people commute from). Coordinates are
// approximate; they only rank interpreters by distance.
var Places = []Place{
	{"Gifhorn", 52.478, 10.546},
	{"Meinersen", 52.475, 10.354},
	{"Hankensbüttel", 52.733, 10.600},
	{"Wittingen", 52.727, 10.739},
	{"Weyhausen", 52.462, 10.720},
	{"Westerbeck", 52.517, 10.640},
	{"Brome", 52.598, 10.935},
	{"Meine", 52.387, 10.534},
	{"Isenbüttel", 52.433, 10.583},
	{"Wesendorf", 52.600, 10.527},
	{"Calberlah", 52.411, 10.623},
	{"Müden (Aller)", 52.528, 10.371},
	{"Leiferde", 52.436, 10.426},
	{"Groß Oesingen", 52.646, 10.455},
	{"Sprakensehl", 52.770, 10.490},
	{"Ehra-Lessien", 52.620, 10.770},
	{"Tappenbeck", 52.470, 10.745},
	{"Rötgesbüttel", 52.418, 10.530},
	{"Adenbüttel", 52.440, 10.487},
	{"Wagenhoff", 52.552, 10.520},
	{"Sassenburg", 52.517, 10.640},
	{"Wolfsburg", 52.423, 10.787},
	{"Braunschweig", 52.268, 10.526},
}

// Samtgemeinden maps the areas of the county (and their other names) to the
// place used as their centre.
var Samtgemeinden = map[string]string{
	"Gifhorn":        "Gifhorn",
	"Meinersen":      "Meinersen",
	"Hankensbüttel":  "Hankensbüttel",
	"Wittingen":      "Wittingen",
	"Boldecker Land": "Weyhausen",
	"Sassenburg":     "Westerbeck",
	"Brome":          "Brome",
	"Papenteich":     "Meine",
	"Isenbüttel":     "Isenbüttel",
	"Wesendorf":      "Wesendorf",
}

// SamtgemeindeNames lists the county's areas, sorted, for forms.
func SamtgemeindeNames() []string {
	out := make([]string, 0, len(Samtgemeinden))
	for k := range Samtgemeinden {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// FallbackDistanceKm is used when a place is not in the table: far enough
// to rank behind known nearby interpreters.
const FallbackDistanceKm = 40

// LookupPlace finds a place by name, also "38518 Gifhorn", a Samtgemeinde
// name or "Gifhorn-Gamsen" (the part before the hyphen).
func LookupPlace(name string) (Place, bool) {
	n := strings.TrimSpace(name)
	if i := strings.IndexByte(n, ' '); i == 5 && strings.IndexFunc(n[:5], func(r rune) bool { return r < '0' || r > '9' }) < 0 {
		n = strings.TrimSpace(n[5:])
	}
	try := []string{n}
	if i := strings.IndexAny(n, "-,"); i > 0 {
		try = append(try, strings.TrimSpace(n[:i]))
	}
	for _, t := range try {
		if c, ok := Samtgemeinden[t]; ok {
			t = c
		}
		for _, p := range Places {
			if strings.EqualFold(p.Name, t) {
				return p, true
			}
		}
		for sg, c := range Samtgemeinden {
			if strings.EqualFold(sg, t) {
				for _, p := range Places {
					if p.Name == c {
						return p, true
					}
				}
			}
		}
	}
	return Place{}, false
}

// PlaceDistance is the approximate road distance in km between two places
// (straight line × 1,3), or FallbackDistanceKm when either is unknown.
func PlaceDistance(a, b string) int {
	pa, ok1 := LookupPlace(a)
	pb, ok2 := LookupPlace(b)
	if !ok1 || !ok2 {
		return FallbackDistanceKm
	}
	const r = 6371.0
	la1, la2 := pa.Lat*math.Pi/180, pb.Lat*math.Pi/180
	dla, dlo := la2-la1, (pb.Lon-pa.Lon)*math.Pi/180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	d := 2 * r * math.Asin(math.Sqrt(h)) * 1.3
	return int(math.Round(d))
}

// Overlaps reports whether Einsatz e (start, end, on site) collides with
// booking b, keeping buffer before and after whenever either of them is on
// site.
func Overlaps(start, end time.Time, onSite bool, b Booking, buffer time.Duration) bool {
	pad := time.Duration(0)
	if onSite || b.OnSite {
		pad = buffer
	}
	return start.Before(b.End.Add(pad)) && b.Start.Before(end.Add(pad))
}

// Conflict checks whether interpreterID is free for e. ok is true when the
// interpreter is free; otherwise conflictingNumber names the booked
// Einsatz (E-2026-0042) that overlaps, buffer included. Bookings of e itself
// are ignored.
func Conflict(e *Einsatz, interpreterID string, bookings []Booking, buffer time.Duration) (conflictingNumber string, ok bool) {
	for _, b := range bookings {
		if b.InterpreterID != interpreterID || (e.ID != "" && b.EinsatzID == e.ID) {
			continue
		}
		if Overlaps(e.Start, e.End(), e.OnSite(), b, buffer) {
			return b.Number, false
		}
	}
	return "", true
}

// Candidates lists the interpreters who can take Einsatz e: they speak the
// language, fit the gender preference and the setting, are active and
// trained, and have no overlapping booking (buffer for on-site work).
// Ranking: whoever dropped out of e last, before that exact dialect
// first, then fewest Einsätze in the month of e (fair share), then
// distance, then name. Bookings should cover at least
// the month of e.
func Candidates(e *Einsatz, interpreters []*Person, bookings []Booking, now time.Time, buffer time.Duration) []Candidate {
	d := DateOf(e.Start)
	monthStart := At(NewDate(d.Year, d.Month, 1), 0)
	monthEnd := At(NewDate(d.Year, d.Month+1, 1), 0)
	perMonth := map[string]int{}
	for _, b := range bookings {
		if b.EinsatzID != e.ID && !b.Start.Before(monthStart) && b.Start.Before(monthEnd) {
			perMonth[b.InterpreterID]++
		}
	}
	today := Today(now)
	dropped := e.DroppedOut()
	var out []Candidate
	for _, p := range interpreters {
		ip := p.Interpreter
		if ip == nil || !ip.Active || !ip.Trained() {
			continue
		}
		speaks, dialect := ip.Speaks(e.Language, e.Dialect)
		if !speaks {
			continue
		}
		if e.GenderPref != GenderUnknown && p.Gender != e.GenderPref {
			continue
		}
		if !ip.Offers(e.Setting) {
			continue
		}
		if _, free := Conflict(e, p.ID, bookings, buffer); !free {
			continue
		}
		c := Candidate{Person: p, DialectMatch: dialect, MonthCount: perMonth[p.ID], Issues: ip.Issues(today), DroppedOut: dropped[p.ID]}
		if e.OnSite() {
			c.DistanceKm = PlaceDistance(ip.HomePlace, e.Place)
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.DroppedOut != b.DroppedOut {
			return b.DroppedOut
		}
		if a.DialectMatch != b.DialectMatch {
			return a.DialectMatch
		}
		if a.MonthCount != b.MonthCount {
			return a.MonthCount < b.MonthCount
		}
		if a.DistanceKm != b.DistanceKm {
			return a.DistanceKm < b.DistanceKm
		}
		return a.Person.Name < b.Person.Name
	})
	return out
}
