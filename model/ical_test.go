package model

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func icalSample() ICalEvent {
	return ICalEvent{
		UID:         "0190-abc@stabsstelle.landkreis-gifhorn.de",
		Sequence:    2,
		Start:       time.Date(2026, 3, 5, 14, 0, 0, 0, Berlin),
		End:         time.Date(2026, 3, 5, 16, 30, 0, 0, Berlin),
		Stamp:       time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Summary:     "Arbeitskreis Bildung; Treffen, Q1",
		Location:    "Kreishaus I, Schlossplatz 1, 38518 Gifhorn",
		Description: "Tagesordnung:\n1. Begrüßung\r\n2. Berichte \\ Sonstiges",
		URL:         "https://example.org/x?a=1;b=2",
		Categories:  []string{"Arbeitskreis", "Bildung, Schule"},
		Status:      ICalConfirmed,
	}
}

// unfold reverses RFC 5545 folding.
func unfold(s string) []string {
	s = strings.ReplaceAll(s, "\r\n ", "")
	s = strings.ReplaceAll(s, "\r\n\t", "")
	return strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
}

func TestWriteICalStructure(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteICal(&buf, "-//Landkreis Gifhorn//stabsstelle//DE", []ICalEvent{icalSample()}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatal("file must end with CRLF")
	}
	// Every LF is part of a CRLF.
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Fatal("bare LF found")
	}
	lines := unfold(out)
	want := []string{
		"BEGIN:VCALENDAR",
		"PRODID:-//Landkreis Gifhorn//stabsstelle//DE",
		"VERSION:2.0",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"BEGIN:VEVENT",
		"UID:0190-abc@stabsstelle.landkreis-gifhorn.de",
		"DTSTAMP:20260102T030405Z",
		"DTSTART:20260305T130000Z",
		"DTEND:20260305T153000Z",
		"SEQUENCE:2",
		`SUMMARY:Arbeitskreis Bildung\; Treffen\, Q1`,
		`LOCATION:Kreishaus I\, Schlossplatz 1\, 38518 Gifhorn`,
		`DESCRIPTION:Tagesordnung:\n1. Begrüßung\n2. Berichte \\ Sonstiges`,
		"URL:https://example.org/x?a=1;b=2",
		`CATEGORIES:Arbeitskreis,Bildung\, Schule`,
		"STATUS:CONFIRMED",
		"END:VEVENT",
		"END:VCALENDAR",
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %q\nwant %q", i, lines[i], want[i])
		}
	}
}

func TestWriteICalFolding(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"ascii", strings.Repeat("abcdefghij", 30)},
		{"umlauts", strings.Repeat("Größenänderungsübersicht ", 20)},
		{"three-byte", strings.Repeat("€", 100)},
		{"four-byte", strings.Repeat("x😀", 60)},
		{"mixed offsets", "a" + strings.Repeat("ü€😀", 40)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := icalSample()
			ev.Description = tc.text
			ev.Summary = tc.text
			var buf bytes.Buffer
			if err := WriteICal(&buf, "-//x//y//DE", []ICalEvent{ev}); err != nil {
				t.Fatal(err)
			}
			raw := strings.TrimSuffix(buf.String(), "\r\n")
			for _, l := range strings.Split(raw, "\r\n") {
				if len(l) > 75 {
					t.Errorf("line of %d octets: %q", len(l), l)
				}
				if !utf8.ValidString(l) {
					t.Errorf("line splits a UTF-8 sequence: %q", l)
				}
			}
			var found bool
			for _, l := range unfold(buf.String()) {
				if l == "DESCRIPTION:"+tc.text {
					found = true
				}
			}
			if !found {
				t.Error("unfolded DESCRIPTION differs from the input")
			}
		})
	}
}

func TestWriteICalExactBoundary(t *testing.T) {
	// "SUMMARY:" is 8 octets; 67 more make exactly 75: no fold.
	ev := icalSample()
	ev.Summary = strings.Repeat("a", 67)
	var buf bytes.Buffer
	_ = WriteICal(&buf, "p", []ICalEvent{ev})
	if !strings.Contains(buf.String(), "\r\nSUMMARY:"+ev.Summary+"\r\n") {
		t.Error("75-octet line must not be folded")
	}
	ev.Summary += "b"
	buf.Reset()
	_ = WriteICal(&buf, "p", []ICalEvent{ev})
	if !strings.Contains(buf.String(), "\r\nSUMMARY:"+strings.Repeat("a", 67)+"\r\n b\r\n") {
		t.Errorf("76-octet line must fold after 75 octets:\n%s", buf.String())
	}
}

func TestICalTextEscaping(t *testing.T) {
	for in, want := range map[string]string{
		`a\b`:       `a\\b`,
		"a;b,c":     `a\;b\,c`,
		"l1\nl2":    `l1\nl2`,
		"l1\r\nl2":  `l1\nl2`,
		"l1\rl2":    `l1\nl2`,
		"tab\there": "tab here",
		"bell\a!":   "bell!",
		"ünïcødé ✓": "ünïcødé ✓",
	} {
		if got := icalText(in); got != want {
			t.Errorf("icalText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteICalOptionalAndEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteICal(&buf, "p", nil); err != nil {
		t.Fatal(err)
	}
	if got := unfold(buf.String()); len(got) != 6 || got[5] != "END:VCALENDAR" {
		t.Errorf("empty calendar: %q", got)
	}
	ev := ICalEvent{UID: "u", Start: time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC), Stamp: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Summary: "S"}
	buf.Reset()
	_ = WriteICal(&buf, "p", []ICalEvent{ev})
	for _, absent := range []string{"LOCATION", "DESCRIPTION", "URL", "CATEGORIES", "STATUS", "DTEND"} {
		if strings.Contains(buf.String(), absent+":") {
			t.Errorf("%s written although empty", absent)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, bytes.ErrTooLarge }

func TestWriteICalWriteError(t *testing.T) {
	if err := WriteICal(failWriter{}, "p", []ICalEvent{icalSample()}); err == nil {
		t.Error("write error must be reported")
	}
}

// FuzzWriteICal: whatever text comes in, every physical line stays within
// 75 octets, is valid UTF-8, and unfolding gives back the escaped value.
func FuzzWriteICal(f *testing.F) {
	for _, s := range []string{"", "Arbeitskreis; Bildung, Q1", "ü€😀\n\\", strings.Repeat("ö", 80), "\xff\xfe bad"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ev := icalSample()
		ev.Description = s
		var buf bytes.Buffer
		if err := WriteICal(&buf, "p", []ICalEvent{ev}); err != nil {
			t.Fatal(err)
		}
		raw := strings.TrimSuffix(buf.String(), "\r\n")
		for _, l := range strings.Split(raw, "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Fatalf("bad line %q", l)
			}
		}
		want := "DESCRIPTION:" + icalText(s)
		found := icalText(s) == "" // DESCRIPTION left out when empty
		for _, l := range unfold(buf.String()) {
			if l == want {
				found = true
			}
		}
		if !found {
			t.Fatalf("DESCRIPTION lost for %q", s)
		}
	})
}
