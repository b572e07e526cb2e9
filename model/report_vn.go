package model

import (
	"strings"
	"unicode"
)

// Verwendungsnachweis is the proof of use of one Fördertopf for a funding
// body: the zahlenmäßiger Nachweis as a Belegliste (every booking in date
// order with day, payee, purpose and amount, ANBest-P Nr. 6: Auszahlungen
// and the Rückforderungen that came back), the Rückforderungen with their
// status, and the totals against the budget.
//
// It holds every booking on the Topf, whatever day it fell on: a claim of
// December paid in January, or a Rückforderung netted in the next year,
// still belongs to the Topf of its year (Period then reaches that day).
type Verwendungsnachweis struct {
	Fund     Fund
	Period   ReportPeriod
	Payments []PaymentFact // Auszahlungen and Rückforderungen that came back, by date
	Reclaims []ReclaimFact // every Rückforderung of the Topf's claims, by number

	Paid             Money // sum of the Auszahlungen
	Rueckforderungen Money // sum of the Rückforderungen that came back (negative)
	Net              Money // Paid + Rueckforderungen: what the Topf spent
	Left             Money // Fund.Amount − Net
	ReclaimsOpen     Money // still owed back to the Topf (not in Net)
	Months           []MonthMoney
}

// MonthMoney is one month of the Verwendungsnachweis.
type MonthMoney struct {
	Month            string // "2026-03"
	Paid             Money
	Rueckforderungen Money
}

// NewVerwendungsnachweis collects the bookings and Rückforderungen of fund
// f (the others are left out).
func NewVerwendungsnachweis(f *Fund, payments []PaymentFact, reclaims []ReclaimFact) *Verwendungsnachweis {
	vn := &Verwendungsnachweis{Fund: *f, Period: YearPeriod(f.Year)}
	for _, pay := range payments {
		if pay.FundID != f.ID {
			continue
		}
		vn.Payments = append(vn.Payments, pay)
		if pay.Date.After(vn.Period.To) {
			vn.Period.To = pay.Date
		}
		if pay.Date.Before(vn.Period.From) {
			vn.Period.From = pay.Date
		}
	}
	if vn.Period.To.Year != f.Year || vn.Period.From.Year != f.Year {
		vn.Period.Label = vn.Period.From.String() + " – " + vn.Period.To.String()
	}
	idx := map[string]int{}
	for i, k := range vn.Period.Months() {
		idx[k] = i
		vn.Months = append(vn.Months, MonthMoney{Month: k})
	}
	for _, pay := range vn.Payments {
		m := &vn.Months[idx[MonthKey(pay.Date.Year, pay.Date.Month)]]
		if pay.Kind == PaymentRueckforderung {
			vn.Rueckforderungen += pay.Amount
			m.Rueckforderungen += pay.Amount
		} else {
			vn.Paid += pay.Amount
			m.Paid += pay.Amount
		}
	}
	for _, r := range reclaims {
		if r.FundID == f.ID {
			vn.Reclaims = append(vn.Reclaims, r)
			vn.ReclaimsOpen += r.Left
		}
	}
	vn.Net = vn.Paid + vn.Rueckforderungen
	vn.Left = f.Amount - vn.Net
	return vn
}

// MaskName shortens a payee to initials ("Anna-Lena Schmidt" → "A. S."):
// the Belegliste names volunteers only as far as the funding body needs;
// the K-number leads to the full record kept by the county.
func MaskName(name string) string {
	var parts []string
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		if len(r) == 0 || !unicode.IsLetter(r[0]) {
			continue
		}
		parts = append(parts, string(unicode.ToUpper(r[0]))+".")
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, " ")
}
