package berichte

import "stabsstelle/ui/common"

// ShownList is the list on the screen now (the records behind a bar), for
// a click on a row.
func (t *Tab) ShownList() common.RowClicker {
	if t.frm != nil || t.records == nil {
		return nil
	}
	return t.records.tbl
}
