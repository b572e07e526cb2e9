package sprachmittlung

import (
	"bytes"
	"time"

	"stabsstelle/forms"
	"stabsstelle/store"
)

// einsatzPDF prints the Einsatznachweis of Einsatz id (called in a command).
func einsatzPDF(st *store.Store, id string, now time.Time) ([]byte, error) {
	var buf bytes.Buffer
	err := st.View(func(tx *store.Tx) error {
		f, err := store.EinsatzFormOf(tx, id)
		if err != nil {
			return err
		}
		return forms.Einsatznachweis(&buf, f.Letterhead, f.Einsatz, f.Organisation, f.Interpreter, f.Tariff, now)
	})
	return buf.Bytes(), err
}
