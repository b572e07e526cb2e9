package ui

import (
	tea "charm.land/bubbletea/v2"

	"stabsstelle/store"
	"stabsstelle/ui/berichte"
	"stabsstelle/ui/common"
	"stabsstelle/ui/kosten"
	"stabsstelle/ui/netzwerk"
	"stabsstelle/ui/sprachmittlung"
)

// DefaultTabs builds the three areas and the Berichte in their fixed order
// (1, 2, 3, 4).
func DefaultTabs(ctx *common.Context) []common.Tab {
	return []common.Tab{
		sprachmittlung.New(ctx),
		kosten.New(ctx),
		netzwerk.New(ctx),
		berichte.New(ctx),
	}
}

// openMsg names the tab and the message that show a record found by the
// search across everything.
func openMsg(kind, id string) (tab int, msg tea.Msg, ok bool) {
	switch kind {
	case store.KindEinsatz:
		return 0, sprachmittlung.OpenEinsatzMsg{ID: id}, true
	case store.KindClaim:
		return 1, kosten.OpenClaimMsg{ID: id}, true
	case store.KindEvent:
		return 2, netzwerk.OpenEventMsg{ID: id}, true
	}
	return 0, nil, false
}
