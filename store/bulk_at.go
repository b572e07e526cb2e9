package store

import "time"

// BulkAt is Bulk with the transaction's clock set to at instead of now: for
// generated history only. The demo bills and pays the months before today
// through the program's own claim and payout functions, each step stamped
// on its day, so the records read like a year of work (a payout run of
// March is executed in March). What a person does always carries the real
// time: no verb and no screen calls this.
func (s *Store) BulkAt(who string, at time.Time, fn func(tx *Tx) error) error {
	return s.update(who, true, func(tx *Tx) error {
		tx.now = txTime(at)
		return fn(tx)
	})
}
