package model

import "time"

// EinsatzParts is what an Einsatz pays, each part once.
//
// It is the one computation of an Einsatz's money: the Einsatznachweis
// sheet, the lines of the claim that pays the Einsatz, the budgets, the
// yearly limits and the Jahresbescheinigung all use these parts, so the
// Aufwandsentschädigung (which counts against the tax-free yearly amount)
// and the Fahrtkosten (Auslagenersatz, which does not) never mix.
type EinsatzParts struct {
	Minutes   int   // billed minutes (actual + paid waiting), 0 without Nachweis
	Allowance Money // Aufwandsentschädigung for the time, from the Nachweis's tariff copy
	CancelFee Money // Ausfallpauschale where due (from e.Cancellation.Ausfallpauschale), else 0
	Km        Km    // km driven (Nachweis.Km, tenths), 0 when not on site
	KmRate    Money // the dated km rate used (the tariff copy's KmRate)
	Travel    Money // Fahrtkosten = Km × KmRate, rounded once to the cent
}

// Total is everything the Einsatz pays: allowance, Ausfallpauschale and
// Fahrtkosten.
func (p EinsatzParts) Total() Money { return Sum(p.Allowance, p.CancelFee, p.Travel) }

// AllowanceLine is the amount of the claim's allowance line: the
// Aufwandsentschädigung and the Ausfallpauschale, never the Fahrtkosten.
func (p EinsatzParts) AllowanceLine() Money { return Sum(p.Allowance, p.CancelFee) }

// Parts computes what the Einsatz pays from its Einsatznachweis (with the
// copy of the tariff it was recorded with) and its Absage.
//
// The km rate is the one of the tariff copy, not the Kosten km table: the
// Aufwandsentschädigung rules of the Sprachmittlung are one dated decision
// (time units, waiting time, km, Ausfallpauschale), the Nachweis printed and
// signed shows that rate, and the claim must pay exactly what the sheet
// says. The km table dates the volunteers' own trips.
func (e *Einsatz) Parts() EinsatzParts {
	var p EinsatzParts
	if n := e.Nachweis; n != nil {
		p = nachweisParts(n, n.Tariff, e.OnSite())
	}
	if e.cancelFeeDue() {
		p.CancelFee = e.Cancellation.Ausfallpauschale
	}
	return p
}

// cancelFeeDue reports whether the Absage's Ausfallpauschale is owed: the
// Absage decided it (0 when none is due) and the Einsatz has not gone back
// to a status before its date (an old Absage then no longer counts).
func (e *Einsatz) cancelFeeDue() bool {
	if e.Cancellation == nil || e.Cancellation.Ausfallpauschale <= 0 {
		return false
	}
	switch e.Status {
	case StatusAnfrage, StatusPruefung, StatusSuche, StatusVermittelt:
		return false
	}
	return true
}

// nachweisParts computes the time and km of a sheet under tariff t: the
// actual duration plus waiting time (if the tariff pays it) in billing
// units, at least the minimum, and the km if the interpreter went on site.
// A sheet without a tariff copy (UnitMinutes 0: recorded elsewhere, no
// rule to explain it) keeps the amount it was recorded with as allowance.
func nachweisParts(n *Einsatznachweis, t Tariff, onSite bool) EinsatzParts {
	var p EinsatzParts
	if t.UnitMinutes <= 0 && t.RatePerHour == 0 {
		p.Allowance = n.Amount
		if onSite {
			p.Km = max(n.Km, 0)
		}
		return p
	}
	p.Minutes = n.workedMinutes()
	if t.WaitingPaid {
		p.Minutes += max(n.WaitingMinutes, 0)
	}
	p.Allowance = t.unitsAmount(t.billedUnits(p.Minutes))
	if onSite && n.Km > 0 {
		p.Km = n.Km
		p.KmRate = t.KmRate
		p.Travel = t.KmRate.MulDiv(int64(n.Km), 10) // tenths of a km
	}
	return p
}

// workedMinutes is the actual duration of the sheet in whole minutes.
func (n *Einsatznachweis) workedMinutes() int {
	if n.ActualStart.IsZero() || !n.ActualEnd.After(n.ActualStart) {
		return 0
	}
	return int(n.ActualEnd.Sub(n.ActualStart) / time.Minute)
}

// billedUnits is the number of units paid for minutes, at least the
// tariff's minimum.
func (t Tariff) billedUnits(minutes int) int {
	return max(t.Units(minutes), t.MinimumUnits)
}
