package model

import (
	"strconv"
	"strings"
)

// Thousands writes n with German thousands points: 100011 → "100.011".
// Every count the program shows goes through it, so the list heads, the
// table's status line and the reports write numbers alike.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Decimal1 writes f with one decimal and a German comma: 13.44 → "13,4".
func Decimal1(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', 1, 64), ".", ",", 1)
}

// FormatHours writes a sum of minutes as hours and minutes with thousands
// points on the hours: 1227415 → "20.456:55 h". For totals of reports,
// which run into tens of thousands of hours; FormatDuration is for the
// length of one Einsatz (and reads back in the settings).
func FormatHours(minutes int64) string {
	sign := ""
	if minutes < 0 {
		sign, minutes = "-", -minutes
	}
	m := strconv.FormatInt(minutes%60, 10)
	if len(m) == 1 {
		m = "0" + m
	}
	return sign + Thousands(minutes/60) + ":" + m + " h"
}
