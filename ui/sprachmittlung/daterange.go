package sprachmittlung

import (
	"errors"
	"math"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
)

// dateRange limits the Einsatz list to days (`z`); a zero end is open.
type dateRange struct{ from, to model.Date }

func (r dateRange) empty() bool { return r.from.IsZero() && r.to.IsZero() }

// contains reports whether day d is in the range.
func (r dateRange) contains(d model.Date) bool {
	return (r.from.IsZero() || !d.Before(r.from)) && (r.to.IsZero() || !d.After(r.to))
}

// holder returns whether a row starts on a day of the range: by its start
// instant against the range's Berlin midnights, worked out once, without
// the time-zone work of v.Day() for each of 100 000 rows.
func (r dateRange) holder() func(v *vrow) bool {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !r.from.IsZero() {
		lo = r.from.Midnight().Unix()
	}
	if !r.to.IsZero() {
		hi = r.to.AddDays(1).Midnight().Unix()
	}
	noStart := r.contains(model.Date{})
	return func(v *vrow) bool {
		if v.minute <= 0 {
			return noStart
		}
		return v.start >= lo && v.start < hi
	}
}

// String is the range as the list's head shows it.
func (r dateRange) String() string {
	switch {
	case r.empty():
		return ""
	case r.from == r.to:
		return "am " + r.from.WeekdayShort() + " " + r.from.String()
	case r.to.IsZero():
		return "ab " + r.from.String()
	case r.from.IsZero():
		return "bis " + r.to.String()
	}
	return r.from.String() + "–" + r.to.String()
}

// input is the range as it can be typed again.
func (r dateRange) input() string {
	if !r.empty() && r.from == r.to {
		return r.from.String()
	}
	return r.String()
}

// parseDateRange reads what the user types after `z`: one day ("Do",
// "26.11."), a range ("1.12.–31.12.", "1.12. - 24.12.", "1.12. bis
// 24.12."), an open one ("ab 1.12.", "bis 31.12."); empty clears it. Days
// are read like every date field (model.ParseDate).
func parseDateRange(s string, today model.Date) (dateRange, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return dateRange{}, nil
	}
	low := strings.ToLower(s)
	day := func(t string) (model.Date, error) { return model.ParseDate(strings.TrimSpace(t), today) }
	switch {
	case strings.HasPrefix(low, "ab "):
		d, err := day(s[3:])
		return dateRange{from: d}, err
	case strings.HasPrefix(low, "bis "):
		d, err := day(s[4:])
		return dateRange{to: d}, err
	}
	var a, b string
	split := false
	for _, sep := range []string{"–", " bis ", " - "} {
		if i := strings.Index(low, sep); i >= 0 {
			a, b, split = s[:i], s[i+len(sep):], true
			break
		}
	}
	if !split && strings.Count(s, "-") == 1 { // "1.12.-31.12." (not ISO 2026-12-01)
		a, b, _ = strings.Cut(s, "-")
		split = true
	}
	if !split {
		d, err := day(s)
		return dateRange{from: d, to: d}, err
	}
	from, err := day(a)
	if err != nil {
		return dateRange{}, err
	}
	to, err := day(b)
	if err != nil {
		return dateRange{}, err
	}
	if to.Before(from) {
		return dateRange{}, errors.New("Das Ende (" + to.String() + ") liegt vor dem Anfang (" + from.String() + ").")
	}
	return dateRange{from: from, to: to}, nil
}

// rangePrompt is the one-line input of `z`.
type rangePrompt struct {
	in     textinput.Model
	active bool
	err    string
}

func newRangePrompt(isDark bool) rangePrompt {
	ti := newInput("Zeitraum: ", 40, isDark)
	ti.SetWidth(22) // "01.12.2026–31.12.2026"
	return rangePrompt{in: ti}
}

func (p *rangePrompt) open(current dateRange) tea.Cmd {
	p.active, p.err = true, ""
	p.in.SetValue(current.input())
	p.in.CursorEnd()
	return p.in.Focus()
}

// update returns done with the range when the user confirms a valid one.
func (p *rangePrompt) update(msg tea.KeyPressMsg, today model.Date) (cmd tea.Cmd, r dateRange, done bool) {
	switch msg.String() {
	case "esc":
		p.active, p.err = false, ""
		p.in.Blur()
		return nil, dateRange{}, false
	case "enter":
		r, err := parseDateRange(p.in.Value(), today)
		if err != nil {
			p.err = err.Error()
			return nil, dateRange{}, false
		}
		p.active, p.err = false, ""
		p.in.Blur()
		return nil, r, true
	}
	p.err = ""
	p.in, cmd = p.in.Update(msg)
	return cmd, dateRange{}, false
}
