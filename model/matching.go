package model

import (
	"fmt"
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

// placeAreas names the area (a key of Samtgemeinden) each place of
// Places belongs to; "" marks a place outside the county.
var placeAreas = map[string]string{
	"Gifhorn": "Gifhorn", "Meinersen": "Meinersen", "Hankensbüttel": "Hankensbüttel", "Wittingen": "Wittingen",
	"Weyhausen": "Boldecker Land", "Tappenbeck": "Boldecker Land", "Westerbeck": "Sassenburg", "Sassenburg": "Sassenburg",
	"Brome": "Brome", "Ehra-Lessien": "Brome", "Meine": "Papenteich", "Rötgesbüttel": "Papenteich", "Adenbüttel": "Papenteich",
	"Isenbüttel": "Isenbüttel", "Calberlah": "Isenbüttel", "Wesendorf": "Wesendorf", "Groß Oesingen": "Wesendorf",
	"Wagenhoff": "Wesendorf", "Müden (Aller)": "Meinersen", "Leiferde": "Meinersen", "Sprakensehl": "Hankensbüttel",
	"Wolfsburg": "", "Braunschweig": "",
}

// AreaOf returns the area of the county (a key of Samtgemeinden) that
// place lies in; area is "" for a known place outside the county and
// known is false when the place is not in Places at all.
func AreaOf(place string) (area string, known bool) {
	n := strings.TrimSpace(place)
	for a := range Samtgemeinden {
		if strings.EqualFold(a, n) {
			return a, true
		}
	}
	p, ok := LookupPlace(n)
	if !ok {
		return "", false
	}
	return placeAreas[p.Name], true
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

// Exclusion says in German why interpreter p cannot take e – apart from
// other bookings, which only the caller knows – or "" when p can: the
// language, paused, papers and training (BookingProblem), a gender the
// request requires, the setting, and for on-site work the areas p serves.
// The first reason found is given; the order is that of this list.
func Exclusion(e *Einsatz, p *Person, today Date) string {
	ip := p.Interpreter
	if ip == nil {
		return "nicht als Sprachmittler:in eingetragen"
	}
	if speaks, _ := ip.Speaks(e.Language, ""); !speaks {
		return "spricht " + e.Language + " nicht"
	}
	if !ip.Active {
		return "pausiert"
	}
	if s := ip.BookingProblem(today, DateOf(e.Start)); s != "" {
		return s
	}
	if e.GenderRequired && e.GenderPref != GenderUnknown && p.Gender != e.GenderPref {
		return e.GenderWish() + " angefragt"
	}
	if !ip.Offers(e.Setting) {
		return "Einsatzform „" + e.Setting.Label() + "“ nicht angeboten"
	}
	if e.OnSite() && !ip.Serves(e.Place) {
		return "außerhalb der Region (Einsatzgebiet: " + strings.Join(ip.Samtgemeinden, ", ") + ")"
	}
	return ""
}

// Candidate is an interpreter who can take an Einsatz, with what the
// ranking used.
type Candidate struct {
	Person       *Person
	DialectMatch bool   // speaks the requested dialect (or none was asked)
	Dialect      string // German label of the dialect situation, "" when none was asked
	Level        Level  // best level in the language
	GenderMatch  bool   // fits the gender preference (true when there is none)
	MonthCount   int    // Einsätze in the month of the request (fair share)
	DistanceKm   int    // from the interpreter's home place; 0 for phone/video
	Distance     bool   // DistanceKm means something (on site, place known)
	Issues       []string
	// DroppedOut: the interpreter was booked for e and dropped out
	// (abgesprungen); ranked last so the search does not offer the
	// same person again first.
	DroppedOut bool
}

// Excluded is an interpreter of the requested language who is not
// offered, with the one reason why.
type Excluded struct {
	Person *Person
	Reason string
	// Busy is the E-number of the overlapping booking when that is the
	// reason.
	Busy  string
	order int // closest to bookable first
}

// Matching is the answer of "who could go": every interpreter of the
// language, either offered (ranked) or excluded (with the reason).
type Matching struct {
	Offered  []Candidate
	Excluded []Excluded
}

// Reasons are the German reasons of a candidate's rank in the order the
// ranking weighs them, then the hints about papers.
func (c Candidate) Reasons(e *Einsatz) []string {
	var why []string
	if c.DroppedOut {
		why = append(why, "hat diesen Einsatz abgesagt")
	}
	if c.Dialect != "" {
		why = append(why, c.Dialect)
	} else {
		lang := CanonicalLanguage(e.Language)
		if c.Level != "" {
			lang += ", " + c.Level.Label()
		}
		why = append(why, lang)
	}
	if e.GenderPref != GenderUnknown {
		if c.GenderMatch {
			why = append(why, c.Person.Gender.Label()+" wie gewünscht")
		} else {
			why = append(why, c.Person.Gender.Label()+", gewünscht "+e.GenderPref.Label())
		}
	}
	n := "Einsätze"
	if c.MonthCount == 1 {
		n = "Einsatz"
	}
	why = append(why, fmt.Sprintf("%d %s im %s", c.MonthCount, n, MonthName(DateOf(e.Start).Month)))
	switch {
	case !e.OnSite():
		why = append(why, e.Setting.Label())
	case c.Distance:
		why = append(why, fmt.Sprintf("%d km", c.DistanceKm))
	}
	why = append(why, "frei")
	for _, is := range c.Issues {
		why = append(why, "Hinweis: "+is)
	}
	return why
}

// Match lists every interpreter who speaks e's language: the bookable ones
// ranked, the others with the reason (Exclusion, or the booking that
// overlaps, travel buffer included for on-site work). Ranking: whoever
// dropped out of e last; before that the exact dialect first, then the
// preferred gender, then fewest Einsätze in the month of e (fair share),
// then distance, then name. Excluded ones come closest-to-bookable first.
// Bookings should cover at least the month of e.
func Match(e *Einsatz, interpreters []*Person, bookings []Booking, now time.Time, buffer time.Duration) Matching {
	perMonth := bookingsInMonthOf(e, bookings)
	today := Today(now)
	dropped := e.DroppedOut()
	_, placeKnown := LookupPlace(e.Place)
	var m Matching
	for _, p := range interpreters {
		ip := p.Interpreter
		skills := ip.SkillsIn(e.Language)
		if len(skills) == 0 {
			continue
		}
		if why := Exclusion(e, p, today); why != "" {
			m.Excluded = append(m.Excluded, Excluded{Person: p, Reason: why, order: exclusionOrder(why)})
			continue
		}
		if n, free := Conflict(e, p.ID, bookings, buffer); !free {
			m.Excluded = append(m.Excluded, Excluded{Person: p, Reason: "belegt: " + n, Busy: n})
			continue
		}
		c := Candidate{Person: p, MonthCount: perMonth[p.ID], Issues: ip.Issues(today), DroppedOut: dropped[p.ID],
			GenderMatch: e.GenderPref == GenderUnknown || p.Gender == e.GenderPref}
		c.DialectMatch, c.Dialect, c.Level = dialectOf(e.Dialect, skills)
		if e.OnSite() && placeKnown {
			c.DistanceKm, c.Distance = PlaceDistance(ip.HomePlace, e.Place), true
		}
		m.Offered = append(m.Offered, c)
	}
	rankOffered(m.Offered)
	rankExcluded(m.Excluded)
	return m
}

// bookingsInMonthOf counts the bookings of each interpreter in the
// calendar month of e, e itself not counted: the fair share of Match.
func bookingsInMonthOf(e *Einsatz, bookings []Booking) map[string]int {
	d := DateOf(e.Start)
	monthStart := At(NewDate(d.Year, d.Month, 1), 0)
	monthEnd := At(NewDate(d.Year, d.Month+1, 1), 0)
	perMonth := map[string]int{}
	for _, b := range bookings {
		if b.EinsatzID != e.ID && !b.Start.Before(monthStart) && b.Start.Before(monthEnd) {
			perMonth[b.InterpreterID]++
		}
	}
	return perMonth
}

// rankOffered sorts the bookable as Match says: whoever dropped out last,
// exact dialect, preferred gender, fewest Einsätze in the month, distance,
// name.
func rankOffered(offered []Candidate) {
	sort.SliceStable(offered, func(i, j int) bool {
		a, b := offered[i], offered[j]
		if a.DroppedOut != b.DroppedOut {
			return b.DroppedOut
		}
		if a.DialectMatch != b.DialectMatch {
			return a.DialectMatch
		}
		if a.GenderMatch != b.GenderMatch {
			return a.GenderMatch
		}
		if a.MonthCount != b.MonthCount {
			return a.MonthCount < b.MonthCount
		}
		if a.DistanceKm != b.DistanceKm {
			return a.DistanceKm < b.DistanceKm
		}
		return a.Person.Name < b.Person.Name
	})
}

// rankExcluded sorts the excluded closest-to-bookable first (exclusionOrder),
// then by name.
func rankExcluded(excluded []Excluded) {
	sort.SliceStable(excluded, func(i, j int) bool {
		a, b := excluded[i], excluded[j]
		if a.order != b.order {
			return a.order < b.order
		}
		return a.Person.Name < b.Person.Name
	})
}

// exclusionOrder sorts the excluded: booked (order 0) first, then those
// who only differ in area, setting or gender, then papers, then paused.
func exclusionOrder(reason string) int {
	switch {
	case strings.HasPrefix(reason, "außerhalb"):
		return 1
	case strings.HasPrefix(reason, "Einsatzform"):
		return 2
	case strings.HasSuffix(reason, "angefragt"):
		return 3
	case reason == "pausiert":
		return 5
	}
	return 4
}

// dialectOf compares the requested dialect with the interpreter's skills in
// the language: whether one matches, the German label ("Dialekt Syrisch",
// "anderer Dialekt: Irakisch", "Dialekt nicht eingetragen"; "" when no
// dialect was asked) and the best level.
func dialectOf(want string, skills []LanguageSkill) (match bool, label string, level Level) {
	want = strings.TrimSpace(want)
	best := -1
	var others []string
	for _, s := range skills {
		if i := levelRank(s.Level); best < 0 || i < best {
			best, level = i, s.Level
		}
		d := strings.TrimSpace(s.Dialect)
		switch {
		case want == "":
		case strings.EqualFold(d, want):
			match = true
		case d != "":
			others = append(others, d)
		}
	}
	switch {
	case want == "":
		return true, "", level
	case match:
		return true, "Dialekt " + want, level
	case len(others) > 0:
		return false, "anderer Dialekt: " + strings.Join(others, ", "), level
	}
	return false, "Dialekt nicht eingetragen", level
}

func levelRank(l Level) int {
	for i, x := range Levels {
		if x == l {
			return i
		}
	}
	return len(Levels)
}
