package model

import (
	"fmt"
	"strings"
	"time"
)

// ReclaimStatus is where a Rückforderung stands.
type ReclaimStatus string

const (
	// ReclaimOffen: money is owed back (in full or in part).
	ReclaimOffen ReclaimStatus = "offen"
	// ReclaimVerrechnet: closed by netting against payouts to the person.
	ReclaimVerrechnet ReclaimStatus = "verrechnet"
	// ReclaimZurueckgezahlt: closed, the person paid the rest back.
	ReclaimZurueckgezahlt ReclaimStatus = "zurueckgezahlt"
)

// Label is the German word.
func (s ReclaimStatus) Label() string {
	switch s {
	case ReclaimOffen:
		return "offen"
	case ReclaimVerrechnet:
		return "verrechnet"
	case ReclaimZurueckgezahlt:
		return "zurückgezahlt"
	}
	return string(s)
}

// ReclaimSettlement is one part of a Rückforderung that was settled: netted
// against a payout run, or paid back by the person.
type ReclaimSettlement struct {
	Kind      ReclaimStatus `json:"kind"` // verrechnet or zurueckgezahlt
	Amount    Money         `json:"amount"`
	Date      Date          `json:"date"` // execution date of the run, or the day paid back
	RunID     string        `json:"runId,omitempty"`
	RunNumber string        `json:"runNumber,omitempty"`
	By        string        `json:"by"`
	At        time.Time     `json:"at"`
	Note      string        `json:"note,omitempty"`
}

// Reclaim is a Rückforderung (R-2026-001): money paid to a person that is
// owed back, because a Storno or Korrektur of a paid claim took effect. It
// is closed when it has been netted against later payouts to the same
// person or marked as paid back.
type Reclaim struct {
	Meta
	PersonID   string `json:"personId"`
	PersonName string `json:"personName"`
	// The paid claim, and the Storno/Korrektur that made the money owed.
	ClaimID          string `json:"claimId"`
	ClaimNumber      string `json:"claimNumber"`
	CorrectionID     string `json:"correctionId"`
	CorrectionNumber string `json:"correctionNumber"`

	Amount Money  `json:"amount"` // owed back in total, > 0
	Reason string `json:"reason"`
	Due    Date   `json:"due"`
	// Net: net it against the next payout run to the same person.
	Net bool `json:"net"`

	Status      ReclaimStatus       `json:"status"`
	Settlements []ReclaimSettlement `json:"settlements,omitempty"`
	// PayoutRunID is the run not yet executed that nets Pending of it.
	PayoutRunID string `json:"payoutRunId,omitempty"`
	Pending     Money  `json:"pending,omitempty"`
}

// ReclaimDueDays is the default time to pay back.
const ReclaimDueDays = 30

// Settled is what was netted or paid back so far.
func (r *Reclaim) Settled() Money {
	var s Money
	for _, x := range r.Settlements {
		s += x.Amount
	}
	return s
}

// Left is what is still owed.
func (r *Reclaim) Left() Money { return r.Amount - r.Settled() }

// Open reports whether money is still owed.
func (r *Reclaim) Open() bool { return r.Status == ReclaimOffen }

// Frozen reports whether the record may no longer change by undo: netted in
// a payout run (executed or waiting for the Kreiskasse). A payback marked
// by mistake can be undone.
func (r *Reclaim) Frozen() bool { return r.Status == ReclaimVerrechnet || r.PayoutRunID != "" }

// Describe names the record in one line for history views.
func (r *Reclaim) Describe() string {
	return fmt.Sprintf("Rückforderung %s %s %s", r.Number, r.PersonName, r.Amount)
}

// Validate checks the record.
func (r *Reclaim) Validate() error {
	var v ValidationError
	v.Check(strings.TrimSpace(r.PersonID) != "", "person", "Eine Rückforderung braucht die Person, die zurückzahlen soll.")
	v.Check(r.Amount > 0 && r.Amount <= 100_000_000, "amount", "Der Betrag einer Rückforderung liegt über 0 € (höchstens 1.000.000 €).")
	v.Check(strings.TrimSpace(r.Reason) != "", "reason", "Bitte den Grund der Rückforderung angeben.")
	if p := textProblem(r.Reason, 200); p != "" {
		v.Add("reason", "Grund: "+p+".")
	}
	v.Check(!r.Due.IsZero(), "due", "Bitte angeben, bis wann zurückzuzahlen ist.")
	switch r.Status {
	case ReclaimOffen, ReclaimVerrechnet, ReclaimZurueckgezahlt:
	default:
		v.Add("status", "Unbekannter Stand der Rückforderung.")
	}
	if s := r.Settled(); s > r.Amount || s < 0 {
		v.Add("settlements", fmt.Sprintf("Es ist mehr verrechnet oder zurückgezahlt (%s) als zurückgefordert (%s).", s, r.Amount))
	}
	if r.Pending < 0 || r.Pending > r.Left() {
		v.Add("pending", "Der im Zahllauf vorgemerkte Betrag ist größer als der offene Rest.")
	}
	return v.Err()
}

// settle records a settlement and closes the record when nothing is left.
func (r *Reclaim) settle(s ReclaimSettlement) {
	r.Settlements = append(r.Settlements, s)
	if r.Left() <= 0 {
		r.Status = s.Kind
	}
}

// Netted records that amount was netted in the executed payout run.
func (r *Reclaim) Netted(amount Money, runID, runNumber string, date Date, who string, at time.Time) {
	r.settle(ReclaimSettlement{Kind: ReclaimVerrechnet, Amount: amount, Date: date, RunID: runID, RunNumber: runNumber, By: who, At: at.UTC()})
}

// PayBack records that the person paid what is left back on day date.
func (r *Reclaim) PayBack(date Date, who string, at time.Time, note string) error {
	switch {
	case !r.Open():
		return fmt.Errorf("Die Rückforderung %s ist schon %s.", r.Number, r.Status.Label())
	case r.PayoutRunID != "":
		return fmt.Errorf("Die Rückforderung %s wird im Zahllauf verrechnet, der noch nicht bestätigt ist – bitte erst den Zahllauf bestätigen oder stornieren.", r.Number)
	case date.IsZero():
		return fmt.Errorf("Bitte das Datum der Rückzahlung angeben.")
	case date.After(Today(at)):
		return fmt.Errorf("Das Datum der Rückzahlung (%s) liegt in der Zukunft.", date)
	case strings.TrimSpace(who) == "":
		return fmt.Errorf("Es ist nicht bekannt, wer die Rückzahlung bestätigt – bitte mit --user NAME starten.")
	}
	r.settle(ReclaimSettlement{Kind: ReclaimZurueckgezahlt, Amount: r.Left(), Date: date, By: who, At: at.UTC(), Note: strings.TrimSpace(note)})
	return nil
}

// StatusText is the stand in words: "offen 40,00 € von 100,00 €, fällig
// 20.12.2026", "verrechnet", "zurückgezahlt am 03.12.2026 (mueller)".
func (r *Reclaim) StatusText() string {
	if r.Open() {
		s := "offen " + r.Left().String()
		if r.Settled() > 0 {
			s += " von " + r.Amount.String()
		}
		s += ", fällig " + r.Due.String()
		if r.PayoutRunID != "" {
			s += ", wird mit " + r.Pending.String() + " verrechnet"
		} else if r.Net {
			s += ", wird mit der nächsten Auszahlung verrechnet"
		}
		return s
	}
	last := r.Settlements[len(r.Settlements)-1]
	s := r.Status.Label() + " am " + last.Date.String() + " (" + last.By + ")"
	if last.RunNumber != "" {
		s += " im Zahllauf " + last.RunNumber
	}
	return s
}
