package model

import (
	"slices"
	"sync"
	"time"
)

// Easter returns Easter Sunday of the Gregorian calendar (the anonymous
// Gregorian algorithm of Meeus/Jones/Butcher).
func Easter(year int) Date {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{year, time.Month(month), day}
}

// Holiday is a public holiday in Niedersachsen.
type Holiday struct {
	Date Date
	Name string
}

// holidayCache holds []Holiday per year; lists and calendars ask for the
// same few years over and over, from several SSH sessions at once. Only
// plausible years are kept, so odd dates from a broken file cannot grow it
// without end in a long-running server.
var holidayCache sync.Map

const (
	holidayCacheFrom = 1900
	holidayCacheTo   = 2200
)

// Holidays returns the public holidays of Niedersachsen (NFeiertagsG § 2) in
// date order. The caller owns the returned slice.
func Holidays(year int) []Holiday {
	return slices.Clone(holidaysOf(year))
}

// holidaysOf returns the shared cached list, which must not be modified.
func holidaysOf(year int) []Holiday {
	if v, ok := holidayCache.Load(year); ok {
		return v.([]Holiday)
	}
	e := Easter(year)
	hs := []Holiday{
		{Date{year, time.January, 1}, "Neujahr"},
		{e.AddDays(-2), "Karfreitag"},
		{e.AddDays(1), "Ostermontag"},
		{Date{year, time.May, 1}, "Tag der Arbeit"},
		{e.AddDays(39), "Christi Himmelfahrt"},
		{e.AddDays(50), "Pfingstmontag"},
	}
	if year >= 1990 {
		hs = append(hs, Holiday{Date{year, time.October, 3}, "Tag der Deutschen Einheit"})
	}
	// Law since 2018; 2017 was a one-off for the 500th anniversary.
	if year >= 2017 {
		hs = append(hs, Holiday{Date{year, time.October, 31}, "Reformationstag"})
	}
	hs = append(hs,
		Holiday{Date{year, time.December, 25}, "1. Weihnachtstag"},
		Holiday{Date{year, time.December, 26}, "2. Weihnachtstag"},
	)
	// Himmelfahrt can fall on 1 May (2008), so sort rather than trust the
	// order above.
	slices.SortStableFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	if year < holidayCacheFrom || year > holidayCacheTo {
		return hs
	}
	v, _ := holidayCache.LoadOrStore(year, hs)
	return v.([]Holiday)
}

// HolidayName returns the name of the holiday on d, if it is one. When two
// holidays fall on one day, both names are joined.
func HolidayName(d Date) (string, bool) {
	name := ""
	for _, h := range holidaysOf(d.Year) {
		if h.Date == d {
			if name != "" {
				name += " und "
			}
			name += h.Name
		}
	}
	return name, name != ""
}

// IsWorkingDay reports whether the office is open: Monday to Friday and not
// a public holiday. Heiligabend and Silvester count as working days; the
// law does not close offices then.
func IsWorkingDay(d Date) bool {
	wd := d.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := HolidayName(d)
	return !holiday
}

// AddWorkingDays returns the n-th working day after d (before d for negative
// n), as lead times are counted ("fünf Werktage vorher"). n == 0 returns d
// unchanged, even on a weekend.
func AddWorkingDays(d Date, n int) Date {
	if d.IsZero() {
		return d // AddDays keeps it zero; counting would never end
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts working days after from up to and including to;
// negative if to is before from. It counts weeks arithmetically and then
// subtracts holidays, so a span of years costs no more than a span of days.
func WorkingDaysBetween(from, to Date) int {
	if to.Before(from) {
		return -WorkingDaysBetween(to, from)
	}
	a, b := from.dayNumber(), to.dayNumber()
	n := weekdaysThrough(b) - weekdaysThrough(a)
	for y := from.Year; y <= to.Year; y++ {
		for _, h := range holidaysOf(y) {
			dn := h.Date.dayNumber()
			if dn > a && dn <= b {
				if wd := h.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
					n--
				}
			}
		}
	}
	return n
}

// weekdaysThrough counts Mondays to Fridays from an arbitrary fixed Monday up
// to day number z; only differences of it are meaningful.
func weekdaysThrough(z int) int {
	// Day number 4 (1970-01-05) was a Monday.
	off := z - 4
	weeks := civilFloorDiv(off, 7)
	rest := off - weeks*7 // 0 = Monday … 6 = Sunday
	return weeks*5 + min(rest+1, 5)
}

// IsBankingDay reports whether SEPA transfers are settled on d: the TARGET2
// calendar, which closes on weekends, 1 January, Good Friday, Easter Monday,
// 1 May, 25 and 26 December only.
func IsBankingDay(d Date) bool {
	wd := d.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return false
	}
	switch {
	case d.Month == time.January && d.Day == 1,
		d.Month == time.May && d.Day == 1,
		d.Month == time.December && (d.Day == 25 || d.Day == 26):
		return false
	}
	e := Easter(d.Year)
	return d != e.AddDays(-2) && d != e.AddDays(1)
}

// NextBankingDay returns d if it is a banking day, else the next one; a
// requested execution date must be one.
func NextBankingDay(d Date) Date {
	if d.IsZero() {
		return d
	}
	for !IsBankingDay(d) {
		d = d.AddDays(1)
	}
	return d
}
