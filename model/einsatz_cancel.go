package model

import (
	"fmt"
	"strings"
	"time"
)

// MaxReason is the longest reason of a status change, an Absage or an
// override.
const MaxReason = 300

// Absage is what the office enters when an Einsatz is called off: who
// called it off, when the Absage reached the office and why. Override
// reverses the clock's decision (rechtzeitig ↔ kurzfristig); it needs
// OverrideReason.
type Absage struct {
	By             CancelParty
	Received       time.Time
	Reason         string
	Override       bool
	OverrideReason string
}

// AbsageDecision is what an Absage leads to, computed before anything is
// saved so the dialog can show it.
type AbsageDecision struct {
	// BackToSearch: the interpreter cancelled; the request goes back to
	// Suche and nobody is owed anything.
	BackToSearch bool
	// Booked: an interpreter was booked, so the deadline matters. Without
	// one there is nobody to pay and nothing to decide.
	Booked bool
	// Deadline is the last moment for a rechtzeitig Absage: the start
	// minus the tariff's CancelHours, in real elapsed time (a night with a
	// clock change has 23 or 25 hours).
	Deadline time.Time
	// Before is how long before the start the Absage came (negative when
	// it came after the start).
	Before time.Duration
	// ClockLate is the clock's decision; Late the one that counts (the
	// opposite when the user overrides it with a reason).
	ClockLate, Late bool
	Fee             Money
	Status          Status
	Tariff          Tariff
}

// Deadline is the last moment for an Absage without Ausfallpauschale
// under tariff t: CancelHours before the start, counted in real hours.
func (e *Einsatz) Deadline(t Tariff) time.Time {
	return e.Start.Add(-time.Duration(t.CancelHours) * time.Hour)
}

// DecideAbsage applies tariff t to an Absage by party by received at
// received: kurzfristig when it came after the deadline (fewer than
// CancelHours real hours before the start), rechtzeitig otherwise. An
// Absage exactly at the deadline is rechtzeitig. override reverses the
// decision (the caller has checked that it carries a reason).
func (e *Einsatz) DecideAbsage(by CancelParty, received time.Time, override bool, t Tariff) AbsageDecision {
	d := AbsageDecision{Tariff: t, Status: StatusStorniertRechtzeitig}
	if by == CancelByInterpreter {
		d.BackToSearch, d.Status = true, StatusSuche
		return d
	}
	d.Booked = e.InterpreterID != "" && e.Status == StatusVermittelt
	d.Deadline = e.Deadline(t)
	d.Before = e.Start.Sub(received)
	if !d.Booked {
		return d
	}
	d.ClockLate = received.After(d.Deadline)
	d.Late = d.ClockLate != override
	if d.Late {
		d.Status, d.Fee = StatusStorniertKurzfristig, t.CancelFee()
	}
	return d
}

// Explain says in one German line what the decision means, e.g.
// "eingegangen 30:00 h vor Beginn, Frist Mi 04.03.2026 10:00 (24 Stunden
// vorher) – rechtzeitig, keine Ausfallpauschale".
func (d AbsageDecision) Explain() string {
	if !d.Booked || d.BackToSearch {
		return d.Result()
	}
	return "eingegangen " + beforeText(d.Before) + ", " + d.deadlineText() + " – " + d.Result()
}

func (d AbsageDecision) deadlineText() string {
	return "Frist " + DateOf(d.Deadline).WeekdayShort() + " " + FormatDateTime(d.Deadline) + " (" + hoursText(d.Tariff.CancelHours) + " vorher)"
}

// Result is the outcome alone: "kurzfristig, Ausfallpauschale 15,00 €",
// "rechtzeitig, keine Ausfallpauschale" (marked when it departs from the
// deadline), or why there is nothing to decide.
func (d AbsageDecision) Result() string {
	var s string
	switch {
	case d.BackToSearch:
		return "Absage der Sprachmittler:in: zurück zur Suche, keine Ausfallpauschale"
	case !d.Booked:
		return "noch keine Sprachmittler:in eingeteilt: keine Frist, keine Ausfallpauschale"
	case d.Late:
		s = "kurzfristig, Ausfallpauschale " + d.Fee.String()
	default:
		s = "rechtzeitig, keine Ausfallpauschale"
	}
	if d.Late != d.ClockLate {
		s += " (abweichend von der Frist)"
	}
	return s
}

// beforeText is "30:00 h vor Beginn" or "0:15 h nach Beginn".
func beforeText(d time.Duration) string {
	if d < 0 {
		return FormatDuration(-d) + " nach Beginn"
	}
	return FormatDuration(d) + " vor Beginn"
}

// Cancel records an Absage under tariff t at now by who. The clock decides
// (DecideAbsage); a.Override reverses its decision and is kept with the
// Cancellation and in the status history. An interpreter's Absage puts the
// Einsatz back to Suche without any Ausfallpauschale. Nothing is changed
// when an error is returned.
func (e *Einsatz) Cancel(a Absage, now time.Time, who string, t Tariff) error {
	a.Reason = strings.TrimSpace(a.Reason)
	a.OverrideReason = strings.TrimSpace(a.OverrideReason)
	if err := e.checkAbsage(a, now); err != nil {
		return err
	}
	d := e.DecideAbsage(a.By, a.Received, a.Override, t)
	if a.Override && !d.Booked {
		return ValidationError{{Field: "override", Msg: "Hier gibt es keine Frist zu übergehen: " + d.Explain() + "."}}
	}
	received := FormatDateTime(a.Received)
	if d.BackToSearch {
		before := e.StatusHistory
		if err := e.transition(StatusAbgesprungen, a.Reason, now, who, t); err != nil {
			return err
		}
		e.StatusHistory[len(before)].Reason += " (Absage eingegangen " + received + ")"
		return nil
	}
	c := &Cancellation{By: a.By, At: a.Received.UTC(), Reason: a.Reason, Late: d.Late, Ausfallpauschale: d.Fee}
	if a.Override {
		c.Override = a.OverrideReason
	}
	if d.Booked {
		tc := t // the deadline and the Pauschale were decided with it
		c.Tariff = &tc
	}
	prev := e.Cancellation
	e.Cancellation = c
	if err := e.transition(d.Status, a.Reason, now, who, t); err != nil {
		e.Cancellation = prev
		return err
	}
	h := &e.StatusHistory[len(e.StatusHistory)-1]
	h.Reason += " · Absage von " + a.By.Label() + ", eingegangen " + received
	if d.Booked {
		h.Reason += " (" + beforeText(d.Before) + "), " + d.deadlineText()
	}
	h.Reason += " – " + d.Result()
	if a.Override {
		clock := "rechtzeitig"
		if d.ClockLate {
			clock = "kurzfristig"
		}
		h.Reason += " · Frist übergangen (nach der Uhr " + clock + "): " + a.OverrideReason
	}
	return nil
}

func (e *Einsatz) checkAbsage(a Absage, now time.Time) error {
	var v ValidationError
	switch a.By {
	case CancelByEinrichtung, CancelByKlient, CancelByStabsstelle:
		if !e.Status.CanMoveTo(StatusStorniertRechtzeitig) {
			return fmt.Errorf("Ein Einsatz im Status „%s“ kann nicht mehr abgesagt werden.", e.Status.Label())
		}
	case CancelByInterpreter:
		if e.InterpreterID == "" || e.Status != StatusVermittelt {
			return fmt.Errorf("Eine Absage der Sprachmittler:in gibt es nur, wenn eine eingeteilt ist (Status „vermittelt“).")
		}
	default:
		v.Add("by", "Bitte angeben, wer abgesagt hat: Einrichtung, Klient:in, Sprachmittler:in oder Stabsstelle.")
	}
	switch {
	case a.Received.IsZero():
		v.Add("received", "Bitte angeben, wann die Absage eingegangen ist.")
	case a.Received.After(now):
		v.Add("received", "Der Eingang der Absage liegt in der Zukunft – bitte Datum und Uhrzeit prüfen.")
	case a.Received.Year() < 2000:
		v.Add("received", "Das Datum des Eingangs ist wohl ein Tippfehler.")
	}
	if a.Reason == "" {
		v.Add("reason", "Bitte den Grund der Absage angeben.")
	} else if p := textProblem(a.Reason, MaxReason); p != "" {
		v.Add("reason", "Der Grund hat "+p+".")
	}
	switch {
	case a.Override && a.OverrideReason == "":
		v.Add("override", "Wer von der Frist abweicht, muss es begründen – bitte den Grund der Abweichung angeben.")
	case a.Override:
		if p := textProblem(a.OverrideReason, MaxReason); p != "" {
			v.Add("override", "Die Begründung hat "+p+".")
		}
	}
	return v.Err()
}

// CancelledLate reports whether the Einsatz was called off at short notice
// (or the client did not come). Records from before the clock decided
// have no Late flag; their status or Pauschale tells.
func (e *Einsatz) CancelledLate() bool {
	c := e.Cancellation
	if c == nil {
		return false
	}
	return c.Late || c.Ausfallpauschale > 0 || e.Status == StatusStorniertKurzfristig || e.Status == StatusNichtErschienen
}
