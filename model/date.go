package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata"
	"unicode"
)

// Berlin is the zone every date and time is shown in.
var Berlin = loadBerlin()

func loadBerlin() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		// Cannot happen with the embedded tzdata; a wrong summer hour is
		// better than a program that does not start.
		return time.FixedZone("MEZ", 3600)
	}
	return loc
}

// Date is a calendar day in Germany, without a time. Bookings, claims and
// deadlines are about days; keeping them apart from instants avoids the
// off-by-one-day errors of midnight in the wrong zone.
// The zero value means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date, normalising overflow like time.Date does
// (31.04. becomes 01.05.). Note that NewDate(0, 0, 0) is 30.11.-0001, not
// the zero Date.
func NewDate(y int, m time.Month, d int) Date {
	return fromDayNumber(dayNumber(y, m, d))
}

// DateOf returns the day of t in Berlin. The zero time gives the zero Date,
// so that an unset timestamp stays "no date".
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.In(Berlin).Date()
	return Date{y, m, d}
}

// Today returns the Berlin day of now; now is passed in so that tests and
// the demo data can fix the clock.
func Today(now time.Time) Date { return DateOf(now) }

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d == Date{} }

// String formats TT.MM.JJJJ; the zero Date is "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d.%02d.%04d", d.Day, int(d.Month), d.Year)
}

// ISO formats JJJJ-MM-TT, the stored and exported form; the zero Date is "".
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// ParseISODate reads exactly JJJJ-MM-TT, the form stored in files. It is
// strict because it reads machine output, not typing.
func ParseISODate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("„%s“ ist kein Datum im Format JJJJ-MM-TT, z. B. 2026-03-05", quoteTyped(s))
	}
	y, ok1 := civilAtoi(s[0:4])
	m, ok2 := civilAtoi(s[5:7])
	d, ok3 := civilAtoi(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("„%s“ ist kein Datum im Format JJJJ-MM-TT, z. B. 2026-03-05", quoteTyped(s))
	}
	date, ok := civilDate(y, m, d)
	if !ok {
		return Date{}, fmt.Errorf("„%s“ ist kein gültiges Datum", quoteTyped(s))
	}
	return date, nil
}

// civilAtoi parses a non-empty run of ASCII digits (no sign, no spaces).
func civilAtoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// civilDate builds the date only if it exists in the calendar.
func civilDate(y, m, d int) (Date, bool) {
	if m < 1 || m > 12 || d < 1 || d > civilDaysInMonth(time.Month(m), y) {
		return Date{}, false
	}
	return Date{y, time.Month(m), d}, true
}

func civilDaysInMonth(m time.Month, y int) int {
	switch m {
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// dayNumber counts days since 1970-01-01 for the proleptic Gregorian
// calendar (H. Hinnant's days_from_civil). Integer arithmetic instead of
// time.Time keeps date comparisons in list filters cheap and free of zones.
// Month and day may be out of range; they are normalised like time.Date.
func dayNumber(y int, m time.Month, d int) int {
	mm := int(m) - 1
	y += civilFloorDiv(mm, 12)
	mm = mm - civilFloorDiv(mm, 12)*12 + 1 // 1..12
	if mm <= 2 {
		y--
	}
	era := civilFloorDiv(y, 400)
	yoe := y - era*400
	mp := (mm + 9) % 12
	doy := (153*mp + 2) / 5
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468 + d - 1
}

// fromDayNumber is the inverse of dayNumber (H. Hinnant's civil_from_days).
func fromDayNumber(z int) Date {
	z += 719468
	era := civilFloorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), d}
}

func civilFloorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func (d Date) dayNumber() int { return dayNumber(d.Year, d.Month, d.Day) }

// AddDays returns the date n days later (earlier for negative n). The zero
// Date stays zero: "no date" plus a week is still no date.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return fromDayNumber(d.dayNumber() + n)
}

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday((d.dayNumber()%7 + 7 + int(time.Thursday)) % 7)
}

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Equal reports whether d and o are the same day.
func (d Date) Equal(o Date) bool { return d.Compare(o) == 0 }

// Compare returns -1, 0 or +1, for slices.SortFunc and friends. The zero
// Date sorts before every real date.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return civilCmp(d.Year, o.Year)
	case d.Month != o.Month:
		return civilCmp(int(d.Month), int(o.Month))
	default:
		return civilCmp(d.Day, o.Day)
	}
}

func civilCmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DaysUntil returns how many days lie from d to o (negative if o is earlier).
func (d Date) DaysUntil(o Date) int { return o.dayNumber() - d.dayNumber() }

// Midnight returns the start of the day in Berlin as a UTC instant; the zero
// Date gives the zero time.
func (d Date) Midnight() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Berlin).UTC()
}

var weekdayShort = [7]string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"}

// WeekdayShort returns the German abbreviation Mo … So.
func (d Date) WeekdayShort() string { return weekdayShort[d.Weekday()] }

// StartOfWeek returns the Monday of d's week; German weeks start on Monday.
func (d Date) StartOfWeek() Date {
	if d.IsZero() {
		return d
	}
	return d.AddDays(-((int(d.Weekday()) + 6) % 7))
}

// MarshalJSON writes "2026-03-05"; the zero Date is "".
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.ISO() + `"`), nil
}

// UnmarshalJSON reads "2026-03-05", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("„%s“ ist kein Datum im Format \"JJJJ-MM-TT\"", quoteTyped(string(b)))
	}
	return d.UnmarshalText([]byte(s))
}

// MarshalText writes 2026-03-05, so a Date can be a map key or a CSV cell.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.ISO()), nil }

// UnmarshalText reads 2026-03-05; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	date, err := ParseISODate(string(b))
	if err != nil {
		return err
	}
	*d = date
	return nil
}

// Years accepted from typing; outside this range a date is a typo
// (05.03.0226), not a real appointment or birthday.
const (
	minTypedYear = 1900
	maxTypedYear = 2199
)

var relativeDays = map[string]int{
	"vorgestern":  -2,
	"gestern":     -1,
	"heute":       0,
	"morgen":      1,
	"übermorgen":  2,
	"uebermorgen": 2,
}

// weekdayNames also knows "Sonnabend", the word for Saturday in much of
// Niedersachsen.
var weekdayNames = map[string]time.Weekday{
	"mo": time.Monday, "montag": time.Monday,
	"di": time.Tuesday, "dienstag": time.Tuesday,
	"mi": time.Wednesday, "mittwoch": time.Wednesday,
	"do": time.Thursday, "donnerstag": time.Thursday,
	"fr": time.Friday, "freitag": time.Friday,
	"sa": time.Saturday, "samstag": time.Saturday, "sonnabend": time.Saturday,
	"so": time.Sunday, "sonntag": time.Sunday,
}

// ParseDate reads a date as typed in a German form. today gives the year of
// "5.3." and the base of "morgen" and "Do", so it must not be the zero Date.
// A weekday means the next such day strictly after today, because on the
// phone "am Donnerstag" said on a Thursday means next week.
func ParseDate(s string, today Date) (Date, error) {
	t := strings.ToLower(strings.TrimFunc(s, unicode.IsSpace))
	if t == "" {
		return Date{}, errors.New("Bitte ein Datum eingeben, z. B. 05.03.2026")
	}
	if d, ok := namedDate(t, today); ok {
		return d, nil
	}

	bad := func() error {
		return fmt.Errorf("„%s“ ist kein gültiges Datum – bitte TT.MM.JJJJ eingeben, z. B. 05.03.2026", quoteTyped(s))
	}
	var y, m, d int
	var ok bool
	if strings.Count(t, "-") == 2 {
		y, m, d, ok = isoDateParts(t)
	} else {
		y, m, d, ok = germanDateParts(t, today.Year)
	}
	if !ok {
		return Date{}, bad()
	}
	date, ok := civilDate(y, m, d)
	if !ok {
		return Date{}, bad()
	}
	if y < minTypedYear || y > maxTypedYear {
		return Date{}, fmt.Errorf("„%s“: das Jahr %d ist wohl ein Tippfehler – bitte TT.MM.JJJJ eingeben, z. B. 05.03.2026", quoteTyped(s), y)
	}
	return date, nil
}

// namedDate reads t (lower case, trimmed) as a relative day ("morgen") or
// a weekday, the next such day strictly after today.
func namedDate(t string, today Date) (Date, bool) {
	if n, ok := relativeDays[t]; ok {
		return today.AddDays(n), true
	}
	if wd, ok := weekdayNames[strings.TrimSuffix(t, ".")]; ok {
		ahead := (int(wd) - int(today.Weekday()) + 7) % 7
		if ahead == 0 {
			ahead = 7
		}
		return today.AddDays(ahead), true
	}
	return Date{}, false
}

// isoDateParts splits "2026-03-05" into year, month and day; ok is false
// unless the year has four digits and month and day at most two.
func isoDateParts(t string) (y, m, d int, ok bool) {
	parts := strings.Split(t, "-")
	if len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 {
		return 0, 0, 0, false
	}
	var ok1, ok2, ok3 bool
	y, ok1 = civilAtoi(parts[0])
	m, ok2 = civilAtoi(parts[1])
	d, ok3 = civilAtoi(parts[2])
	return y, m, d, ok1 && ok2 && ok3
}

// germanDateParts splits "5.3.2026", "5.3.26" or "5.3." (the year is
// year then) into year, month and day.
func germanDateParts(t string, year int) (y, m, d int, ok bool) {
	parts := strings.Split(t, ".")
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return 0, 0, 0, false
	}
	var ok1, ok2 bool
	d, ok1 = civilAtoi(parts[0])
	m, ok2 = civilAtoi(parts[1])
	if !ok1 || !ok2 {
		return 0, 0, 0, false
	}
	y = year
	if len(parts) == 3 && parts[2] != "" {
		yy, ok := civilAtoi(parts[2])
		switch {
		case !ok:
			return 0, 0, 0, false
		case len(parts[2]) == 2:
			y = 2000 + yy
		case len(parts[2]) == 4:
			y = yy
		default:
			return 0, 0, 0, false
		}
	}
	return y, m, d, true
}

// Clock is a wall-clock time in minutes since midnight (0 … 1439), for
// column of 10 characters: "03/2026" for a whole calendar month, "05.03.26"
// for one day, "5.–12.3." for days inside a month (the year is in the
// claim's number), "03–04/2026" across months; the detail view has the
// exact days.
func PeriodLabel(from, to Date) string {
	switch {
	case from.IsZero():
		return to.String()
	case to.IsZero() || to == from:
		return fmt.Sprintf("%02d.%02d.%02d", from.Day, int(from.Month), from.Year%100)
	case from.Year == to.Year && from.Month == to.Month && from.Day == 1 && to.AddDays(1).Month != to.Month:
		return fmt.Sprintf("%02d/%04d", int(from.Month), from.Year)
	case from.Year == to.Year && from.Month == to.Month:
		return fmt.Sprintf("%d.–%d.%d.", from.Day, to.Day, int(to.Month))
	}
	if from.Year == to.Year {
		return fmt.Sprintf("%02d–%02d/%04d", int(from.Month), int(to.Month), from.Year)
	}
	return fmt.Sprintf("%02d/%02d–%02d/%02d", int(from.Month), from.Year%100, int(to.Month), to.Year%100)
}

var monthNames = [...]string{"", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
	"September", "Oktober", "November", "Dezember"}

// MonthName is the German name of m ("März"); "" for a month out of range.
func MonthName(m time.Month) string {
	if m < 1 || m > 12 {
		return ""
	}
	return monthNames[m]
}
