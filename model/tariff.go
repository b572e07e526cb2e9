package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Tariff is the Aufwandsentschädigung rule valid from a day on
// (docs/DOMAIN.md §1.5/1.6). Tariffs are data: a new decision adds a tariff with
// a later ValidFrom; every Einsatznachweis keeps a copy of the one it was
// computed with.
type Tariff struct {
	ValidFrom      Date   `json:"validFrom"`
	Name           string `json:"name,omitempty"`
	RatePerHour    Money  `json:"ratePerHour"`
	UnitMinutes    int    `json:"unitMinutes"`    // billing unit, e.g. 30
	MinimumUnits   int    `json:"minimumUnits"`   // at least this many units are paid
	PerStartedUnit bool   `json:"perStartedUnit"` // true: every started unit counts in full
	KmRate         Money  `json:"kmRate"`         // per km driven (on-site only)
	WaitingPaid    bool   `json:"waitingPaid"`    // waiting time not caused by the interpreter is paid
	CancelHours    int    `json:"cancelHours"`    // cancellations later than this before the start are "kurzfristig"
	CancelUnits    int    `json:"cancelUnits"`    // units paid as Ausfallpauschale
	Note           string `json:"note,omitempty"`
}

// TariffAssumption marks the default tariff: the county's real figures
// were not found (docs/DOMAIN.md §1.5).
const TariffAssumption = "Annahme, bitte mit dem Landkreis abstimmen"

// DefaultTariffs is used until the office enters its own: 15 €/h per
// started 30 minutes, at least 1 hour, 0,30 €/km, waiting time paid,
// cancellations less than 24 h ahead pay 1 hour.
func DefaultTariffs() []Tariff {
	return []Tariff{{
		ValidFrom: NewDate(2018, time.January, 1), Name: "Standard",
		RatePerHour: 1500, UnitMinutes: 30, MinimumUnits: 2, PerStartedUnit: true,
		KmRate: 30, WaitingPaid: true, CancelHours: 24, CancelUnits: 2,
		Note: TariffAssumption,
	}}
}

// TariffAt returns the tariff valid on day d: the one with the latest
// ValidFrom not after d. ok is false when none applies yet.
func TariffAt(tariffs []Tariff, d Date) (Tariff, bool) {
	var best Tariff
	found := false
	for _, t := range tariffs {
		if t.ValidFrom.After(d) {
			continue
		}
		if !found || t.ValidFrom.After(best.ValidFrom) {
			best, found = t, true
		}
	}
	return best, found
}

// SortTariffs orders tariffs by ValidFrom, oldest first.
func SortTariffs(ts []Tariff) {
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].ValidFrom.Before(ts[j].ValidFrom) })
}

// Validate checks the tariff's figures with German messages.
func (t Tariff) Validate() error {
	var v ValidationError
	t.validateValidFrom(&v)
	if t.RatePerHour < 0 || t.RatePerHour > 100000 {
		v.Add("ratePerHour", "Der Stundensatz liegt zwischen 0 und 1.000 €.")
	}
	if t.UnitMinutes < 1 || t.UnitMinutes > 240 {
		v.Add("unitMinutes", "Die Abrechnungseinheit liegt zwischen 1 und 240 Minuten.")
	}
	if t.MinimumUnits < 0 || t.MinimumUnits > 20 {
		v.Add("minimumUnits", "Die Mindesteinheiten liegen zwischen 0 und 20.")
	}
	if t.KmRate < 0 || t.KmRate > MaxKmRate {
		v.Add("kmRate", "Der Kilometersatz liegt zwischen 0 und "+MaxKmRate.String()+" je km.")
	}
	t.validateCancellation(&v)
	if p := textProblem(t.Name, 40); p != "" {
		v.Add("name", "Bezeichnung: "+p+".")
	}
	if p := textProblem(t.Note, 120); p != "" {
		v.Add("note", "Hinweis: "+p+".")
	}
	return v.Err()
}

// validateValidFrom wants the first day of the tariff, in 2000–2100.
func (t Tariff) validateValidFrom(v *ValidationError) {
	switch {
	case t.ValidFrom.IsZero():
		v.Add("validFrom", "Bitte angeben, ab wann der Tarif gilt.")
	case t.ValidFrom.Year < 2000 || t.ValidFrom.Year > 2100:
		v.Add("validFrom", "Das Jahr "+fmt.Sprint(t.ValidFrom.Year)+" ist wohl ein Tippfehler – bitte ein Datum zwischen 2000 und 2100 eingeben.")
	}
}

// validateCancellation checks the bounds of the cancellation rule: the
// notice in hours and the units paid for a late cancellation.
func (t Tariff) validateCancellation(v *ValidationError) {
	if t.CancelHours < 0 || t.CancelHours > 24*14 {
		v.Add("cancelHours", "Die Absagefrist liegt zwischen 0 und 336 Stunden.")
	}
	if t.CancelUnits < 0 || t.CancelUnits > 20 {
		v.Add("cancelUnits", "Die Ausfalleinheiten liegen zwischen 0 und 20.")
	}
}

// ValidateTariffs checks a whole tariff table: at least one tariff, each
// valid, and no two starting on the same day (TariffAt could not tell
// which applies).
func ValidateTariffs(ts []Tariff) error {
	var v ValidationError
	if len(ts) == 0 {
		v.Add("tariffs", "Bitte mindestens einen Tarif hinterlegen – es muss immer einer gelten.")
		return v.Err()
	}
	seen := map[Date]bool{}
	for _, t := range ts {
		if err := t.Validate(); err != nil {
			var tv ValidationError
			if errors.As(err, &tv) {
				for _, fe := range tv {
					v.Add(fe.Field, entryPrefix("Tarif ab ", t.ValidFrom)+fe.Msg)
				}
				continue
			}
			return err
		}
		if seen[t.ValidFrom] {
			v.Add("validFrom", "Ab dem "+t.ValidFrom.String()+" gilt schon ein Tarif – je Tag kann nur ein Tarif beginnen. Bitte ein anderes Datum wählen oder den bestehenden Tarif bearbeiten.")
		}
		seen[t.ValidFrom] = true
	}
	return v.Err()
}

// unitMinutes guards against a zero unit in hand-made tariffs.
func (t Tariff) unitMinutes() int {
	if t.UnitMinutes <= 0 {
		return 60
	}
	return t.UnitMinutes
}

// UnitPrice is the amount of one billing unit, rounded to the cent.
func (t Tariff) UnitPrice() Money { return t.RatePerHour.MulDiv(int64(t.unitMinutes()), 60) }

// unitsAmount is exact for n units: rate × n × unit / 60, rounded once.
func (t Tariff) unitsAmount(n int) Money {
	return t.RatePerHour.MulDiv(int64(n)*int64(t.unitMinutes()), 60)
}

// Units is the number of billing units for minutes of work, before the
// minimum: per started unit (rounded up) or per full unit (rounded down).
func (t Tariff) Units(minutes int) int {
	if minutes <= 0 {
		return 0
	}
	u := t.unitMinutes()
	if t.PerStartedUnit {
		return (minutes + u - 1) / u
	}
	return minutes / u
}

// CancelFee is the Ausfallpauschale for a short-notice cancellation.
func (t Tariff) CancelFee() Money { return t.unitsAmount(t.CancelUnits) }

// Summary is one German line describing the tariff for the team: valid
// from, the rules and the tariff's note.
func (t Tariff) Summary() string {
	s := "ab " + t.ValidFrom.String() + ": " + t.Rules()
	if t.Note != "" {
		s += " (" + t.Note + ")"
	}
	return s
}

// Rules says in plain German how the amount is computed, e.g. "15,00 € je
// Stunde, abgerechnet je angefangene 30 Minuten (7,50 €), mindestens 1
// Stunde, Wartezeit wird vergütet, 0,30 € je km, Absage weniger als 24
// Stunden vorher: 1 Stunde Ausfallpauschale". It is printed on the
// Einsatznachweis, so it has no internal note.
func (t Tariff) Rules() string {
	unit := "je volle"
	if t.PerStartedUnit {
		unit = "je angefangene"
	}
	parts := []string{fmt.Sprintf("%s je Stunde, abgerechnet %s %s (%s)", t.RatePerHour, unit,
		minutesText(t.unitMinutes()), t.UnitPrice())}
	if t.MinimumUnits > 0 {
		parts = append(parts, "mindestens "+minutesText(t.MinimumUnits*t.unitMinutes()))
	}
	if t.WaitingPaid {
		parts = append(parts, "Wartezeit wird vergütet")
	}
	if t.KmRate > 0 {
		parts = append(parts, t.KmRate.String()+" je km")
	}
	if t.CancelUnits > 0 {
		parts = append(parts, fmt.Sprintf("Absage weniger als %s vorher: %s Ausfallpauschale",
			hoursText(t.CancelHours), minutesText(t.CancelUnits*t.unitMinutes())))
	}
	return strings.Join(parts, ", ")
}

// minutesText is "30 Minuten", "1 Stunde", "2 Stunden" or "90 Minuten".
func minutesText(m int) string {
	switch {
	case m == 60:
		return "1 Stunde"
	case m > 0 && m%60 == 0:
		return fmt.Sprintf("%d Stunden", m/60)
	case m == 1:
		return "1 Minute"
	}
	return fmt.Sprintf("%d Minuten", m)
}

func hoursText(h int) string {
	if h == 1 {
		return "1 Stunde"
	}
	return fmt.Sprintf("%d Stunden", h)
}

// Compute returns the amount of the sheet under tariff t, in cents and
// exact, with one line per part for the printed Einsatznachweis: the billed
// time (actual duration plus paid waiting time, in units, at least the
// minimum) and the Fahrtkosten. The figures are the EinsatzParts of the
// sheet (nachweisParts), so the sheet and the claim never differ. The sheet
// form calls it before the Einsatz is known to be on site; RecordNachweis
// passes the Einsatz's own setting.
func Compute(n Einsatznachweis, t Tariff) (Money, []Line) {
	p := nachweisParts(&n, t, true)
	return Sum(p.Allowance, p.Travel), sheetLines(&n, t, p)
}

// sheetLines explains parts p of sheet n line by line.
func sheetLines(n *Einsatznachweis, t Tariff, p EinsatzParts) []Line {
	worked := n.workedMinutes()
	waiting := max(n.WaitingMinutes, 0)
	desc := []string{"Einsatzzeit " + FormatDuration(time.Duration(worked)*time.Minute)}
	if waiting > 0 {
		if t.WaitingPaid {
			desc = append(desc, "Wartezeit "+FormatDuration(time.Duration(waiting)*time.Minute))
		} else {
			desc = append(desc, "Wartezeit "+FormatDuration(time.Duration(waiting)*time.Minute)+" (nicht vergütet)")
		}
	}
	units := t.billedUnits(p.Minutes)
	if t.Units(p.Minutes) < t.MinimumUnits {
		desc = append(desc, fmt.Sprintf("Mindestabrechnung %d × %d min", units, t.unitMinutes()))
	}
	lines := []Line{{
		Text:   fmt.Sprintf("%s: %d × %d min à %s", strings.Join(desc, ", "), units, t.unitMinutes(), t.UnitPrice()),
		Amount: p.Allowance,
	}}
	if p.Travel > 0 {
		lines = append(lines, Line{
			Text:   fmt.Sprintf("Fahrtkosten: %s à %s", p.Km, p.KmRate),
			Amount: p.Travel,
		})
	}
	return lines
}

// RecordNachweis computes the amount of n with tariff t, keeps a copy of
// the tariff and stores the sheet on the Einsatz. Amount is the sheet's
// total (Aufwandsentschädigung and Fahrtkosten); the parts are Parts().
func (e *Einsatz) RecordNachweis(n Einsatznachweis, t Tariff) error {
	if err := n.Validate(); err != nil {
		return err
	}
	n.Tariff = t
	p := nachweisParts(&n, t, e.OnSite())
	n.Amount, n.Lines = Sum(p.Allowance, p.Travel), sheetLines(&n, t, p)
	e.Nachweis = &n
	return nil
}

// entryPrefix names a table entry in a message about the whole table
// ("Tarif ab 01.01.2027: "), or nothing when the entry has no date yet.
func entryPrefix(what string, d Date) string {
	if d.IsZero() {
		return ""
	}
	return what + d.String() + ": "
}
