package kosten

import (
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/form"
	"stabsstelle/ui/theme"
	"stabsstelle/ui/uitest"
)

// Found by walking through the Kosten scenario (issue 4) at 80×24 and
// 120×40 in a real terminal.

func (f *fx) typeText(s string) {
	for _, r := range s {
		f.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// approveForPayout signs a claim through to "angeordnet" with two users.
func (f *fx) approveForPayout(id string) {
	f.t.Helper()
	for _, s := range []struct {
		who string
		a   model.ClaimAction
	}{{"mueller", model.ActSachlich}, {"yilmaz", model.ActRechnerisch}, {"becker", model.ActAnordnen}} {
		if err := f.st.Update(s.who, func(tx *store.Tx) error { _, err := store.ApplyClaim(tx, id, 0, s.a, ""); return err }); err != nil {
			f.t.Fatal(err)
		}
	}
}

// The amount under the km field follows what is typed: it used to stay at
// "Betrag wird aus km-Satz … berechnet" whatever the kilometres were.
func TestFahrtAmountFollowsTyping(t *testing.T) {
	f := newFx(t, true)
	f.run(f.tab.newClaimFor(f.bern, "Bernd Ohne"))
	ed := f.tab.ed
	ed.from, ed.to = "01.11.2026", "20.11.2026"
	f.send(form.SubmittedMsg{ID: "kosten:ed:header"})
	if f.tab.frm == nil || f.tab.frm.ID() != "kosten:ed:line" {
		t.Fatal("the km form did not open")
	}
	f.key("enter") // date as offered
	f.typeText("Gifhorn")
	f.key("enter")
	f.typeText("Brome")
	f.key("enter")
	f.typeText("62,5")
	f.key("enter") // on to the vehicle: the amount is in view
	if v := f.view(); !strings.Contains(v, "= 18,75 €") {
		t.Fatalf("amount not computed while typing:\n%s", v)
	}
	f.send(tea.KeyPressMsg{Code: tea.KeyDown}) // motorbike: 0,20 €/km
	if v := f.view(); !strings.Contains(v, "= 12,50 €") {
		t.Fatalf("amount does not follow the vehicle:\n%s", v)
	}
}

// After saving a new claim its own detail is shown: the detail of the claim
// looked at before used to stay on the screen (with "K-… gespeichert"
// above it), so "r" would have signed the wrong claim.
func TestSavedClaimIsTheOneShown(t *testing.T) {
	f := newFx(t, true)
	f.selectClaim("K-2026-0002")
	f.key("enter")
	if v := f.view(); !strings.Contains(v, "K-2026-0002 · Anna Schmidt") {
		t.Fatalf("detail:\n%s", v)
	}
	f.key("esc")
	f.run(f.tab.newClaimFor(f.bern, "Bernd Ohne"))
	ed := f.tab.ed
	ed.from, ed.to = "01.11.2026", "20.11.2026"
	f.send(form.SubmittedMsg{ID: "kosten:ed:header"})
	ed.ln.km, ed.ln.from, ed.ln.to, ed.ln.date = "10", "Gifhorn", "Meine", "05.11.2026"
	f.send(form.SubmittedMsg{ID: "kosten:ed:line"})
	f.key("ctrl+s")
	v := f.view()
	if !strings.Contains(v, "K-2026-0003 · Bernd Ohne") || strings.Contains(v, "Anna Schmidt") {
		t.Fatalf("the saved claim is not the one shown:\n%s", v)
	}
	if f.tab.det == nil || f.tab.det.c.Number != "K-2026-0003" {
		t.Fatalf("detail holds %v", f.tab.det)
	}
}

// The claim detail at 80 columns shows every signature whole (the time of
// "angeordnet" and "ausgezahlt" used to be cut off), at 120 two per line.
func TestSignaturesWholeAt80(t *testing.T) {
	f := newFx(t, true)
	f.approveForPayout(f.c1)
	f.send(OpenClaimMsg{ID: f.c1})
	v := f.view()
	stamp := model.FormatDateTime(testNow)
	if n := strings.Count(v, stamp); n != 3 {
		t.Fatalf("want 3 whole signatures with %q, got %d:\n%s", stamp, n, v)
	}
	for _, want := range []string{"sachlich richtig   : mueller", "rechnerisch richtig: yilmaz", "angeordnet         : becker", "ausgezahlt         : —"} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q:\n%s", want, v)
		}
	}
	f.send(tea.WindowSizeMsg{Width: 120, Height: 21})
	v = f.tab.View()
	if !strings.Contains(v, "angeordnet: becker "+stamp) {
		t.Errorf("120 columns: signatures not side by side:\n%s", v)
	}
}

// A payout run just written is the selected one, so "b" (confirm) works on
// it at once; the selection used to stay on the previous run and "b" said
// only created runs could be confirmed.
func TestNewPayoutRunIsSelected(t *testing.T) {
	f := newFx(t, true)
	dir := t.TempDir()
	makeRun := func(name string) {
		f.t.Helper()
		f.key("z")
		f.key("n")
		f.key("space")
		f.key("enter")
		if f.tab.frm == nil {
			t.Fatalf("no file form: %q", f.tab.flash)
		}
		f.tab.inText = filepath.Join(dir, name)
		f.send(form.SubmittedMsg{ID: "kosten:runfile"})
	}
	f.approveForPayout(f.c1)
	makeRun("eins.xml")
	f.key("b")
	f.key("j")
	if c := f.claim(f.c1); c.Status != model.ClaimAusgezahlt {
		t.Fatalf("first run not confirmed: %s (%s)", c.Status, f.tab.flash)
	}
	// a second claim, a second run
	var c2 string
	err := f.st.Update("mueller", func(tx *store.Tx) error {
		c := &model.Claim{PersonID: f.anna, PeriodFrom: model.Date{Year: 2026, Month: 11, Day: 1}, PeriodTo: model.Date{Year: 2026, Month: 11, Day: 20},
			Lines: []model.ClaimLine{{Kind: model.LineBeleg, Date: model.Date{Year: 2026, Month: 11, Day: 4}, ReceiptNo: "R-1", Description: "Hefte", Amount: 1290}}}
		if err := store.SaveClaim(tx, c); err != nil {
			return err
		}
		c2 = c.ID
		_, err := store.ApplyClaim(tx, c.ID, 0, model.ActSubmit, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f.approveForPayout(c2)
	makeRun("zwei.xml")
	if r, ok := f.tab.runs.Selected(); !ok || r.Number != "A-2026-002" {
		t.Fatalf("selected run %+v, want the new A-2026-002", r)
	}
	f.key("b")
	if v := f.view(); !strings.Contains(v, "A-2026-002") || f.tab.confirm == nil {
		t.Fatalf("confirm does not ask for the new run (%q):\n%s", f.tab.flash, v)
	}
	f.key("j")
	if c := f.claim(c2); c.Status != model.ClaimAusgezahlt {
		t.Fatalf("second run not confirmed: %s", c.Status)
	}
}

// While a picker, form or dialog is open the help line does not offer the
// keys of the screen behind it ("f + Fahrt" while typing a date).
func TestHelpLineShowsTheOverlaysKeys(t *testing.T) {
	f := newFx(t, true)
	if len(f.tab.ShortHelp()) == 0 {
		t.Fatal("list without help")
	}
	f.key("n")
	if f.tab.pick == nil || !strings.Contains(helpText(f.tab.ShortHelp()), "enter auswählen") {
		t.Fatalf("picker: help %v", f.tab.ShortHelp())
	}
	f.key("esc")
	f.run(f.tab.newClaimFor(f.bern, "Bernd Ohne"))
	if h := helpText(f.tab.ShortHelp()); f.tab.frm == nil || !strings.Contains(h, "ctrl+s speichern") || !strings.Contains(h, "esc abbrechen") {
		t.Fatalf("header form: help %q", h)
	}
	f.send(form.CancelledMsg{ID: "kosten:ed:header"})
	f.send(OpenClaimMsg{ID: f.c1})
	f.key("r") // the limit warning
	if h := helpText(f.tab.ShortHelp()); f.tab.confirm == nil || h != "j ja · n/esc nein · enter bestätigen" {
		t.Fatalf("dialog: help %q", h)
	}
}

func helpText(bs []key.Binding) string {
	var parts []string
	for _, b := range bs {
		if b.Enabled() {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(parts, " · ")
}

// The app starts with dark styles and switches when the terminal answers
// with a light background: the tables follow (they kept the dark
// selection and a filter colour that is pale on white).
func TestLightTerminalAnswerRestylesTables(t *testing.T) {
	f := newFx(t, true)
	if v := f.tab.View(); !strings.Contains(v, "48;5;24m") {
		t.Fatalf("dark selection expected first:\n%q", v)
	}
	f.ctx.Styles = theme.New(false) // what the root does
	f.send(tea.BackgroundColorMsg{Color: color.White})
	v := f.tab.View()
	if strings.Contains(v, "48;5;24m") || !strings.Contains(v, "48;5;153m") {
		t.Fatalf("tables keep the dark styles on a light terminal:\n%q", v)
	}
}

// Every screen of the scenario is legible on a light and on a dark
// terminal: no text in a colour below 3:1 against its background. The
// options of every list in a form used to be 235 on black (dark) and 252 on
// white (light); the values of fields without focus light grey on white.
func TestPaletteLegible(t *testing.T) {
	for _, dark := range []bool{false, true} {
		f := newFx(t, dark)
		f.approveForPayout(f.c1)
		f.run(f.tab.loadClaims())
		screens := map[string]string{"Anträge": f.tab.View()}
		f.send(OpenClaimMsg{ID: f.c1})
		screens["Antrag"] = f.tab.View()
		f.key("x") // reject: a form with a text field
		screens["Ablehnen"] = f.tab.View()
		f.send(form.CancelledMsg{ID: "kosten:reject"})
		f.key("a")
		f.key("/")
		f.typeText("anna")
		screens["Filter"] = f.tab.View()
		f.key("esc")
		f.key("t")
		screens["Fördertöpfe"] = f.tab.View()
		f.key("v")
		screens["Engagierte"] = f.tab.View()
		f.key("z")
		f.key("n")
		f.key("space")
		screens["Zahllauf"] = f.tab.View()
		f.key("enter")
		screens["Zahllauf-Formular"] = f.tab.View()
		f.send(form.CancelledMsg{ID: "kosten:runfile"})
		f.run(f.tab.newClaimFor(f.bern, "Bernd Ohne"))
		screens["Kopfdaten"] = f.tab.View()
		for name, v := range screens {
			if bad := uitest.LowContrast(v, dark, 3); len(bad) > 0 {
				t.Errorf("dunkel=%v, %s: schlecht lesbar: %s", dark, name, strings.Join(bad, ", "))
			}
		}
	}
}

// A payout run never writes over an existing file (the default name was
// the same for every run of a day): the refusal is shown, no run is
// stored, the typed name is offered again; the default name carries the
// time, so the next run of the day gets its own file.
func TestPayoutFileNotOverwritten(t *testing.T) {
	f := newFx(t, true)
	f.approveForPayout(f.c1)
	dir := t.TempDir()
	old := filepath.Join(dir, "lauf.xml")
	if err := os.WriteFile(old, []byte("früherer Zahllauf"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.key("z")
	f.key("n")
	f.key("space")
	f.key("enter")
	if f.tab.frm == nil || !strings.HasSuffix(f.tab.inText, "zahllauf-2026-11-20-1000.xml") {
		t.Fatalf("default name %q", f.tab.inText)
	}
	f.tab.inText = old
	f.send(form.SubmittedMsg{ID: "kosten:runfile"})
	if !strings.Contains(f.tab.flash, "gibt es schon") {
		t.Fatalf("flash %q", f.tab.flash)
	}
	if b, _ := os.ReadFile(old); string(b) != "früherer Zahllauf" {
		t.Fatalf("overwritten: %q", b)
	}
	_ = f.st.View(func(tx *store.Tx) error {
		if runs, _ := store.AllPayouts(tx); len(runs) != 0 {
			t.Errorf("%d runs stored", len(runs))
		}
		return nil
	})
	f.key("enter")
	if f.tab.frm == nil || f.tab.inText != old {
		t.Fatalf("typed name not offered again: %q", f.tab.inText)
	}
	f.tab.inText = filepath.Join(dir, "lauf2.xml")
	f.send(form.SubmittedMsg{ID: "kosten:runfile"})
	if _, err := os.Stat(filepath.Join(dir, "lauf2.csv")); err != nil {
		t.Fatalf("second try not written: %v (%s)", err, f.tab.flash)
	}
}

// "f", "b", "p" on a claim's page (the README's "im Antrag: f b p") say how
// to add a position instead of doing nothing.
func TestAddKeysOnDetailExplain(t *testing.T) {
	f := newFx(t, true)
	f.send(OpenClaimMsg{ID: f.c1})
	f.key("f")
	if !strings.Contains(f.tab.flash, "mit e bearbeiten") {
		t.Fatalf("no hint: %q", f.tab.flash)
	}
	f.approveForPayout(f.c1)
	f.send(OpenClaimMsg{ID: f.c1})
	f.key("b")
	if !strings.Contains(f.tab.flash, "Storno") {
		t.Fatalf("frozen claim: %q", f.tab.flash)
	}
}

// The new-run screen names the execution date in a line that fits 80
// columns (it was cut: "… enter schreibt die Date…").
func TestNewRunNamesExecutionDate(t *testing.T) {
	f := newFx(t, true)
	f.approveForPayout(f.c1)
	f.key("z")
	f.key("n")
	v := f.view()
	if !strings.Contains(v, "Ausführung am 23.11.2026 (nächster Bankarbeitstag).") { // Friday → Monday
		t.Fatalf("execution date:\n%s", v)
	}
	if strings.Contains(v, "…\n") || strings.HasSuffix(strings.TrimRight(v, " \n"), "…") {
		t.Fatalf("line cut:\n%s", v)
	}
}

// In team mode the payout files go to "ausgaben" next to the database on
// the team machine (created on the first run), not into the server's
// working directory ("/" under systemd, where writing failed).
func TestPayoutRunInTeamModeGoesNextToTheDatabase(t *testing.T) {
	f := newFx(t, true)
	f.ctx.Remote = true
	f.approveForPayout(f.c1)
	f.key("z")
	f.key("n")
	f.key("space")
	f.key("enter")
	want := filepath.Join(filepath.Dir(f.st.Path()), "ausgaben", "zahllauf-2026-11-20-1000.xml")
	if abs, err := filepath.Abs(want); err == nil {
		want = abs
	}
	if f.tab.frm == nil || f.tab.inText != want {
		t.Fatalf("proposed %q, want %q", f.tab.inText, want)
	}
	if v := f.view(); !strings.Contains(v, "auf dem Teamrechner") {
		t.Errorf("the form does not say where the file goes:\n%s", v)
	}
	f.send(form.SubmittedMsg{ID: "kosten:runfile"})
	for _, p := range []string{want, strings.TrimSuffix(want, ".xml") + ".csv"} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s not written: %v (%s)", p, err, f.tab.flash)
		}
	}
	if fi, err := os.Stat(filepath.Dir(want)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("ausgaben folder: %v %v", fi, err)
	}
}
