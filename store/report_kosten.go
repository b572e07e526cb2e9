package store

import (
	"fmt"
	"slices"
	"strings"

	"stabsstelle/model"
)

// KostenFacts are the Kostenerstattungen side of a report.
type KostenFacts struct {
	Payments  []model.PaymentFact    // bookings in the period, by date
	Reclaims  []model.ReclaimFact    // every Rückforderung, by number
	Committed map[string]model.Money // per fund: handed in, not yet paid
	Funds     []*model.Fund
	Limits    []model.LimitFact // people with allowances in the period's last year
}

// KostenPayments is the one place that says what a Fördertopf paid: the
// bookings of model.PaymentFact dated in period p – every claim the
// Kreiskasse paid (its Antragssumme, on the execution day of its payout
// run) and every part of a Rückforderung that came back (netted in a run,
// or paid back), negative, on the Topf of the claim that paid too much –
// so that the sum of a Topf's bookings is its net spending. The monitoring,
// the burn-down and the Verwendungsnachweis all read it.
func KostenPayments(tx *Tx, p model.ReportPeriod) (KostenFacts, error) {
	rows, err := loadClaimRows(tx, false)
	if err != nil {
		return KostenFacts{}, err
	}
	k, err := kostenFacts(tx, rows, p.Contains, func(r *ClaimRow) bool { return r.Year >= p.From.Year && r.Year <= p.To.Year })
	if err != nil {
		return k, err
	}
	k.Limits, err = limitFacts(tx, rows, p.To.Year)
	return k, err
}

// kostenFacts collects from the claims' rows the bookings dated on days
// in, the committed sums of the claims committed names, the
// Rückforderungen and the funds.
func kostenFacts(tx *Tx, rows []ClaimRow, in func(model.Date) bool, committed func(*ClaimRow) bool) (KostenFacts, error) {
	k := KostenFacts{Committed: map[string]model.Money{}}
	funds, err := AllFunds(tx)
	if err != nil {
		return k, err
	}
	k.Funds = funds
	days, err := executionDays(tx)
	if err != nil {
		return k, err
	}
	claims := make(map[string]*ClaimRow, len(rows))
	for i := range rows {
		r := &rows[i]
		claims[r.ID] = r
		switch {
		case r.Status == model.ClaimAusgezahlt:
		case r.Status.Committed() && r.Total > 0:
			if committed(r) {
				k.Committed[r.FundID] += r.Total
			}
			continue
		default:
			continue // Entwurf, storniert, verbucht: no money of their own
		}
		pay, err := paymentOf(tx, r, days)
		if err != nil {
			return k, err
		}
		if !pay.Date.IsZero() && in(pay.Date) {
			k.Payments = append(k.Payments, pay)
		}
	}
	if err := addReclaims(tx, &k, claims, in); err != nil {
		return k, err
	}
	slices.SortFunc(k.Reclaims, func(a, b model.ReclaimFact) int { return compareNumbers(a.Number, b.Number) })
	slices.SortFunc(k.Payments, func(a, b model.PaymentFact) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return compareNumbers(a.Number, b.Number)
	})
	return k, nil
}

// addReclaims adds every Rückforderung to k, and as payments its
// settlements on a day in the period; claims are the claims by ID.
func addReclaims(tx *Tx, k *KostenFacts, claims map[string]*ClaimRow, in func(model.Date) bool) error {
	return Reclaims.Each(tx, func(r *model.Reclaim) error {
		var orig ClaimRow // the claim that paid too much: its Topf and project
		if c := claims[r.ClaimID]; c != nil {
			orig = *c
		}
		k.Reclaims = append(k.Reclaims, reclaimFact(r, orig.FundID))
		for _, s := range r.Settlements {
			if s.Amount <= 0 || !in(s.Date) {
				continue
			}
			k.Payments = append(k.Payments, settlementPayment(r, s, orig))
		}
		return nil
	})
}

// executionDays maps every executed payout run to its execution day: the
// day its claims were paid.
func executionDays(tx *Tx) (map[string]model.Date, error) {
	days := map[string]model.Date{}
	recs := tx.btx.Bucket(Payouts.recBucket())
	if recs == nil {
		return days, nil
	}
	err := Payouts.Scan(tx, "status", []byte(model.PayoutAusgefuehrt), []byte(string(model.PayoutAusgefuehrt)+"\xff"), func(id string, _, _ []byte) error {
		// Only the day: a run of the large demo lists hundreds of claims.
		var run struct {
			ExecutionDate model.Date `json:"executionDate"`
		}
		raw, err := tx.get(recs, Payouts.recBucket(), []byte(id))
		if err != nil {
			return err
		}
		if err := decodeLean(raw, &run); err != nil {
			return fmt.Errorf("Ein Datensatz (%s) ist nicht lesbar: %w. Bitte „stabsstelle check“ ausführen.", Payouts.Label, err)
		}
		days[id] = run.ExecutionDate
		return nil
	})
	return days, err
}

// paymentOf is the Auszahlung of the paid claim r: its Antragssumme on the
// execution day of its payout run. A claim paid without a run (recorded
// by an older version) counts on the day it was marked paid.
func paymentOf(tx *Tx, r *ClaimRow, days map[string]model.Date) (model.PaymentFact, error) {
	pay := model.PaymentFact{ClaimID: r.ID, Number: r.Number, PersonID: r.PersonID, Payee: r.PersonName,
		FundID: r.FundID, Project: r.Project, Amount: r.Total, Kind: model.PaymentAuszahlung}
	if d, ok := days[r.PayoutRunID]; ok && r.PayoutRunID != "" && r.Kind == model.ClaimNormal {
		pay.Date = d
		return pay, nil
	}
	// A Korrektur (paid with its claim or alone) or a claim without a run:
	// the record says which claim it corrects and when it was paid.
	c, err := Claims.Get(tx, r.ID)
	if err != nil {
		return pay, err
	}
	pay.Corrects = c.CorrectsNumber
	if d, ok := days[c.PayoutRunID]; ok && c.PayoutRunID != "" {
		pay.Date = d
	} else if c.Paid != nil {
		pay.Date = model.DateOf(c.Paid.At)
	}
	return pay, nil
}

// reclaimFact is the report's view of Rückforderung r; fundID is the Topf
// of the claim that paid too much.
func reclaimFact(r *model.Reclaim, fundID string) model.ReclaimFact {
	f := model.ReclaimFact{Number: r.Number, Date: model.DateOf(r.Created), PersonID: r.PersonID, Payee: r.PersonName,
		FundID: fundID, ClaimNumber: r.ClaimNumber, CorrectionNumber: r.CorrectionNumber, Reason: r.Reason,
		Amount: r.Amount, Left: r.Left(), Status: r.Status, Due: r.Due}
	for _, s := range r.Settlements {
		switch s.Kind {
		case model.ReclaimVerrechnet:
			f.Netted += s.Amount
		case model.ReclaimZurueckgezahlt:
			f.PaidBack += s.Amount
		}
		f.Back = append(f.Back, model.DatedMoney{Date: s.Date, Amount: s.Amount})
	}
	return f
}

// settlementPayment is the booking of money that came back on a
// Rückforderung: negative, on the Topf and project of orig, the claim that
// paid too much.
func settlementPayment(r *model.Reclaim, s model.ReclaimSettlement, orig ClaimRow) model.PaymentFact {
	purpose := "Rückforderung zu " + r.ClaimNumber + " (" + r.CorrectionNumber + ")"
	if s.Kind == model.ReclaimVerrechnet {
		purpose += ", verrechnet im Zahllauf " + s.RunNumber
	} else {
		purpose += ", zurückgezahlt"
	}
	return model.PaymentFact{ClaimID: r.ClaimID, ReclaimID: r.ID, Number: r.Number, Date: s.Date, PersonID: r.PersonID, Payee: r.PersonName,
		FundID: orig.FundID, Project: orig.Project, Purpose: purpose, Amount: -s.Amount, Kind: model.PaymentRueckforderung,
		Corrects: r.ClaimNumber, Settlement: s.Kind}
}

// limitFacts lists the people with counted allowances in year and their
// tax-free limit.
func limitFacts(tx *Tx, rows []ClaimRow, year int) ([]model.LimitFact, error) {
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return nil, err
	}
	used := PersonAllowances(rows, year)
	names := map[string]string{}
	for _, r := range rows {
		names[r.PersonID] = r.PersonName
	}
	floor := set.Limits.For(model.LimitEhrenamt, year)
	var out []model.LimitFact
	for id, u := range used {
		if !model.LimitNear(u, floor) {
			continue // below 90 % of the Ehrenamtspauschale, the smaller limit
		}
		kind := model.LimitEhrenamt
		if p, err := People.Get(tx, id); err == nil && p.Volunteer != nil {
			kind = p.Volunteer.LimitKind.Or()
		}
		out = append(out, model.LimitFact{PersonID: id, Name: names[id], Used: u, Limit: set.Limits.For(kind, year)})
	}
	return out, nil
}

// FundByName finds the Fördertopf of year named name: the exact name
// ("Sprachmittlung 2026"), else the only fund of that year whose name
// starts with it ("Sprachmittlung"). The error says which names exist.
func FundByName(tx *Tx, name string, year int) (*model.Fund, error) {
	funds, err := AllFunds(tx)
	if err != nil {
		return nil, err
	}
	want := strings.ToLower(strings.TrimSpace(name))
	var prefix []*model.Fund
	var names []string
	for _, f := range funds {
		if f.Year != year {
			continue
		}
		names = append(names, "„"+f.Name+"“")
		n := strings.ToLower(f.Name)
		if n == want {
			return f, nil
		}
		if strings.HasPrefix(n, want) {
			prefix = append(prefix, f)
		}
	}
	switch {
	case len(prefix) == 1:
		return prefix[0], nil
	case len(names) == 0:
		return nil, fmt.Errorf("Für %d gibt es keinen Fördertopf. Bitte das Jahr prüfen.", year)
	case len(prefix) > 1:
		return nil, fmt.Errorf("„%s“ passt auf mehrere Fördertöpfe %d: %s. Bitte den vollen Namen angeben.", name, year, strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("Einen Fördertopf „%s“ gibt es %d nicht. Vorhanden: %s.", name, year, strings.Join(names, ", "))
}

// Verwendungsnachweis collects every booking on fund f, whatever its day
// (see model.Verwendungsnachweis), with the purpose of each claim, and the
// Rückforderungen of the fund's claims.
func Verwendungsnachweis(tx *Tx, f *model.Fund) (*model.Verwendungsnachweis, error) {
	rows, err := LoadClaimRows(tx)
	if err != nil {
		return nil, err
	}
	k, err := kostenFacts(tx, rows, func(model.Date) bool { return true }, func(*ClaimRow) bool { return false })
	if err != nil {
		return nil, err
	}
	vn := model.NewVerwendungsnachweis(f, k.Payments, k.Reclaims)
	for i := range vn.Payments {
		p := &vn.Payments[i]
		if p.Kind != model.PaymentAuszahlung {
			continue
		}
		c, err := Claims.Get(tx, p.ClaimID)
		if err != nil {
			return nil, err
		}
		if p.Purpose = c.Purpose; p.Purpose == "" {
			p.Purpose = c.Remittance()
		}
		if c.CorrectsNumber != "" {
			p.Purpose = c.Kind.Label() + " zu " + c.CorrectsNumber + ": " + p.Purpose
		}
	}
	return vn, nil
}

// CertificateOf is the Jahresbescheinigung content of one person.
func CertificateOf(tx *Tx, personID string, year int) (model.Certificate, error) {
	p, err := People.Get(tx, personID)
	if err != nil {
		return model.Certificate{}, err
	}
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return model.Certificate{}, err
	}
	claims, err := PersonClaims(tx, personID, year)
	if err != nil {
		return model.Certificate{}, err
	}
	return model.NewCertificate(p, year, claims, set.Limits), nil
}

// Certificates are the Jahresbescheinigungen of everybody who received
// allowances in year, by name.
func Certificates(tx *Tx, year int) ([]model.Certificate, error) {
	rows, err := LoadClaimRows(tx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []model.Certificate
	for _, r := range rows {
		if r.Year != year || r.Allowance == 0 || seen[r.PersonID] {
			continue
		}
		// the claims model.NewCertificate lists
		if !r.Status.Settled() && !(r.Kind == model.ClaimStorno && r.Status == model.ClaimAngeordnet) {
			continue
		}
		seen[r.PersonID] = true
		c, err := CertificateOf(tx, r.PersonID, year)
		if err != nil {
			return nil, err
		}
		if len(c.Rows) > 0 {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b model.Certificate) int {
		return strings.Compare(strings.ToLower(a.Person.Name), strings.ToLower(b.Person.Name))
	})
	return out, nil
}
