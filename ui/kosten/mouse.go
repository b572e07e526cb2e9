package kosten

import "stabsstelle/ui/common"

// ShownList is the list on the screen now, for a click on a row.
func (t *Tab) ShownList() common.RowClicker {
	switch {
	case t.confirm != nil, t.frm != nil:
		return nil
	case t.pick != nil:
		return t.pick.ShownList()
	}
	switch t.screen {
	case scrClaims:
		return t.claims
	case scrPeople:
		return t.people
	case scrRuns:
		return t.runs
	case scrRunNew:
		return t.payable
	}
	return nil
}
