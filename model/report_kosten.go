package model

import (
	"slices"
	"strings"
)

// The Kosten part of the Monitoring: payments per Fördertopf and project,
// open Rückforderungen, when a budget runs out, and who is near the
// tax-free limit.

// KostenReport are the payments per Fördertopf. PaidCents is net: the
// Auszahlungen less the Rückforderungen that came back (Rueckforderungen,
// negative); ReclaimsOpenCents is what is still owed back (not deducted).
type KostenReport struct {
	FundingPots       []FundReport `json:"fundingPots"`
	ByProject         []MoneyCount `json:"byProject"`
	PaidCents         Money        `json:"paidCents"`
	Rueckforderungen  Money        `json:"rueckforderungenCents"`
	ReclaimsOpenCents Money        `json:"reclaimsOpenCents"`
	NearLimit         int          `json:"nearLimit"` // people at 90 % or more of their tax-free limit
	Limits            []LimitFact  `json:"-"`         // those people, most used first
}

// MoneyCount is one bar of an amount chart.
type MoneyCount struct {
	Name  string `json:"name"`
	Cents Money  `json:"cents"`
}

// FundReport is one Fördertopf against its budget: paid per month (net:
// Auszahlungen less the Rückforderungen that came back, see PaymentFact),
// what is left and when it runs out at the current pace. ReclaimsOpenCents
// is owed back to the Topf but not back yet, so not deducted.
type FundReport struct {
	ID                    string           `json:"-"`
	Name                  string           `json:"name"`
	Year                  int              `json:"year"`
	BudgetCents           Money            `json:"budgetCents"`
	PaidCents             Money            `json:"paidCents"`
	RueckforderungenCents Money            `json:"rueckforderungenCents"`
	ReclaimsOpenCents     Money            `json:"reclaimsOpenCents"`
	CommittedCents        Money            `json:"committedCents"`
	LeftCents             Money            `json:"leftCents"`
	ByMonth               map[string]Money `json:"byMonthCents"`
	// RunsOut is the month ("JJJJ-MM") in which the budget is used up if
	// payments go on at the average pace of the months so far; "" when it
	// lasts the year.
	RunsOut string `json:"runsOut,omitempty"`
}

func computeKosten(in *ReportInput, f ReportFilter) KostenReport {
	r := KostenReport{}
	months := in.Period.Months()
	byFund := r.fundReports(in, f, months)
	byProject := r.addPayments(in, f, byFund)
	r.addReclaimsOpen(in, f, byFund)
	for i := range r.FundingPots {
		fr := byFund[r.FundingPots[i].ID]
		fr.LeftCents = fr.BudgetCents - fr.PaidCents - fr.CommittedCents
		fr.RunsOut = runsOut(fr, months, in.Today)
		r.FundingPots[i] = *fr
	}
	r.ByProject = projectBars(byProject)
	r.Limits = nearLimits(in.Limits)
	r.NearLimit = len(r.Limits)
	return r
}

// fundReports starts a FundReport for every Fördertopf of the period's
// years that passes the filter, in r.FundingPots and by fund ID.
func (r *KostenReport) fundReports(in *ReportInput, f ReportFilter, months []string) map[string]*FundReport {
	byFund := map[string]*FundReport{}
	for _, fund := range in.Funds {
		if f.FundID != "" && fund.ID != f.FundID {
			continue
		}
		if fund.Year < in.Period.From.Year || fund.Year > in.Period.To.Year {
			continue
		}
		fr := &FundReport{ID: fund.ID, Name: fund.Name, Year: fund.Year, BudgetCents: fund.Amount,
			CommittedCents: in.Committed[fund.ID], ByMonth: map[string]Money{}}
		for _, k := range months {
			fr.ByMonth[k] = 0
		}
		byFund[fund.ID] = fr
		r.FundingPots = append(r.FundingPots, *fr)
	}
	return byFund
}

// addPayments adds the payments of the period to the totals and to their
// Fördertopf, and returns the sums per project.
func (r *KostenReport) addPayments(in *ReportInput, f ReportFilter, byFund map[string]*FundReport) map[string]Money {
	byProject := map[string]Money{}
	for i := range in.Payments {
		p := &in.Payments[i]
		if !in.Period.Contains(p.Date) || !f.MatchesPayment(p) {
			continue
		}
		r.PaidCents += p.Amount
		if p.Kind == PaymentRueckforderung {
			r.Rueckforderungen += p.Amount
		}
		proj := p.Project
		if proj == "" {
			proj = "ohne Projekt"
		}
		byProject[proj] += p.Amount
		if fr, ok := byFund[p.FundID]; ok {
			fr.PaidCents += p.Amount
			if p.Kind == PaymentRueckforderung {
				fr.RueckforderungenCents += p.Amount
			}
			fr.ByMonth[MonthKey(p.Date.Year, p.Date.Month)] += p.Amount
		}
	}
	return byProject
}

// addReclaimsOpen adds what is still owed back at the end of the period.
func (r *KostenReport) addReclaimsOpen(in *ReportInput, f ReportFilter, byFund map[string]*FundReport) {
	for i := range in.Reclaims {
		rc := &in.Reclaims[i]
		if f.FundID != "" && rc.FundID != f.FundID {
			continue
		}
		open := rc.OpenOn(in.Period.To)
		r.ReclaimsOpenCents += open
		if fr, ok := byFund[rc.FundID]; ok {
			fr.ReclaimsOpenCents += open
		}
	}
}

// projectBars are the sums per project, largest first.
func projectBars(byProject map[string]Money) []MoneyCount {
	var out []MoneyCount
	for name, c := range byProject {
		out = append(out, MoneyCount{Name: name, Cents: c})
	}
	slices.SortFunc(out, func(a, b MoneyCount) int {
		if a.Cents != b.Cents {
			if a.Cents > b.Cents {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// nearLimits are the people at 90 % or more of their tax-free limit, the
// largest share first.
func nearLimits(limits []LimitFact) []LimitFact {
	var out []LimitFact
	for _, l := range limits {
		if LimitNear(l.Used, l.Limit) {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b LimitFact) int {
		// share of the limit, highest first: a.Used/a.Limit > b.Used/b.Limit
		x, y := int64(a.Used)*int64(max(b.Limit, 1)), int64(b.Used)*int64(max(a.Limit, 1))
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// runsOut projects when the fund is used up: the average paid per month so
// far (months up to today that lie in the period) goes on for the rest of
// the months; committed money counts as spent now.
func runsOut(fr *FundReport, months []string, today Date) string {
	if fr.BudgetCents <= 0 {
		return ""
	}
	cur := MonthKey(today.Year, today.Month)
	used := fr.CommittedCents
	past := 0
	for _, k := range months {
		used += fr.ByMonth[k]
		if used >= fr.BudgetCents {
			return k
		}
		if k <= cur {
			past++
		}
		if k == cur {
			break
		}
	}
	if past == 0 || fr.PaidCents <= 0 {
		return ""
	}
	pace := fr.PaidCents / Money(past)
	if pace <= 0 {
		return ""
	}
	for _, k := range months {
		if k <= cur {
			continue
		}
		used += pace
		if used >= fr.BudgetCents {
			return k
		}
	}
	return ""
}
