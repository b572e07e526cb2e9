package netzwerk

import "stabsstelle/store"

// Current names the event in focus (the open detail, or the selected list
// row), for the root's "Verlauf" view.
func (t *Tab) Current() (kind, id string) {
	switch {
	case t.screen == scrDetail && t.ev != nil:
		return store.KindEvent, t.ev.ID
	case t.screen == scrList:
		if e, ok := t.list.Selected(); ok {
			return store.KindEvent, e.ID
		}
	}
	return "", ""
}
