package model

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ICalEvent is one VEVENT of an iCalendar file (RFC 5545). UID must stay the
// same for the same record across exports so that a calendar program replaces
// its entry instead of adding a second one; Sequence grows whenever the event
// changes. Start, End and Stamp are written in UTC ("Z"), which every calendar
// program understands without a VTIMEZONE block (docs/DOMAIN.md §3.3).
type ICalEvent struct {
	UID         string
	Sequence    int
	Start, End  time.Time
	Stamp       time.Time
	Summary     string
	Location    string
	Description string
	URL         string
	Categories  []string
	Status      string // CONFIRMED, TENTATIVE, CANCELLED
}

// ICal status values.
const (
	ICalConfirmed = "CONFIRMED"
	ICalTentative = "TENTATIVE"
	ICalCancelled = "CANCELLED"
)

const icalTimeFormat = "20060102T150405Z"

// WriteICal writes a VCALENDAR with the given events to w: CRLF line ends,
// content lines folded at 75 octets (never inside a UTF-8 sequence), TEXT
// values escaped. Empty optional properties are left out.
func WriteICal(w io.Writer, prodID string, events []ICalEvent) error {
	bw := bufio.NewWriter(w)
	iw := icalWriter{w: bw}
	iw.line("BEGIN:VCALENDAR")
	iw.line("PRODID:" + icalText(prodID))
	iw.line("VERSION:2.0")
	iw.line("CALSCALE:GREGORIAN")
	iw.line("METHOD:PUBLISH")
	for _, e := range events {
		iw.line("BEGIN:VEVENT")
		iw.line("UID:" + icalText(e.UID))
		stamp := e.Stamp
		if stamp.IsZero() {
			stamp = time.Now()
		}
		iw.line("DTSTAMP:" + icalTime(stamp))
		iw.line("DTSTART:" + icalTime(e.Start))
		if !e.End.IsZero() {
			iw.line("DTEND:" + icalTime(e.End))
		}
		iw.line("SEQUENCE:" + strconv.Itoa(max(e.Sequence, 0)))
		iw.line("SUMMARY:" + icalText(e.Summary))
		if e.Location != "" {
			iw.line("LOCATION:" + icalText(e.Location))
		}
		if e.Description != "" {
			iw.line("DESCRIPTION:" + icalText(e.Description))
		}
		if e.URL != "" {
			// URL is of value type URI: no TEXT escaping, but no line breaks either.
			iw.line("URL:" + strings.NewReplacer("\r", "", "\n", "").Replace(e.URL))
		}
		if len(e.Categories) > 0 {
			cats := make([]string, 0, len(e.Categories))
			for _, c := range e.Categories {
				if c = strings.TrimSpace(c); c != "" {
					cats = append(cats, icalText(c))
				}
			}
			if len(cats) > 0 {
				iw.line("CATEGORIES:" + strings.Join(cats, ","))
			}
		}
		if e.Status != "" {
			iw.line("STATUS:" + e.Status)
		}
		iw.line("END:VEVENT")
	}
	iw.line("END:VCALENDAR")
	if iw.err != nil {
		return iw.err
	}
	return bw.Flush()
}

func icalTime(t time.Time) string { return t.UTC().Format(icalTimeFormat) }

// icalText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon,
// comma and line breaks. Other control characters (C0, DEL and C1) are not
// allowed in TEXT and are dropped.
func icalText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteByte(' ')
		default:
			if n := controlAt(s, i); n > 0 {
				i += n - 1
				continue
			}
			b.WriteByte(c)
		}
	}
	return strings.ToValidUTF8(b.String(), "\uFFFD")
}

// controlAt is the length in bytes of the control character at s[i] (C0,
// DEL, or C1 such as CSI in UTF-8), 0 if there is none.
func controlAt(s string, i int) int {
	if c := s[i]; c < 0x20 || c == 0x7f {
		return 1
	}
	if s[i] == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f {
		return 2
	}
	return 0
}

type icalWriter struct {
	w   *bufio.Writer
	err error
}

// line writes one content line folded so that no physical line exceeds 75
// octets (without the CRLF); continuation lines start with one space, which
// counts toward their 75.
func (iw *icalWriter) line(s string) {
	if iw.err != nil {
		return
	}
	limit := 75
	for len(s) > limit {
		cut := limit
		// Step back to the start of a UTF-8 sequence.
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		iw.write(s[:cut])
		iw.write("\r\n ")
		s = s[cut:]
		limit = 74
	}
	iw.write(s)
	iw.write("\r\n")
}

func (iw *icalWriter) write(s string) {
	if iw.err == nil {
		_, iw.err = iw.w.WriteString(s)
	}
}
