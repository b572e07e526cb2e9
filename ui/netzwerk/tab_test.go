package netzwerk

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/adrg/xdg"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/theme"
	"stabsstelle/ui/uitest"
)

var testNow = time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)

type fixture struct {
	st         *store.Store
	ctx        *common.Context
	tab        *Tab
	events     <-chan []store.Event
	lastStatus common.StatusMsg
}

func newFixture(t testing.TB, isDark bool, w, h int, seed func(tx *store.Tx) error) *fixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "n.db"), store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if seed != nil {
		if err := st.Update("seed", seed); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{st: st}
	f.events = uitest.Events(t, st)
	f.ctx = &common.Context{Store: st, User: "tester", Roles: model.AllTeamRoles, Styles: theme.New(isDark), Global: keys.DefaultGlobal(),
		List: keys.DefaultList(), Now: func() time.Time { return testNow }, Width: w, Height: h}
	f.tab = New(f.ctx)
	f.send(t, tea.WindowSizeMsg{Width: w, Height: h})
	f.run(t, f.tab.Init())
	return f
}

// run executes cmd and feeds the resulting messages back, like the root
// model, including the store's change events.
func (f *fixture) run(t testing.TB, cmd tea.Cmd) {
	t.Helper()
	(&uitest.Drainer{Update: f.tab.Update, Events: f.events,
		Status: func(m common.StatusMsg) { f.lastStatus = m }}).Run(t, cmd)
}

func (f *fixture) send(t testing.TB, msg tea.Msg) { t.Helper(); f.run(t, f.tab.Update(msg)) }

var special = map[string]tea.KeyPressMsg{
	"enter":  {Code: tea.KeyEnter},
	"esc":    {Code: tea.KeyEscape},
	"tab":    {Code: tea.KeyTab},
	"up":     {Code: tea.KeyUp},
	"down":   {Code: tea.KeyDown},
	"ctrl+n": {Code: 'n', Mod: tea.ModCtrl},
}

func (f *fixture) press(t testing.TB, ks ...string) {
	t.Helper()
	for _, k := range ks {
		if msg, ok := special[k]; ok {
			f.send(t, msg)
			continue
		}
		for _, r := range k {
			f.send(t, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

func (f *fixture) view(t testing.TB) string {
	t.Helper()
	v := f.tab.View()
	lines := strings.Split(v, "\n")
	if len(lines) != f.tab.h {
		t.Errorf("view has %d lines, want %d", len(lines), f.tab.h)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > f.tab.w {
			t.Errorf("line %d is %d wide (> %d): %q", i, w, f.tab.w, ansi.Strip(l))
		}
	}
	return ansi.Strip(v)
}

// seedEvent creates one event with the given capacity and registrations
// for the named people (the first `capacity` get places).
func seedEvent(capacity int, names ...string) (func(tx *store.Tx) error, *model.Event) {
	ev := &model.Event{Title: "Arbeitskreis Bildung", Type: model.EventArbeitskreis, Region: model.RegionZentrum,
		Start: testNow.Add(2 * time.Hour), End: testNow.Add(4 * time.Hour), Venue: "Kreishaus I", Room: "Saal 1",
		Capacity: capacity, Status: model.EventEingeladen, Themenfelder: []model.Themenfeld{model.ThemaBildung}}
	return func(tx *store.Tx) error {
		if err := store.SaveEvent(tx, ev); err != nil {
			return err
		}
		org := &model.Organisation{Name: "Grundschule Am Ring"}
		if err := store.Organisations.Put(tx, org); err != nil {
			return err
		}
		for _, n := range names {
			p := &model.Person{Name: n, OrganisationID: org.ID}
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
			if _, err := store.Register(tx, ev.ID, p.ID, store.RegisterOptions{Role: model.RoleHauptamt}); err != nil {
				return err
			}
		}
		return nil
	}, ev
}

func (f *fixture) statusOf(t testing.TB, evID, name string) model.RegStatus {
	t.Helper()
	var st model.RegStatus = "?"
	_ = f.st.View(func(tx *store.Tx) error {
		att, err := store.Attendees(tx, evID)
		for _, a := range att {
			if a.Name == name {
				st = a.Reg.Status
			}
		}
		return err
	})
	return st
}

func TestListDetailAndCheckInByKeys(t *testing.T) {
	for _, dark := range []bool{true, false} {
		seed, ev := seedEvent(0, "Özlem Şahin", "Anna Becker", "Bilal Hassan")
		f := newFixture(t, dark, 80, 21, seed)
		v := f.view(t)
		if !strings.Contains(v, "Arbeitskreis B") || !strings.Contains(v, ev.Number) {
			t.Fatalf("list lacks the event:\n%s", v)
		}
		f.press(t, "enter")
		v = f.view(t)
		if !strings.Contains(v, "angemeldet 3 · da 0 · Warteliste 0") || !strings.Contains(v, "Anna Becker") {
			t.Fatalf("detail:\n%s", v)
		}
		// Check-in mode: type a few letters, enter.
		f.press(t, "c")
		if !f.tab.Capturing() {
			t.Error("check-in mode must capture keys")
		}
		f.press(t, "oz") // Özlem typed without umlaut
		v = f.view(t)
		if !strings.Contains(v, "Özlem Şahin") || strings.Contains(v, "Anna Becker") {
			t.Fatalf("filter oz:\n%s", v)
		}
		f.press(t, "enter")
		if got := f.statusOf(t, ev.ID, "Özlem Şahin"); got != model.RegTeilgenommen {
			t.Fatalf("after enter: %s", got)
		}
		v = f.view(t)
		if !strings.Contains(v, "angemeldet 3 · da 1 · fehlen 2") {
			t.Errorf("live counts:\n%s", v)
		}
		// The same key on a checked-in person undoes.
		f.press(t, "özl", "enter")
		if got := f.statusOf(t, ev.ID, "Özlem Şahin"); got != model.RegAngemeldet {
			t.Fatalf("after undo: %s", got)
		}
		if v = f.view(t); !strings.Contains(v, "da 0") {
			t.Errorf("counts after undo:\n%s", v)
		}
		// esc clears the query, a second esc leaves the mode.
		f.press(t, "bil", "esc")
		if f.tab.screen != scrCheckIn || f.tab.ci.input.Value() != "" {
			t.Error("first esc must only clear the query")
		}
		f.press(t, "esc")
		if f.tab.screen != scrDetail {
			t.Error("second esc must leave check-in mode")
		}
	}
}

func TestWalkIn(t *testing.T) {
	seed, ev := seedEvent(1, "Anna Becker")
	f := newFixture(t, true, 80, 21, seed)
	f.press(t, "enter", "c", "Jana Neu")
	v := f.view(t)
	if !strings.Contains(v, "Niemand gefunden") {
		t.Fatalf("no match expected:\n%s", v)
	}
	f.press(t, "ctrl+n")
	v = f.view(t)
	if !strings.Contains(v, "Spontan dabei") {
		t.Fatalf("walk-in form:\n%s", v)
	}
	// Name is prefilled from the query; organisation; role; submit.
	f.press(t, "enter", "Grundschule Am Ring", "enter", "enter")
	if got := f.statusOf(t, ev.ID, "Jana Neu"); got != model.RegTeilgenommen {
		t.Fatalf("walk-in status %s; view:\n%s", got, f.view(t))
	}
	v = f.view(t)
	if !strings.Contains(v, "angemeldet 2 · da 1") {
		t.Errorf("counts after walk-in:\n%s", v)
	}
	// The existing organisation was used, no duplicate.
	_ = f.st.View(func(tx *store.Tx) error {
		if n := store.Organisations.Count(tx); n != 1 {
			t.Errorf("%d organisations, want 1", n)
		}
		return nil
	})
}

func TestCancelOffersPromotion(t *testing.T) {
	seed, ev := seedEvent(1, "Anna Becker", "Bilal Hassan")
	f := newFixture(t, true, 80, 21, seed)
	f.press(t, "enter")
	v := f.view(t)
	if !strings.Contains(v, "Warteliste 1") {
		t.Fatalf("detail:\n%s", v)
	}
	// Rows are in registration order: Anna first.
	f.press(t, "x")
	v = f.view(t)
	if !strings.Contains(v, "Bilal Hassan von der Warteliste nachrücken lassen?") {
		t.Fatalf("promotion not offered:\n%s", v)
	}
	f.press(t, "j")
	if got := f.statusOf(t, ev.ID, "Bilal Hassan"); got != model.RegAngemeldet {
		t.Errorf("Bilal: %s", got)
	}
	if got := f.statusOf(t, ev.ID, "Anna Becker"); got != model.RegAbgemeldet {
		t.Errorf("Anna: %s", got)
	}
}

func TestProtokollAndTasks(t *testing.T) {
	seed, ev := seedEvent(0, "Anna Becker")
	f := newFixture(t, false, 80, 21, seed)
	f.press(t, "enter", "+", "Flyer drucken", "enter", "Anna Becker", "enter", "1.3.", "enter")
	var tasks []*model.Task
	_ = f.st.View(func(tx *store.Tx) (err error) { tasks, err = store.TasksOf(tx, ev.ID); return })
	if len(tasks) != 1 || tasks[0].Owner != "Anna Becker" || tasks[0].Due != model.NewDate(2026, 3, 1) {
		t.Fatalf("task: %+v; view:\n%s", tasks, f.view(t))
	}
	// Overview of open tasks from the list: overdue marked.
	f.press(t, "esc", "t")
	v := f.view(t)
	if !strings.Contains(v, "1 überfällig") || !strings.Contains(v, "! 01.03.2026") {
		t.Fatalf("task overview:\n%s", v)
	}
	f.press(t, "x")
	_ = f.st.View(func(tx *store.Tx) (err error) { tasks, err = store.OpenTasks(tx); return })
	if len(tasks) != 0 {
		t.Errorf("task not done: %+v", tasks)
	}
}

func TestEventForm(t *testing.T) {
	f := newFixture(t, true, 80, 21, nil)
	f.press(t, "n")
	v := f.view(t)
	if !strings.Contains(v, "Neue Veranstaltung") {
		t.Fatalf("form:\n%s", v)
	}
	if !f.tab.Capturing() {
		t.Error("form must capture")
	}
	f.press(t, "esc")
}

// BenchmarkCheckInKeystroke measures one keystroke in check-in mode with
// 500 and 1 000 registrations: filter in memory plus View. Budget at 1 000:
// ≤ 2 ms.
func BenchmarkCheckInKeystroke(b *testing.B) {
	for _, n := range []int{500, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			names := make([]string, n)
			for i := range names {
				names[i] = fmt.Sprintf("Person %04d Müller-%c", i, 'A'+i%26)
			}
			seed, _ := seedEvent(0, names...)
			f := newFixture(b, true, 80, 21, seed)
			f.press(b, "enter", "c")
			ci := f.tab.ci
			if len(ci.rows) != n {
				b.Fatalf("%d rows", len(ci.rows))
			}
			keysSeq := []tea.KeyPressMsg{{Code: 'm', Text: "m"}, {Code: 'ü', Text: "ü"}, {Code: tea.KeyBackspace}, {Code: tea.KeyBackspace}}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				f.tab.Update(keysSeq[i%len(keysSeq)])
				_ = f.tab.View()
			}
		})
	}
}

func TestMailingListScreen(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_DOCUMENTS_DIR", filepath.Join(home, "Dokumente"))
	os.Mkdir(filepath.Join(home, "Dokumente"), 0o700)
	xdg.Reload()
	t.Cleanup(xdg.Reload)
	ak := model.ArbeitskreisFor(model.ThemaBildung)
	f := newFixture(t, true, 80, 21, func(tx *store.Tx) error {
		for _, p := range []*model.Person{
			{Name: "Anna Becker", Email: "anna@schule.example.de", Network: &model.NetworkProfile{Arbeitskreise: []string{ak}}},
			{Name: "Bilal Hassan", Email: "bilal@kita.example.de", Network: &model.NetworkProfile{Arbeitskreise: []string{ak}}},
		} {
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
	f.press(t, "v")
	v := f.view(t)
	if !strings.Contains(v, "Verteiler der Gremien") || !strings.Contains(v, ak) {
		t.Fatalf("Gremien:\n%s", v)
	}
	f.press(t, "enter")
	v = f.view(t)
	if !strings.Contains(v, "anna@schule.example.de; bilal@kita.example.de") || !strings.Contains(v, "Bilal Hassan") {
		t.Fatalf("list:\n%s", v)
	}
	// d shows the file name in the documents folder before writing
	f.press(t, "d")
	want := filepath.Join(home, "Dokumente", "Verteiler-"+strings.ReplaceAll(ak, " ", "-")+".txt")
	if f.tab.frm == nil || f.tab.mf == nil || f.tab.mf.path != want {
		t.Fatalf("no file form with %s: %+v", want, f.tab.mf)
	}
	f.send(t, form.SubmittedMsg{ID: "mailfile"})
	if f.lastStatus.Text != "Verteiler mit allen 2 Adressen gespeichert: "+want {
		t.Fatalf("status %+v", f.lastStatus)
	}
	// the screen shows the whole path (wrapped, not cut) and still fits
	if v := f.view(t); !strings.Contains(strings.ReplaceAll(v, "\n", ""), want) {
		t.Errorf("the path is not whole on the screen:\n%s", v)
	}
	if b, err := os.ReadFile(want); err != nil || string(b) != "anna@schule.example.de; bilal@kita.example.de\r\n" {
		t.Fatalf("file: %q %v", b, err)
	}
	// again: asked first; n brings back the name, j replaces
	os.WriteFile(want, []byte("alt"), 0o600)
	f.press(t, "d")
	f.send(t, form.SubmittedMsg{ID: "mailfile"})
	if f.tab.confirm == nil || !strings.Contains(f.view(t), "gibt es schon") {
		t.Fatalf("no question before replacing:\n%s", f.view(t))
	}
	f.press(t, "n")
	if b, _ := os.ReadFile(want); string(b) != "alt" || f.tab.frm == nil || f.tab.mf.path != want {
		t.Fatalf("n: file %q, form %v", b, f.tab.frm != nil)
	}
	f.send(t, form.SubmittedMsg{ID: "mailfile"})
	f.press(t, "j")
	if b, _ := os.ReadFile(want); !strings.Contains(string(b), "bilal@") {
		t.Fatalf("j did not replace: %q", b)
	}
	// Remove Anna (first member row).
	f.press(t, "x")
	v = f.view(t)
	if strings.Contains(v, "anna@schule") {
		t.Errorf("Anna still on the list:\n%s", v)
	}
	f.press(t, "esc", "esc")
	if f.tab.screen != scrList {
		t.Error("esc esc must return to the event list")
	}
}

func TestEraseFromDetail(t *testing.T) {
	var evID string
	f := newFixture(t, true, 80, 21, func(tx *store.Tx) error {
		ev := &model.Event{Title: "Runder Tisch Nord", Type: model.EventRunderTisch, Start: testNow.Add(-48 * time.Hour),
			End: testNow.Add(-46 * time.Hour), Status: model.EventDurchgefuehrt}
		if err := store.SaveEvent(tx, ev); err != nil {
			return err
		}
		evID = ev.ID
		r, err := store.RegisterNewPerson(tx, ev.ID, &model.Person{Name: "Nur Einmal"}, store.RegisterOptions{WalkIn: true, Role: model.RoleEhrenamt})
		_ = r
		return err
	})
	f.press(t, "enter")
	if v := f.view(t); !strings.Contains(v, "Nur Einmal") || !strings.Contains(v, "da 1") {
		t.Fatalf("detail:\n%s", v)
	}
	f.press(t, "L")
	if v := f.view(t); !strings.Contains(v, "Kontaktdaten aller 1 Anmeldungen löschen?") {
		t.Fatalf("no confirm:\n%s", v)
	}
	// The question sits in the middle of the tab, like the dialogs of the
	// other tabs (it was in the top-left corner).
	for i, l := range strings.Split(f.view(t), "\n") {
		if strings.Contains(l, "Kontaktdaten aller") && (i < 3 || !strings.HasPrefix(l, "     ")) {
			t.Errorf("question not centred: line %d %q", i, l)
		}
	}
	f.press(t, "j")
	v := f.view(t)
	if strings.Contains(v, "Nur Einmal") || !strings.Contains(v, "da 1") || !strings.Contains(v, "gelöscht") {
		t.Errorf("after erase:\n%s", v)
	}
	_ = f.st.View(func(tx *store.Tx) error {
		if n := store.People.Count(tx); n != 0 {
			t.Errorf("%d people left; the walk-in existed only for this event", n)
		}
		e, _ := store.Events.Get(tx, evID)
		if e.CountsAfterErase == nil || e.CountsAfterErase.Teilgenommen != 1 {
			t.Errorf("counts %+v", e.CountsAfterErase)
		}
		return nil
	})
}

// TestViewsFit opens every screen at the smallest and a large content box
// on both backgrounds; view() fails on any line wider than the box or a
// wrong line count.
func TestViewsFit(t *testing.T) {
	for _, size := range [][2]int{{80, 21}, {120, 40}} {
		for _, dark := range []bool{true, false} {
			seed, _ := seedEvent(2, "Özlem Şahin mit einem sehr langen Doppelnamen-Beispiel", "Anna Becker", "Bilal Hassan")
			f := newFixture(t, dark, size[0], size[1], seed)
			f.view(t)
			f.press(t, "enter")
			f.view(t)
			f.press(t, "c", "ö")
			f.view(t)
			f.press(t, "ctrl+n")
			f.view(t)
			f.press(t, "esc", "esc", "esc", "o")
			f.view(t)
			f.press(t, "esc", "t")
			f.view(t)
			f.press(t, "esc", "esc", "v")
			f.view(t)
			f.press(t, "enter")
			f.view(t)
			f.press(t, "esc", "esc", "n")
			f.view(t)
		}
	}
}

func TestProtokollEditor(t *testing.T) {
	seed, ev := seedEvent(0, "Anna Becker")
	f := newFixture(t, true, 80, 21, seed)
	f.press(t, "enter", "o")
	if !f.tab.Capturing() {
		t.Fatal("editor must capture")
	}
	f.press(t, "TOP 1 Begrüßung", "enter", "TOP 2 Berichte", "tab", "- Flyer in fünf Sprachen", "enter", "", "enter", "Nächstes Treffen in Wittingen")
	v := f.view(t)
	if !strings.Contains(v, "TOP 2 Berichte") {
		t.Fatalf("editor:\n%s", v)
	}
	f.send(t, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	var got *model.Event
	_ = f.st.View(func(tx *store.Tx) (err error) { got, err = store.Events.Get(tx, ev.ID); return })
	if got.Protokoll != "TOP 1 Begrüßung\nTOP 2 Berichte" {
		t.Errorf("Protokoll %q", got.Protokoll)
	}
	if len(got.Decisions) != 2 || got.Decisions[0] != "Flyer in fünf Sprachen" {
		t.Errorf("decisions %q", got.Decisions)
	}
	if f.tab.pe != nil {
		t.Error("editor must close after saving")
	}
	if v := f.view(t); !strings.Contains(v, "Protokoll ✓") || !strings.Contains(v, "2 Beschlüsse") {
		t.Errorf("detail after save:\n%s", v)
	}
	// esc with changes asks first.
	f.press(t, "o", "x", "esc")
	if v := f.view(t); !strings.Contains(v, "Änderungen am Protokoll verwerfen?") {
		t.Fatalf("no question:\n%s", v)
	}
	f.press(t, "j")
	if f.tab.pe != nil {
		t.Error("editor must close after discarding")
	}
}
