package model

import "sort"

// Certificate is the content of a Jahresbescheinigung: the allowances
// (Aufwandsentschädigungen) paid to a person in a year, claim by claim,
// against the tax-free yearly amount. The text and the PDF form both print
// it, so they cannot disagree.
type Certificate struct {
	Person *Person
	Year   int
	Kind   LimitKind
	Limit  Money
	Rows   []CertificateRow
	Total  Money
}

// CertificateRow is one claim on the certificate.
type CertificateRow struct {
	Number string
	Paid   Date // payment day, or the day a Storno/Korrektur was verbucht
	Amount Money
	// Reclaimed: a verbucht Storno or Korrektur – its negative amount is
	// owed back through a Rückforderung.
	Reclaimed bool
}

// What says how the row's money moved: "ausgezahlt" or "zurückgef."
// (zurückgefordert).
func (r CertificateRow) What() string {
	if r.Reclaimed {
		return "zurückgef."
	}
	return "ausgezahlt"
}

// NewCertificate collects the allowances of p in year, net: paid claims,
// and verbucht Storno or Korrektur claims, which reduce them.
func NewCertificate(p *Person, year int, claims []*Claim, limits Limits) Certificate {
	kind := LimitEhrenamt
	if p.Volunteer != nil {
		kind = p.Volunteer.LimitKind.Or()
	}
	c := Certificate{Person: p, Year: year, Kind: kind, Limit: limits.For(kind, year)}
	var rows []*Claim
	for _, cl := range claims {
		// A Storno an older version left "angeordnet" reduced the
		// certificate then; it still does, so old statements stay the same.
		settled := cl.Status.Settled() || cl.Kind == ClaimStorno && cl.Status == ClaimAngeordnet
		if cl.PersonID == p.ID && cl.Year() == year && settled && cl.AllowanceTotal() != 0 {
			rows = append(rows, cl)
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Number < rows[j].Number })
	for _, cl := range rows {
		r := CertificateRow{Number: cl.Number, Amount: cl.AllowanceTotal(), Reclaimed: cl.Status == ClaimVerbucht}
		if cl.Paid != nil {
			r.Paid = DateOf(cl.Paid.At)
		}
		c.Rows = append(c.Rows, r)
		c.Total += r.Amount
	}
	return c
}

// OverLimit is by how much the total exceeds the tax-free amount (0 if not).
func (c Certificate) OverLimit() Money {
	if c.Limit > 0 && c.Total > c.Limit {
		return c.Total - c.Limit
	}
	return 0
}
