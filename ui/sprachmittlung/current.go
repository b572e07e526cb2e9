package sprachmittlung

import "stabsstelle/store"

// Current names the record in focus for the root's "Verlauf" view (V): the
// open or selected Einsatz, the selected or opened interpreter, the opened
// institution. Screens without one (forms, menus) name nothing.
func (t *Tab) Current() (kind, id string) {
	switch t.screen {
	case scrDetail:
		if t.det != nil && t.det.id != "" {
			return store.KindEinsatz, t.det.id
		}
	case scrList:
		if r, ok := t.list.selected(); ok && r != nil {
			return store.KindEinsatz, t.list.table.SelectedID()
		}
	case scrAgenda:
		if r, ok := t.agenda.selected(); ok && r != nil {
			return store.KindEinsatz, r.ID
		}
	case scrPool:
		if t.pool != nil {
			if id := t.pool.table.SelectedID(); id != "" {
				return store.KindPerson, id
			}
		}
	case scrPerson:
		if t.person != nil && t.person.id != "" {
			return store.KindPerson, t.person.id
		}
	case scrOrg:
		if t.org != nil && t.org.id != "" {
			return store.KindOrganisation, t.org.id
		}
	}
	return "", ""
}
