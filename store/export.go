package store

import (
	"time"

	"stabsstelle/model"
)

// Walks over many whole records for the exports (stabsstelle export
// einsaetze|claims): they hand every record to fn as they read and give the
// file's pages back while they go (dropWhile), so a year or all of 100 000
// Einsätze stream through in flat memory.

// EachEinsatz hands fn every Einsatz starting in [from, to) (zero times:
// open ends), by start.
func EachEinsatz(tx *Tx, from, to time.Time, fn func(*model.Einsatz) error) error {
	tx.readsMuch()
	var lo, hi []byte
	if !from.IsZero() {
		lo = []byte(startKey(from))
	}
	if !to.IsZero() {
		hi = []byte(startKey(to))
	}
	var err error
	dropWhile(tx.btx, func() {
		serr := scanRaw(tx, IdxEinsatzStart, lo, hi, false, func(id, _ []byte) bool {
			var e *model.Einsatz
			if e, err = Einsaetze.Get(tx, string(id)); err != nil {
				return false
			}
			err = fn(e)
			return err == nil
		})
		if err == nil {
			err = serr
		}
	})
	return err
}

// EachClaim hands fn every claim of year (0: all years) in number order.
func EachClaim(tx *Tx, year int, fn func(*model.Claim) error) error {
	rows, err := LoadClaimRows(tx)
	if err != nil {
		return err
	}
	tx.readsMuch()
	dropWhile(tx.btx, func() {
		for _, r := range rows {
			if year != 0 && r.Year != year {
				continue
			}
			var c *model.Claim
			if c, err = Claims.Get(tx, r.ID); err != nil {
				return
			}
			if err = fn(c); err != nil {
				return
			}
		}
	})
	return err
}
