package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata"
	"unicode"
)

// Clock: a wall-clock time of day, typed without a date, and the formats
// of instants in Berlin time.

// booking start and end times typed without a date.
type Clock int

// ParseClock reads a time as typed: 14:30, 14.30, 1430, 930, 14, 9:05,
// 14:30 Uhr.
func ParseClock(s string) (Clock, error) {
	t := strings.ToLower(strings.TrimFunc(s, unicode.IsSpace))
	if t == "" {
		return 0, errors.New("Bitte eine Uhrzeit eingeben, z. B. 14:30")
	}
	bad := func() error {
		return fmt.Errorf("„%s“ ist keine gültige Uhrzeit – bitte HH:MM eingeben, z. B. 14:30", quoteTyped(s))
	}
	t = strings.TrimFunc(strings.TrimSuffix(t, "uhr"), unicode.IsSpace)

	var h, m int
	var ok bool
	if i := strings.IndexAny(t, ":.,"); i >= 0 {
		// Two minute digits, because "9:5" could mean 9:05 or 9:50.
		if i == 0 || i > 2 || len(t)-i-1 != 2 {
			return 0, bad()
		}
		var ok2 bool
		h, ok = civilAtoi(t[:i])
		m, ok2 = civilAtoi(t[i+1:])
		ok = ok && ok2
	} else {
		var n int
		n, ok = civilAtoi(t)
		switch len(t) {
		case 1, 2:
			h = n
		case 3, 4:
			h, m = n/100, n%100
		default:
			ok = false
		}
	}
	if !ok || h > 23 || m > 59 {
		return 0, bad()
	}
	return Clock(h*60 + m), nil
}

// String formats HH:MM.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour(), c.Minute()) }

// Hour returns 0 … 23.
func (c Clock) Hour() int { return int(c) / 60 }

// Minute returns 0 … 59.
func (c Clock) Minute() int { return int(c) % 60 }

// At returns the instant (in UTC) when Berlin clocks show c on day d.
// time.Date leaves the two clock-change nights unspecified, so they are
// decided here, as java.time and Python do: on the spring-forward day the
// missing 02:00–02:59 is read with the winter offset (02:30 becomes 03:30
// summer time); on the fall-back day the twice-lived hour means its first
// pass, in summer time.
func At(d Date, c Clock) time.Time {
	wall := time.Date(d.Year, d.Month, d.Day, c.Hour(), c.Minute(), 0, 0, time.UTC)
	// Berlin changes its offset at most once within a day either side.
	_, before := wall.Add(-24 * time.Hour).In(Berlin).Zone()
	_, after := wall.Add(24 * time.Hour).In(Berlin).Zone()
	shows := func(t time.Time) bool {
		b := t.In(Berlin)
		return b.Day() == wall.Day() && b.Hour() == wall.Hour() && b.Minute() == wall.Minute()
	}
	first := wall.Add(-time.Duration(max(before, after)) * time.Second)
	second := wall.Add(-time.Duration(min(before, after)) * time.Second)
	switch {
	case shows(first):
		return first
	case shows(second):
		return second
	default: // in the gap
		return wall.Add(-time.Duration(before) * time.Second)
	}
}

// ClockOf returns the Berlin wall-clock time of t.
func ClockOf(t time.Time) Clock {
	b := t.In(Berlin)
	return Clock(b.Hour()*60 + b.Minute())
}

// FormatDateTime formats 05.03.2026 14:30 in Berlin; the zero time is "".
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Berlin).Format("02.01.2006 15:04")
}

// FormatTime formats 14:30 in Berlin; the zero time is "".
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Berlin).Format("15:04")
}

// FormatDate formats 05.03.2026 in Berlin; the zero time is "".
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Berlin).Format("02.01.2006")
}

// PeriodLabel is a short German label of the days from..to for a list
