package store

import (
	"fmt"
	"slices"

	"stabsstelle/model"
)

// KindReclaim is the kind of the Rückforderungen.
const KindReclaim = "reclaim"

// Index names of the Rückforderungen.
const (
	IdxReclaimStatus = "status" // key: status + "|" + person ID
	IdxReclaimClaim  = "claim"  // key: ID of the paid claim
)

// Reclaims holds the Rückforderungen (R-2026-001): money owed back after a
// Storno or Korrektur of a paid claim.
var Reclaims = &Collection[model.Reclaim, *model.Reclaim]{
	Kind:   KindReclaim,
	Label:  "Rückforderung",
	Prefix: "R",
	Digits: 3,
	Indexes: func(r *model.Reclaim) []Index {
		return []Index{
			{Name: IdxReclaimStatus, Key: []byte(string(r.Status) + "|" + r.PersonID)},
			{Name: IdxReclaimClaim, Key: []byte(r.ClaimID)},
		}
	},
}

func init() {
	RegisterKind(Reclaims)
	registerSearchable(Reclaims)
	// Found through the search index like every other kind (search_kinds.go).
	Reclaims.Search = func(r *model.Reclaim) SearchDoc {
		return SearchDoc{Name: r.PersonName, Numbers: []string{r.Number},
			Words: []string{"Rückforderung", r.Status.Label()}}
	}
	Reclaims.SearchHit = func(_ *hitNames, r *model.Reclaim) Hit {
		return Hit{Number: r.Number, Name: r.PersonName, ofPerson: true,
			Summary: fmt.Sprintf("%s · Rückforderung %s · %s · %s", r.Number, r.PersonName, r.Amount, r.StatusText())}
	}
}

// reclaimsByKey loads the records of index name whose keys start with
// prefix, in number order.
func reclaimsByKey(tx *Tx, name, prefix string) ([]*model.Reclaim, error) {
	var out []*model.Reclaim
	from, to := []byte(prefix), []byte(prefix+"\xff")
	err := Reclaims.Scan(tx, name, from, to, func(id string, _, _ []byte) error {
		r, err := Reclaims.Get(tx, id)
		if err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	slices.SortFunc(out, func(a, b *model.Reclaim) int { return compareNumbers(a.Number, b.Number) })
	return out, err
}

// OpenReclaims returns every open Rückforderung, oldest number first.
func OpenReclaims(tx *Tx) ([]*model.Reclaim, error) {
	return reclaimsByKey(tx, IdxReclaimStatus, string(model.ReclaimOffen)+"|")
}

// OpenReclaimsOf returns the open Rückforderungen of one person.
func OpenReclaimsOf(tx *Tx, personID string) ([]*model.Reclaim, error) {
	return reclaimsByKey(tx, IdxReclaimStatus, string(model.ReclaimOffen)+"|"+personID)
}

// ReclaimsOfClaim returns the Rückforderungen for money paid with claim id.
func ReclaimsOfClaim(tx *Tx, claimID string) ([]*model.Reclaim, error) {
	if claimID == "" {
		return nil, nil
	}
	return reclaimsByKey(tx, IdxReclaimClaim, claimID)
}

// ReclaimsOfCorrection returns the Rückforderung a Storno or Korrektur made.
func ReclaimsOfCorrection(tx *Tx, c *model.Claim) ([]*model.Reclaim, error) {
	all, err := ReclaimsOfClaim(tx, c.CorrectsID)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, r := range all {
		if r.CorrectionID == c.ID {
			out = append(out, r)
		}
	}
	return out, nil
}

// OpenReclaimLeft adds up what each person still owes (for the lists).
func OpenReclaimLeft(tx *Tx) (map[string]model.Money, error) {
	rs, err := OpenReclaims(tx)
	if err != nil {
		return nil, err
	}
	out := map[string]model.Money{}
	for _, r := range rs {
		out[r.PersonID] += r.Left()
	}
	return out, nil
}

// newReclaim makes the Rückforderung of a Storno/Korrektur corr of the
// paid claim orig: amount owed back, due in ReclaimDueDays, netted with the
// next payout to the person unless the team says otherwise.
func newReclaim(tx *Tx, orig, corr *model.Claim, amount model.Money) (*model.Reclaim, error) {
	r := &model.Reclaim{PersonID: orig.PersonID, PersonName: orig.PersonName,
		ClaimID: orig.ID, ClaimNumber: orig.Number, CorrectionID: corr.ID, CorrectionNumber: corr.Number,
		Amount: amount, Reason: corr.Kind.Label() + " " + corr.Number + ": " + corr.CorrectionReason,
		Due: model.Today(tx.Now()).AddDays(model.ReclaimDueDays), Net: true, Status: model.ReclaimOffen}
	if len([]rune(r.Reason)) > 200 {
		r.Reason = string([]rune(r.Reason)[:199]) + "…"
	}
	return r, Reclaims.Put(tx, r)
}

// loadReclaim gets a Rückforderung for a change by the user who saw
// version (0: any).
func loadReclaim(tx *Tx, id string, version uint64) (*model.Reclaim, error) {
	r, err := Reclaims.Get(tx, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && r.Version != version {
		return nil, &ErrConflict{Kind: KindReclaim, Number: r.Number, By: r.UpdatedBy, At: r.Updated}
	}
	return r, nil
}

// MarkReclaimPaidBack records that the person paid what is left back on
// day date (not in the future); the Rückforderung is then closed.
func MarkReclaimPaidBack(tx *Tx, id string, version uint64, date model.Date, note string) (*model.Reclaim, error) {
	if err := tx.act(model.PermReclaim); err != nil {
		return nil, err
	}
	defer tx.endAct()
	r, err := loadReclaim(tx, id, version)
	if err != nil {
		return nil, err
	}
	if err := r.PayBack(date, tx.Who(), tx.Now(), note); err != nil {
		return nil, err
	}
	return r, Reclaims.Put(tx, r)
}

// SetReclaimNetting says whether an open Rückforderung is netted with the
// next payout to the person (net) or waits for a payment back.
func SetReclaimNetting(tx *Tx, id string, version uint64, net bool) (*model.Reclaim, error) {
	if err := tx.act(model.PermReclaim); err != nil {
		return nil, err
	}
	defer tx.endAct()
	r, err := loadReclaim(tx, id, version)
	if err != nil {
		return nil, err
	}
	if !r.Open() {
		return nil, fmt.Errorf("Die Rückforderung %s ist schon %s.", r.Number, r.Status.Label())
	}
	if r.PayoutRunID != "" {
		return nil, fmt.Errorf("Die Rückforderung %s steckt in einem Zahllauf, der noch nicht bestätigt ist.", r.Number)
	}
	r.Net = net
	return r, Reclaims.Put(tx, r)
}
