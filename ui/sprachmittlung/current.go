package sprachmittlung

import "stabsstelle/store"

// Current names the record in focus for the root's "Verlauf" view (V): the
// open or selected Einsatz, the selected or opened interpreter, the opened
// institution. Screens without one (forms, menus) name nothing.
func (t *Tab) Current() (kind, id string) {
	switch t.screen {
	case scrDetail, scrPerson, scrOrg:
		return t.openedRecord()
	case scrList, scrAgenda, scrPool:
		return t.selectedRecord()
	}
	return "", ""
}

// openedRecord is the record of the page on screen.
func (t *Tab) openedRecord() (kind, id string) {
	switch {
	case t.screen == scrDetail && t.det != nil && t.det.id != "":
		return store.KindEinsatz, t.det.id
	case t.screen == scrPerson && t.person != nil && t.person.id != "":
		return store.KindPerson, t.person.id
	case t.screen == scrOrg && t.org != nil && t.org.id != "":
		return store.KindOrganisation, t.org.id
	}
	return "", ""
}

// selectedRecord is the record of the selected row of a list.
func (t *Tab) selectedRecord() (kind, id string) {
	switch t.screen {
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
	}
	return "", ""
}
