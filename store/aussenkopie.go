package store

import (
	"sort"

	"stabsstelle/model"
)

// Kinds of the Außentermin round trip (model/aussenkopie.go).
const (
	KindAussenkopie = "aussenkopie"
	KindConflict    = "konflikt"
)

// Aussenkopien are the copies the office handed out, one record each.
var Aussenkopien = &Collection[model.Aussenkopie, *model.Aussenkopie]{
	Kind: KindAussenkopie, Label: "Außenkopie",
}

// MergeConflicts are the conflicts of merges; the "open" index lists those
// nobody has decided yet, so the status line can count them without
// decoding.
var MergeConflicts = &Collection[model.MergeConflict, *model.MergeConflict]{
	Kind: KindConflict, Label: "Abgleich-Konflikt",
	Indexes: func(c *model.MergeConflict) []Index {
		if !c.Open() {
			return nil
		}
		return []Index{{Name: "open", Key: []byte(c.CopyID)}}
	},
}

func init() {
	RegisterKind(Aussenkopien)
	RegisterKind(MergeConflicts)
}

// OpenConflictCount is the number of conflicts waiting for a decision.
func OpenConflictCount(tx *Tx) int {
	n := 0
	_ = MergeConflicts.Scan(tx, "open", nil, nil, func(string, []byte, []byte) error {
		n++
		return nil
	})
	return n
}

// OpenConflicts lists the conflicts waiting for a decision, oldest first.
func OpenConflicts(tx *Tx) ([]*model.MergeConflict, error) {
	var out []*model.MergeConflict
	err := MergeConflicts.Scan(tx, "open", nil, nil, func(id string, _, _ []byte) error {
		c, err := MergeConflicts.Get(tx, id)
		if err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}
