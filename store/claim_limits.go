package store

import (
	"fmt"
	"slices"
	"strings"

	"stabsstelle/model"
)

// What a claim counts against: the yearly tax-free limits of its person
// and the Fördertöpfe, and the Jahresbescheinigung that sums them up.

// Limit is the yearly tax-free check of a claim's person.
type Limit struct {
	Year               int
	Kind               model.LimitKind
	Used, Limit, After model.Money
	Warn, Near         bool
}

// ClaimLimit computes the yearly limit check for c (not yet counted if
// still a draft) with the configured limits.
func ClaimLimit(tx *Tx, c *model.Claim) (Limit, error) {
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return Limit{}, err
	}
	p, err := People.Get(tx, c.PersonID)
	if err != nil {
		return Limit{}, fmt.Errorf("Die Person zum Antrag wurde nicht gefunden.")
	}
	year := c.Year()
	rows, err := ClaimRowsOfPerson(tx, c.PersonID, year)
	if err != nil {
		return Limit{}, err
	}
	claims := make([]*model.Claim, 0, len(rows))
	for _, r := range rows {
		// Rows carry the allowance sum, enough for the limit.
		cl := &model.Claim{PersonID: r.PersonID, PeriodFrom: r.PeriodFrom, PeriodTo: r.PeriodTo, Status: r.Status,
			Lines: []model.ClaimLine{{Kind: model.LinePauschale, Amount: r.Allowance}}}
		cl.ID = r.ID
		claims = append(claims, cl)
	}
	used, limit, after, warn := set.Limits.Check(p, year, claims, c)
	kind := model.LimitEhrenamt
	if p.Volunteer != nil {
		kind = p.Volunteer.LimitKind.Or()
	}
	return Limit{Year: year, Kind: kind, Used: used, Limit: limit, After: after, Warn: warn, Near: model.LimitNear(after, limit)}, nil
}

// PersonAllowances sums the counted allowances per person of a year, from
// the rows (for the Engagierte list).
func PersonAllowances(rows []ClaimRow, year int) map[string]model.Money {
	out := map[string]model.Money{}
	for _, r := range rows {
		if r.Year == year && r.Status.Counts() {
			out[r.PersonID] += r.Allowance
		}
	}
	return out
}

// FundUsages adds up committed and paid amounts per fund from the rows.
func FundUsages(funds []*model.Fund, rows []ClaimRow) map[string]model.FundUsage {
	out := make(map[string]model.FundUsage, len(funds))
	for _, f := range funds {
		out[f.ID] = model.FundUsage{Amount: f.Amount, Left: f.Amount}
	}
	for _, r := range rows {
		u, ok := out[r.FundID]
		if !ok {
			continue
		}
		u.Add(r.Status, r.Total)
		out[r.FundID] = u
	}
	return out
}

// ClaimFundProblems returns the Fördertopf warnings for c (kinds not paid,
// larger than what is left).
func ClaimFundProblems(tx *Tx, c *model.Claim) ([]string, error) {
	if c.FundID == "" {
		return nil, nil
	}
	f, err := Funds.Get(tx, c.FundID)
	if err != nil {
		return nil, nil
	}
	rows, err := LoadClaimRows(tx)
	if err != nil {
		return nil, err
	}
	u := model.FundUsage{Amount: f.Amount, Left: f.Amount}
	for _, r := range rows {
		if r.FundID == f.ID && r.ID != c.ID {
			u.Add(r.Status, r.Total)
		}
	}
	return model.FundProblems(f, u, c), nil
}

// AllFunds returns the funds by year and name.
func AllFunds(tx *Tx) ([]*model.Fund, error) {
	fs, err := Funds.All(tx)
	slices.SortFunc(fs, func(a, b *model.Fund) int {
		if a.Year != b.Year {
			return b.Year - a.Year
		}
		return strings.Compare(a.Name, b.Name)
	})
	return fs, err
}

// Volunteers returns every person with a volunteer profile, by name.
func Volunteers(tx *Tx) ([]*model.Person, error) {
	var out []*model.Person
	err := People.Each(tx, func(p *model.Person) error {
		if p.Volunteer != nil && !p.IsRestricted() { // Art. 18: not listed
			out = append(out, p)
		}
		return nil
	})
	slices.SortFunc(out, func(a, b *model.Person) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out, err
}

// PersonClaims loads a person's full claims of one year.
func PersonClaims(tx *Tx, personID string, year int) ([]*model.Claim, error) {
	rows, err := ClaimRowsOfPerson(tx, personID, year)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Claim, 0, len(rows))
	for _, r := range rows {
		c, err := Claims.Get(tx, r.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Jahresbescheinigung is the yearly statement text of a person.
func Jahresbescheinigung(tx *Tx, personID string, year int) (string, error) {
	p, err := People.Get(tx, personID)
	if err != nil {
		return "", err
	}
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return "", err
	}
	claims, err := PersonClaims(tx, personID, year)
	if err != nil {
		return "", err
	}
	return model.Jahresbescheinigung(p, year, claims, set.Limits, set.Account, tx.Now()), nil
}
