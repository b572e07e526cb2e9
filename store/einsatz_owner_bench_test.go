package store_test

import (
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// BenchmarkEinsaetzeOfOwner: the Einsätze of the busiest interpreter and
// institution of the 100 000 demo – all of them, and one year (the person's
// and institution's screens, the conflict check).
func BenchmarkEinsaetzeOfOwner(b *testing.B) {
	st := openLarge(b)
	var interp, org string
	_ = st.View(func(tx *store.Tx) error {
		ni, no := map[string]int{}, map[string]int{}
		rows, err := store.LoadEinsatzRows(tx)
		for _, r := range rows {
			ni[r.InterpreterID]++
			no[r.OrganisationID]++
		}
		interp, org = busiest(ni), busiest(no)
		return err
	})
	from, to := model.At(model.NewDate(2026, 1, 1), 0), model.At(model.NewDate(2027, 1, 1), 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = st.View(func(tx *store.Tx) error {
			all, err1 := store.EinsaetzeOfInterpreter(tx, interp, time.Time{}, time.Time{})
			year, err2 := store.EinsaetzeOfOrganisation(tx, org, from, to)
			if err1 != nil || err2 != nil || len(all) == 0 || len(year) == 0 {
				b.Fatalf("%v %v %d %d", err1, err2, len(all), len(year))
			}
			return nil
		})
	}
}

// busiest is the ID with the most Einsätze ("" – none – does not count).
func busiest(n map[string]int) string {
	best := ""
	for id, c := range n {
		if id != "" && (best == "" || c > n[best] || c == n[best] && id < best) {
			best = id
		}
	}
	return best
}
