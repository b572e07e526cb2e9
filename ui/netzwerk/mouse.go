package netzwerk

import "stabsstelle/ui/common"

// ShownList is the list on the screen now, for a click on a row.
func (t *Tab) ShownList() common.RowClicker {
	switch {
	case t.confirm != nil, t.frm != nil, t.pe != nil:
		return nil
	case t.pick != nil:
		return t.pick.ShownList()
	}
	switch t.screen {
	case scrList:
		return t.list
	case scrDetail:
		if t.regs != nil {
			return t.regs
		}
	case scrTasks:
		if t.tl != nil {
			return t.tl.table
		}
	case scrMail:
		if t.mail != nil && t.mail.shown == nil {
			return t.mail.table
		}
	}
	return nil
}
