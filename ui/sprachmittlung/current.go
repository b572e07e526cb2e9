package sprachmittlung

import "stabsstelle/store"

// Current names the Einsatz in focus (the open detail, or the selected list
// row), for the root's "Verlauf" view.
func (t *Tab) Current() (kind, id string) {
	if t.screen == scrDetail && t.det != nil && t.det.id != "" {
		return store.KindEinsatz, t.det.id
	}
	if t.screen == scrList {
		if r, ok := t.list.selected(); ok && r != nil {
			return store.KindEinsatz, t.list.table.SelectedID()
		}
	}
	return "", ""
}
