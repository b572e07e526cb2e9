package sprachmittlung

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/uitest"
)

// listMsgs runs cmd and the commands of its batches and returns the list's
// load and patch messages among what they send.
func listMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if cmds, ok := uitest.Commands(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, listMsgs(c)...)
		}
		return out
	}
	switch msg.(type) {
	case listPatchMsg, listLoadedMsg:
		return []tea.Msg{msg}
	}
	return nil
}

// changedEinsatz is the change event of a save of Einsatz id.
func changedEinsatz(id string) common.ChangedMsg {
	return common.ChangedMsg{Events: []store.Event{{Who: "test", Changes: []store.Change{{Kind: store.KindEinsatz, ID: id}}}}}
}

// Two saves in quick succession, the list filtered: the second patch
// starts before the first lands, which then counts as old. The second
// must bring both changed Einsätze, or the first change would be missing
// from the list until the next full load. The rows are worked out in the
// patch's command; the filter applies to the changed rows.
func TestListPatchesWhileFilteredLoseNoChange(t *testing.T) {
	f := newFixture(t, true, 120, 30)
	f.press(t, "/", "tigrinya", "enter")
	if n := f.tab.list.table.Len(); n != 2 {
		t.Fatalf("filter found %d, want 2", n)
	}
	save := func(id string, change func(e *model.Einsatz)) {
		err := f.st.Update("test", func(tx *store.Tx) error {
			e, err := store.Einsaetze.Get(tx, id)
			if err != nil {
				return err
			}
			change(e)
			return store.Einsaetze.Put(tx, e)
		})
		if err != nil {
			t.Fatal(err)
		}
		// The fixture's own copy of the event is not wanted here: the
		// test hands the tab its events itself, in its own order.
		select {
		case <-f.events:
		case <-time.After(5 * time.Second):
			t.Fatal("no change event")
		}
	}
	save(f.e1, func(e *model.Einsatz) { e.Place = "Meinersen" })
	first := f.tab.Update(changedEinsatz(f.e1))
	save(f.e3, func(e *model.Einsatz) { e.Language, e.Dialect = "Tigrinya", "" })
	second := f.tab.Update(changedEinsatz(f.e3))

	for _, cmd := range []tea.Cmd{first, second} {
		for _, msg := range listMsgs(cmd) {
			f.tab.Update(msg)
		}
	}
	if n := f.tab.list.table.Len(); n != 3 {
		t.Fatalf("after both patches the filter shows %d Einsätze, want 3 (e3 is Tigrinya now)", n)
	}
	if v := f.view(t); !strings.Contains(v, "Meinersen") || !strings.Contains(v, "3 von 3") {
		t.Fatalf("the first change is missing:\n%s", v)
	}
}
