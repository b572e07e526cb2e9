package sprachmittlung

import (
	"os"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/theme"
)

// TestDumpViews prints the screens for a look by eye:
// SM_DUMP=1 go test -run TestDumpViews -v ./ui/sprachmittlung/
func TestDumpViews(t *testing.T) {
	if os.Getenv("SM_DUMP") == "" {
		t.Skip("SM_DUMP not set")
	}
	f := newFixture(t, true, 80, 21)
	show := func(name string) { t.Logf("==== %s\n%s", name, f.view(t)) }
	show("Liste")
	f.press(t, "w", "right", "right", "right")
	show("Agenda Tag")
	f.press(t, "w")
	show("Agenda Woche")
	f.press(t, "esc", "/", "E-2026-0002", "enter", "enter")
	show("Detail")
	f.press(t, "m")
	show("Suche")
	f.press(t, "esc", "s")
	show("Status")
	f.press(t, "esc", "esc", "esc", "/", "E-2026-0001", "enter", "enter", "x")
	show("Nachweis")
	f.press(t, "esc", "a")
	show("Bestätigung")
	f.press(t, "esc", "e")
	show("Bearbeiten")
	f.press(t, "esc", "esc", "esc", "i")
	show("Pool")
	f.press(t, "enter")
	show("Person")
	f.press(t, "e")
	show("Profil")
	f.press(t, "esc", "esc", "esc", "n")
	show("Picker")
}

// TestDumpDemo shows the screens over a demo database and times the loads:
// SM_DB=/tmp/demo.db go test -run TestDumpDemo -v ./ui/sprachmittlung/
func TestDumpDemo(t *testing.T) {
	path := os.Getenv("SM_DB")
	if path == "" {
		t.Skip("SM_DB not set")
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := &common.Context{Store: st, User: "demo", Roles: model.AllTeamRoles, Styles: theme.New(true), Global: keys.DefaultGlobal(),
		List: keys.DefaultList(), Now: time.Now, Width: 80, Height: 21}
	f := &fixture{st: st, ctx: ctx, events: make(chan []store.Event), timeout: 30 * time.Second}
	start := time.Now()
	f.tab = New(ctx)
	f.send(t, tea.WindowSizeMsg{Width: 80, Height: 21})
	f.run(t, f.tab.Init())
	t.Logf("list of %d loaded in %v", f.tab.list.table.Total(), time.Since(start))
	show := func(name string) { t.Logf("==== %s\n%s", name, f.view(t)) }
	show("Liste")
	f.press(t, "f")
	show("Liste offen")
	f.press(t, "f", "f", "w", "right")
	show("Agenda Tag")
	f.press(t, "/", "tigr", "enter")
	show("Agenda Tag Tigrinya")
	f.press(t, "down", "enter")
	show("Detail aus Agenda")
	f.press(t, "esc", "esc", "w")
	show("Agenda Woche")
	f.press(t, "/", "tigr", "enter")
	show("Agenda Woche Tigrinya")
	f.press(t, "esc", "esc", "f", "enter")
	show("Detail")
	f.press(t, "m")
	show("Suche")
	f.press(t, "esc", "s")
	show("Status")
	f.press(t, "esc")
	f.press(t, "esc", "i")
	show("Person")
	f.press(t, "esc", "o")
	show("Einrichtung")
	f.press(t, "esc", "esc", "esc", "i")
	show("Pool")
}

func TestTimeDemoLoad(t *testing.T) {
	path := os.Getenv("SM_DB")
	if path == "" {
		t.Skip("SM_DB not set")
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := 0; i < 3; i++ {
		st.View(func(tx *store.Tx) error {
			t0 := time.Now()
			n, _ := loadNames(tx)
			t1 := time.Now()
			rs, _ := store.LoadEinsatzRows(tx)
			t2 := time.Now()
			rows := n.toRows(rs)
			t3 := time.Now()
			t.Logf("names %d/%d %v · rows %d %v · toRows %v", len(n.people), len(n.orgs), t1.Sub(t0), len(rs), t2.Sub(t1), t3.Sub(t2))
			_ = rows
			return nil
		})
	}
}

func TestDumpForm(t *testing.T) {
	if os.Getenv("SM_DUMP") == "" {
		t.Skip("SM_DUMP not set")
	}
	f := newFixture(t, true, 80, 21)
	f.press(t, "n", "down", "enter")
	for i := 0; i < 16; i++ {
		f.press(t, "enter")
		t.Logf("==== %d\n%s", i, f.view(t))
	}
}
