package model

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// LineKind is one of the three kinds of claim line (docs/DOMAIN.md §2.1). Only
// allowances count against the yearly tax-free limit.
type LineKind string

const (
	LineFahrt     LineKind = "fahrt"     // Fahrtkosten by km
	LineBeleg     LineKind = "beleg"     // Sachkosten against a receipt
	LinePauschale LineKind = "pauschale" // Aufwandsentschädigung/Pauschale
)

// LineKinds in the order forms offer them.
var LineKinds = []LineKind{LineFahrt, LineBeleg, LinePauschale}

// Label is the German name.
func (k LineKind) Label() string {
	switch k {
	case LineFahrt:
		return "Fahrtkosten"
	case LineBeleg:
		return "Sachkosten"
	case LinePauschale:
		return "Aufwandsentschädigung"
	}
	return string(k)
}

// Short is the label for narrow columns.
func (k LineKind) Short() string {
	switch k {
	case LineFahrt:
		return "Fahrt"
	case LineBeleg:
		return "Beleg"
	case LinePauschale:
		return "Pauschale"
	}
	return string(k)
}

// ExportKind is the name of the kind in the JSON export (stabsstelle export
// claims): fahrt, sachkosten or aufwand. The stored codes are older and stay.
func (k LineKind) ExportKind() string {
	switch k {
	case LineBeleg:
		return "sachkosten"
	case LinePauschale:
		return "aufwand"
	}
	return string(k)
}

// ParseLineKind accepts codes and German words.
func ParseLineKind(s string) (LineKind, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "fahrt", "fahrtkosten", "km":
		return LineFahrt, true
	case "beleg", "sachkosten", "auslagen":
		return LineBeleg, true
	case "pauschale", "aufwandsentschädigung", "aufwandsentschaedigung", "ae":
		return LinePauschale, true
	}
	return "", false
}

// Plausibility bounds; beyond them a value is a typing accident.
const (
	MaxLineAmount Money = 500000 // 5.000 € per line
	MaxTripKm     Km    = 10000  // 1.000 km per trip
)

// ClaimLine is one position of a claim. Fahrt lines carry the rate they were
// computed with (Rate, Cap), so a later change of the table does not change
// an old claim.
type ClaimLine struct {
	Kind        LineKind `json:"kind"`
	Date        Date     `json:"date"`
	Description string   `json:"description,omitempty"`
	Amount      Money    `json:"amount"`

	// Fahrtkosten
	From    string  `json:"from,omitempty"`
	To      string  `json:"to,omitempty"`
	Km      Km      `json:"km,omitempty"`
	Vehicle Vehicle `json:"vehicle,omitempty"`
	Rate    Money   `json:"rate,omitempty"` // per km, as computed
	Cap     Money   `json:"cap,omitempty"`  // per trip, as computed
	// TariffRate marks the Fahrtkosten of an Einsatz: Rate is the km rate
	// of the Einsatz's tariff copy (EinsatzParts), not the km table's.
	TariffRate bool `json:"tariffRate,omitempty"`

	// Sachkosten
	ReceiptNo string `json:"receiptNo,omitempty"`

	// Aufwandsentschädigung: the Einsätze it pays (never paid twice).
	EinsatzIDs []string `json:"einsatzIds,omitempty"`
	// EinsatzNumbers mirrors EinsatzIDs for display (E-2026-0042).
	EinsatzNumbers []string `json:"einsatzNumbers,omitempty"`
}

// Summary is a one-line description for lists and files.
func (l *ClaimLine) Summary() string {
	switch l.Kind {
	case LineFahrt:
		s := fmt.Sprintf("%s → %s, %s", l.From, l.To, l.Km)
		if l.Vehicle != "" && l.Vehicle != VehicleAuto {
			s += " (" + l.Vehicle.Label() + ")"
		}
		return s
	case LineBeleg:
		return "Beleg " + l.ReceiptNo + ": " + l.Description
	}
	var missing []string
	for _, n := range l.EinsatzNumbers {
		if !strings.Contains(l.Description, n) {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return strings.TrimSpace(l.Description + " (" + strings.Join(missing, ", ") + ")")
	}
	return l.Description
}

// Compute sets a Fahrt line's amount from the mileage table valid on its
// date and records the rate used. Other kinds are left alone.
//
// The Fahrtkosten of an Einsatz (TariffRate) keep the km rate of the
// Einsatz's tariff copy (EinsatzParts): they are paid exactly as the signed
// Einsatznachweis says, Km × Rate, not by the table.
func (l *ClaimLine) Compute(rates KmRates) error {
	if l.Kind != LineFahrt {
		return nil
	}
	if l.TariffRate {
		l.Cap = 0
		l.Amount = l.Rate.MulDiv(int64(l.Km), 10)
		return nil
	}
	if l.Vehicle == "" {
		l.Vehicle = VehicleAuto
	}
	r, ok := rates.For(l.Vehicle, l.Date)
	if !ok {
		return fmt.Errorf("Für %s am %s ist kein km-Satz hinterlegt – bitte in den Einstellungen ergänzen.", l.Vehicle.Label(), l.Date)
	}
	l.Rate, l.Cap = r.PerKm, r.Cap
	l.Amount = r.Amount(l.Km)
	return nil
}

// ClaimKind tells ordinary claims from Storno and correction claims.
type ClaimKind string

const (
	ClaimNormal    ClaimKind = ""
	ClaimStorno    ClaimKind = "storno"
	ClaimKorrektur ClaimKind = "korrektur"
)

// Label is the German name.
func (k ClaimKind) Label() string {
	switch k {
	case ClaimStorno:
		return "Storno"
	case ClaimKorrektur:
		return "Korrektur"
	}
	return "Antrag"
}

// Claim is a volunteer's reimbursement claim (K-2026-0017).
type Claim struct {
	Meta
	PersonID   string `json:"personId"`
	PersonName string `json:"personName"` // as at the claim, for lists and files
	PeriodFrom Date   `json:"periodFrom"`
	PeriodTo   Date   `json:"periodTo"`
	Project    string `json:"project,omitempty"`
	Purpose    string `json:"purpose,omitempty"`
	FundID     string `json:"fundId,omitempty"`

	Lines []ClaimLine `json:"lines"`

	Status      ClaimStatus `json:"status"`
	Submitted   *Signature  `json:"submitted,omitempty"`
	Sachlich    *Signature  `json:"sachlich,omitempty"`
	Rechnerisch *Signature  `json:"rechnerisch,omitempty"`
	Angeordnet  *Signature  `json:"angeordnet,omitempty"`
	Paid        *Signature  `json:"paid,omitempty"`      // ausgezahlt, or verbucht for a Storno/Korrektur
	Cancelled   *Signature  `json:"cancelled,omitempty"` // storniert
	Rejection   string      `json:"rejection,omitempty"` // last reason, shown on the Entwurf
	Steps       []ClaimStep `json:"steps,omitempty"`

	PayoutRunID string `json:"payoutRunId,omitempty"`

	// Storno/Korrektur: the claim this one corrects, and why.
	Kind             ClaimKind `json:"kind,omitempty"`
	CorrectsID       string    `json:"correctsId,omitempty"`
	CorrectsNumber   string    `json:"correctsNumber,omitempty"`
	CorrectionReason string    `json:"correctionReason,omitempty"`

	// ReversedBy is the number of the Storno that took this paid claim
	// back in full. Its Einsätze are then unpaid again and free for a new
	// claim; what was paid is owed back as a Rückforderung.
	ReversedBy string `json:"reversedBy,omitempty"`
}

// Total is the sum of all lines in cents.
func (c *Claim) Total() Money {
	var t Money
	for i := range c.Lines {
		t += c.Lines[i].Amount
	}
	return t
}

// TotalOf sums the lines of one kind.
func (c *Claim) TotalOf(k LineKind) Money {
	var t Money
	for i := range c.Lines {
		if c.Lines[i].Kind == k {
			t += c.Lines[i].Amount
		}
	}
	return t
}

// AllowanceTotal is what counts against the yearly tax-free limit.
func (c *Claim) AllowanceTotal() Money { return c.TotalOf(LinePauschale) }

// Year is the calendar year the claim belongs to (its period lies in one).
func (c *Claim) Year() int {
	switch {
	case !c.PeriodFrom.IsZero():
		return c.PeriodFrom.Year
	case !c.PeriodTo.IsZero():
		return c.PeriodTo.Year
	}
	return DateOf(c.Created).Year
}

// EinsatzIDs lists every Einsatz paid by the claim, each once (an Einsatz
// has an allowance line and, with km, a Fahrt line).
func (c *Claim) EinsatzIDs() []string {
	var out []string
	for i := range c.Lines {
		for _, id := range c.Lines[i].EinsatzIDs {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// Frozen reports whether the claim can no longer change.
func (c *Claim) Frozen() bool { return c.Status.Frozen() }

// EditProblem returns "" when the claim's content may be changed, else a German
// reason: only Entwurf and eingereicht claims are edited; after the first
// signature the claim must be rejected back to Entwurf first.
func (c *Claim) EditProblem() string {
	switch {
	case c.Status.Frozen():
		return frozenError(c).Error()
	case c.Status == ClaimSachlich || c.Status == ClaimRechnerisch:
		return c.label() + " ist schon " + c.Status.Label() + " gezeichnet – zum Ändern bitte erst ablehnen (zurück in den Entwurf)."
	}
	return ""
}

// Compute recomputes all Fahrt lines from the table. Call it while a claim
// is edited; never on a frozen claim.
func (c *Claim) Compute(rates KmRates) error {
	for i := range c.Lines {
		if err := c.Lines[i].Compute(rates); err != nil {
			return err
		}
	}
	return nil
}

func textProblem(s string, max int) string {
	if utf8.RuneCountInString(s) > max {
		return fmt.Sprintf("höchstens %d Zeichen", max)
	}
	if strings.ContainsAny(s, "\n\r\t") {
		return "keine Zeilenumbrüche"
	}
	return ""
}

// Validate checks the claim; messages are German with the field keys of the
// form ("periodFrom", "lines.2.km" …).
func (c *Claim) Validate() error {
	var v ValidationError
	v.Check(strings.TrimSpace(c.PersonID) != "", "person", "Bitte die Person wählen, die den Antrag stellt.")
	switch {
	case c.PeriodFrom.IsZero():
		v.Add("periodFrom", "Bitte den Beginn des Zeitraums eingeben, z. B. 01.03.2026.")
	case c.PeriodTo.IsZero():
		v.Add("periodTo", "Bitte das Ende des Zeitraums eingeben, z. B. 31.03.2026.")
	case c.PeriodTo.Before(c.PeriodFrom):
		v.Add("periodTo", "Das Ende des Zeitraums liegt vor dem Beginn.")
	case c.PeriodTo.Year != c.PeriodFrom.Year:
		v.Add("periodTo", "Ein Antrag umfasst höchstens ein Kalenderjahr – bitte für jedes Jahr einen eigenen Antrag stellen.")
	}
	if p := textProblem(c.Purpose, 200); p != "" {
		v.Add("purpose", "Zweck: "+p+".")
	}
	if p := textProblem(c.Project, 60); p != "" {
		v.Add("project", "Projekt: "+p+".")
	}
	correction := c.Kind == ClaimStorno || c.Kind == ClaimKorrektur
	if correction {
		v.Check(c.CorrectsID != "", "corrects", "Ein Storno- oder Korrekturantrag muss den ursprünglichen Antrag nennen.")
		v.Check(strings.TrimSpace(c.CorrectionReason) != "", "correctionReason", "Bitte den Grund für Storno oder Korrektur angeben.")
	} else if c.Kind != ClaimNormal {
		v.Add("kind", "Unbekannte Antragsart.")
	}
	if len(c.Lines) == 0 {
		v.Add("lines", "Bitte mindestens eine Position (Fahrt, Beleg oder Pauschale) eintragen.")
	}
	for i := range c.Lines {
		c.Lines[i].validate(&v, fmt.Sprintf("lines.%d.", i), i+1, c, correction)
	}
	return v.Err()
}

func (l *ClaimLine) validate(v *ValidationError, f string, n int, c *Claim, correction bool) {
	pos := fmt.Sprintf("Position %d: ", n)
	if _, ok := ParseLineKind(string(l.Kind)); !ok {
		v.Add(f+"kind", pos+"unbekannte Art – bitte Fahrt, Beleg oder Pauschale wählen.")
		return
	}
	if l.Date.IsZero() {
		v.Add(f+"date", pos+"bitte das Datum eingeben.")
	} else if !c.PeriodFrom.IsZero() && !c.PeriodTo.IsZero() && (l.Date.Before(c.PeriodFrom) || l.Date.After(c.PeriodTo)) {
		v.Add(f+"date", fmt.Sprintf("%sdas Datum %s liegt nicht im Zeitraum %s – %s.", pos, l.Date, c.PeriodFrom, c.PeriodTo))
	}
	if p := textProblem(l.Description, 140); p != "" {
		v.Add(f+"description", pos+"Beschreibung "+p+".")
	}
	amt := l.Amount
	if amt < 0 && !correction {
		v.Add(f+"amount", pos+"negative Beträge gibt es nur in Storno- oder Korrekturanträgen.")
	}
	if amt > MaxLineAmount || amt < -MaxLineAmount {
		v.Add(f+"amount", fmt.Sprintf("%sder Betrag %s ist unplausibel hoch (höchstens %s je Position).", pos, amt, MaxLineAmount))
	}
	switch l.Kind {
	case LineFahrt:
		l.validateTrip(v, f, pos, correction)
	case LineBeleg:
		l.validateReceipt(v, f, pos)
	case LinePauschale:
		l.validateFlatRate(v, f, pos)
	}
}

// validateTrip checks what a Fahrt needs: start, destination, kilometres
// (negative only in a correction) and a known vehicle.
func (l *ClaimLine) validateTrip(v *ValidationError, f, pos string, correction bool) {
	if strings.TrimSpace(l.From) == "" {
		v.Add(f+"from", pos+"bitte den Startort der Fahrt eingeben.")
	}
	if strings.TrimSpace(l.To) == "" {
		v.Add(f+"to", pos+"bitte das Ziel der Fahrt eingeben.")
	}
	if p := textProblem(l.From, 70) + textProblem(l.To, 70); p != "" {
		v.Add(f+"to", pos+"Start und Ziel: höchstens 70 Zeichen, keine Zeilenumbrüche.")
	}
	km := l.Km
	if correction && km < 0 {
		km = -km
	}
	switch {
	case km == 0:
		v.Add(f+"km", pos+"bitte die gefahrenen Kilometer eingeben (mehr als 0).")
	case km < 0:
		v.Add(f+"km", pos+"negative Kilometer gibt es nur in Storno- oder Korrekturanträgen.")
	case km > MaxTripKm:
		v.Add(f+"km", fmt.Sprintf("%s%s für eine Fahrt sind unplausibel (höchstens %s).", pos, km, MaxTripKm))
	}
	if _, ok := ParseVehicle(string(l.Vehicle)); !ok && l.Vehicle != "" {
		v.Add(f+"vehicle", pos+"bitte Auto, Motorrad oder Fahrrad wählen.")
	}
}

// validateReceipt checks what a Beleg needs: a receipt number, what was
// bought and an amount.
func (l *ClaimLine) validateReceipt(v *ValidationError, f, pos string) {
	if strings.TrimSpace(l.ReceiptNo) == "" {
		v.Add(f+"receiptNo", pos+"bitte die Belegnummer eingeben – Sachkosten werden nur gegen Beleg erstattet.")
	} else if p := textProblem(l.ReceiptNo, 35); p != "" {
		v.Add(f+"receiptNo", pos+"Belegnummer "+p+".")
	}
	if strings.TrimSpace(l.Description) == "" {
		v.Add(f+"description", pos+"bitte beschreiben, was gekauft wurde.")
	}
	if l.Amount == 0 {
		v.Add(f+"amount", pos+"bitte den Betrag laut Beleg eingeben.")
	}
}

// validateFlatRate checks what a Pauschale needs: what it is paid for
// (a description or linked Einsätze) and an amount.
func (l *ClaimLine) validateFlatRate(v *ValidationError, f, pos string) {
	if strings.TrimSpace(l.Description) == "" && len(l.EinsatzIDs) == 0 {
		v.Add(f+"description", pos+"bitte beschreiben, wofür die Pauschale gezahlt wird.")
	}
	if l.Amount == 0 {
		v.Add(f+"amount", pos+"bitte den Betrag der Pauschale eingeben.")
	}
}

// NewCorrection prepares a Storno (all lines negated) or an empty
// correction claim for orig, with the reason referencing the original.
func NewCorrection(orig *Claim, kind ClaimKind, reason string) *Claim {
	c := &Claim{
		PersonID: orig.PersonID, PersonName: orig.PersonName,
		PeriodFrom: orig.PeriodFrom, PeriodTo: orig.PeriodTo,
		Project: orig.Project, FundID: orig.FundID,
		Status: ClaimEntwurf, Kind: kind,
		CorrectsID: orig.ID, CorrectsNumber: orig.Number,
		CorrectionReason: strings.TrimSpace(reason),
		Purpose:          kind.Label() + " zu " + orig.Number,
	}
	if kind == ClaimStorno {
		for _, l := range orig.Lines {
			l.Amount = -l.Amount
			l.Km = -l.Km
			l.EinsatzIDs, l.EinsatzNumbers = nil, nil // the Einsätze stay paid by the original
			c.Lines = append(c.Lines, l)
		}
	}
	return c
}

// Remittance is the Verwendungszweck for transfers: K-number first, so it
// survives any cut to 140 characters.
func (c *Claim) Remittance() string {
	s := c.Number + " Kostenerstattung"
	if c.Project != "" {
		s += " " + c.Project
	}
	if !c.PeriodFrom.IsZero() {
		if c.PeriodFrom == c.PeriodTo || c.PeriodTo.IsZero() {
			s += " " + c.PeriodFrom.String()
		} else {
			s += " " + c.PeriodFrom.String() + "-" + c.PeriodTo.String()
		}
	}
	return s
}
