package model

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Retention rules (Löschfristen): how long each kind of personal data is
// kept, why, and from when the period counts. They are data, kept in the
// settings and changed by the role Verwaltung, because the periods are the
// county's decision (its Löschkonzept, its Kassenrecht) and change with the
// law: since 2025 § 147 AO keeps Buchungsbelege 8 years instead of 10.
//
// What each kind means is the program's business (the Löschlauf knows
// which records a kind covers and what it does with them); the period and
// the legal basis are the office's.

// RetentionKind names one kind of data a rule covers.
type RetentionKind string

const (
	// RetainParticipants: the contact data of an event's registrations,
	// counted from the end of the event. Afterwards the registrations are
	// anonymised (the counts stay) and people created just for them go.
	RetainParticipants RetentionKind = "teilnehmende"
	// RetainClientRef: a client's initials or file number on an Einsatz,
	// counted from the Einsatz.
	RetainClientRef RetentionKind = "klienten"
	// RetainInterpreters: interpreters without an Einsatz, counted from
	// their last Einsatz (or, without any, from when they were entered).
	RetainInterpreters RetentionKind = "sprachmittler"
	// RetainPayments: claims, payout runs and Rückforderungen (Belege of
	// the Kreiskasse), counted from the end of their year.
	RetainPayments RetentionKind = "zahlungen"
)

// RetentionRule is one rule: a kind of data, its legal basis and its
// period in months.
type RetentionRule struct {
	Kind   RetentionKind `json:"kind"`
	Basis  string        `json:"basis"`
	Months int           `json:"months"`
}

// RetentionKinds lists the kinds in the order screens show them.
var RetentionKinds = []RetentionKind{RetainParticipants, RetainClientRef, RetainInterpreters, RetainPayments}

// Label is what the data is, in German.
func (k RetentionKind) Label() string {
	switch k {
	case RetainParticipants:
		return "Kontaktdaten der Teilnehmenden"
	case RetainClientRef:
		return "Initialen der Klient:innen in Einsätzen"
	case RetainInterpreters:
		return "Sprachmittler:innen ohne Einsatz"
	case RetainPayments:
		return "Anträge, Zahlläufe und Rückforderungen"
	}
	return string(k)
}

// From says from when the period counts.
func (k RetentionKind) From() string {
	switch k {
	case RetainParticipants:
		return "nach dem Ende der Veranstaltung"
	case RetainClientRef:
		return "nach dem Einsatz"
	case RetainInterpreters:
		return "nach dem letzten Einsatz"
	case RetainPayments:
		return "nach dem Ende des Jahres der Zahlung"
	}
	return ""
}

// Action says what the Löschlauf does when the period is over.
func (k RetentionKind) Action() string {
	switch k {
	case RetainParticipants:
		return "Anmeldungen anonymisieren (Zahlen bleiben), nur dafür angelegte Personen löschen"
	case RetainClientRef:
		return "Initialen bzw. Aktenzeichen aus dem Einsatz löschen"
	case RetainInterpreters:
		return "Person löschen (mit anderen Rollen: nur das Sprachmittlungsprofil); mit Zahlungen in der Frist: einschränken"
	case RetainPayments:
		return "Anträge, Zahlläufe und Rückforderungen löschen; eingeschränkte Personen ohne weitere Zahlungen löschen"
	}
	return ""
}

// DefaultRetentionRules are the rules until the office sets its own.
func DefaultRetentionRules() []RetentionRule {
	return []RetentionRule{
		{RetainParticipants, "Art. 5 Abs. 1 lit. e, Art. 17 Abs. 1 lit. a DSGVO: Zweck (Einladung, Einlass, Nachweis der Teilnahme) erfüllt", 3},
		{RetainClientRef, "Art. 5 Abs. 1 lit. c, e DSGVO: nach Einsatz und Abrechnung nicht mehr nötig", 12},
		{RetainInterpreters, "Art. 5 Abs. 1 lit. e DSGVO: Löschkonzept der Stabsstelle (Ende der Tätigkeit)", 24},
		{RetainPayments, "§ 147 Abs. 1 Nr. 4, Abs. 3 AO: Buchungsbelege 8 Jahre (seit 2025; Bücher 10 Jahre); das Kassenrecht des Landkreises kann mehr verlangen", 96},
	}
}

// MaxRetentionMonths bounds a period (50 years): more is a typing accident.
const MaxRetentionMonths = 600

// RetentionRules is the office's set of rules, one per kind.
type RetentionRules []RetentionRule

// Rule returns the rule of kind k (the default if the set has none).
func (rs RetentionRules) Rule(k RetentionKind) RetentionRule {
	for _, r := range rs {
		if r.Kind == k {
			return r
		}
	}
	for _, r := range DefaultRetentionRules() {
		if r.Kind == k {
			return r
		}
	}
	return RetentionRule{Kind: k}
}

// Complete returns the rules with every kind present, in RetentionKinds
// order (kinds the stored set lacks get their default).
func (rs RetentionRules) Complete() RetentionRules {
	out := make(RetentionRules, 0, len(RetentionKinds))
	for _, k := range RetentionKinds {
		out = append(out, rs.Rule(k))
	}
	return out
}

// Validate checks every rule: a known kind once, a period of 1 month to 50
// years, a legal basis.
func (rs RetentionRules) Validate() error {
	var v ValidationError
	seen := map[RetentionKind]bool{}
	for _, r := range rs {
		key := string(r.Kind)
		known := false
		for _, k := range RetentionKinds {
			known = known || k == r.Kind
		}
		switch {
		case !known:
			v.Add(key, fmt.Sprintf("Unbekannte Art von Daten „%s“.", r.Kind))
			continue
		case seen[r.Kind]:
			v.Add(key, fmt.Sprintf("Für „%s“ gibt es zwei Regeln.", r.Kind.Label()))
		}
		seen[r.Kind] = true
		if r.Months < 1 || r.Months > MaxRetentionMonths {
			v.Add(key, fmt.Sprintf("%s: die Frist liegt zwischen 1 und %d Monaten.", r.Kind.Label(), MaxRetentionMonths))
		}
		switch b := strings.TrimSpace(r.Basis); {
		case b == "":
			v.Add(key, r.Kind.Label()+": bitte die Rechtsgrundlage angeben.")
		case utf8.RuneCountInString(b) > 300:
			v.Add(key, r.Kind.Label()+": die Rechtsgrundlage hat höchstens 300 Zeichen.")
		}
	}
	return v.Err()
}

// PeriodLabel says the period in German: "3 Monate", "1 Jahr", "8 Jahre".
func (r RetentionRule) PeriodLabel() string { return MonthsLabel(r.Months) }

// MonthsLabel is "1 Monat", "18 Monate", "2 Jahre".
func MonthsLabel(n int) string {
	switch {
	case n%12 == 0 && n == 12:
		return "1 Jahr"
	case n%12 == 0:
		return fmt.Sprintf("%d Jahre", n/12)
	case n == 1:
		return "1 Monat"
	}
	return fmt.Sprintf("%d Monate", n)
}

// AddMonths returns d plus n months; a day the target month lacks becomes
// its last day (31.01. + 1 Monat = 28./29.02.).
func (d Date) AddMonths(n int) Date {
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	last := civilDaysInMonth(time.Month(m+1), y)
	return Date{y, time.Month(m + 1), min(d.Day, last)}
}

// Ends is the first day the rule allows erasing data whose period began
// on start: start plus the period, for payments counted from the end of
// start's year (a Beleg of 05.03.2026 kept 8 years may go on 01.01.2035).
func (r RetentionRule) Ends(start Date) Date {
	if start.IsZero() {
		return Date{}
	}
	if r.Kind == RetainPayments {
		start = NewDate(start.Year+1, time.January, 1)
	}
	return start.AddMonths(r.Months)
}

// Due reports whether data whose period began on start may go by today.
func (r RetentionRule) Due(start, today Date) bool {
	end := r.Ends(start)
	return !end.IsZero() && !today.Before(end)
}
