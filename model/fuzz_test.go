package model

import (
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// checkMessage makes sure an error message can be shown next to a field: one
// line of valid text with no control characters from the input.
func checkMessage(t *testing.T, in string, err error) {
	t.Helper()
	msg := err.Error()
	if msg == "" || !utf8.ValidString(msg) {
		t.Fatalf("input %q: unusable message %q", in, msg)
	}
	for _, r := range msg {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			t.Fatalf("input %q: message %q carries control character %U", in, msg, r)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"12", "12,5", "12,50 €", "1.234,56", "EUR 12", "-3,20", "12.5",
		"1.23,4", "12,345", "100.000.000,00", "12,-", "−0,01", "\x1b[2J"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			checkMessage(t, s, err)
			return
		}
		if m > maxMoneyCents || m < -maxMoneyCents {
			t.Fatalf("ParseMoney(%q) = %d beyond the limit", s, int64(m))
		}
		for _, out := range []string{m.String(), m.Plain(), m.Dot()} {
			back, err := ParseMoney(out)
			if err != nil || back != m {
				t.Fatalf("ParseMoney(%q) = %d; ParseMoney(%q) = %d, %v", s, int64(m), out, int64(back), err)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"5.3.", "5.3", "5.3.26", "05.03.2026", "2026-03-05", "heute",
		"übermorgen", "Do", "Sonnabend", "31.02.2026", "29.2.", "1.1.1900", "-1.-1.-1"} {
		f.Add(s)
	}
	today := Date{2026, 3, 5}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s, today)
		if err != nil {
			checkMessage(t, s, err)
			return
		}
		if _, ok := civilDate(d.Year, int(d.Month), d.Day); !ok || d.IsZero() {
			t.Fatalf("ParseDate(%q) = %+v, not a real date", s, d)
		}
		for _, out := range []string{d.String(), d.ISO()} {
			back, err := ParseDate(out, today)
			if err != nil || back != d {
				t.Fatalf("ParseDate(%q) = %v; ParseDate(%q) = %v, %v", s, d, out, back, err)
			}
		}
		if back, err := ParseISODate(d.ISO()); err != nil || back != d {
			t.Fatalf("ParseISODate(%q) = %v, %v", d.ISO(), back, err)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"14:30", "14.30", "1430", "930", "14", "9:05", "14:30 Uhr", "24:00", "9:5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClock(s)
		if err != nil {
			checkMessage(t, s, err)
			return
		}
		if c < 0 || c > 1439 {
			t.Fatalf("ParseClock(%q) = %d out of range", s, int(c))
		}
		if back, err := ParseClock(c.String()); err != nil || back != c {
			t.Fatalf("ParseClock(%q) = %v; ParseClock(%q) = %v, %v", s, c, c.String(), back, err)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90", "1:30", "1,5 h", "1,5h", "2 Std", "45 min", "1 h 30 min", "1h30",
		"2 Std. 15 Min.", "1000 h", "1,5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			checkMessage(t, s, err)
			return
		}
		if d < 0 || d > maxDurationMinutes*time.Minute || d%time.Minute != 0 {
			t.Fatalf("ParseDuration(%q) = %v", s, d)
		}
		out := FormatDuration(d)
		if back, err := ParseDuration(out); err != nil || back != d {
			t.Fatalf("ParseDuration(%q) = %v; ParseDuration(%q) = %v, %v", s, d, out, back, err)
		}
	})
}

func FuzzParseIBAN(f *testing.F) {
	for _, s := range []string{"DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "de02120300000000202051",
		"IBAN: DE68 2105 0170 0012 3456 78", "DE89370400440532013001", "NL91ABNA0417164300",
		"MT84MALT011000012345MTLCAST001S", "XX00", "DE01370400440532013000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		i, err := ParseIBAN(s)
		if err != nil {
			checkMessage(t, s, err)
			return
		}
		if !i.Valid() {
			t.Fatalf("ParseIBAN(%q) = %q, not Valid", s, i)
		}
		if back, err := ParseIBAN(i.String()); err != nil || back != i {
			t.Fatalf("ParseIBAN(%q) = %q; ParseIBAN(%q) = %q, %v", s, i, i.String(), back, err)
		}
		if n := utf8.RuneCountInString(i.Masked()); n != utf8.RuneCountInString(i.String()) {
			t.Fatalf("%q: Masked %q and String %q differ in length", i, i.Masked(), i.String())
		}
		if ibanLengths[i.Country()] != len(i) {
			t.Fatalf("ParseIBAN(%q) = %q with wrong length", s, i)
		}
	})
}
