package model

import "testing"

func TestGermanNumbers(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1.000", 20939: "20.939",
		100011: "100.011", 1000011: "1.000.011", -1234: "-1.234", -999: "-999"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	for f, want := range map[float64]string{13.44: "13,4", 0: "0,0", 13.375: "13,4", -2.5: "-2,5"} {
		if got := Decimal1(f); got != want {
			t.Errorf("Decimal1(%v) = %q, want %q", f, got, want)
		}
	}
	// 20 456 h 55 min = 1 227 360 + 55 minutes.
	for m, want := range map[int64]string{0: "0:00 h", 59: "0:59 h", 61: "1:01 h", 1227415: "20.456:55 h", -90: "-1:30 h"} {
		if got := FormatHours(m); got != want {
			t.Errorf("FormatHours(%d) = %q, want %q", m, got, want)
		}
	}
}
