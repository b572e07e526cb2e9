package kosten

import (
	"bytes"
	"time"

	"stabsstelle/forms"
	"stabsstelle/model"
	"stabsstelle/store"
)

// certificatePDF prints the Jahresbescheinigung of a person (called in a
// command).
func certificatePDF(st *store.Store, personID string, year int, now time.Time) ([]byte, error) {
	var buf bytes.Buffer
	err := st.View(func(tx *store.Tx) error {
		c, err := store.CertificateOf(tx, personID, year)
		if err != nil {
			return err
		}
		lh, err := store.LoadLetterhead(tx)
		if err != nil {
			return err
		}
		return forms.Jahresbescheinigung(&buf, lh, []model.Certificate{c}, now)
	})
	return buf.Bytes(), err
}
