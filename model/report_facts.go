package model

import "time"

// ReportStatusOf is the status a report counts e under. Abgerechnet is a
// step of the accounts, not an outcome: the Einsatz counts as what happened
// before it was billed (durchgeführt, kurzfristig storniert, nicht
// erschienen), read from its status history.
func ReportStatusOf(e *Einsatz) Status {
	if e.Status != StatusAbgerechnet {
		return e.Status
	}
	for i := len(e.StatusHistory) - 1; i >= 0; i-- {
		if h := e.StatusHistory[i]; h.To == StatusAbgerechnet && h.From != "" {
			return h.From
		}
	}
	if e.Nachweis == nil && e.Cancellation != nil {
		return StatusStorniertKurzfristig
	}
	return StatusDurchgefuehrt
}

// FactOf makes the report fact of e. leadWorkingDays is the intake rule's
// minimum lead time; a request with less (counted in Werktage from the day
// it came in) is ShortNotice.
func FactOf(e *Einsatz, leadWorkingDays int) EinsatzFact {
	f := EinsatzFact{ID: e.ID, Number: e.Number, Start: e.Start.UTC(), Requested: e.Created, Status: ReportStatusOf(e),
		Billed: e.Status == StatusAbgerechnet, Language: e.Language, OrganisationID: e.OrganisationID,
		InterpreterID: e.InterpreterID, Place: e.Place, Urgent: e.Urgent}
	// Hours are the time interpreted (the Nachweis's actual start to end),
	// not the billed units.
	if n := e.Nachweis; n != nil && n.ActualEnd.After(n.ActualStart) {
		f.Minutes = int(n.ActualEnd.Sub(n.ActualStart) / time.Minute)
	}
	// The money is Einsatz.Parts – the one computation the Einsatznachweis,
	// the claim, the budgets and the exports use.
	parts := e.Parts()
	f.Allowance, f.Travel, f.CancelFee = parts.Allowance, parts.Travel, parts.CancelFee
	f.Derive(leadWorkingDays, RegionOfPlace(e.Place))
	return f
}

// Derive sets what follows from the stored fields of f – the Berlin day of
// the start, the lead time and, under the intake rule's minimum of
// leadWorkingDays Werktage, ShortNotice – and the region of its place
// (RegionOfPlace, passed in so a caller reading many facts looks each
// place up once). FactOf and the report's index (store) both end here, so
// a fact means the same whichever way it was read. ShortNotice depends on
// a setting and is therefore decided when the facts are read, never stored.
func (f *EinsatzFact) Derive(leadWorkingDays int, region Region) {
	f.Day, f.Region = DateOf(f.Start), region
	f.Lead = 0
	f.Lead = f.LeadDays()
	f.ShortNotice = false
	if leadWorkingDays > 0 && !f.Requested.IsZero() && !f.Start.IsZero() {
		f.ShortNotice = WorkingDaysBetween(DateOf(f.Requested), f.Day) < leadWorkingDays
	}
}
