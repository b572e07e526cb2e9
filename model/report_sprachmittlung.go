package model

import (
	"slices"
)

// The Sprachmittlung part of the Monitoring: Einsätze per status, month,
// language, institution and region, lead times and the interpreters' load.

// SprachmittlungReport are the figures of the interpreter pool. Counts are
// of Einsätze starting in the period; byStatus uses the status codes
// (durchgefuehrt, storniert_kurzfristig …) as keys.
type SprachmittlungReport struct {
	Total         int            `json:"total"`
	ByStatus      map[string]int `json:"byStatus"`
	ByMonth       map[string]int `json:"byMonth"`
	ByLanguage    map[string]int `json:"byLanguage"`
	ByInstitution map[string]int `json:"byInstitution"`
	ByRegion      map[string]int `json:"byRegion"`
	// Carried out: durchgeführt or abgerechnet with an Einsatznachweis.
	CarriedOut int `json:"carriedOut"`
	// Unmet: nicht vermittelbar – the demand the pool could not meet.
	Unmet          int   `json:"unmet"`
	Minutes        int   `json:"minutes"`
	AllowanceCents Money `json:"allowanceCents"`
	TravelCents    Money `json:"travelCents"`
	CancelFeeCents Money `json:"cancelFeeCents"`
	// LeadDaysAvg is the average number of days between request and
	// Einsatz; ShortNotice counts requests with less lead time than the
	// intake rule asks for, ShortNoticePercent their share of all.
	LeadDaysAvg        float64 `json:"leadDaysAvg"`
	ShortNotice        int     `json:"shortNotice"`
	ShortNoticePercent float64 `json:"shortNoticePercent"`
	// Interpreters is the load of the pool: how many interpreters carried
	// out how many Einsätze (buckets), and the share of the busiest tenth.
	Interpreters InterpreterLoad `json:"interpreters"`

	// PerMonth are the figures of every month of the period, in order.
	PerMonth     []MonthFigures `json:"perMonth"`
	Months       []string       `json:"-"` // every month of the period, in order
	Languages    []Count        `json:"-"` // sorted, most first
	Institutions []Count        `json:"-"` // sorted, most first (Key = organisation ID)
}

// MonthFigures are one month of the Sprachmittlung sheet.
type MonthFigures struct {
	Month          string `json:"month"`
	Einsaetze      int    `json:"einsaetze"`
	CarriedOut     int    `json:"carriedOut"`
	CancelledEarly int    `json:"storniertRechtzeitig"`
	CancelledLate  int    `json:"storniertKurzfristig"`
	NoShow         int    `json:"nichtErschienen"`
	Unmet          int    `json:"nichtVermittelbar"`
	Minutes        int    `json:"minutes"`
	Allowance      Money  `json:"allowanceCents"`
	Travel         Money  `json:"travelCents"`
	CancelFee      Money  `json:"cancelFeeCents"`
}

// InterpreterLoad is the distribution of Einsätze over interpreters.
type InterpreterLoad struct {
	Active          int     `json:"active"`
	Buckets         []Count `json:"buckets"`
	TopTenthPercent float64 `json:"topTenthPercent"`
	Max             int     `json:"max"`
}

func computeSprachmittlung(in *ReportInput, f ReportFilter) SprachmittlungReport {
	r := SprachmittlungReport{ByStatus: map[string]int{}, ByMonth: map[string]int{}, ByLanguage: map[string]int{},
		ByInstitution: map[string]int{}, ByRegion: map[string]int{}, Months: in.Period.Months()}
	for _, k := range r.Months {
		r.PerMonth = append(r.PerMonth, MonthFigures{Month: k})
	}
	first := in.Period.From.Year*12 + int(in.Period.From.Month) - 1
	byOrg := map[string]int{}
	perInterp := map[string]int{}
	leadSum := 0
	for i := range in.Einsaetze {
		e := &in.Einsaetze[i]
		d := e.day()
		if !in.Period.Contains(d) || !f.MatchesEinsatz(e) {
			continue
		}
		r.Total++
		r.ByStatus[string(e.Status)]++
		r.PerMonth[d.Year*12+int(d.Month)-1-first].add(e)
		r.ByLanguage[e.Language]++
		byOrg[e.OrganisationID]++
		if reg := e.region(); reg != "" {
			r.ByRegion[string(reg)]++
		} else {
			r.ByRegion["außerhalb/unbekannt"]++
		}
		if e.Status == StatusNichtVermittelbar {
			r.Unmet++
		}
		if e.CarriedOut() {
			r.CarriedOut++
			if e.InterpreterID != "" {
				perInterp[e.InterpreterID]++
			}
		}
		r.Minutes += e.Minutes
		r.AllowanceCents += e.Allowance
		r.TravelCents += e.Travel
		r.CancelFeeCents += e.CancelFee
		leadSum += e.LeadDays()
		if e.ShortNotice {
			r.ShortNotice++
		}
	}
	for _, mf := range r.PerMonth {
		r.ByMonth[mf.Month] = mf.Einsaetze
	}
	if r.Total > 0 {
		r.LeadDaysAvg = round1(float64(leadSum) / float64(r.Total))
		r.ShortNoticePercent = round1(100 * float64(r.ShortNotice) / float64(r.Total))
	}
	r.sortBars(byOrg, in.Organisations)
	r.Interpreters = interpreterLoad(perInterp)
	return r
}

// add counts one Einsatz into its month's row of the sheet.
func (mf *MonthFigures) add(e *EinsatzFact) {
	mf.Einsaetze++
	mf.Minutes += e.Minutes
	mf.Allowance += e.Allowance
	mf.Travel += e.Travel
	mf.CancelFee += e.CancelFee
	switch e.Status {
	case StatusDurchgefuehrt:
		mf.CarriedOut++
	case StatusStorniertRechtzeitig:
		mf.CancelledEarly++
	case StatusStorniertKurzfristig:
		mf.CancelledLate++
	case StatusNichtErschienen:
		mf.NoShow++
	case StatusNichtVermittelbar:
		mf.Unmet++
	}
}

// sortBars fills the language and institution charts, most first.
// Institutions are counted per organisation ID (byOrg) and named from
// names; two organisations with the same name add up in ByInstitution.
func (r *SprachmittlungReport) sortBars(byOrg map[string]int, names map[string]string) {
	for id, n := range byOrg {
		name := names[id]
		if name == "" {
			name = "unbekannte Einrichtung"
		}
		r.ByInstitution[name] += n
		r.Institutions = append(r.Institutions, Count{Key: id, Name: name, Count: n})
	}
	for l, n := range r.ByLanguage {
		r.Languages = append(r.Languages, Count{Key: l, Name: l, Count: n})
	}
	sortCounts(r.Languages)
	sortCounts(r.Institutions)
}

// loadBuckets are the classes of the interpreters' load distribution.
var loadBuckets = []struct {
	name     string
	from, to int
}{{"1–5", 1, 5}, {"6–10", 6, 10}, {"11–25", 11, 25}, {"26–50", 26, 50}, {"51–100", 51, 100}, {"über 100", 101, 1 << 30}}

func interpreterLoad(per map[string]int) InterpreterLoad {
	l := InterpreterLoad{Active: len(per)}
	counts := make([]int, 0, len(per))
	total := 0
	for _, n := range per {
		counts = append(counts, n)
		total += n
		l.Max = max(l.Max, n)
	}
	for _, b := range loadBuckets {
		c := Count{Key: b.name, Name: b.name}
		for _, n := range counts {
			if n >= b.from && n <= b.to {
				c.Count++
			}
		}
		l.Buckets = append(l.Buckets, c)
	}
	if total > 0 {
		slices.Sort(counts)
		slices.Reverse(counts)
		top := (len(counts) + 9) / 10
		s := 0
		for _, n := range counts[:top] {
			s += n
		}
		l.TopTenthPercent = round1(100 * float64(s) / float64(total))
	}
	return l
}

// StatusOrder is the order of statuses in the report's status chart: what
// happened first, then the unmet demand and the cancellations.
var StatusOrder = []Status{StatusDurchgefuehrt, StatusVermittelt, StatusAnfrage, StatusPruefung, StatusSuche,
	StatusNichtVermittelbar, StatusStorniertRechtzeitig, StatusStorniertKurzfristig, StatusNichtErschienen, StatusAbgelehnt}

// StatusCounts returns the byStatus figures in StatusOrder (statuses with
// no Einsatz included, so the chart keeps its shape).
func (r *SprachmittlungReport) StatusCounts() []Count {
	out := make([]Count, 0, len(StatusOrder))
	for _, s := range StatusOrder {
		out = append(out, Count{Key: string(s), Name: s.Label(), Count: r.ByStatus[string(s)]})
	}
	return out
}
