package berichte

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/theme"
	"stabsstelle/ui/uitest"
)

var update = flag.Bool("update", false, "golden-Dateien neu schreiben")

// testNow is Thursday 19.11.2026, 10:00 in Berlin.
var testNow = model.At(model.NewDate(2026, 11, 19), 10*60)

type fixture struct {
	st     *store.Store
	ctx    *common.Context
	tab    *Tab
	events <-chan []store.Event
	opened []common.OpenRecordMsg
}

// seed writes a small year: Einsätze in three languages at two
// institutions (one month with none), a fund with two payments and a
// Rückforderung, and two events.
func seed(tx *store.Tx) error {
	jc := &model.Organisation{Name: "Jobcenter Gifhorn", City: "Gifhorn"}
	gs := &model.Organisation{Name: "Grundschule Wittingen", City: "Wittingen"}
	for _, o := range []*model.Organisation{jc, gs} {
		if err := store.Organisations.Put(tx, o); err != nil {
			return err
		}
	}
	in := &model.Person{Name: "Amina Haddad", Interpreter: &model.InterpreterProfile{Languages: []model.LanguageSkill{{Language: "Arabisch"}}}}
	if err := store.People.Put(tx, in); err != nil {
		return err
	}
	add := func(m time.Month, d int, lang string, org *model.Organisation, st model.Status, minutes int) error {
		start := model.At(model.NewDate(2026, m, d), 9*60)
		e := &model.Einsatz{OrganisationID: org.ID, Language: lang, Setting: model.SettingOnSite, Place: org.City, Start: start,
			Duration: time.Hour, Status: st}
		e.Created = start.AddDate(0, 0, -10)
		if st.NeedsInterpreter() || st == model.StatusDurchgefuehrt {
			e.InterpreterID = in.ID
		}
		if minutes > 0 {
			if err := e.RecordNachweis(model.Einsatznachweis{ActualStart: start, ActualEnd: start.Add(time.Duration(minutes) * time.Minute), Km: 100}, model.DefaultTariffs()[0]); err != nil {
				return err
			}
		}
		return store.Einsaetze.Put(tx, e)
	}
	for _, x := range []struct {
		m    time.Month
		d    int
		lang string
		org  *model.Organisation
		st   model.Status
		min  int
	}{
		{1, 12, "Arabisch", jc, model.StatusDurchgefuehrt, 60}, {1, 14, "Arabisch", jc, model.StatusDurchgefuehrt, 90},
		{2, 3, "Tigrinya", gs, model.StatusNichtVermittelbar, 0}, {2, 10, "Arabisch", gs, model.StatusStorniertRechtzeitig, 0},
		{4, 2, "Ukrainisch", jc, model.StatusDurchgefuehrt, 45}, {11, 25, "Arabisch", gs, model.StatusVermittelt, 0},
	} {
		if err := add(x.m, x.d, x.lang, x.org, x.st, x.min); err != nil {
			return err
		}
	}
	fund := &model.Fund{Name: "Sprachmittlung 2026", Year: 2026, Amount: 300000}
	if err := store.Funds.Put(tx, fund); err != nil {
		return err
	}
	for i, c := range []struct {
		m   time.Month
		amt model.Money
	}{{2, 4500}, {5, 2250}} {
		cl := &model.Claim{PersonID: in.ID, PersonName: in.Name, PeriodFrom: model.NewDate(2026, c.m, 1), PeriodTo: model.NewDate(2026, c.m, 20),
			FundID: fund.ID, Project: "Sprachmittlung", Status: model.ClaimAusgezahlt,
			Lines: []model.ClaimLine{{Kind: model.LinePauschale, Date: model.NewDate(2026, c.m, 2), Description: fmt.Sprint("AE ", i), Amount: c.amt}},
			Paid:  &model.Signature{By: "kasse", At: model.At(model.NewDate(2026, c.m, 25), 9*60)}}
		if err := store.Claims.Put(tx, cl); err != nil {
			return err
		}
		if i == 1 {
			// 10,00 € of May's claim owed back; 6,00 € paid back in June.
			r := &model.Reclaim{PersonID: in.ID, PersonName: in.Name, ClaimID: cl.ID, ClaimNumber: cl.Number, CorrectionID: "x",
				CorrectionNumber: "K-2026-0009", Amount: 1000, Reason: "Korrektur", Due: model.NewDate(2026, 7, 1), Status: model.ReclaimOffen,
				Settlements: []model.ReclaimSettlement{{Kind: model.ReclaimZurueckgezahlt, Amount: 600, Date: model.NewDate(2026, 6, 15), By: "kasse", At: testNow}}}
			r.Created = model.At(model.NewDate(2026, 6, 1), 9*60)
			if err := store.Reclaims.Put(tx, r); err != nil {
				return err
			}
		}
	}
	for _, ev := range []*model.Event{
		{Title: "AK Bildung", Type: model.EventArbeitskreis, Themenfelder: []model.Themenfeld{model.ThemaBildung}, Region: model.RegionZentrum,
			Start: model.At(model.NewDate(2026, 3, 4), 14*60), Status: model.EventDurchgefuehrt},
		{Title: "Runder Tisch Nord", Type: model.EventRunderTisch, Region: model.RegionNord, Gremium: "Runder Tisch Nord",
			Start: model.At(model.NewDate(2026, 6, 9), 18*60), Status: model.EventDurchgefuehrt},
	} {
		if err := store.SaveEvent(tx, ev); err != nil {
			return err
		}
	}
	return nil
}

func newFixture(t testing.TB, isDark bool, w, h int) *fixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "b.db"), store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Bulk("seed", seed); err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st}
	f.events = uitest.Events(t, st)
	f.ctx = &common.Context{Store: st, User: "tester", Styles: theme.New(isDark), Global: keys.DefaultGlobal(),
		List: keys.DefaultList(), Now: func() time.Time { return testNow }, Width: w, Height: h}
	f.tab = New(f.ctx)
	f.send(t, tea.WindowSizeMsg{Width: w, Height: h})
	if cmd := f.tab.Init(); cmd != nil {
		t.Fatal("Init liest schon – die Berichte lesen erst, wenn der Reiter gezeigt wird")
	}
	if f.tab.in != nil || f.tab.loading {
		t.Fatal("vor dem ersten Zeigen sind Daten geladen")
	}
	f.run(t, f.tab.Shown()) // the root calls it when the tab is first shown
	if f.tab.in == nil || f.tab.Shown() != nil {
		t.Fatal("nach dem Zeigen nicht geladen, oder ein zweites Zeigen liest noch einmal")
	}
	return f
}

func (f *fixture) run(t testing.TB, cmd tea.Cmd) {
	t.Helper()
	(&uitest.Drainer{Update: func(msg tea.Msg) tea.Cmd {
		if o, ok := msg.(common.OpenRecordMsg); ok {
			f.opened = append(f.opened, o)
			return nil
		}
		return f.tab.Update(msg)
	}, Events: f.events}).Run(t, cmd)
}

func (f *fixture) send(t testing.TB, msg tea.Msg) { t.Helper(); f.run(t, f.tab.Update(msg)) }

func (f *fixture) press(t testing.TB, ks ...string) {
	t.Helper()
	special := map[string]tea.KeyPressMsg{"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape},
		"down": {Code: tea.KeyDown}, "up": {Code: tea.KeyUp}, "right": {Code: tea.KeyRight}, "left": {Code: tea.KeyLeft}}
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
	if len(lines) > f.tab.h {
		t.Errorf("view has %d lines, more than %d", len(lines), f.tab.h)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > f.tab.w {
			t.Errorf("line %d is %d wide (> %d): %q", i, w, f.tab.w, ansi.Strip(l))
		}
	}
	return ansi.Strip(v)
}

// TestGolden pins the three sections at 80×24 and 120×40 (go test
// ./ui/berichte -run Golden -update rewrites them).
func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 21}, {120, 37}} { // the content box of 80×24 and 120×40
		f := newFixture(t, true, size[0], size[1])
		screens := map[string]string{"sprachmittlung": f.view(t)}
		f.press(t, "right")
		screens["kosten"] = f.view(t)
		f.press(t, "right")
		screens["netzwerk"] = f.view(t)
		for name, got := range screens {
			uitest.Golden(t, fmt.Sprintf("%s_%dx%d", name, size[0], size[1]+3), got, *update)
		}
	}
}

// TestChartNumbers checks the figures on screen against the seed, counted
// by hand: six Einsätze, January two, Arabisch four.
func TestChartNumbers(t *testing.T) {
	f := newFixture(t, false, 120, 37)
	v := f.view(t)
	// 60 + 90 + 45 minutes; 2 + 3 + 2 (minimum) half hours at 7,50 €;
	// three times 10 km at 0,30 €.
	for _, want := range []string{"6 Einsätze · 3 durchgeführt · 3:15 h · nicht vermittelbar 1",
		"Aufwandsentschädigung 52,50 € · Fahrtkosten 9,00 €", "Berichte 2026 (Jahr)"} {
		if !strings.Contains(v, want) {
			t.Errorf("es fehlt %q:\n%s", want, v)
		}
	}
	line := func(v, label string) string {
		for _, l := range strings.Split(v, "\n") {
			if strings.Contains(l, label) {
				return l
			}
		}
		return ""
	}
	if l := line(v, "Jan 2026"); !strings.Contains(l, "█") || !strings.Contains(l, " 2  33,3 %") {
		t.Errorf("Januar: %q", l)
	}
	if l := line(v, "Mär 2026"); strings.Contains(l, "█") || !strings.Contains(l, " 0 ") {
		t.Errorf("März ohne Einsätze: %q", l)
	}
	// Filter by hand: only Ukrainisch (set directly, the form is huh's).
	f.tab.filter = model.ReportFilter{Language: "Ukrainisch"}
	f.run(t, f.tab.compute())
	v = f.view(t)
	if !strings.Contains(v, "1 Einsätze · 1 durchgeführt") || !strings.Contains(v, "Filter: Ukrainisch") {
		t.Errorf("Filter Ukrainisch:\n%s", v)
	}
	f.press(t, "F")
	if v = f.view(t); !strings.Contains(v, "6 Einsätze") {
		t.Errorf("Filter gelöscht:\n%s", v)
	}
	// The first quarter, then three quarters later.
	f.press(t, "z")
	if v = f.view(t); !strings.Contains(v, "1. Quartal 2026") || !strings.Contains(v, "4 Einsätze") {
		t.Errorf("1. Quartal:\n%s", v)
	}
	f.press(t, "]", "]", "]")
	if v = f.view(t); !strings.Contains(v, "4. Quartal 2026") || !strings.Contains(v, "1 Einsätze") {
		t.Errorf("4. Quartal:\n%s", v)
	}
}

// TestDrillDownOpensRecord: enter on a bar lists the Einsätze behind it,
// enter on one asks the root to open it.
func TestDrillDownOpensRecord(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.press(t, "enter") // January
	v := f.view(t)
	if !strings.Contains(v, "Einsätze Januar 2026") || !strings.Contains(v, "2 Datensätze") || strings.Count(v, "Jobcenter Gifho") != 2 {
		t.Fatalf("Januar:\n%s", v)
	}
	f.press(t, "enter")
	if len(f.opened) != 1 || f.opened[0].Kind != store.KindEinsatz || f.opened[0].ID == "" {
		t.Fatalf("geöffnet: %+v", f.opened)
	}
	f.press(t, "esc")
	if v := f.view(t); !strings.Contains(v, "Einsätze je Monat") {
		t.Errorf("esc führt nicht zurück:\n%s", v)
	}
	// The Kosten burn-down: February's payment, 45,00 €.
	f.press(t, "right", "down", "enter")
	if v := f.view(t); !strings.Contains(v, "Sprachmittlung 2026 · Februar 2026") || !strings.Contains(v, "45,00 €") {
		t.Errorf("Zahlungen Februar:\n%s", v)
	}
}

// TestChangeFeedKeepsCurrent: a new Einsatz written elsewhere shows up
// without reloading the year.
func TestChangeFeedKeepsCurrent(t *testing.T) {
	f := newFixture(t, true, 120, 37)
	var orgID string
	_ = f.st.View(func(tx *store.Tx) error {
		return store.Organisations.Each(tx, func(o *model.Organisation) error { orgID = o.ID; return nil })
	})
	err := f.st.Update("kollegin", func(tx *store.Tx) error {
		start := model.At(model.NewDate(2026, 3, 10), 9*60)
		return store.Einsaetze.Put(tx, &model.Einsatz{OrganisationID: orgID, Language: "Dari", Setting: model.SettingPhone,
			Start: start, Duration: time.Hour, Status: model.StatusAnfrage})
	})
	if err != nil {
		t.Fatal(err)
	}
	f.run(t, nil) // deliver the change event
	v := f.view(t)
	if !strings.Contains(v, "7 Einsätze") {
		t.Errorf("das neue Einsatz fehlt:\n%s", v)
	}
}

// TestContrast: every text of the charts reads on a dark and on a light
// terminal (the bars are lines and left out of the check).
func TestContrast(t *testing.T) {
	for _, dark := range []bool{true, false} {
		f := newFixture(t, dark, 80, 21)
		for i := 0; i < 3; i++ {
			if low := uitest.LowContrast(f.tab.View(), dark, 4.5); len(low) > 0 {
				t.Errorf("dunkel=%v, Bereich %d: schwer lesbar: %v", dark, i, low)
			}
			f.press(t, "right")
		}
	}
}
