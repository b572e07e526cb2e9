package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Reports (Berichte) answer what the Kreistag, the Fachausschuss, the
// funding bodies and the network ask every year. One computation,
// ComputeMonitoring, builds the typed Monitoring from compact facts; the
// terminal view, `report monitoring --json` and the Excel workbook only
// render it, so their figures cannot differ.
//
//   Monitoring         – the yearly figures for Kreistag and Fachausschuss
//   Verwendungsnachweis – proof of use for a funding body: every payment of
//                        one Fördertopf with its document number
//   Rückforderung      – money owed back after a Storno or Korrektur of a
//                        paid claim (R-2026-001)

// ReportPeriod is the days a report covers, From and To inclusive, in
// Berlin time.
type ReportPeriod struct {
	From  Date   `json:"from"`
	To    Date   `json:"to"`
	Label string `json:"label"`
}

// YearPeriod is the calendar year y.
func YearPeriod(y int) ReportPeriod {
	return ReportPeriod{From: NewDate(y, time.January, 1), To: NewDate(y, time.December, 31), Label: fmt.Sprint(y)}
}

// QuarterPeriod is quarter q (1–4) of year y.
func QuarterPeriod(y, q int) ReportPeriod {
	q = min(max(q, 1), 4)
	from := NewDate(y, time.Month(3*(q-1)+1), 1)
	return ReportPeriod{From: from, To: NewDate(y, time.Month(3*q+1), 1).AddDays(-1), Label: fmt.Sprintf("%d. Quartal %d", q, y)}
}

// MonthPeriod is month m of year y.
func MonthPeriod(y int, m time.Month) ReportPeriod {
	from := NewDate(y, m, 1)
	return ReportPeriod{From: from, To: NewDate(y, m+1, 1).AddDays(-1), Label: MonthName(m) + " " + fmt.Sprint(y)}
}

// RangePeriod is the free range from–to (inclusive).
func RangePeriod(from, to Date) ReportPeriod {
	if to.Before(from) {
		from, to = to, from
	}
	return ReportPeriod{From: from, To: to, Label: from.String() + " – " + to.String()}
}

// Contains reports whether day d lies in the period.
func (p ReportPeriod) Contains(d Date) bool { return !d.Before(p.From) && !d.After(p.To) }

// Start and End are the instants that bound the period (End exclusive).
func (p ReportPeriod) Start() time.Time { return p.From.Midnight() }

// End is the first instant after the period.
func (p ReportPeriod) End() time.Time { return p.To.AddDays(1).Midnight() }

// Months lists the months the period touches as "JJJJ-MM", in order.
func (p ReportPeriod) Months() []string {
	var out []string
	for y, m := p.From.Year, p.From.Month; y < p.To.Year || (y == p.To.Year && m <= p.To.Month); {
		out = append(out, MonthKey(y, m))
		if m++; m > time.December {
			m, y = time.January, y+1
		}
	}
	return out
}

// MonthKey is "2026-03", the key of byMonth in the JSON.
func MonthKey(y int, m time.Month) string { return fmt.Sprintf("%04d-%02d", y, int(m)) }

// MonthShort turns "2026-03" into "Mär" for chart labels.
func MonthShort(key string) string {
	var y, m int
	if _, err := fmt.Sscanf(key, "%d-%d", &y, &m); err != nil || m < 1 || m > 12 {
		return key
	}
	return string([]rune(MonthName(time.Month(m)))[:3])
}

// MonthLabel turns "2026-03" into "März 2026".
func MonthLabel(key string) string {
	var y, m int
	if _, err := fmt.Sscanf(key, "%d-%d", &y, &m); err != nil || m < 1 || m > 12 {
		return key
	}
	return fmt.Sprintf("%s %d", MonthName(time.Month(m)), y)
}

// ReportFilter narrows a report. Language, Organisation and Region apply to
// Sprachmittlung (Region also to Netzwerk), FundID to Kostenerstattungen,
// Themenfeld to Netzwerk; "" means all.
type ReportFilter struct {
	Language     string     `json:"language,omitempty"`
	Organisation string     `json:"organisation,omitempty"` // organisation ID
	Region       Region     `json:"region,omitempty"`
	FundID       string     `json:"fund,omitempty"`
	Themenfeld   Themenfeld `json:"themenfeld,omitempty"`
}

// Empty reports whether no filter is set.
func (f ReportFilter) Empty() bool { return f == ReportFilter{} }

// EinsatzFact is what the reports need of one Einsatz: the index row's
// fields plus the amounts and times of its record, decoded once.
type EinsatzFact struct {
	ID, Number string
	Start      time.Time // planned start, UTC
	Requested  time.Time // when the request came in (record created)
	// Status is the status the report counts: for an abgerechnet Einsatz
	// what happened before it was billed (durchgeführt, kurzfristig
	// storniert, nicht erschienen), see ReportStatusOf.
	Status         Status
	Billed         bool // abgerechnet
	Language       string
	OrganisationID string
	InterpreterID  string
	Place          string
	Minutes        int   // actual minutes of the Einsatznachweis (0 without)
	Allowance      Money // Aufwandsentschädigung for the time
	Travel         Money // Fahrtkosten
	CancelFee      Money // Ausfallpauschale
	Urgent         bool
	// ShortNotice: the request came with less lead time than the intake
	// rule asks for (Werktage between request and Einsatz).
	ShortNotice bool
	// Derived once by FactOf, so a filter change does no time-zone or
	// string work per Einsatz: the Berlin day of the start, the region of
	// the place, the lead time in days.
	Day    Date
	Region Region
	Lead   int
}

// day is the Berlin day of the start (also for facts made by hand).
func (f *EinsatzFact) day() Date {
	if f.Day.IsZero() {
		return DateOf(f.Start)
	}
	return f.Day
}

func (f *EinsatzFact) region() Region {
	if f.Region == "" && f.Place != "" {
		return RegionOfPlace(f.Place)
	}
	return f.Region
}

// Month is the "JJJJ-MM" of the fact's start in Berlin.
func (f *EinsatzFact) Month() string {
	d := f.day()
	return MonthKey(d.Year, d.Month)
}

// LeadDays is the number of calendar days from request to Einsatz.
func (f *EinsatzFact) LeadDays() int {
	if f.Lead != 0 || f.Requested.IsZero() || f.Start.IsZero() {
		return f.Lead
	}
	return max(DateOf(f.Requested).DaysUntil(f.day()), 0)
}

// PaymentKind tells money paid out from money that came back.
type PaymentKind string

const (
	// PaymentAuszahlung: a claim paid out (the Antragssumme, with the
	// Korrekturen paid together with it).
	PaymentAuszahlung PaymentKind = "auszahlung"
	// PaymentRueckforderung: money of a Rückforderung that came back –
	// netted against a payout or paid back by the person (negative).
	PaymentRueckforderung PaymentKind = "rueckforderung"
)

// Label is the German word.
func (k PaymentKind) Label() string {
	if k == PaymentRueckforderung {
		return "Rückforderung"
	}
	return "Auszahlung"
}

// PaymentFact is one booking on a Fördertopf, the money that really moved:
//
//   - an Auszahlung: a claim the Kreiskasse paid (status ausgezahlt), with
//     its Antragssumme on the execution day of its payout run – what the
//     Topf is charged, also when part of the transfer was netted against a
//     Rückforderung;
//   - a Rückforderung (negative): part of a Rückforderung that came back,
//     netted in a payout run (on that run's execution day) or paid back by
//     the person (on the day of the payment), booked on the Topf of the
//     claim that paid too much.
//
// Storniert claims never moved money; a verbucht Storno or Korrektur moves
// none itself – its Rückforderung does, when the money comes back. So the
// sum of a Topf's bookings is what it spent, net.
type PaymentFact struct {
	ClaimID   string      `json:"-"`      // the paid claim (Auszahlung)
	ReclaimID string      `json:"-"`      // the Rückforderung
	Number    string      `json:"number"` // K-2026-0017, or R-2026-001 for a Rückforderung
	Date      Date        `json:"date"`
	PersonID  string      `json:"-"`
	Payee     string      `json:"payee"`
	FundID    string      `json:"-"`
	Project   string      `json:"project,omitempty"`
	Purpose   string      `json:"purpose"`
	Amount    Money       `json:"amountCents"`
	Kind      PaymentKind `json:"kind"`
	// Corrects is the claim a Rückforderung takes money back from, or the
	// claim a Korrektur paid in its own right corrects.
	Corrects string `json:"corrects,omitempty"`
	// Settlement: verrechnet or zurueckgezahlt, for a Rückforderung.
	Settlement ReclaimStatus `json:"settlement,omitempty"`
}

// ReclaimFact is one Rückforderung as the reports list it: how much is
// owed back, how much came back so far and how it stands.
type ReclaimFact struct {
	Number           string        `json:"number"` // R-2026-001
	Date             Date          `json:"date"`   // when the Storno/Korrektur took effect
	PersonID         string        `json:"-"`
	Payee            string        `json:"payee"`
	FundID           string        `json:"-"` // the Topf of the claim that paid too much
	ClaimNumber      string        `json:"claim"`
	CorrectionNumber string        `json:"correction"`
	Reason           string        `json:"reason"`
	Amount           Money         `json:"amountCents"`   // owed back in total
	Netted           Money         `json:"nettedCents"`   // verrechnet so far
	PaidBack         Money         `json:"paidBackCents"` // zurückgezahlt
	Left             Money         `json:"leftCents"`     // still open
	Status           ReclaimStatus `json:"status"`        // offen, verrechnet, zurueckgezahlt
	Due              Date          `json:"due"`
	// Back are the days and amounts that came back (the settlements).
	Back []DatedMoney `json:"-"`
}

// DatedMoney is an amount on a day.
type DatedMoney struct {
	Date   Date
	Amount Money
}

// OpenOn is what was still owed back at the end of day d: 0 before the
// Rückforderung existed, then its amount less what came back by d.
func (r *ReclaimFact) OpenOn(d Date) Money {
	if r.Date.After(d) {
		return 0
	}
	open := r.Amount
	for _, b := range r.Back {
		if !b.Date.After(d) {
			open -= b.Amount
		}
	}
	return max(open, 0)
}

// EventFact is what the reports need of one Veranstaltung.
type EventFact struct {
	ID, Number    string
	Title         string
	Start         time.Time
	Type          EventType
	Themen        []Themenfeld
	Gremium       string
	Region        Region
	Status        EventStatus
	Counts        AttendanceCounts
	Organisations []string // IDs of organisations with someone registered or present
}

// TaskFact is one follow-up task with the Arbeitskreis it belongs to
// (through its event's Gremium, "ohne Gremium" otherwise).
type TaskFact struct {
	ID, Text string
	EventID  string
	Gremium  string
	Due      Date
	Open     bool
}

// LimitFact is one person's allowance against the yearly tax-free limit.
type LimitFact struct {
	PersonID string
	Name     string
	Used     Money
	Limit    Money
}

// ReportInput is everything ComputeMonitoring reads: the facts of the
// period and the names to show.
type ReportInput struct {
	Period        ReportPeriod
	Einsaetze     []EinsatzFact
	Payments      []PaymentFact
	Reclaims      []ReclaimFact    // every Rückforderung, for what is still open
	Committed     map[string]Money // per fund ID: eingereicht … angeordnet, not yet paid
	Funds         []*Fund
	Events        []EventFact
	Tasks         []TaskFact
	Limits        []LimitFact
	Organisations map[string]string // ID → name
	Today         Date
}

// Count is one bar of a chart: a label, how many, and the key to find the
// records behind it.
type Count struct {
	Key   string `json:"-"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Monitoring is the yearly report. Field names of the JSON are a contract
// for scripts (see docs/handbuch/berichte.md).
type Monitoring struct {
	Period         ReportPeriod         `json:"period"`
	Filter         ReportFilter         `json:"filter"`
	Sprachmittlung SprachmittlungReport `json:"sprachmittlung"`
	Kosten         KostenReport         `json:"kosten"`
	Netzwerk       NetzwerkReport       `json:"netzwerk"`
}

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

// NetzwerkReport are the figures of the network's events.
type NetzwerkReport struct {
	Events            int          `json:"events"`
	Registered        int          `json:"registered"`   // angemeldet + teilgenommen + nicht erschienen
	Participants      int          `json:"participants"` // teilgenommen
	AttendancePercent float64      `json:"attendancePercent"`
	Organisations     int          `json:"organisationsReached"`
	ByThemenfeld      []GroupCount `json:"byThemenfeld"`
	ByRegion          []GroupCount `json:"byRegion"`
	Tasks             []TaskCount  `json:"tasksByArbeitskreis"`
}

// GroupCount is events and participants of one Themenfeld or region.
type GroupCount struct {
	Name         string `json:"name"`
	Events       int    `json:"events"`
	Participants int    `json:"participants"`
}

// TaskCount is the open and overdue tasks of one Arbeitskreis.
type TaskCount struct {
	Name    string `json:"name"`
	Open    int    `json:"open"`
	Overdue int    `json:"overdue"`
}

// Matches reports whether an Einsatz fact passes the filter.
func (f ReportFilter) MatchesEinsatz(e *EinsatzFact) bool {
	if f.Language != "" && !strings.EqualFold(e.Language, f.Language) {
		return false
	}
	if f.Organisation != "" && e.OrganisationID != f.Organisation {
		return false
	}
	if f.Region != "" && e.region() != f.Region {
		return false
	}
	return true
}

// MatchesEvent reports whether an event fact passes the filter.
func (f ReportFilter) MatchesEvent(e *EventFact) bool {
	if f.Region != "" && e.Region != f.Region {
		return false
	}
	if f.Themenfeld != "" && !slices.Contains(e.Themen, f.Themenfeld) {
		return false
	}
	return true
}

// MatchesPayment reports whether a payment passes the filter.
func (f ReportFilter) MatchesPayment(p *PaymentFact) bool {
	return f.FundID == "" || p.FundID == f.FundID
}

// CarriedOut reports whether the Einsatz took place.
func (f *EinsatzFact) CarriedOut() bool { return f.Status == StatusDurchgefuehrt }

// ComputeMonitoring builds the report of in for its period under filter f.
// It reads only the facts, so a filter change costs one pass over them.
func ComputeMonitoring(in *ReportInput, f ReportFilter) *Monitoring {
	m := &Monitoring{Period: in.Period, Filter: f}
	m.Sprachmittlung = computeSprachmittlung(in, f)
	m.Kosten = computeKosten(in, f)
	m.Netzwerk = computeNetzwerk(in, f)
	return m
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
		mf := &r.PerMonth[d.Year*12+int(d.Month)-1-first]
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
	for id, n := range byOrg {
		name := in.Organisations[id]
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
	r.Interpreters = interpreterLoad(perInterp)
	return r
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

func computeKosten(in *ReportInput, f ReportFilter) KostenReport {
	r := KostenReport{}
	months := in.Period.Months()
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
	for i := range r.FundingPots {
		fr := byFund[r.FundingPots[i].ID]
		fr.LeftCents = fr.BudgetCents - fr.PaidCents - fr.CommittedCents
		fr.RunsOut = runsOut(fr, months, in.Today)
		r.FundingPots[i] = *fr
	}
	for name, c := range byProject {
		r.ByProject = append(r.ByProject, MoneyCount{Name: name, Cents: c})
	}
	slices.SortFunc(r.ByProject, func(a, b MoneyCount) int {
		if a.Cents != b.Cents {
			if a.Cents > b.Cents {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	for _, l := range in.Limits {
		if LimitNear(l.Used, l.Limit) {
			r.Limits = append(r.Limits, l)
		}
	}
	slices.SortFunc(r.Limits, func(a, b LimitFact) int {
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
	r.NearLimit = len(r.Limits)
	return r
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

func computeNetzwerk(in *ReportInput, f ReportFilter) NetzwerkReport {
	r := NetzwerkReport{}
	themen := map[Themenfeld]*GroupCount{}
	for _, t := range Themenfelder {
		themen[t] = &GroupCount{Name: string(t)}
	}
	regions := map[Region]*GroupCount{}
	for _, reg := range Regions {
		regions[reg] = &GroupCount{Name: string(reg)}
	}
	orgs := map[string]bool{}
	attendedOf := 0 // registered people of events that took place
	for i := range in.Events {
		e := &in.Events[i]
		if !in.Period.Contains(DateOf(e.Start)) || e.Status == EventAbgesagt || !f.MatchesEvent(e) {
			continue
		}
		r.Events++
		c := e.Counts
		r.Registered += c.Occupied()
		r.Participants += c.Teilgenommen
		if c.Teilgenommen+c.NichtErschienen > 0 {
			attendedOf += c.Teilgenommen + c.NichtErschienen
		}
		for _, t := range e.Themen {
			if g, ok := themen[t]; ok {
				g.Events++
				g.Participants += c.Teilgenommen
			}
		}
		if g, ok := regions[e.Region]; ok {
			g.Events++
			g.Participants += c.Teilgenommen
		}
		for _, o := range e.Organisations {
			orgs[o] = true
		}
	}
	if attendedOf > 0 {
		r.AttendancePercent = round1(100 * float64(r.Participants) / float64(attendedOf))
	}
	r.Organisations = len(orgs)
	for _, t := range Themenfelder {
		r.ByThemenfeld = append(r.ByThemenfeld, *themen[t])
	}
	for _, reg := range Regions {
		r.ByRegion = append(r.ByRegion, *regions[reg])
	}
	tasks := map[string]*TaskCount{}
	var names []string
	for _, t := range in.Tasks {
		if !t.Open {
			continue
		}
		g := t.Gremium
		if g == "" {
			g = "ohne Gremium"
		}
		tc, ok := tasks[g]
		if !ok {
			tc = &TaskCount{Name: g}
			tasks[g] = tc
			names = append(names, g)
		}
		tc.Open++
		if !t.Due.IsZero() && t.Due.Before(in.Today) {
			tc.Overdue++
		}
	}
	slices.SortFunc(names, func(a, b string) int { return gremiumOrder(a) - gremiumOrder(b) })
	for _, n := range names {
		r.Tasks = append(r.Tasks, *tasks[n])
	}
	return r
}

// gremiumOrder keeps the Gremien in their usual order, others after them.
func gremiumOrder(g string) int {
	if i := slices.Index(Gremien, g); i >= 0 {
		return i
	}
	return len(Gremien)
}

func sortCounts(cs []Count) {
	slices.SortFunc(cs, func(a, b Count) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Name, b.Name)
	})
}

func round1(x float64) float64 {
	if x < 0 {
		return -round1(-x)
	}
	return float64(int64(x*10+0.5)) / 10
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
