package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ClaimStatus is where a claim stands in the county's approval chain
// (docs/DOMAIN.md §2.6). A rejected claim goes back to Entwurf with the reason.
type ClaimStatus string

const (
	ClaimEntwurf     ClaimStatus = "entwurf"
	ClaimEingereicht ClaimStatus = "eingereicht"
	ClaimSachlich    ClaimStatus = "sachlich"    // sachlich richtig
	ClaimRechnerisch ClaimStatus = "rechnerisch" // rechnerisch richtig
	ClaimAngeordnet  ClaimStatus = "angeordnet"
	ClaimAusgezahlt  ClaimStatus = "ausgezahlt"

	// ClaimStorniert is final: the claim is never paid. An unpaid claim
	// whose Storno took effect, and that Storno itself, end here; neither
	// counts against a limit or a Fördertopf any more.
	ClaimStorniert ClaimStatus = "storniert"
	// ClaimVerbucht is final: a Storno or Korrektur of a paid claim took
	// effect without a transfer of its own – what was paid too much is a
	// Rückforderung. Its (negative) amount counts like a paid one, so
	// totals are net.
	ClaimVerbucht ClaimStatus = "verbucht"
)

// ClaimStatuses in workflow order.
var ClaimStatuses = []ClaimStatus{ClaimEntwurf, ClaimEingereicht, ClaimSachlich, ClaimRechnerisch, ClaimAngeordnet, ClaimAusgezahlt}

// AllClaimStatuses are the workflow statuses and the two final ones a
// Storno or Korrektur leads to.
var AllClaimStatuses = append(append([]ClaimStatus(nil), ClaimStatuses...), ClaimStorniert, ClaimVerbucht)

// Label is the German name.
func (s ClaimStatus) Label() string {
	switch s {
	case ClaimEntwurf, "":
		return "Entwurf"
	case ClaimEingereicht:
		return "eingereicht"
	case ClaimSachlich:
		return "sachlich richtig"
	case ClaimRechnerisch:
		return "rechnerisch richtig"
	case ClaimAngeordnet:
		return "angeordnet"
	case ClaimAusgezahlt:
		return "ausgezahlt"
	case ClaimStorniert:
		return "storniert"
	case ClaimVerbucht:
		return "verbucht"
	}
	return string(s)
}

// Rank orders statuses along the workflow (Entwurf 0 … ausgezahlt 5,
// storniert 6, verbucht 7).
func (s ClaimStatus) Rank() int {
	for i, x := range AllClaimStatuses {
		if x == s {
			return i
		}
	}
	return 0
}

// Counts reports whether the claim's allowances count against the yearly
// limit and its amount against a Fördertopf: everything handed in and not
// storniert (a verbucht Storno or Korrektur counts with its negative
// amount, so the sums are net).
func (s ClaimStatus) Counts() bool { return s != ClaimEntwurf && s != "" && s != ClaimStorniert }

// Committed reports eingereicht … angeordnet: money promised, not yet paid.
func (s ClaimStatus) Committed() bool { return s.Counts() && !s.Settled() }

// Settled reports ausgezahlt or verbucht: the money has moved (or is owed
// back through a Rückforderung).
func (s ClaimStatus) Settled() bool { return s == ClaimAusgezahlt || s == ClaimVerbucht }

// Frozen: from "angeordnet" on the claim cannot change; corrections only by
// a Storno or correction claim.
func (s ClaimStatus) Frozen() bool {
	return s == ClaimAngeordnet || s == ClaimAusgezahlt || s == ClaimStorniert || s == ClaimVerbucht
}

// Final reports storniert or verbucht: nothing happens to the claim any more.
func (s ClaimStatus) Final() bool { return s == ClaimStorniert || s == ClaimVerbucht }

// ParseClaimStatus accepts codes and labels.
func ParseClaimStatus(s string) (ClaimStatus, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, x := range AllClaimStatuses {
		if t == string(x) || t == strings.ToLower(x.Label()) {
			return x, true
		}
	}
	return "", false
}

// ClaimAction is a step a user takes on a claim.
type ClaimAction string

const (
	ActSubmit      ClaimAction = "einreichen"
	ActSachlich    ClaimAction = "sachlich"
	ActRechnerisch ClaimAction = "rechnerisch"
	ActAnordnen    ClaimAction = "anordnen"
	ActReject      ClaimAction = "ablehnen"
	ActPay         ClaimAction = "auszahlen" // only through a payout run
	ActRelease     ClaimAction = "freigeben" // payout run cancelled: back to angeordnet
	ActReserve     ClaimAction = "zahllauf"  // put into a payout run
	// ActStornieren ends an unpaid claim (and its Storno) as storniert; the
	// store does it when the Storno is angeordnet.
	ActStornieren ClaimAction = "stornieren"
	// ActVerbuchen ends a Storno/Korrektur of a paid claim as verbucht; the
	// store does it when it is angeordnet and creates the Rückforderung.
	ActVerbuchen ClaimAction = "verbuchen"
)

// Label is the German verb for menus.
func (a ClaimAction) Label() string {
	switch a {
	case ActSubmit:
		return "einreichen"
	case ActSachlich:
		return "sachlich richtig zeichnen"
	case ActRechnerisch:
		return "rechnerisch richtig zeichnen"
	case ActAnordnen:
		return "Auszahlung anordnen"
	case ActReject:
		return "ablehnen (zurück in den Entwurf)"
	case ActPay:
		return "als ausgezahlt markieren"
	case ActReserve:
		return "in Zahllauf aufnehmen"
	case ActRelease:
		return "aus storniertem Zahllauf freigeben"
	case ActStornieren:
		return "stornieren"
	case ActVerbuchen:
		return "verbuchen (Rückforderung)"
	}
	return string(a)
}

// Signature is who did a step and when.
type Signature struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// ClaimStep is one entry of the claim's own history, shown in the detail.
type ClaimStep struct {
	Action ClaimAction `json:"action"`
	By     string      `json:"by"`
	At     time.Time   `json:"at"`
	Note   string      `json:"note,omitempty"`
}

// NextActions lists what can be done with a claim in its status (the UI
// offers these; Apply still checks the rules).
func (c *Claim) NextActions() []ClaimAction {
	switch c.Status {
	case ClaimEntwurf, "":
		return []ClaimAction{ActSubmit}
	case ClaimEingereicht:
		return []ClaimAction{ActSachlich, ActReject}
	case ClaimSachlich:
		return []ClaimAction{ActRechnerisch, ActReject}
	case ClaimRechnerisch:
		return []ClaimAction{ActAnordnen, ActReject}
	}
	return nil
}

// frozenError explains why an ordered or paid claim cannot change.
func frozenError(c *Claim) error {
	if c.Status.Final() {
		return fmt.Errorf("%s ist %s und kann nicht mehr geändert werden.", c.label(), c.Status.Label())
	}
	return fmt.Errorf("%s ist %s und kann nicht mehr geändert werden – bitte einen Storno- oder Korrekturantrag anlegen.", c.label(), c.Status.Label())
}

func (c *Claim) label() string {
	if c.Number != "" {
		return "Der Antrag " + c.Number
	}
	return "Der Antrag"
}

// Apply performs action a by user who at time at. payee is the claim's
// person (for the IBAN check on approvals); reason is needed for ablehnen.
// It enforces the workflow order, the four-eyes rule (rechnerisch richtig by
// another user than sachlich richtig; angeordnet by a user who neither
// submitted nor signed the claim) and that no claim of a person without
// a valid IBAN is approved. It changes c only when it returns nil.
func (c *Claim) Apply(a ClaimAction, who string, at time.Time, reason string, payee *Person) error {
	who = strings.TrimSpace(who)
	if who == "" {
		return errors.New("Es ist nicht bekannt, wer zeichnet – bitte mit --user NAME starten.")
	}
	at = at.UTC()
	var err error
	switch a {
	case ActSubmit, ActSachlich, ActRechnerisch, ActAnordnen:
		err = c.sign(a, who, at, payee)
	case ActReject:
		err = c.reject(reason)
	case ActReserve, ActRelease, ActPay, ActStornieren, ActVerbuchen:
		err = c.payoutStep(a, who, at)
	default:
		err = fmt.Errorf("Unbekannter Schritt „%s“.", a)
	}
	if err != nil {
		return err
	}
	c.Steps = append(c.Steps, ClaimStep{Action: a, By: who, At: at, Note: strings.TrimSpace(reason)})
	return nil
}

// signBefore is the status each signature after the submission needs.
var signBefore = map[ClaimAction]ClaimStatus{
	ActSachlich:    ClaimEingereicht,
	ActRechnerisch: ClaimSachlich,
	ActAnordnen:    ClaimRechnerisch,
}

// sign takes one step of the signing chain: einreichen, sachlich richtig,
// rechnerisch richtig, anordnen. Every check comes before c changes.
func (c *Claim) sign(a ClaimAction, who string, at time.Time, payee *Person) error {
	if a == ActSubmit {
		if err := c.need(a, ClaimEntwurf); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		c.Status = ClaimEingereicht
		c.Submitted = &Signature{who, at}
		c.Rejection = ""
		return nil
	}
	if err := c.need(a, signBefore[a]); err != nil {
		return err
	}
	// sachlich richtig has no four-eyes rule: FourEyesProblem says "".
	if msg := c.FourEyesProblem(a, who); msg != "" {
		return errors.New(msg)
	}
	if err := c.payable(payee); err != nil {
		return err
	}
	sig := &Signature{who, at}
	switch a {
	case ActSachlich:
		c.Status, c.Sachlich = ClaimSachlich, sig
	case ActRechnerisch:
		c.Status, c.Rechnerisch = ClaimRechnerisch, sig
	case ActAnordnen:
		c.Status, c.Angeordnet = ClaimAngeordnet, sig
	}
	return nil
}

// need says why step a cannot be taken unless the claim is in status s.
func (c *Claim) need(a ClaimAction, s ClaimStatus) error {
	if c.Status == s || (s == ClaimEntwurf && c.Status == "") {
		return nil
	}
	if c.Status.Frozen() && a != ActPay && a != ActRelease && a != ActReserve && a != ActStornieren && a != ActVerbuchen {
		return frozenError(c)
	}
	return fmt.Errorf("%s ist %s – „%s“ geht erst, wenn er %s ist.", c.label(), c.Status.Label(), a.Label(), s.Label())
}

// payable says why the claim cannot be approved: the payee has no valid
// IBAN, or there is nothing to pay (a Korrektur may be 0 € or less).
func (c *Claim) payable(payee *Person) error {
	if msg := PayoutProblem(payee); msg != "" {
		return fmt.Errorf("%s kann nicht freigegeben werden: %s", c.label(), msg)
	}
	if c.Total() <= 0 && c.CorrectsID == "" {
		return fmt.Errorf("%s hat keinen Betrag über 0 € und kann nicht freigegeben werden.", c.label())
	}
	return nil
}

// reject sends a handed-in claim back to Entwurf with the reason; every
// signature is void.
func (c *Claim) reject(reason string) error {
	if c.Status.Frozen() {
		return frozenError(c)
	}
	if c.Status == ClaimEntwurf || c.Status == "" {
		return fmt.Errorf("%s ist noch ein Entwurf und muss nicht abgelehnt werden.", c.label())
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return errors.New("Bitte einen Grund für die Ablehnung angeben.")
	}
	c.Status = ClaimEntwurf
	c.Rejection = reason
	c.Submitted, c.Sachlich, c.Rechnerisch, c.Angeordnet = nil, nil, nil, nil
	return nil
}

// payoutStep takes a step of an angeordnet claim on its way to the bank:
// into a payout run and out again, paid, cancelled, or booked (Storno and
// Korrektur claims).
func (c *Claim) payoutStep(a ClaimAction, who string, at time.Time) error {
	switch a {
	case ActReserve:
		if c.Status != ClaimAngeordnet {
			return fmt.Errorf("%s ist %s – in einen Zahllauf kommen nur angeordnete Anträge.", c.label(), c.Status.Label())
		}
		if c.PayoutRunID != "" {
			return fmt.Errorf("%s steckt schon in einem anderen Zahllauf.", c.label())
		}
	case ActRelease:
		if c.Status != ClaimAngeordnet {
			return fmt.Errorf("%s ist %s und kann nicht aus dem Zahllauf genommen werden.", c.label(), c.Status.Label())
		}
		c.PayoutRunID = ""
	case ActPay:
		if c.Status != ClaimAngeordnet {
			return fmt.Errorf("%s ist %s – ausgezahlt werden nur angeordnete Anträge.", c.label(), c.Status.Label())
		}
		c.Status = ClaimAusgezahlt
		c.Paid = &Signature{who, at}
	case ActStornieren:
		if c.Status != ClaimAngeordnet {
			return fmt.Errorf("%s ist %s – storniert werden nur angeordnete, noch nicht ausgezahlte Anträge.", c.label(), c.Status.Label())
		}
		if c.PayoutRunID != "" {
			return fmt.Errorf("%s steckt in einem Zahllauf, der noch nicht bestätigt ist – bitte den Zahllauf erst bestätigen oder stornieren.", c.label())
		}
		c.Status = ClaimStorniert
		c.Cancelled = &Signature{who, at}
	case ActVerbuchen:
		if c.Status != ClaimAngeordnet || c.Kind == ClaimNormal {
			return fmt.Errorf("%s ist %s – verbucht werden nur angeordnete Storno- und Korrekturanträge.", c.label(), c.Status.Label())
		}
		c.Status = ClaimVerbucht
		c.Paid = &Signature{who, at}
	}
	return nil
}

// FourEyesProblem says why who may not take step a on the claim, or "":
// rechnerisch richtig needs another person than sachlich richtig, and by
// § 42 (4) KomHKVO whoever handed the claim in or confirmed it shall not
// also order its payment.
func (c *Claim) FourEyesProblem(a ClaimAction, who string) string {
	same := func(s *Signature) bool {
		return s != nil && strings.EqualFold(strings.TrimSpace(s.By), strings.TrimSpace(who))
	}
	switch a {
	case ActRechnerisch:
		if same(c.Sachlich) {
			return fmt.Sprintf("Vier-Augen-Prinzip: %s hat %s schon sachlich richtig gezeichnet – „rechnerisch richtig“ muss eine andere Person zeichnen.", c.Sachlich.By, c.numberOr())
		}
	case ActAnordnen:
		for _, s := range []struct {
			sig  *Signature
			what string
		}{{c.Submitted, "eingereicht"}, {c.Sachlich, "sachlich richtig gezeichnet"}, {c.Rechnerisch, "rechnerisch richtig gezeichnet"}} {
			if same(s.sig) {
				return fmt.Sprintf("Vier-Augen-Prinzip: %s hat %s schon %s – anordnen muss eine andere Person.", s.sig.By, c.numberOr(), s.what)
			}
		}
	}
	return ""
}

func (c *Claim) numberOr() string {
	if c.Number != "" {
		return c.Number
	}
	return "den Antrag"
}
