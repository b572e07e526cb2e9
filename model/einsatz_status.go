package model

import (
	"fmt"
	"strings"
	"time"
)

// Status is where an Einsatz stands (domain.md §1.3).
type Status string

// Statuses of an Einsatz. StatusAbgesprungen is an action rather than a
// resting state: Transition(StatusAbgesprungen, …) clears the interpreter
// and puts the Einsatz back to StatusSuche.
const (
	StatusAnfrage              Status = "anfrage"
	StatusPruefung             Status = "pruefung"
	StatusSuche                Status = "suche"
	StatusVermittelt           Status = "vermittelt"
	StatusDurchgefuehrt        Status = "durchgefuehrt"
	StatusAbgerechnet          Status = "abgerechnet"
	StatusAbgelehnt            Status = "abgelehnt"
	StatusStorniertRechtzeitig Status = "storniert_rechtzeitig"
	StatusStorniertKurzfristig Status = "storniert_kurzfristig"
	StatusNichtErschienen      Status = "nicht_erschienen"
	StatusAbgesprungen         Status = "abgesprungen"
	StatusNichtVermittelbar    Status = "nicht_vermittelbar"
)

// Statuses lists every resting status in workflow order (for filters).
var Statuses = []Status{StatusAnfrage, StatusPruefung, StatusSuche, StatusVermittelt, StatusDurchgefuehrt,
	StatusAbgerechnet, StatusAbgelehnt, StatusStorniertRechtzeitig, StatusStorniertKurzfristig,
	StatusNichtErschienen, StatusNichtVermittelbar}

// Label is the German name of the status.
func (s Status) Label() string {
	switch s {
	case StatusAnfrage:
		return "Anfrage"
	case StatusPruefung:
		return "in Prüfung"
	case StatusSuche:
		return "Suche"
	case StatusVermittelt:
		return "vermittelt"
	case StatusDurchgefuehrt:
		return "durchgeführt"
	case StatusAbgerechnet:
		return "abgerechnet"
	case StatusAbgelehnt:
		return "abgelehnt"
	case StatusStorniertRechtzeitig:
		return "storniert (rechtzeitig)"
	case StatusStorniertKurzfristig:
		return "storniert (kurzfristig)"
	case StatusNichtErschienen:
		return "Klient:in nicht erschienen"
	case StatusAbgesprungen:
		return "Sprachmittler:in abgesprungen"
	case StatusNichtVermittelbar:
		return "nicht vermittelbar"
	}
	return "—"
}

// ParseStatus accepts the stored value or the German label (any case).
func ParseStatus(s string) (Status, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, st := range append(Statuses, StatusAbgesprungen) {
		if string(st) == t || strings.ToLower(st.Label()) == t {
			return st, true
		}
	}
	return "", false
}

// transitions is the status machine: from → allowed next statuses.
var transitions = map[Status][]Status{
	"":                         {StatusAnfrage},
	StatusAnfrage:              {StatusPruefung, StatusSuche, StatusAbgelehnt, StatusStorniertRechtzeitig},
	StatusPruefung:             {StatusSuche, StatusAbgelehnt, StatusStorniertRechtzeitig},
	StatusSuche:                {StatusVermittelt, StatusNichtVermittelbar, StatusStorniertRechtzeitig},
	StatusVermittelt:           {StatusDurchgefuehrt, StatusStorniertRechtzeitig, StatusStorniertKurzfristig, StatusNichtErschienen, StatusAbgesprungen},
	StatusDurchgefuehrt:        {StatusAbgerechnet},
	StatusStorniertKurzfristig: {StatusAbgerechnet},
	StatusNichtErschienen:      {StatusAbgerechnet},
	StatusNichtVermittelbar:    {StatusSuche},
}

// Next lists the statuses an Einsatz in status s may move to, for the UI's
// action menu.
func (s Status) Next() []Status { return append([]Status(nil), transitions[s]...) }

// CanMoveTo reports whether s → to is a legal transition.
func (s Status) CanMoveTo(to Status) bool {
	for _, n := range transitions[s] {
		if n == to {
			return true
		}
	}
	return false
}

// NeedsReason reports whether moving to s needs a reason.
func (s Status) NeedsReason() bool {
	switch s {
	case StatusAbgelehnt, StatusStorniertRechtzeitig, StatusStorniertKurzfristig, StatusAbgesprungen, StatusNichtVermittelbar:
		return true
	}
	return false
}

// NeedsInterpreter reports whether an Einsatz in status s must have an
// interpreter.
func (s Status) NeedsInterpreter() bool {
	switch s {
	case StatusVermittelt, StatusDurchgefuehrt, StatusStorniertKurzfristig, StatusNichtErschienen:
		return true
	}
	return false
}

// BlocksInterpreter reports whether an Einsatz in status s occupies its
// interpreter's time (for conflicts and the agenda).
func (s Status) BlocksInterpreter() bool {
	switch s {
	case StatusVermittelt, StatusDurchgefuehrt, StatusAbgerechnet:
		return true
	}
	return false
}

// Open reports whether the Einsatz still needs work by the office before
// it takes place (Anfrage, Prüfung, Suche).
func (s Status) Open() bool {
	return s == StatusAnfrage || s == StatusPruefung || s == StatusSuche
}

// Transition moves the Einsatz to status to, if the status machine allows
// it, and appends a line to StatusHistory. Moving to
// StatusStorniertKurzfristig or StatusNichtErschienen computes the
// Ausfallpauschale from tariff's cancellation rule; StatusAbgesprungen
// clears the interpreter and goes back to StatusSuche; StatusDurchgefuehrt
// needs the Einsatznachweis first; StatusAbgerechnet deletes the client
// reference (no longer needed). Errors are German sentences naming the
// statuses.
func (e *Einsatz) Transition(to Status, reason string, at time.Time, who string, tariff Tariff) error {
	from := e.Status
	reason = strings.TrimSpace(reason)
	if !from.CanMoveTo(to) {
		if from == to {
			return fmt.Errorf("Der Einsatz %s ist bereits im Status „%s“.", e.Number, from.Label())
		}
		return fmt.Errorf("Ein Einsatz im Status „%s“ kann nicht auf „%s“ gesetzt werden. Möglich: %s.", from.Label(), to.Label(), nextLabels(from))
	}
	if to.NeedsReason() && reason == "" {
		return fmt.Errorf("Für „%s“ bitte einen Grund angeben.", to.Label())
	}
	change := StatusChange{At: at.UTC(), Who: who, From: from, To: to, Reason: reason}
	switch to {
	case StatusVermittelt:
		if e.InterpreterID == "" {
			return fmt.Errorf("Bitte zuerst eine Sprachmittler:in auswählen, dann auf „vermittelt“ setzen.")
		}
		change.Interpreter = e.InterpreterID
	case StatusDurchgefuehrt:
		if e.Nachweis == nil {
			return fmt.Errorf("Bitte zuerst den Einsatznachweis (Beginn, Ende, Kilometer) erfassen.")
		}
	case StatusAbgerechnet:
		// Data minimisation (domain.md §4.4): the client reference is not
		// needed for accounting once the Einsatz is billed.
		if e.ClientRef != "" {
			e.ClientRef = ""
			change.Reason = strings.TrimSpace(change.Reason + " Kennung der Klient:in gelöscht.")
		}
	case StatusAbgesprungen:
		change.Interpreter = e.InterpreterID
		change.To = StatusSuche
		change.Reason = "Sprachmittler:in abgesprungen: " + reason
		e.InterpreterID = ""
		e.Status = StatusSuche
		e.StatusHistory = append(e.StatusHistory, change)
		return nil
	case StatusStorniertRechtzeitig, StatusStorniertKurzfristig, StatusNichtErschienen:
		c := Cancellation{By: CancelByEinrichtung, At: at.UTC(), Reason: reason}
		if e.Cancellation != nil && e.Cancellation.By != "" {
			c.By = e.Cancellation.By
		}
		if to == StatusNichtErschienen {
			c.By = CancelByKlient
		}
		if to != StatusStorniertRechtzeitig && e.InterpreterID != "" {
			t := tariff
			c.Tariff = &t
			c.Ausfallpauschale = tariff.CancelFee()
		}
		e.Cancellation = &c
		if to == StatusStorniertRechtzeitig && !from.NeedsInterpreter() {
			e.InterpreterID = ""
		}
	}
	e.Status = to
	e.StatusHistory = append(e.StatusHistory, change)
	return nil
}

// CancelStatus picks storniert rechtzeitig or kurzfristig for a
// cancellation at time at: kurzfristig when an interpreter is booked and
// fewer than tariff.CancelHours remain before the start.
func (e *Einsatz) CancelStatus(at time.Time, tariff Tariff) Status {
	if e.InterpreterID != "" && e.Status == StatusVermittelt && e.Start.Sub(at) < time.Duration(tariff.CancelHours)*time.Hour {
		return StatusStorniertKurzfristig
	}
	return StatusStorniertRechtzeitig
}

// Cancel records an Absage by party by: an interpreter's cancellation puts
// the Einsatz back to Suche, anybody else's cancels it, rechtzeitig or
// kurzfristig according to the tariff.
func (e *Einsatz) Cancel(by CancelParty, reason string, at time.Time, who string, tariff Tariff) error {
	if by == CancelByInterpreter {
		return e.Transition(StatusAbgesprungen, reason, at, who, tariff)
	}
	to := e.CancelStatus(at, tariff)
	prev := e.Cancellation
	e.Cancellation = &Cancellation{By: by}
	if err := e.Transition(to, reason, at, who, tariff); err != nil {
		e.Cancellation = prev
		return err
	}
	return nil
}

func nextLabels(s Status) string {
	var out []string
	for _, n := range transitions[s] {
		out = append(out, "„"+n.Label()+"“")
	}
	if len(out) == 0 {
		return "keine weitere Änderung"
	}
	return strings.Join(out, ", ")
}
