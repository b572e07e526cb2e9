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
