package sprachmittlung

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/demo/demotest"
	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/table"
	"stabsstelle/ui/theme"
)

// bigStore fills a store with n Einsätze over three years around testNow,
// 50 interpreters and 200 institutions: the county's pool and its
// requesting institutions (docs/DOMAIN.md §0) at the scale of the budgets
// in BENCHMARKS.md.
func bigStore(b *testing.B, n int) *store.Store {
	b.Helper()
	st, err := store.Open(filepath.Join(b.TempDir(), "big.db"), store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	rng := rand.New(rand.NewPCG(1, 2))
	langs := model.LanguageNames()
	var interp, orgs []string
	err = st.Bulk("bench", func(tx *store.Tx) error {
		for i := 0; i < 200; i++ {
			o := &model.Organisation{Name: fmt.Sprintf("Einrichtung %03d", i), Kind: model.OrgJobcenter, City: model.Places[i%len(model.Places)].Name}
			if err := store.Organisations.Put(tx, o); err != nil {
				return err
			}
			orgs = append(orgs, o.ID)
		}
		for i := 0; i < 50; i++ {
			p := &model.Person{Name: fmt.Sprintf("Sprachmittler:in %02d", i),
				Interpreter: trained(model.LanguageSkill{Language: langs[i%len(langs)]})}
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
			interp = append(interp, p.ID)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	first := model.Today(testNow).AddDays(-2 * 365)
	const batch = 5000
	for done := 0; done < n; done += batch {
		err := st.Bulk("bench", func(tx *store.Tx) error {
			for i := done; i < min(n, done+batch); i++ {
				day := first.AddDays(i * 3 * 365 / n)
				start := model.At(day, model.Clock(8*60+rng.IntN(9)*60))
				ii := rng.IntN(len(interp))
				e := &model.Einsatz{OrganisationID: orgs[rng.IntN(len(orgs))], Language: langs[ii%len(langs)],
					Setting: model.SettingOnSite, Place: "Gifhorn", Start: start.UTC(), Duration: time.Hour,
					Status: model.StatusVermittelt, InterpreterID: interp[ii]}
				e.Created = start.Add(-7 * 24 * time.Hour)
				if rng.IntN(10) == 0 {
					e.Status, e.InterpreterID = model.StatusSuche, ""
				}
				if err := store.Einsaetze.Put(tx, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return st
}

func benchTab(b *testing.B, st *store.Store, w, h int) (*Tab, *fixture) {
	ctx := &common.Context{Store: st, User: "bench", Roles: model.AllTeamRoles, Styles: theme.New(true), Global: keys.DefaultGlobal(),
		List: keys.DefaultList(), Now: func() time.Time { return testNow }, Width: w, Height: h}
	f := &fixture{st: st, ctx: ctx, events: make(chan []store.Event), timeout: 30 * time.Second}
	f.tab = New(ctx)
	f.send(b, tea.WindowSizeMsg{Width: w, Height: h})
	f.run(b, f.tab.Init())
	return f.tab, f
}

// BenchmarkAgendaWeekView measures drawing one week of the agenda (about
// 650 Einsätze of 50 interpreters) out of 100 000.
func BenchmarkAgendaWeekView(b *testing.B) {
	st := bigStore(b, 100_000)
	for _, size := range [][2]int{{80, 21}, {120, 37}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			tab, f := benchTab(b, st, size[0], size[1])
			f.press(b, "w", "w")
			if !tab.agenda.week || tab.agenda.count == 0 {
				b.Fatalf("no week loaded: %d", tab.agenda.count)
			}
			b.ReportMetric(float64(len(tab.agenda.rows)), "rows/week")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = tab.View()
			}
		})
	}
	b.Run("filter-keystroke", func(b *testing.B) {
		tab, f := benchTab(b, st, 120, 37)
		f.press(b, "w", "w", "/", "tig")
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			tab.Update(tea.KeyPressMsg{Code: 'r', Text: "r"})
			_ = tab.View()
			tab.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
			_ = tab.View()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*b.N)/1e6, "ms/keystroke")
	})
}

// filteredDemoTab is the tab at 120×37 on a copy of the demo with n
// Einsätze, the whole list loaded and filtered by „tig“.
func filteredDemoTab(b *testing.B, n int) *Tab {
	st, err := store.Open(demotest.CopyOf(b, n), store.Options{Now: func() time.Time { return demotest.Now }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	tab, f := benchTab(b, st, 120, 37)
	if tab.list.table.Total() < n {
		b.Fatalf("loaded %d rows", tab.list.table.Total())
	}
	f.press(b, "/", "tig")
	return tab
}

// BenchmarkListFilterKeystroke measures Update+View of one key typed into
// the list filter (typing and deleting alternately, so both the narrowing
// and the widening path count): ms/keystroke. Over more rows than one
// filter step the key shows the last result with „sucht …“ and the steps
// follow as messages; ms/result is the key plus those steps and the View
// of the finished result, what the runtime does before the next key.
func BenchmarkListFilterKeystroke(b *testing.B) {
	for _, n := range demotest.Sizes(b) {
		b.Run(demotest.SizeName(n), func(b *testing.B) {
			tab := filteredDemoTab(b, n)
			keys := []tea.KeyPressMsg{{Code: 'r', Text: "r"}, {Code: tea.KeyBackspace}}
			var key, result time.Duration
			defer demotest.CPU(b)()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, k := range keys {
					t0 := time.Now()
					cmd := tab.Update(k)
					_ = tab.View()
					t1 := time.Now()
					if filterSteps(tab, cmd) > 0 {
						_ = tab.View()
					}
					key += t1.Sub(t0)
					result += time.Since(t0)
				}
			}
			b.ReportMetric(float64(key.Nanoseconds())/float64(2*b.N)/1e6, "ms/keystroke")
			b.ReportMetric(float64(result.Nanoseconds())/float64(2*b.N)/1e6, "ms/result")
		})
	}
}

// filterSteps hands the table's filter steps among what cmd sends back to
// the tab, as the runtime would, and counts them.
func filterSteps(tab *Tab, cmd tea.Cmd) int {
	if cmd == nil {
		return 0
	}
	n := 0
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			n += filterSteps(tab, c)
		}
	case table.FilterMsg:
		n = 1 + filterSteps(tab, tab.Update(msg))
	}
	return n
}

// BenchmarkListPatchFiltered measures one changed Einsatz arriving
// (listPatchMsg, as after a save, also one of a teammate) while the list
// is filtered: ms/update is what the UI goroutine does (swap in the
// prepared rows, View), ms/command what the command did before off it
// (merge the row, pick the group, build the filter text, sort, filter).
func BenchmarkListPatchFiltered(b *testing.B) {
	for _, n := range demotest.Sizes(b) {
		b.Run(demotest.SizeName(n), func(b *testing.B) {
			tab := filteredDemoTab(b, n)
			l := tab.list
			changed := l.all[len(l.all)/2]
			var ui, command time.Duration
			defer demotest.CPU(b)()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r := changed
				r.Place = fmt.Sprint("Ort ", i)
				l.loadN++
				t0 := time.Now()
				ready := l.preparer()(mergeRows(l.all, []vrow{r}, nil))
				t1 := time.Now()
				tab.Update(listPatchMsg{n: l.loadN, ready: ready})
				_ = tab.View()
				ui += time.Since(t1)
				command += t1.Sub(t0)
			}
			b.StopTimer()
			b.ReportMetric(float64(ui.Microseconds())/1000/float64(b.N), "ms/update")
			b.ReportMetric(float64(command.Microseconds())/1000/float64(b.N), "ms/command")
			if got := l.table.FilterText(); got != "tig" || l.table.Len() == 0 {
				b.Fatalf("filter %q, %d rows", got, l.table.Len())
			}
		})
	}
}

// BenchmarkListLoad measures loading the 100 000 list rows from the index
// (runs in a command, not on the UI goroutine).
func BenchmarkListLoad(b *testing.B) {
	st := bigStore(b, 100_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := loadAll(st); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListSetRows measures the 100 000 loaded rows arriving: ms/update
// is what the UI goroutine does (swap in the prepared rows, jump to today,
// View), ms/command what the load command did off it after reading (status
// group, sort by date).
func BenchmarkListSetRows(b *testing.B) {
	st := bigStore(b, 100_000)
	rows, nm, err := loadAll(st)
	if err != nil {
		b.Fatal(err)
	}
	tab, _ := benchTab(b, st, 120, 37)
	var ui, command time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tab.list.loadN++
		t0 := time.Now()
		ready := tab.list.preparer()(rows)
		t1 := time.Now()
		tab.Update(listLoadedMsg{n: tab.list.loadN, ready: ready, names: nm})
		_ = tab.View()
		ui += time.Since(t1)
		command += t1.Sub(t0)
	}
	b.ReportMetric(float64(ui.Microseconds())/1000/float64(b.N), "ms/update")
	b.ReportMetric(float64(command.Microseconds())/1000/float64(b.N), "ms/command")
}

// BenchmarkEditFormOpen measures `e` on an Einsatz (the request form
// opens, drawn once) and esc back: huh asks for the theme for every field
// and option it draws, which was 60–120 ms at 100 000 Einsätze and 0,65 s
// at 1 000 000 before the form kept it (ui/form).
func BenchmarkEditFormOpen(b *testing.B) {
	for _, n := range demotest.Sizes(b) {
		b.Run(demotest.SizeName(n), func(b *testing.B) {
			st, err := store.Open(demotest.CopyOf(b, n), store.Options{Now: func() time.Time { return demotest.Now }})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			tab, f := benchTab(b, st, 120, 37)
			f.press(b, "enter")
			defer demotest.CPU(b)()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				f.press(b, "e")
				if tab.screen != scrForm {
					b.Fatal("no form")
				}
				_ = tab.View()
				f.press(b, "esc")
			}
		})
	}
}

// BenchmarkListStatusGroup measures `f` (the next status group) while the
// list is filtered: ms/update is what the UI goroutine does (the key, and
// taking the rows the command prepared, each with a View), ms/command what
// the command does off it (pick, filter and sort the rows).
func BenchmarkListStatusGroup(b *testing.B) {
	for _, n := range demotest.Sizes(b) {
		b.Run(demotest.SizeName(n), func(b *testing.B) {
			tab := filteredDemoTab(b, n)
			tab.Update(tea.KeyPressMsg{Code: tea.KeyEnter}) // the filter stays, the keys go to the list
			f := tea.KeyPressMsg{Code: 'f', Text: "f"}
			var ui, command time.Duration
			defer demotest.CPU(b)()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				cmd := tab.Update(f)
				_ = tab.View()
				t1 := time.Now()
				var msgs []tea.Msg
				if cmd != nil {
					msgs = listMsgs(cmd)
				}
				t2 := time.Now()
				for _, m := range msgs {
					tab.Update(m)
					_ = tab.View()
				}
				ui += t1.Sub(t0) + time.Since(t2)
				command += t2.Sub(t1)
			}
			b.StopTimer()
			b.ReportMetric(float64(ui.Microseconds())/1000/float64(b.N), "ms/update")
			b.ReportMetric(float64(command.Microseconds())/1000/float64(b.N), "ms/command")
			if l := tab.list.table.Len(); l == 0 || tab.list.table.FilterText() != "tig" {
				b.Fatalf("after f: %d rows", l)
			}
		})
	}
}
