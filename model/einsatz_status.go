package model

import (
	"fmt"
	"strings"
	"time"
)

// Status is where an Einsatz stands (docs/DOMAIN.md §1.3).
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
	case StatusAbgelehnt, StatusStorniertRechtzeitig, StatusStorniertKurzfristig, StatusAbgesprungen,
		StatusNichtVermittelbar, StatusNichtErschienen:
		return true
	}
	return false
}

// Cancelled reports whether s is one of the two results of an Absage
// (storniert rechtzeitig or kurzfristig); only Einsatz.Cancel moves there.
func (s Status) Cancelled() bool {
	return s == StatusStorniertRechtzeitig || s == StatusStorniertKurzfristig
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
// it, and appends a line to StatusHistory. at is the time of the change
// (the store passes its clock). The two "storniert" statuses are refused:
// an Absage goes through Cancel, where the clock decides between them.
// StatusNichtErschienen needs a reason and the start to have passed by at,
// and books the tariff's Ausfallpauschale; StatusAbgesprungen clears the
// interpreter and goes back to StatusSuche; StatusDurchgefuehrt needs the
// Einsatznachweis first. StatusAbgerechnet keeps every field: deleting
// the client reference after payment is a data-protection rule of its own,
// not a side effect of this step. Errors are German sentences naming the
// statuses.
func (e *Einsatz) Transition(to Status, reason string, at time.Time, who string, tariff Tariff) error {
	if to.Cancelled() && e.Status.CanMoveTo(to) {
		return fmt.Errorf("Eine Absage bitte mit „Absage erfassen“ eintragen: dann entscheidet die Frist des Tarifs, ob sie rechtzeitig oder kurzfristig war.")
	}
	return e.transition(to, reason, at, who, tariff)
}

// transition is Transition without the guard on the storniert statuses.
func (e *Einsatz) transition(to Status, reason string, at time.Time, who string, tariff Tariff) error {
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
	if p := textProblem(reason, MaxReason); p != "" {
		return fmt.Errorf("Der Grund hat %s.", p)
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
	case StatusAbgesprungen:
		change.Interpreter = e.InterpreterID
		change.To = StatusSuche
		change.Reason = "Sprachmittler:in abgesprungen: " + reason
		e.InterpreterID = ""
		e.Status = StatusSuche
		e.StatusHistory = append(e.StatusHistory, change)
		return nil
	case StatusNichtErschienen:
		if at.Before(e.Start) {
			return fmt.Errorf("„%s“ geht erst ab dem Beginn des Einsatzes (%s Uhr).", to.Label(), FormatDateTime(e.Start))
		}
		// The interpreter came; the tariff pays the Ausfallpauschale as
		// for the latest possible Absage.
		t := tariff
		e.Cancellation = &Cancellation{By: CancelByKlient, At: at.UTC(), Reason: reason, Late: true,
			Ausfallpauschale: tariff.CancelFee(), Tariff: &t}
		change.Reason = reason + " · Ausfallpauschale " + tariff.CancelFee().String()
	}
	e.Status = to
	e.StatusHistory = append(e.StatusHistory, change)
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
