package store

import (
	"fmt"
	"slices"
	"strings"

	"stabsstelle/model"
)

// Payouts holds the payout runs (A-2026-001): which claims went to the
// Kreiskasse in which file, and whether the run was executed or cancelled.
var Payouts = &Collection[model.PayoutRun, *model.PayoutRun]{
	Kind:   KindPayout,
	Label:  "Zahllauf",
	Prefix: "A",
	Digits: 3,
	Indexes: func(r *model.PayoutRun) []Index {
		return []Index{{Name: "status", Key: []byte(r.Status)}}
	},
}

// The rules for what goes into a payout run live here, in one place; the
// TUI and `stabsstelle export sepa` both go through MakePayoutRun.
//
//   - A run takes "angeordnet" claims that are in no other run. A Storno
//     never goes into a run (it takes effect when it is angeordnet), nor
//     does a claim that was storniert – or one whose Storno an older
//     version left angeordnet without effect.
//   - A Korrektur of a claim not yet paid is paid together with that claim,
//     in the same transfer (claim + difference); a Korrektur of a paid claim
//     pays its difference on its own if it is over 0 € (a negative one has
//     become a Rückforderung when it was angeordnet).
//   - Open Rückforderungen marked for netting are netted against the
//     transfers to the same person, oldest due first. A transfer netted to
//     0 € is left out of the SEPA file (never a zero or negative transfer)
//     and stays on the Kreiskasse list; what the payout cannot cover stays
//     open.
//   - The list names every open Rückforderung in a section of its own.

// Payable is a claim a new payout run can take.
type Payable struct {
	ClaimRow
	// Gross is the claim's total with the Korrekturen paid together with it.
	Gross model.Money
	// Joined are those Korrekturen (angeordnet, of this unpaid claim).
	Joined []ClaimRow
}

// Payables lists the claims a new payout run can take, by number: see the
// rules above. Claims whose amount (with Korrekturen) is not over 0 € are
// in skipped: they cannot be transferred.
func Payables(tx *Tx) (pay []Payable, skipped []ClaimRow, err error) {
	rows, err := ClaimRowsByStatus(tx, model.ClaimAngeordnet)
	if err != nil {
		return nil, nil, err
	}
	ps := payableSort{joined: map[string][]ClaimRow{}, stornoed: map[string]bool{}}
	var normal []ClaimRow
	for _, r := range rows {
		if r.PayoutRunID != "" {
			continue
		}
		switch r.Kind {
		case model.ClaimNormal:
			normal = append(normal, r)
		case model.ClaimStorno:
			if c, err := Claims.Get(tx, r.ID); err == nil {
				ps.stornoed[c.CorrectsID] = true
			}
		case model.ClaimKorrektur:
			if err := ps.korrektur(tx, r); err != nil {
				return nil, nil, err
			}
		}
	}
	for _, r := range normal {
		ps.claim(r)
	}
	slices.SortFunc(ps.pay, func(a, b Payable) int { return compareNumbers(a.Number, b.Number) })
	return ps.pay, ps.skipped, nil
}

// payableSort sorts the angeordnet claims of Payables into those a run can
// take and those skipped. The Korrekturen and Stornos come first: a claim
// is payable only with what they say about it.
type payableSort struct {
	pay      []Payable
	skipped  []ClaimRow
	joined   map[string][]ClaimRow // unpaid claim ID → its Korrekturen
	stornoed map[string]bool       // claims with a Storno an older version left without effect
}

// korrektur sorts a Korrektur: joined to its unpaid claim, or paid on its
// own (its original settled) if it is over 0 €.
func (ps *payableSort) korrektur(tx *Tx, r ClaimRow) error {
	c, err := Claims.Get(tx, r.ID)
	if err != nil {
		return err
	}
	orig, err := Claims.Get(tx, c.CorrectsID)
	if err != nil {
		return nil // without its original a Korrektur is never paid
	}
	switch {
	case orig.Status == model.ClaimAngeordnet:
		ps.joined[orig.ID] = append(ps.joined[orig.ID], r)
	case orig.Status.Settled() && r.Total > 0:
		ps.pay = append(ps.pay, Payable{ClaimRow: r, Gross: r.Total})
	case orig.Status.Settled():
		ps.skipped = append(ps.skipped, r)
	}
	return nil
}

// claim sorts a normal claim with the Korrekturen paid together with it.
func (ps *payableSort) claim(r ClaimRow) {
	if ps.stornoed[r.ID] {
		ps.skipped = append(ps.skipped, r) // never pay a claim with a Storno
		return
	}
	p := Payable{ClaimRow: r, Gross: r.Total, Joined: ps.joined[r.ID]}
	for _, j := range p.Joined {
		p.Gross += j.Total
	}
	if p.Gross <= 0 {
		ps.skipped = append(ps.skipped, r)
		return
	}
	ps.pay = append(ps.pay, p)
}

// PayableRows are the claims a new run can take (Payables without the
// skipped ones).
func PayableRows(tx *Tx) ([]Payable, error) {
	pay, _, err := Payables(tx)
	return pay, err
}

// CreatePayoutRun puts the given payable claims into a new payout run
// with execution date exec (moved to the next banking day) and nets open
// Rückforderungen of the same people (the rules above). Claims stay
// "angeordnet" and Rückforderungen "offen"; both are reserved for the run
// until it is confirmed (ConfirmPayoutRun → ausgezahlt, verrechnet) or
// cancelled (CancelPayoutRun → free again). The run keeps a snapshot of
// names, IBANs and amounts as sent.
func CreatePayoutRun(tx *Tx, claimIDs []string, exec model.Date) (*model.PayoutRun, error) {
	if err := tx.act(model.PermPayout); err != nil {
		return nil, err
	}
	defer tx.endAct()
	if len(claimIDs) == 0 {
		return nil, fmt.Errorf("Es ist kein angeordneter Antrag ausgewählt – es gibt nichts auszuzahlen.")
	}
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return nil, err
	}
	if err := set.Account.Validate(); err != nil {
		return nil, fmt.Errorf("Das Konto des Landkreises in den Einstellungen ist unvollständig: %v", err)
	}
	if exec.IsZero() {
		exec = model.Today(tx.Now()).AddDays(1)
	}
	exec = model.NextBankingDay(exec)
	chosen, err := choosePayables(tx, claimIDs)
	if err != nil {
		return nil, err
	}
	run := &model.PayoutRun{ExecutionDate: exec, Status: model.PayoutErstellt}
	funds := map[string]*model.Fund{}
	var claims []*model.Claim // every claim reserved: chosen and joined
	for _, pa := range chosen {
		it, reserve, err := payoutItem(tx, pa, funds)
		if err != nil {
			return nil, err
		}
		run.Items = append(run.Items, it)
		claims = append(claims, reserve...)
	}
	netted, err := netReclaims(tx, run)
	if err != nil {
		return nil, err
	}
	if err := storePayoutRun(tx, run, claims, netted); err != nil {
		return nil, err
	}
	return run, nil
}

// choosePayables gives the payable claims of claimIDs, each once, in
// number order; a claim that is not payable is refused with the reason.
func choosePayables(tx *Tx, claimIDs []string) ([]Payable, error) {
	pays, _, err := Payables(tx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]Payable, len(pays))
	for _, p := range pays {
		byID[p.ID] = p
	}
	seen := map[string]bool{}
	var chosen []Payable
	for _, id := range claimIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		p, ok := byID[id]
		if !ok {
			return nil, notPayable(tx, id)
		}
		chosen = append(chosen, p)
	}
	slices.SortFunc(chosen, func(a, b Payable) int { return compareNumbers(a.Number, b.Number) })
	return chosen, nil
}

// payoutItem is the run's transfer for one payable claim: the snapshot of
// the person's name and IBAN, the claim with its joined Korrekturen, and
// its fund (funds caches the funds read so far). It reserves the claim
// and the Korrekturen for the run and returns them; the caller stores
// them.
func payoutItem(tx *Tx, pa Payable, funds map[string]*model.Fund) (model.PayoutItem, []*model.Claim, error) {
	c, err := Claims.Get(tx, pa.ID)
	if err != nil {
		return model.PayoutItem{}, nil, err
	}
	p, err := People.Get(tx, c.PersonID)
	if err != nil {
		p = nil
	}
	if msg := model.PayoutProblem(p); msg != "" {
		return model.PayoutItem{}, nil, fmt.Errorf("%s: %s", c.Number, msg)
	}
	it := model.PayoutItem{ClaimID: c.ID, Number: c.Number, PersonID: p.ID, Name: p.Volunteer.Holder(p.Name),
		IBAN: p.Volunteer.IBAN, BIC: p.Volunteer.BIC, Gross: pa.Gross, Amount: pa.Gross, Remittance: c.Remittance()}
	reserve := []*model.Claim{c}
	for _, j := range pa.Joined {
		jc, err := Claims.Get(tx, j.ID)
		if err != nil {
			return model.PayoutItem{}, nil, err
		}
		reserve = append(reserve, jc)
		it.JoinedIDs = append(it.JoinedIDs, jc.ID)
		it.JoinedNumbers = append(it.JoinedNumbers, jc.Number)
	}
	if len(it.JoinedNumbers) > 0 {
		it.Remittance += " mit Korrektur " + strings.Join(it.JoinedNumbers, ", ")
	}
	for _, rc := range reserve {
		if err := rc.Apply(model.ActReserve, tx.Who(), tx.Now(), "", nil); err != nil {
			return model.PayoutItem{}, nil, err
		}
	}
	if c.FundID != "" {
		f, ok := funds[c.FundID]
		if !ok {
			f, _ = Funds.Get(tx, c.FundID)
			funds[c.FundID] = f
		}
		if f != nil {
			it.FundName, it.Haushaltsstelle = f.Name, f.Haushaltsstelle
		}
	}
	return it, reserve, nil
}

// storePayoutRun writes the new run (twice: its message ID needs the
// number the first write gives), then the claims and Rückforderungen it
// reserved, each pointing to it.
func storePayoutRun(tx *Tx, run *model.PayoutRun, claims []*model.Claim, netted []*model.Reclaim) error {
	if err := Payouts.Put(tx, run); err != nil {
		return err
	}
	run.MsgID = model.MsgIDFor(run.Number, tx.Now())
	if err := Payouts.Put(tx, run); err != nil {
		return err
	}
	for _, c := range claims {
		c.PayoutRunID = run.ID
		if err := Claims.Put(tx, c); err != nil {
			return err
		}
	}
	for _, r := range netted {
		r.PayoutRunID = run.ID
		if err := Reclaims.Put(tx, r); err != nil {
			return err
		}
	}
	return nil
}

// notPayable says why claim id cannot go into a payout run.
func notPayable(tx *Tx, id string) error {
	c, err := Claims.Get(tx, id)
	if err != nil {
		return err
	}
	switch {
	case c.Status != model.ClaimAngeordnet:
		return fmt.Errorf("%s ist %s – in einen Zahllauf kommen nur angeordnete Anträge.", c.Number, c.Status.Label())
	case c.PayoutRunID != "":
		return fmt.Errorf("%s steckt schon in einem anderen Zahllauf.", c.Number)
	case c.Kind == model.ClaimStorno:
		return fmt.Errorf("%s ist ein Storno und wird nie überwiesen.", c.Number)
	case c.Kind == model.ClaimKorrektur:
		return fmt.Errorf("Die Korrektur %s wird mit dem Antrag %s ausgezahlt, nicht allein.", c.Number, c.CorrectsNumber)
	}
	return fmt.Errorf("%s hat einen Betrag von %s und kann nicht überwiesen werden – bitte aus dem Zahllauf nehmen.", c.Number, c.Total())
}

// netReclaims nets the open Rückforderungen marked for netting against the
// run's transfers to the same person (oldest due first, then by number;
// the person's claims in number order) and records every open
// Rückforderung on the run for the list. It returns those netted, with
// Pending set; the caller stores them.
func netReclaims(tx *Tx, run *model.PayoutRun) ([]*model.Reclaim, error) {
	open, err := OpenReclaims(tx)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(open, func(a, b *model.Reclaim) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return compareNumbers(a.Number, b.Number)
	})
	var netted []*model.Reclaim
	for _, r := range open {
		snap := model.PayoutReclaim{ReclaimID: r.ID, Number: r.Number, PersonID: r.PersonID, Name: r.PersonName,
			ClaimNumber: r.ClaimNumber, Reason: r.Reason, Amount: r.Amount, Left: r.Left() - r.Pending, Due: r.Due}
		if r.Net && r.PayoutRunID == "" {
			for i := range run.Items {
				it := &run.Items[i]
				if it.PersonID != r.PersonID || it.Amount <= 0 || snap.Left <= 0 {
					continue
				}
				n := min(it.Amount, snap.Left)
				it.Amount -= n
				it.Netted += n
				it.Reclaims = append(it.Reclaims, r.Number)
				snap.Netted += n
				snap.Left -= n
			}
		}
		if snap.Netted > 0 {
			r.Pending = snap.Netted
			netted = append(netted, r)
		}
		run.Reclaims = append(run.Reclaims, snap)
	}
	for i := range run.Items {
		it := &run.Items[i]
		if it.Netted > 0 {
			it.Remittance += fmt.Sprintf(", verrechnet mit Rückforderung %s: %s", strings.Join(it.Reclaims, ", "), it.Netted.Plain())
		}
	}
	return netted, nil
}
