package store

import (
	"bytes"
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

func decodeClaimRow(id string, val []byte) (ClaimRow, bool) { return decodeClaimRowIn(id, val, nil) }

// decodeClaimRowIn is decodeClaimRow sharing the texts many claims have in
// common (person, fund, project, status, payout run) through in, when not
// nil: the claims list holds 20 000 rows for the whole session, and a row
// whose fields all pointed into one string of its value kept all of it
// (4 MB of the memory budget, BENCHMARKS.md). ID and number are the
// row's own, in one string.
func decodeClaimRowIn(id string, val []byte, in texts) (ClaimRow, bool) {
	var f [14][]byte
	n := 0
	for rest := val; ; n++ {
		i := bytes.IndexByte(rest, claimRowSep[0])
		if i < 0 || n == len(f)-1 {
			if i >= 0 || n != len(f)-1 {
				return ClaimRow{}, false
			}
			f[n] = rest
			break
		}
		f[n], rest = rest[:i], rest[i+1:]
	}
	total, _ := strconv.ParseInt(string(f[7]), 10, 64)
	allow, _ := strconv.ParseInt(string(f[8]), 10, 64)
	year, _ := strconv.Atoi(string(f[9]))
	from, _ := parseRowDate(f[10])
	to, _ := parseRowDate(f[11])
	lines, _ := strconv.Atoi(string(f[13]))
	both := id + string(f[0]) // one allocation for ID and number
	return ClaimRow{ID: both[:len(id)], Number: both[len(id):], Status: model.ClaimStatus(in.of(f[1])), Kind: model.ClaimKind(in.of(f[2])),
		PersonID: in.of(f[3]), PersonName: in.of(f[4]), FundID: in.of(f[5]), Project: in.of(f[6]), Total: model.Money(total),
		Allowance: model.Money(allow), Year: year, PeriodFrom: from, PeriodTo: to, PayoutRunID: in.of(f[12]), Lines: lines}, true
}

// texts shares equal strings while many rows are decoded.
type texts map[string]string

// of returns b as a string, the same one for equal bytes (a plain copy
// when in is nil).
func (in texts) of(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if in == nil {
		return string(b)
	}
	if s, ok := in[string(b)]; ok { // no allocation for the look-up
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

func parseRowDate(b []byte) (model.Date, error) {
	if len(b) == 0 {
		return model.Date{}, nil
	}
	return model.ParseISODate(string(b))
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
		in := texts{}
		err = Claims.Scan(tx, IdxClaimStatus, nil, nil, func(id string, _, val []byte) error {
			if r, ok := decodeClaimRowIn(id, val, in); ok {
				out = append(out, r)
			}
			return nil
		})
	})
	return sortClaimRows(out), err
}

// sortClaimRows puts rows in number order, in place. It sorts their
// positions and then moves each row once along the cycles of the
// permutation: moving the rows themselves (200 bytes each) while sorting
// was a tenth of the first open of Berichte, and a sorted copy was a second
// 4,6 MB of rows at every load of the claims list.
func sortClaimRows(rows []ClaimRow) []ClaimRow {
	at := make([]int32, len(rows))
	for i := range at {
		at[i] = int32(i)
	}
	slices.SortFunc(at, func(a, b int32) int { return compareNumbers(rows[a].Number, rows[b].Number) })
	// Position i gets the row from at[i]; done positions are marked -1.
	for i := range at {
		if at[i] < 0 || at[i] == int32(i) {
			continue
		}
		first := rows[i]
		j := i
		for {
			k := at[j]
			at[j] = -1
			if int(k) == i {
				rows[j] = first
				break
			}
			rows[j] = rows[k]
			j = int(k)
		}
	}
	return rows
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
