package kosten

import "stabsstelle/store"

// Current names the claim in focus (the open detail, or the selected list
// row), for the root's "Verlauf" view.
func (t *Tab) Current() (kind, id string) {
	switch {
	case t.screen == scrDetail && t.det != nil && t.det.c != nil:
		return store.KindClaim, t.det.c.ID
	case t.screen == scrClaims:
		if r, ok := t.claims.Selected(); ok {
			return store.KindClaim, r.ID
		}
	}
	return "", ""
}
