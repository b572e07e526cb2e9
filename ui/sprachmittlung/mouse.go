package sprachmittlung

import "stabsstelle/ui/common"

// ShownList is the list on the screen now, for a click on a row.
func (t *Tab) ShownList() common.RowClicker {
	if t.dlg != nil {
		return nil
	}
	switch t.screen {
	case scrList:
		return t.list.table
	case scrPool:
		if t.pool != nil {
			return t.pool.table
		}
	case scrPerson:
		if t.person != nil {
			return t.person.table
		}
	case scrOrg:
		if t.org != nil {
			return t.org.table
		}
	case scrPicker:
		if t.pick != nil {
			return t.pick.ShownList()
		}
	}
	return nil
}
