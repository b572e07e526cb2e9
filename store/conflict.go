package store

import (
	"encoding/json"
	"errors"
	"fmt"

	"stabsstelle/model"
)

// DecideConflict settles an open merge conflict, journaled like every
// write: takeLaptop writes the laptop's value into the record (for a
// whole-record conflict: brings the laptop's record back, or deletes it
// when the laptop deleted it); otherwise the office's value stays. Either
// way the conflict is closed with who decided and when.
func DecideConflict(tx *Tx, id string, takeLaptop bool) (*model.MergeConflict, error) {
	c, err := MergeConflicts.Get(tx, id)
	if err != nil {
		return nil, err
	}
	if !c.Open() {
		return nil, fmt.Errorf("Dieser Konflikt wurde schon entschieden (%s von %s am %s).", c.Status, c.DecidedBy, model.FormatDateTime(c.Decided))
	}
	c.Status = model.ConflictOffice
	if takeLaptop {
		if err := takeLaptopValue(tx, c); err != nil {
			return nil, err
		}
		c.Status = model.ConflictLaptop
	}
	c.Decided, c.DecidedBy = tx.Now(), tx.Who()
	if err := MergeConflicts.Put(tx, c); err != nil {
		return nil, err
	}
	return c, nil
}

func takeLaptopValue(tx *Tx, c *model.MergeConflict) error {
	bk, ok := bundleKindOf(c.Kind)
	if !ok {
		return fmt.Errorf("Unbekannte Art von Datensatz „%s“.", c.Kind)
	}
	cur, err := bk.stateOf(tx, c.RecordID)
	if err != nil {
		return err
	}
	mg := &merger{tx: tx}
	if len(c.Path) == 0 {
		return takeLaptopRecord(mg, bk, c, cur)
	}
	if cur == nil {
		return errors.New("Der Datensatz wurde inzwischen gelöscht; der Laptop-Wert kann nicht mehr übernommen werden. „Büro-Wert behalten“ schließt den Konflikt.")
	}
	var v []byte
	if !isNull(c.Laptop) {
		v = trimJSON(c.Laptop)
	}
	merged, err := setPath(cur, c.Path, v)
	if err != nil {
		return err
	}
	if c.Kind == KindRegistration && pathIs(c.Path, "status") {
		var st model.RegStatus
		_ = json.Unmarshal(v, &st)
		if st != model.RegTeilgenommen {
			if merged, err = setPath(merged, []string{"checkedInAt"}, nil); err != nil {
				return err
			}
		}
	}
	if err := mg.checkBooking(c.Kind, merged); err != nil {
		return stillClashing(err)
	}
	_, err = bk.putState(tx, merged, versionOf(cur))
	return err
}

// takeLaptopRecord takes the laptop's whole record (a conflict without a
// field): the laptop deleted it, or it replaces the office's.
func takeLaptopRecord(mg *merger, bk bundleKind, c *model.MergeConflict, cur []byte) error {
	switch {
	case isNull(c.Laptop) && cur == nil:
		return nil
	case isNull(c.Laptop):
		return bk.remove(mg.tx, c.RecordID)
	}
	if err := mg.checkBooking(c.Kind, c.Laptop); err != nil {
		return stillClashing(err)
	}
	_, err := bk.putState(mg.tx, c.Laptop, versionOf(cur))
	return err
}

func stillClashing(err error) error {
	var clash *errClash
	if errors.As(err, &clash) {
		return fmt.Errorf("Der Laptop-Wert kann nicht übernommen werden: %s. Bitte erst den anderen Termin ändern.", clash.rule)
	}
	return err
}
