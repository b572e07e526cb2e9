package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// Kinds of the Kostenerstattungen area.
const (
	KindClaim  = "claim"
	KindFund   = "fund"
	KindPayout = "payout"
)

// Index names of the claims.
const (
	IdxClaimStatus  = "status"  // key: status; value: ClaimRow
	IdxClaimPerson  = "person"  // key: person ID + "|" + year; value: status (the row is in IdxClaimStatus)
	IdxClaimEinsatz = "einsatz" // key: Einsatz ID; value: claim number
)

// Claims holds the volunteers' claims (K-2026-0017).
var Claims = &Collection[model.Claim, *model.Claim]{
	Kind:    KindClaim,
	Label:   "Antrag",
	Prefix:  "K",
	Digits:  4,
	Indexes: claimIndexes,
}

// Funds holds the Fördertöpfe.
var Funds = &Collection[model.Fund, *model.Fund]{
	Kind:  KindFund,
	Label: "Fördertopf",
	Indexes: func(f *model.Fund) []Index {
		return []Index{{Name: "year", Key: []byte(fmt.Sprintf("%04d|%s", f.Year, strings.ToLower(f.Name)))}}
	},
}

// ClaimRow is the compact copy of a claim kept in its indexes, so lists,
// budgets and limits never decode whole claims.
type ClaimRow struct {
	ID          string
	Number      string
	Status      model.ClaimStatus
	Kind        model.ClaimKind
	PersonID    string
	PersonName  string
	FundID      string
	Project     string
	Total       model.Money
	Allowance   model.Money
	Year        int
	PeriodFrom  model.Date
	PeriodTo    model.Date
	PayoutRunID string
	Lines       int
}

// RowOfClaim makes the compact row.
func RowOfClaim(c *model.Claim) ClaimRow {
	return ClaimRow{ID: c.ID, Number: c.Number, Status: c.Status, Kind: c.Kind, PersonID: c.PersonID,
		PersonName: c.PersonName, FundID: c.FundID, Project: c.Project, Total: c.Total(),
		Allowance: c.AllowanceTotal(), Year: c.Year(), PeriodFrom: c.PeriodFrom, PeriodTo: c.PeriodTo,
		PayoutRunID: c.PayoutRunID, Lines: len(c.Lines)}
}

const claimRowSep = "\x1f"

func encodeClaimRow(r ClaimRow) []byte {
	return []byte(strings.Join([]string{r.Number, string(r.Status), string(r.Kind), r.PersonID, r.PersonName,
		r.FundID, r.Project, strconv.FormatInt(int64(r.Total), 10), strconv.FormatInt(int64(r.Allowance), 10),
		strconv.Itoa(r.Year), r.PeriodFrom.ISO(), r.PeriodTo.ISO(), r.PayoutRunID, strconv.Itoa(r.Lines)}, claimRowSep))
}

func decodeClaimRow(id string, val []byte) (ClaimRow, bool) {
	f := strings.Split(string(val), claimRowSep)
	if len(f) != 14 {
		return ClaimRow{}, false
	}
	total, _ := strconv.ParseInt(f[7], 10, 64)
	allow, _ := strconv.ParseInt(f[8], 10, 64)
	year, _ := strconv.Atoi(f[9])
	from, _ := model.ParseISODate(f[10])
	to, _ := model.ParseISODate(f[11])
	lines, _ := strconv.Atoi(f[13])
	return ClaimRow{ID: id, Number: f[0], Status: model.ClaimStatus(f[1]), Kind: model.ClaimKind(f[2]),
		PersonID: f[3], PersonName: f[4], FundID: f[5], Project: f[6], Total: model.Money(total),
		Allowance: model.Money(allow), Year: year, PeriodFrom: from, PeriodTo: to, PayoutRunID: f[12], Lines: lines}, true
}

func personYearKey(personID string, year int) string { return fmt.Sprintf("%s|%04d", personID, year) }

func claimIndexes(c *model.Claim) []Index {
	row := encodeClaimRow(RowOfClaim(c))
	out := []Index{
		{Name: IdxClaimStatus, Key: []byte(c.Status), Value: row},
		// The person index names the status only: the row is read from
		// the status index under status "\x00" ID (ClaimRowsOfPerson).
		// Two copies of every row were a tenth of the file's claims.
		{Name: IdxClaimPerson, Key: []byte(personYearKey(c.PersonID, c.Year())), Value: []byte(c.Status)},
	}
	// A storniert claim, or a paid one a Storno took back in full, pays no
	// Einsatz any more: they can be claimed again.
	if c.Status != model.ClaimStorniert && c.ReversedBy == "" {
		for _, e := range c.EinsatzIDs() {
			out = append(out, Index{Name: IdxClaimEinsatz, Key: []byte(e), Value: []byte(c.Number)})
		}
	}
	return out
}

func prefixRange(p string) (from, to []byte) {
	return []byte(p + "\x00"), []byte(p + "\x01")
}

// LoadClaimRows returns every claim's row in number order. The status
// index holds every claim once, so it doubles as the list.
func LoadClaimRows(tx *Tx) ([]ClaimRow, error) { return loadClaimRows(tx, true) }

// loadClaimRows is LoadClaimRows; drop gives the pages back as the scan
// goes, like EachEinsatzRow (the lists at start). The reports read the
// index (≈ 7 MB of the large demo) without: dropping every page of the
// file every 10 ms while they read cost them 60 ms of faulting in again
// what they had just read; readsMuch drops it all a second after.
func loadClaimRows(tx *Tx, drop bool) ([]ClaimRow, error) {
	tx.readsMuch()
	var out []ClaimRow
	var err error
	scan := dropWhile
	if !drop {
		scan = func(_ *bolt.Tx, fn func()) { fn() }
	}
	scan(tx.btx, func() {
		// Counted over the index's keys first (not Count: it walks every
		// record page): growing the slice of rows as it filled was a
		// quarter of reading them.
		if b := tx.btx.Bucket(Claims.idxBucket(IdxClaimStatus)); b != nil {
			n, c := 0, b.Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				n++
			}
			out = make([]ClaimRow, 0, n)
		}
		err = Claims.Scan(tx, IdxClaimStatus, nil, nil, func(id string, _, val []byte) error {
			if r, ok := decodeClaimRow(id, val); ok {
				out = append(out, r)
			}
			return nil
		})
	})
	return sortClaimRows(out), err
}

// sortClaimRows puts rows in number order. It sorts their positions and
// copies each row once: moving the rows themselves (200 bytes each) while
// sorting was a tenth of the first open of Berichte.
func sortClaimRows(rows []ClaimRow) []ClaimRow {
	at := make([]int32, len(rows))
	for i := range at {
		at[i] = int32(i)
	}
	slices.SortFunc(at, func(a, b int32) int { return compareNumbers(rows[a].Number, rows[b].Number) })
	out := make([]ClaimRow, len(rows))
	for i, j := range at {
		out[i] = rows[j]
	}
	return out
}

// compareNumbers orders K-2026-0017 by year, then counter (the counter may
// outgrow its digits).
func compareNumbers(a, b string) int {
	if len(a) != len(b) && len(a) > 7 && len(b) > 7 && a[:7] == b[:7] {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// ClaimRowsByStatus returns the rows of one status.
func ClaimRowsByStatus(tx *Tx, s model.ClaimStatus) ([]ClaimRow, error) {
	var out []ClaimRow
	from, to := prefixRange(string(s))
	err := Claims.Scan(tx, IdxClaimStatus, from, to, func(id string, _, val []byte) error {
		if r, ok := decodeClaimRow(id, val); ok {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// ClaimRowsOfPerson returns a person's claims of one year: the person
// index names each claim and its status, the status index holds the row.
// (Files before schema 10, read as they are, carry the row here too.)
func ClaimRowsOfPerson(tx *Tx, personID string, year int) ([]ClaimRow, error) {
	var out []ClaimRow
	from, to := prefixRange(personYearKey(personID, year))
	statusName := Claims.idxBucket(IdxClaimStatus)
	status := tx.btx.Bucket(statusName)
	err := Claims.Scan(tx, IdxClaimPerson, from, to, func(id string, _, val []byte) error {
		if r, ok := decodeClaimRow(id, val); ok {
			out = append(out, r)
			return nil
		}
		row, err := tx.get(status, statusName, indexKey(val, id))
		if err != nil {
			return err
		}
		if r, ok := decodeClaimRow(id, row); ok {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// ClaimPaying returns the number and ID of the claim that pays Einsatz
// einsatzID ("" if none).
func ClaimPaying(tx *Tx, einsatzID string) (number, id string, err error) {
	from, to := prefixRange(einsatzID)
	err = Claims.Scan(tx, IdxClaimEinsatz, from, to, func(cid string, _, val []byte) error {
		number, id = string(val), cid
		return errStopScan
	})
	if err == errStopScan {
		err = nil
	}
	return number, id, err
}

var errStopScan = fmt.Errorf("stop")

// ErrPaidTwice: an Einsatz is already paid by another claim.
type ErrPaidTwice struct{ Einsatz, Claim string }

func (e *ErrPaidTwice) Error() string {
	return fmt.Sprintf("Der Einsatz %s wird schon mit dem Antrag %s abgerechnet – ein Einsatz kann nur einmal bezahlt werden.", e.Einsatz, e.Claim)
}
