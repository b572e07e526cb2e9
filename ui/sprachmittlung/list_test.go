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
	case listPatchMsg, listLoadedMsg, listGroupMsg:
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

// `f` picks the rows of the next status group in a command. Pressed twice
// before the first command's rows arrive, the first rows come late and are
// not shown: the list shows the group its head names, filtered.
func TestStatusGroupRowsComeFromACommand(t *testing.T) {
	f := newFixture(t, true, 120, 30)
	f.press(t, "/", "tigrinya", "enter")
	key := tea.KeyPressMsg{Code: 'f', Text: "f"}
	first := f.tab.Update(key)  // offen
	second := f.tab.Update(key) // vermittelt
	if v := f.view(t); !strings.Contains(v, "sucht … · Status: vermittelt") {
		t.Fatalf("while the rows are picked:\n%s", v)
	}
	for _, cmd := range []tea.Cmd{second, first} {
		for _, msg := range listMsgs(cmd) {
			f.tab.Update(msg)
		}
	}
	r, ok := f.tab.list.selected()
	if n := f.tab.list.table.Len(); n != 1 || !ok || r.ID != f.e1 {
		t.Fatalf("%d rows, selected %v: want only e1, the Tigrinya Einsatz that is vermittelt", n, r)
	}
	if v := f.view(t); !strings.Contains(v, "1 von 3 · Status: vermittelt") {
		t.Fatalf("head:\n%s", v)
	}
}

// `t` goes to the first Einsatz from today on that the list shows: with a
// filter, the first match, not the end of the list because the day's first
// Einsatz does not match.
func TestTodayKeyFindsTheFirstMatchFromToday(t *testing.T) {
	f := newFixture(t, true, 120, 30)
	thu := model.NewDate(2026, 3, 5)
	at := func(lang, org string, day model.Date, c model.Clock) *model.Einsatz {
		return &model.Einsatz{OrganisationID: org, Language: lang, Setting: model.SettingOnSite, Place: "Gifhorn",
			Start: model.At(day, c).UTC(), Duration: time.Hour, Topic: model.TopicArbeit, Status: model.StatusSuche}
	}
	err := f.st.Update("test", func(tx *store.Tx) error {
		for _, e := range []*model.Einsatz{
			at("Arabisch", f.jobcenter, thu, 8*60),          // Thursday's first, not Tigrinya
			at("Tigrinya", f.schule, thu.AddDays(7), 9*60),  // after e1 and e2, so e1 is not the last
			at("Tigrinya", f.schule, thu.AddDays(-7), 9*60), // before today (2.3.)
		} {
			if err := store.Einsaetze.Put(tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.run(t, f.tab.list.load())
	f.press(t, "/", "tigrinya", "enter", "end", "t")
	if r, ok := f.tab.list.selected(); !ok || r.ID != f.e1 {
		t.Fatalf("t selected %+v, want e1, the first Tigrinya Einsatz from today on", r)
	}
}
