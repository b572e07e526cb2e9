package model

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Fund is a Fördertopf: a yearly budget with the kinds of cost it may pay
// and the Haushaltsstelle the Kreiskasse books it on (docs/DOMAIN.md §2.4).
type Fund struct {
	Meta
	Name            string     `json:"name"`
	Year            int        `json:"year"`
	Amount          Money      `json:"amount"`
	AllowedKinds    []LineKind `json:"allowedKinds,omitempty"` // empty = all kinds
	Haushaltsstelle string     `json:"haushaltsstelle,omitempty"`
	Notes           string     `json:"notes,omitempty"`
}

// Validate checks the fund.
func (f *Fund) Validate() error {
	var v ValidationError
	n := strings.TrimSpace(f.Name)
	switch {
	case n == "":
		v.Add("name", "Bitte einen Namen für den Fördertopf eingeben.")
	case utf8.RuneCountInString(n) > 80 || strings.ContainsAny(n, "\n\r\t;"):
		v.Add("name", "Der Name hat höchstens 80 Zeichen und keine Semikolons.")
	}
	v.Check(f.Year >= 2000 && f.Year <= 2199, "year", "Bitte das Haushaltsjahr eingeben, z. B. 2026.")
	v.Check(f.Amount > 0, "amount", "Bitte den Betrag des Fördertopfs eingeben (mehr als 0 €).")
	v.Check(f.Amount <= 100_000_000, "amount", "Der Betrag ist unplausibel hoch (höchstens 1.000.000 €).")
	for _, k := range f.AllowedKinds {
		if _, ok := ParseLineKind(string(k)); !ok {
			v.Add("allowedKinds", "Unbekannte Kostenart „"+string(k)+"“.")
		}
	}
	if utf8.RuneCountInString(f.Haushaltsstelle) > 35 || strings.ContainsAny(f.Haushaltsstelle, "\n\r;") {
		v.Add("haushaltsstelle", "Die Haushaltsstelle hat höchstens 35 Zeichen und keine Semikolons.")
	}
	return v.Err()
}

// Allows reports whether lines of kind k may be paid from the fund.
func (f *Fund) Allows(k LineKind) bool {
	return len(f.AllowedKinds) == 0 || slices.Contains(f.AllowedKinds, k)
}

// KindsLabel lists the allowed kinds in German ("alle Kostenarten").
func (f *Fund) KindsLabel() string {
	if len(f.AllowedKinds) == 0 {
		return "alle Kostenarten"
	}
	var s []string
	for _, k := range f.AllowedKinds {
		s = append(s, k.Label())
	}
	return strings.Join(s, ", ")
}

// FundUsage is how much of a fund is promised and paid.
type FundUsage struct {
	Amount    Money // the fund's budget
	Committed Money // eingereicht … angeordnet
	Paid      Money // ausgezahlt, net of verbucht Stornos/Korrekturen
	Left      Money // Amount − Committed − Paid
	Claims    int
}

// Usage adds up the claims booked on f.
func (f *Fund) Usage(claims []*Claim) FundUsage {
	u := FundUsage{Amount: f.Amount}
	for _, c := range claims {
		if c == nil || c.FundID != f.ID {
			continue
		}
		u.add(c.Status, c.Total())
	}
	u.Left = u.Amount - u.Committed - u.Paid
	return u
}

// add counts a claim: paid (ausgezahlt, and verbucht Stornos/Korrekturen
// with their negative amounts, so the sum is net) or committed; storniert
// and Entwurf not at all.
func (u *FundUsage) add(s ClaimStatus, total Money) {
	switch {
	case s.Settled():
		u.Paid += total
		u.Claims++
	case s.Committed():
		u.Committed += total
		u.Claims++
	}
}

// Add counts one claim (for callers that aggregate from index rows).
func (u *FundUsage) Add(s ClaimStatus, total Money) {
	u.add(s, total)
	u.Left = u.Amount - u.Committed - u.Paid
}

// FundProblems returns the German warnings for booking c on f with usage u
// (u must not contain c itself): lines of kinds the fund does not pay, a
// fund of another year, and a claim larger than what is left. They are
// warnings, not errors: the team decides.
func FundProblems(f *Fund, u FundUsage, c *Claim) []string {
	var out []string
	if f == nil || c == nil {
		return nil
	}
	for _, k := range LineKinds {
		if c.TotalOf(k) != 0 && !f.Allows(k) {
			out = append(out, fmt.Sprintf("Der Fördertopf „%s“ zahlt keine %s.", f.Name, k.Label()))
		}
	}
	if y := c.Year(); y != f.Year {
		out = append(out, fmt.Sprintf("Der Antrag gehört ins Jahr %d, der Fördertopf „%s“ ins Jahr %d.", y, f.Name, f.Year))
	}
	if t := c.Total(); t > 0 && t > u.Left {
		out = append(out, fmt.Sprintf("Der Antrag (%s) ist größer als der Rest im Fördertopf „%s“ (%s).", t, f.Name, u.Left))
	}
	return out
}

// Bar draws a text bar of width cells: █ paid, ▓ committed, ░ left. Cells
// are rounded down except that a non-zero part gets at least one cell.
func (u FundUsage) Bar(width int) string {
	if width <= 0 {
		return ""
	}
	if u.Amount <= 0 {
		return strings.Repeat("░", width)
	}
	cells := func(m Money) int {
		if m <= 0 {
			return 0
		}
		n := int(int64(m) * int64(width) / int64(u.Amount))
		if n == 0 {
			n = 1
		}
		return n
	}
	p := min(cells(u.Paid), width)
	c := min(cells(u.Committed), width-p)
	return strings.Repeat("█", p) + strings.Repeat("▓", c) + strings.Repeat("░", width-p-c)
}
