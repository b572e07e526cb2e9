package model

import (
	"strings"
	"unicode"
)

// Verwendungsnachweis is the proof of use of one Fördertopf for a funding
// body: the zahlenmäßiger Nachweis as a Belegliste (every payment in date
// order with day, payee, purpose and amount, ANBest-P Nr. 6) and the
// Rückforderungen, with the totals against the budget.
type Verwendungsnachweis struct {
	Fund     Fund
	Period   ReportPeriod
	Payments []PaymentFact // Auszahlungen and Rückforderungen, by date

	Paid             Money // sum of the Auszahlungen
	Rueckforderungen Money // sum of the Rückforderungen (negative)
	Net              Money // Paid + Rueckforderungen
	Left             Money // Fund.Amount − Net
	Months           []MonthMoney
}

// MonthMoney is one month of the Verwendungsnachweis.
type MonthMoney struct {
	Month            string // "2026-03"
	Paid             Money
	Rueckforderungen Money
}

// NewVerwendungsnachweis collects the payments of fund f in period p.
func NewVerwendungsnachweis(f *Fund, p ReportPeriod, payments []PaymentFact) *Verwendungsnachweis {
	vn := &Verwendungsnachweis{Fund: *f, Period: p}
	idx := map[string]int{}
	for i, k := range p.Months() {
		idx[k] = i
		vn.Months = append(vn.Months, MonthMoney{Month: k})
	}
	for _, pay := range payments {
		if pay.FundID != f.ID || !p.Contains(pay.Date) {
			continue
		}
		vn.Payments = append(vn.Payments, pay)
		m := &vn.Months[idx[MonthKey(pay.Date.Year, pay.Date.Month)]]
		if pay.Kind == PaymentRueckforderung {
			vn.Rueckforderungen += pay.Amount
			m.Rueckforderungen += pay.Amount
		} else {
			vn.Paid += pay.Amount
			m.Paid += pay.Amount
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
