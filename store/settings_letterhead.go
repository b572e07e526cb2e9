package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"stabsstelle/model"
)

var keyLetterhead = []byte("briefkopf")

// LoadLetterhead reads the letterhead of the printed forms, or the default
// built from the county's account (model.DefaultLetterhead).
func LoadLetterhead(tx *Tx) (model.Letterhead, error) {
	ks, err := LoadKostenSettings(tx)
	if err != nil {
		return model.DefaultLetterhead(DefaultKostenSettings().Account), err
	}
	def := model.DefaultLetterhead(ks.Account)
	// Through the seal like every value: a damaged letterhead is named,
	// and check finds the saved one intact.
	raw, err := tx.get(tx.btx.Bucket(bucketSettings), bucketSettings, keyLetterhead)
	if err != nil {
		return def, err
	}
	if raw == nil {
		return def, nil
	}
	var l model.Letterhead
	if err := json.Unmarshal(raw, &l); err != nil {
		return def, fmt.Errorf("Der Briefkopf in den Einstellungen ist nicht lesbar (%w). Bitte „stabsstelle briefkopf“ neu setzen.", err)
	}
	return l, nil
}

// SaveLetterhead stores the letterhead (journaled, kind "settings").
func SaveLetterhead(tx *Tx, l model.Letterhead) error {
	if err := l.Validate(); err != nil {
		return err
	}
	raw, err := json.Marshal(l)
	if err != nil {
		return err
	}
	b, err := tx.bucket(bucketSettings)
	if err != nil {
		return err
	}
	old, err := tx.get(b, bucketSettings, keyLetterhead)
	if err != nil {
		return err
	}
	old = bytes.Clone(old)
	if err := tx.put(b, keyLetterhead, raw); err != nil {
		return err
	}
	return tx.record(KindSettings, "settings:briefkopf", "", OpUpdate, old, raw)
}
