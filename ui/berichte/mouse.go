package berichte

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/ui/common"
)

// ShownList is the list on the screen now (the records behind a bar), for
// a click on a row.
func (t *Tab) ShownList() common.RowClicker {
	if t.frm != nil || t.records == nil {
		return nil
	}
	return t.records.tbl
}

// Click handles a click at column x of line y of the content box: on the
// section line it shows the part clicked; on a bar it selects the bar, and
// a click on the selected bar opens its records (like enter). handled is
// false where the tab has nothing under the mouse.
func (t *Tab) Click(x, y int) (handled bool, cmd tea.Cmd) {
	if t.frm != nil || t.records != nil || t.report == nil {
		return false, nil
	}
	if y == 1 {
		x0 := 0
		for s := section(0); s < numSections; s++ {
			w := ansi.StringWidth("▸ " + s.title())
			if x >= x0 && x < x0+w {
				t.sec = s
				t.scroll(s)
				return true, nil
			}
			x0 += w + 1
		}
		return false, nil
	}
	// the items from the section's offset, as View draws them
	items, line := t.items[t.sec], 2
	layout := newLayout(t.w, items)
	for i := t.offset[t.sec]; i < len(items) && line <= y; i++ {
		n := strings.Count(t.renderItem(items[i], i == t.cursor[t.sec], layout), "\n") + 1
		if y < line+n {
			if !slices.Contains(t.bars(t.sec), i) {
				return false, nil
			}
			if t.cursor[t.sec] == i {
				return true, t.openRecords()
			}
			t.cursor[t.sec] = i
			t.scroll(t.sec)
			return true, nil
		}
		line += n
	}
	return false, nil
}
