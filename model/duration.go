package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata"
	"unicode"
)

// Durations as typed in German forms and as shown: 90, 1:30, 1,5 h …

// maxDurationMinutes bounds typed durations; nothing the office plans lasts
// longer than a few weeks, and the bound keeps arithmetic far from overflow.
const maxDurationMinutes = 999 * 60

// ParseDuration reads a duration as typed in German forms: 90 (minutes),
// 1:30, 1,5 h, 2 Std, 45 min, 1 h 30 min, 1h30. The result is whole
// minutes; fractions of hours are rounded to the nearest minute.
func ParseDuration(s string) (time.Duration, error) {
	t := strings.ToLower(strings.TrimFunc(s, unicode.IsSpace))
	if t == "" {
		return 0, errors.New("Bitte eine Dauer eingeben, z. B. 1:30 h oder 45 min")
	}
	bad := func() error {
		return fmt.Errorf("„%s“ ist keine gültige Dauer – bitte z. B. 1:30 h, 1,5 h oder 45 min eingeben", quoteTyped(s))
	}
	toks, ok := durationTokens(t)
	if !ok {
		return 0, bad()
	}

	var minutes int
	switch {
	case len(toks) == 1 && toks[0].unit == "" && toks[0].colon:
		minutes = toks[0].hours*60 + toks[0].mins
	case len(toks) == 1 && toks[0].unit == "" && !toks[0].frac:
		minutes = toks[0].whole // a bare number counts minutes
	default:
		m, ok := unitMinutes(toks)
		if !ok {
			return 0, bad()
		}
		minutes = m
	}
	if minutes > maxDurationMinutes {
		return 0, fmt.Errorf("„%s“ ist zu lang – höchstens 999 Stunden", quoteTyped(s))
	}
	return time.Duration(minutes) * time.Minute, nil
}

// unitMinutes adds up tokens with units ("1 h 30 min", "1,5 h", "1h30"):
// hours at most once and before the minutes, a bare number only last, as
// the minutes after the hours.
func unitMinutes(toks []durationToken) (minutes int, ok bool) {
	seenH, seenM := false, false
	for i, tok := range toks {
		unit := tok.unit
		if unit == "" {
			// "1h30": a trailing bare number after the hours is minutes.
			if i != len(toks)-1 || !seenH || seenM {
				return 0, false
			}
			unit = "min"
		}
		switch unit {
		case "h":
			if seenH || seenM {
				return 0, false
			}
			seenH = true
			if tok.colon {
				minutes += tok.hours*60 + tok.mins
			} else {
				// hundredths of an hour → minutes, rounded half up
				minutes += tok.whole*60 + (tok.hundredths*60+50)/100
			}
		case "min":
			if seenM || tok.frac || tok.colon {
				return 0, false
			}
			seenM = true
			minutes += tok.whole
		}
	}
	return minutes, true
}

type durationToken struct {
	whole      int  // integer part
	hundredths int  // fraction of the number in 1/100 (only with frac)
	frac       bool // the number had a decimal comma or point
	colon      bool // the number was H:MM (hours and mins set)
	hours      int
	mins       int
	unit       string // "h", "min" or "" when none was given
}

var durationUnits = map[string]string{
	"h": "h", "std": "h", "stunde": "h", "stunden": "h",
	"m": "min", "min": "min", "minute": "min", "minuten": "min",
}

// durationTokens splits "1 h 30 min" into number–unit pairs.
func durationTokens(t string) ([]durationToken, bool) {
	var toks []durationToken
	i := 0
	for {
		i = skipBlanks(t, i)
		if i == len(t) {
			break
		}
		if len(toks) == 3 {
			return nil, false
		}
		start := i
		for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == ',' || t[i] == '.' || t[i] == ':') {
			i++
		}
		tok, ok := parseDurationNumber(t[start:i])
		if !ok {
			return nil, false
		}
		if i, ok = durationUnit(t, skipBlanks(t, i), &tok); !ok {
			return nil, false
		}
		toks = append(toks, tok)
	}
	return toks, len(toks) > 0
}

func skipBlanks(t string, i int) int {
	for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
		i++
	}
	return i
}

// durationUnit reads the unit word at t[i:], if there is one, into tok and
// returns where the token ends; ok is false for a word that is no unit.
func durationUnit(t string, i int, tok *durationToken) (end int, ok bool) {
	start := i
	for i < len(t) && t[i] >= 'a' && t[i] <= 'z' {
		i++
	}
	if i == start {
		return i, true
	}
	unit, ok := durationUnits[t[start:i]]
	if !ok {
		return i, false
	}
	tok.unit = unit
	if i < len(t) && t[i] == '.' { // "Std." and "Min."
		i++
	}
	return i, true
}

func parseDurationNumber(n string) (durationToken, bool) {
	var tok durationToken
	if n == "" {
		return tok, false
	}
	if h, m, ok := strings.Cut(n, ":"); ok {
		hh, ok1 := civilAtoi(h)
		mm, ok2 := civilAtoi(m)
		if !ok1 || !ok2 || len(h) > 3 || len(m) != 2 || mm > 59 {
			return tok, false
		}
		tok.colon, tok.hours, tok.mins = true, hh, mm
		return tok, true
	}
	whole, frac, hasFrac := strings.Cut(strings.ReplaceAll(n, ",", "."), ".")
	if len(whole) > 6 {
		return tok, false
	}
	w, ok := civilAtoi(whole)
	if whole == "" && hasFrac {
		w, ok = 0, true // ",5 h"
	}
	if !ok {
		return tok, false
	}
	tok.whole = w
	if hasFrac {
		f, ok := durationHundredths(frac)
		if !ok {
			return tok, false
		}
		tok.frac, tok.hundredths = true, f
	}
	return tok, true
}

// durationHundredths reads the one or two digits after the decimal comma
// as hundredths: "5" is 50, "25" is 25.
func durationHundredths(frac string) (int, bool) {
	if len(frac) < 1 || len(frac) > 2 {
		return 0, false
	}
	f, ok := civilAtoi(frac)
	if !ok {
		return 0, false
	}
	if len(frac) == 1 {
		f *= 10
	}
	return f, true
}

// FormatDuration formats 1:30 h, or 45 min below an hour; seconds are
// rounded to the minute.
func FormatDuration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	mins := int64(d.Round(time.Minute) / time.Minute)
	if mins < 60 {
		if mins == 0 {
			sign = ""
		}
		return sign + strconv.FormatInt(mins, 10) + " min"
	}
	return fmt.Sprintf("%s%d:%02d h", sign, mins/60, mins%60)
}
