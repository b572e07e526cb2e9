package model

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// The default tariff: Absage less than 24 h before the start pays 2 units
// of 30 minutes at 15 €/h. By hand: 2 × 7,50 € = 15,00 € = 1500 cents.
const cancelFee24h Money = 2 * 750

func bookedEinsatz(start time.Time) *Einsatz {
	return &Einsatz{Meta: Meta{Number: "E-2026-0100"}, Status: StatusVermittelt, InterpreterID: "p1",
		Start: start, Duration: time.Hour, ClientRef: "A. K."}
}

func TestAbsageFollowsTheClock(t *testing.T) {
	tariff := DefaultTariffs()[0]
	start := berlinAt(2026, 3, 12, 10, 0) // Thursday
	cases := []struct {
		name     string
		before   time.Duration
		status   Status
		late     bool
		fee      Money
		deadline string
	}{
		{"30 Stunden vorher", 30 * time.Hour, StatusStorniertRechtzeitig, false, 0, "11.03.2026 10:00"},
		{"10 Stunden vorher", 10 * time.Hour, StatusStorniertKurzfristig, true, cancelFee24h, "11.03.2026 10:00"},
		{"genau an der Frist", 24 * time.Hour, StatusStorniertRechtzeitig, false, 0, "11.03.2026 10:00"},
		{"eine Minute nach der Frist", 24*time.Hour - time.Minute, StatusStorniertKurzfristig, true, cancelFee24h, "11.03.2026 10:00"},
		{"nach Beginn", -15 * time.Minute, StatusStorniertKurzfristig, true, cancelFee24h, "11.03.2026 10:00"},
	}
	for _, c := range cases {
		e := bookedEinsatz(start)
		received := start.Add(-c.before)
		now := received.Add(5 * time.Minute) // entered a little later
		if err := e.Cancel(Absage{By: CancelByEinrichtung, Received: received, Reason: "Termin entfällt"}, now, "anna", tariff); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		cn := e.Cancellation
		if e.Status != c.status || cn.Late != c.late || cn.Ausfallpauschale != c.fee {
			t.Errorf("%s: status %s late %v fee %s, want %s %v %s", c.name, e.Status, cn.Late, cn.Ausfallpauschale, c.status, c.late, c.fee)
		}
		if !cn.At.Equal(received) || cn.By != CancelByEinrichtung || cn.Reason != "Termin entfällt" || cn.Override != "" {
			t.Errorf("%s: cancellation %+v", c.name, cn)
		}
		if c.late && (cn.Tariff == nil || cn.Tariff.CancelUnits != 2) {
			t.Errorf("%s: the tariff of the Pauschale must be kept: %+v", c.name, cn.Tariff)
		}
		if e.InterpreterID != "p1" {
			t.Errorf("%s: the booked interpreter must stay recorded", c.name)
		}
		h := e.StatusHistory[len(e.StatusHistory)-1]
		if h.To != c.status || h.Who != "anna" || !h.At.Equal(now) || !strings.Contains(h.Reason, "Frist Mi "+c.deadline) {
			t.Errorf("%s: history %+v", c.name, h)
		}
	}
}

// The deadline is 24 real hours before the start, also across a change of
// the clocks: the wall clock says something else on those weekends.
func TestAbsageDeadlineAcrossDST(t *testing.T) {
	tariff := DefaultTariffs()[0]
	// Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST. Start Sunday
	// 10:00 CEST = 08:00 UTC; 24 real hours before is Saturday 08:00 UTC =
	// 09:00 CET. An Absage on Saturday at 09:30 CET is 23:30 h before the
	// start – kurzfristig, although the wall clocks are 24:30 h apart.
	spring := berlinAt(2026, 3, 29, 10, 0)
	if got := spring.UTC(); got != time.Date(2026, 3, 29, 8, 0, 0, 0, time.UTC) {
		t.Fatalf("fixture: %v", got)
	}
	received := berlinAt(2026, 3, 28, 9, 30)
	e := bookedEinsatz(spring)
	d := e.DecideAbsage(CancelByKlient, received, false, tariff)
	if !d.Late || d.Before != 23*time.Hour+30*time.Minute || FormatDateTime(d.Deadline) != "28.03.2026 09:00" {
		t.Errorf("spring: late %v before %v deadline %s", d.Late, d.Before, FormatDateTime(d.Deadline))
	}
	if err := e.Cancel(Absage{By: CancelByKlient, Received: received, Reason: "krank"}, received, "x", tariff); err != nil {
		t.Fatal(err)
	}
	if e.Status != StatusStorniertKurzfristig || e.Cancellation.Ausfallpauschale != cancelFee24h {
		t.Errorf("spring: %s %s", e.Status, e.Cancellation.Ausfallpauschale)
	}

	// Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET. Start Sunday
	// 10:00 CET = 09:00 UTC; an Absage on Saturday at 10:30 CEST (08:30
	// UTC) is 24:30 h before – rechtzeitig, although the wall clocks are
	// only 23:30 h apart.
	autumn := berlinAt(2026, 10, 25, 10, 0)
	received = berlinAt(2026, 10, 24, 10, 30)
	e = bookedEinsatz(autumn)
	if err := e.Cancel(Absage{By: CancelByEinrichtung, Received: received, Reason: "verschoben"}, received, "x", tariff); err != nil {
		t.Fatal(err)
	}
	if e.Status != StatusStorniertRechtzeitig || e.Cancellation.Ausfallpauschale != 0 || e.Cancellation.Late {
		t.Errorf("autumn: %s %+v", e.Status, e.Cancellation)
	}
	if d := e.DecideAbsage(CancelByEinrichtung, received, false, tariff); d.Before != 24*time.Hour+30*time.Minute || FormatDateTime(d.Deadline) != "24.10.2026 11:00" {
		t.Errorf("autumn: before %v deadline %s", d.Before, FormatDateTime(d.Deadline))
	}
}

func TestAbsageOverrideNeedsReason(t *testing.T) {
	tariff := DefaultTariffs()[0]
	start := berlinAt(2026, 3, 12, 10, 0)
	received := start.Add(-10 * time.Hour) // kurzfristig by the clock
	e := bookedEinsatz(start)
	err := e.Cancel(Absage{By: CancelByEinrichtung, Received: received, Reason: "Termin entfällt", Override: true}, received, "x", tariff)
	var ve ValidationError
	if !errors.As(err, &ve) || ve.For("override") == "" {
		t.Fatalf("override without reason must be refused, got %v", err)
	}
	if e.Status != StatusVermittelt || e.Cancellation != nil || len(e.StatusHistory) != 0 {
		t.Fatalf("a refused Absage changed the Einsatz: %s %+v", e.Status, e.Cancellation)
	}
	why := "Anruf am Vortag auf dem AB, erst heute abgehört"
	if err := e.Cancel(Absage{By: CancelByEinrichtung, Received: received, Reason: "Termin entfällt", Override: true, OverrideReason: why}, received, "anna", tariff); err != nil {
		t.Fatal(err)
	}
	if e.Status != StatusStorniertRechtzeitig || e.Cancellation.Late || e.Cancellation.Ausfallpauschale != 0 || e.Cancellation.Override != why {
		t.Errorf("override to rechtzeitig: %s %+v", e.Status, e.Cancellation)
	}
	h := e.StatusHistory[len(e.StatusHistory)-1]
	if h.Who != "anna" || !strings.Contains(h.Reason, "Frist übergangen (nach der Uhr kurzfristig): "+why) {
		t.Errorf("the override must be in the history with who: %+v", h)
	}
	// the other way round: rechtzeitig by the clock, kurzfristig by decision
	e = bookedEinsatz(start)
	received = start.Add(-30 * time.Hour)
	if err := e.Cancel(Absage{By: CancelByStabsstelle, Received: received, Reason: "Raum fehlt", Override: true, OverrideReason: "Sprachmittler:in schon angereist"}, received, "x", tariff); err != nil {
		t.Fatal(err)
	}
	if e.Status != StatusStorniertKurzfristig || e.Cancellation.Ausfallpauschale != cancelFee24h {
		t.Errorf("override to kurzfristig: %s %+v", e.Status, e.Cancellation)
	}
	// without a booked interpreter there is no deadline to override
	e = &Einsatz{Status: StatusSuche, Start: start, Duration: time.Hour}
	if err := e.Cancel(Absage{By: CancelByEinrichtung, Received: received, Reason: "x", Override: true, OverrideReason: "y"}, received, "x", tariff); err == nil {
		t.Error("override without a booked interpreter accepted")
	}
}

func TestAbsageOfInterpreterGoesBackToSuche(t *testing.T) {
	tariff := DefaultTariffs()[0]
	start := berlinAt(2026, 3, 12, 10, 0)
	e := bookedEinsatz(start)
	received := start.Add(-2 * time.Hour) // late, but the interpreter's own Absage pays nothing
	if err := e.Cancel(Absage{By: CancelByInterpreter, Received: received, Reason: "krank"}, received, "x", tariff); err != nil {
		t.Fatal(err)
	}
	if e.Status != StatusSuche || e.InterpreterID != "" || e.Cancellation != nil {
		t.Errorf("interpreter's Absage: %s %q %+v", e.Status, e.InterpreterID, e.Cancellation)
	}
	h := e.StatusHistory[len(e.StatusHistory)-1]
	if h.Interpreter != "p1" || !strings.Contains(h.Reason, "abgesprungen: krank") || !strings.Contains(h.Reason, "12.03.2026 08:00") {
		t.Errorf("history %+v", h)
	}
	if !e.DroppedOut()["p1"] {
		t.Error("the interpreter must rank last in the next search")
	}
	// with nobody booked, an interpreter cannot cancel
	if err := e.Cancel(Absage{By: CancelByInterpreter, Received: received, Reason: "krank"}, received, "x", tariff); err == nil {
		t.Error("Absage of an interpreter who is not booked accepted")
	}
}

func TestAbsageChecksItsInput(t *testing.T) {
	tariff := DefaultTariffs()[0]
	start := berlinAt(2026, 3, 12, 10, 0)
	now := start.Add(-48 * time.Hour)
	for name, a := range map[string]Absage{
		"in der Zukunft": {By: CancelByEinrichtung, Received: now.Add(time.Minute), Reason: "x"},
		"ohne Eingang":   {By: CancelByEinrichtung, Reason: "x"},
		"ohne Grund":     {By: CancelByEinrichtung, Received: now, Reason: "  "},
		"ohne Partei":    {Received: now, Reason: "x"},
		"Zeilenumbruch":  {By: CancelByKlient, Received: now, Reason: "a\nb"},
	} {
		e := bookedEinsatz(start)
		if err := e.Cancel(a, now, "x", tariff); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if e.Status != StatusVermittelt || e.Cancellation != nil {
			t.Errorf("%s: changed", name)
		}
	}
	// An open request without interpreter: rechtzeitig, nobody to pay.
	e := &Einsatz{Status: StatusSuche, Start: start, Duration: time.Hour}
	if err := e.Cancel(Absage{By: CancelByEinrichtung, Received: start.Add(-time.Hour), Reason: "erledigt"}, start, "x", tariff); err != nil {
		t.Fatal(err)
	}
	if e.Status != StatusStorniertRechtzeitig || e.Cancellation.Late || e.Cancellation.Ausfallpauschale != 0 {
		t.Errorf("open request: %s %+v", e.Status, e.Cancellation)
	}
	// The menu cannot pick a storniert status past the clock.
	e = bookedEinsatz(start)
	if err := e.Transition(StatusStorniertRechtzeitig, "Grund", now, "x", tariff); err == nil || !strings.Contains(err.Error(), "Absage erfassen") {
		t.Errorf("Transition to storniert must point to the Absage: %v", err)
	}
}

func TestNoShowOnlyAfterStart(t *testing.T) {
	tariff := DefaultTariffs()[0]
	start := berlinAt(2026, 3, 12, 10, 0)
	e := bookedEinsatz(start)
	if err := e.Transition(StatusNichtErschienen, "niemand da", start.Add(-time.Minute), "x", tariff); err == nil {
		t.Error("nicht erschienen before the start accepted")
	}
	if err := e.Transition(StatusNichtErschienen, " ", start.Add(time.Hour), "x", tariff); err == nil {
		t.Error("nicht erschienen without reason accepted")
	}
	if e.Status != StatusVermittelt || e.Cancellation != nil {
		t.Fatalf("refused no-show changed the Einsatz: %s %+v", e.Status, e.Cancellation)
	}
	if err := e.Transition(StatusNichtErschienen, "30 min gewartet, niemand kam", start.Add(40*time.Minute), "x", tariff); err != nil {
		t.Fatal(err)
	}
	c := e.Cancellation
	if e.Status != StatusNichtErschienen || c.By != CancelByKlient || !c.Late || c.Ausfallpauschale != cancelFee24h || c.Tariff == nil || e.InterpreterID != "p1" {
		t.Errorf("no-show: %s %+v", e.Status, c)
	}
}

// Marking abgerechnet by hand keeps everything, also the client reference.
func TestManualAbgerechnetKeepsClientRef(t *testing.T) {
	tariff := DefaultTariffs()[0]
	start := berlinAt(2026, 3, 12, 10, 0)
	e := bookedEinsatz(start)
	if err := e.RecordNachweis(Einsatznachweis{ActualStart: start, ActualEnd: start.Add(time.Hour), Km: 120}, tariff); err != nil {
		t.Fatal(err)
	}
	if err := e.Transition(StatusDurchgefuehrt, "", start.Add(2*time.Hour), "x", tariff); err != nil {
		t.Fatal(err)
	}
	before := *e.Nachweis
	if err := e.Transition(StatusAbgerechnet, "", start.Add(48*time.Hour), "x", tariff); err != nil {
		t.Fatal(err)
	}
	if e.ClientRef != "A. K." || e.InterpreterID != "p1" || e.Nachweis.Amount != before.Amount || e.Nachweis.Km != 120 {
		t.Errorf("abgerechnet lost data: ref %q interp %q nachweis %+v", e.ClientRef, e.InterpreterID, e.Nachweis)
	}
	if h := e.StatusHistory[len(e.StatusHistory)-1]; strings.Contains(h.Reason, "gelöscht") {
		t.Errorf("history claims a deletion: %+v", h)
	}
}

// A kurzfristig cancellation stored before the clock decided has no Late
// flag; it still reads as kurzfristig.
func TestOldCancellationReadsAsLate(t *testing.T) {
	var e Einsatz
	if err := json.Unmarshal([]byte(`{"status":"storniert_kurzfristig","interpreterId":"p1",
		"cancellation":{"by":"klient","at":"2026-03-01T08:00:00Z","ausfallpauschale":1500}}`), &e); err != nil {
		t.Fatal(err)
	}
	if e.Cancellation.Late || !e.CancelledLate() {
		t.Errorf("old record: %+v", e.Cancellation)
	}
	e = Einsatz{Status: StatusStorniertRechtzeitig, Cancellation: &Cancellation{By: CancelByEinrichtung}}
	if e.CancelledLate() {
		t.Error("rechtzeitig read as late")
	}
}
