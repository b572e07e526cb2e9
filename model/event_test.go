package model

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func validEvent() *Event {
	start := time.Date(2026, 3, 5, 13, 0, 0, 0, time.UTC)
	return &Event{Title: "Arbeitskreis Bildung", Type: EventArbeitskreis, Region: RegionZentrum,
		Themenfelder: []Themenfeld{ThemaBildung}, Start: start, End: start.Add(2 * time.Hour), Status: EventGeplant}
}

func TestEventValidate(t *testing.T) {
	if err := validEvent().Validate(); err != nil {
		t.Fatalf("valid event: %v", err)
	}
	for name, tc := range map[string]struct {
		mod   func(e *Event)
		field string
	}{
		"no title":       {func(e *Event) { e.Title = " " }, "title"},
		"bad type":       {func(e *Event) { e.Type = "Party" }, "type"},
		"bad thema":      {func(e *Event) { e.Themenfelder = []Themenfeld{"Sport"} }, "themen"},
		"bad region":     {func(e *Event) { e.Region = "Ost" }, "region"},
		"no start":       {func(e *Event) { e.Start = time.Time{} }, "start"},
		"end before":     {func(e *Event) { e.End = e.Start.Add(-time.Hour) }, "end"},
		"neg capacity":   {func(e *Event) { e.Capacity = -1 }, "capacity"},
		"bad status":     {func(e *Event) { e.Status = "" }, "status"},
		"late deadline":  {func(e *Event) { e.Deadline = NewDate(2026, 3, 9) }, "deadline"},
		"bad link":       {func(e *Event) { e.OnlineLink = "meet.example" }, "online"},
		"gs not fb":      {func(e *Event) { e.Grundschulung = true }, "grundschulung"},
		"empty decision": {func(e *Event) { e.Decisions = []string{"a", " "} }, "decisions"},
		"bad gremium":    {func(e *Event) { e.Gremium = "Kegelclub" }, "gremium"},
	} {
		e := validEvent()
		tc.mod(e)
		err := e.Validate()
		ve, ok := err.(ValidationError)
		if !ok || ve.For(tc.field) == "" {
			t.Errorf("%s: want message for %q, got %v", name, tc.field, err)
		}
	}
}

func TestEventICal(t *testing.T) {
	e := validEvent()
	e.ID, e.Number, e.ICalSequence = "0190abcd", "V-2026-003", 4
	e.Venue, e.Room = "Kreishaus I", "Saal 1"
	ic := e.ICal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if ic.UID != "0190abcd@"+ICalUIDDomain || ic.Sequence != 4 || ic.Location != "Kreishaus I, Saal 1" ||
		ic.Status != ICalTentative || !strings.Contains(ic.Description, "V-2026-003") {
		t.Errorf("%+v", ic)
	}
	e.Status = EventAbgesagt
	if e.ICal(time.Time{}).Status != ICalCancelled {
		t.Error("cancelled event must be CANCELLED")
	}
	old := *e
	e.Description = "neu"
	if e.ICalChanged(&old) {
		t.Error("description alone does not raise SEQUENCE")
	}
	e.Room = "Saal 2"
	if !e.ICalChanged(&old) {
		t.Error("room change raises SEQUENCE")
	}
}

func TestParseThemenfelder(t *testing.T) {
	got, bad := ParseThemenfelder("Bildung; familienleben, Arbeit, Bildung, Sport")
	if len(got) != 3 || got[0] != ThemaBildung || got[1] != ThemaFamilie || got[2] != ThemaArbeit {
		t.Errorf("got %v", got)
	}
	if len(bad) != 1 || bad[0] != "Sport" {
		t.Errorf("bad %v", bad)
	}
}

func TestMailingList(t *testing.T) {
	got := MailingList([]string{"a@b.de", "", "kaputt", "A@B.de", " c@d.de "})
	if got != "a@b.de; c@d.de" {
		t.Errorf("got %q", got)
	}
}

func TestAttendanceCountsAndRoles(t *testing.T) {
	var c AttendanceCounts
	c.Add(RegAngemeldet, RoleHauptamt)
	c.Add(RegTeilgenommen, RoleEhrenamt)
	c.Add(RegNichtErschienen, RoleNone)
	c.Add(RegWarteliste, RoleNone)
	c.Add(RegAbgemeldet, RoleNone)
	if c.Occupied() != 3 || c.Ehrenamt != 1 || c.Hauptamt != 0 || c.Warteliste != 1 {
		t.Errorf("%+v", c)
	}
	for in, want := range map[string]Role{"H": RoleHauptamt, "ehrenamtlich": RoleEhrenamt, "": RoleNone} {
		if r, ok := ParseRole(in); !ok || r != want {
			t.Errorf("ParseRole(%q) = %q %v", in, r, ok)
		}
	}
	if _, ok := ParseRole("Chef"); ok {
		t.Error("unknown role accepted")
	}
}

func TestSignInSheet(t *testing.T) {
	e := validEvent()
	e.Number, e.Venue, e.Organiser = "V-2026-003", "Kreishaus I, Schlossplatz 1, 38518 Gifhorn", "Stabsstelle Integration"
	var rows []SignInRow
	for i := range 20 {
		rows = append(rows, SignInRow{Name: strings.Repeat("Özlem Şahin-", 1+i%4), Organisation: "Grundschule Am Ring mit sehr langem Namen", Role: RoleHauptamt})
	}
	var buf bytes.Buffer
	if err := WriteSignInSheet(&buf, e, rows, 10, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if strings.Count(s, "\f") != 1 {
		t.Errorf("30 rows must give two pages, got %d form feeds", strings.Count(s, "\f"))
	}
	if !strings.Contains(s, "Seite 2 von 2") || !strings.Contains(s, "Unterschrift") || !strings.Contains(s, " 30 | ") {
		t.Error("header, signature column or blank rows missing")
	}
	for _, l := range strings.Split(s, "\r\n") {
		l = strings.TrimPrefix(l, "\f")
		if n := utf8.RuneCountInString(l); n > SignInWidth {
			t.Errorf("line of %d: %q", n, l)
		}
	}
}
