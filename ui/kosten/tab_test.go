package kosten

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/theme"
	"stabsstelle/ui/uitest"
)

var testNow = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) // Friday

type fx struct {
	t    *testing.T
	st   *store.Store
	ctx  *common.Context
	tab  *Tab
	anna string // volunteer close to the limit
	bern string // volunteer without IBAN
	c1   string // eingereicht claim of anna (80 € allowance)
}

func newFx(t *testing.T, isDark bool) *fx {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "k.db"), store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fx{t: t, st: st}
	d := func(m time.Month, day int) model.Date { return model.Date{Year: 2026, Month: m, Day: day} }
	err = st.Update("mueller", func(tx *store.Tx) error {
		anna := &model.Person{Name: "Anna Schmidt", City: "Gifhorn", Volunteer: &model.VolunteerProfile{IBAN: "DE89370400440532013000", Projects: []string{"Integrationslotsen"}}}
		bern := &model.Person{Name: "Bernd Ohne", Volunteer: &model.VolunteerProfile{}}
		for _, p := range []*model.Person{anna, bern} {
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
		}
		f.anna, f.bern = anna.ID, bern.ID
		fund := &model.Fund{Name: "Integrationslotsen 2026", Year: 2026, Amount: 1400000, Haushaltsstelle: "1.3110.531810"}
		if err := store.Funds.Put(tx, fund); err != nil {
			return err
		}
		paid := &model.Claim{PersonID: anna.ID, PeriodFrom: d(1, 1), PeriodTo: d(1, 31), FundID: fund.ID,
			Lines: []model.ClaimLine{{Kind: model.LinePauschale, Date: d(1, 31), Description: "Lotsin Januar–Oktober", Amount: 90000}}}
		if err := store.SaveClaim(tx, paid); err != nil {
			return err
		}
		open := &model.Claim{PersonID: anna.ID, PeriodFrom: d(11, 1), PeriodTo: d(11, 19), FundID: fund.ID, Project: "Integrationslotsen",
			Lines: []model.ClaimLine{
				{Kind: model.LinePauschale, Date: d(11, 19), Description: "Lotsin November", Amount: 8000},
				{Kind: model.LineFahrt, Date: d(11, 3), From: "Gifhorn", To: "Wittingen", Km: 312}}}
		if err := store.SaveClaim(tx, open); err != nil {
			return err
		}
		f.c1 = open.ID
		for _, c := range []*model.Claim{paid, open} {
			if _, err := store.ApplyClaim(tx, c.ID, 0, model.ActSubmit, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.ctx = &common.Context{Store: st, User: "mueller", Roles: model.AllTeamRoles, Styles: theme.New(isDark), Global: keys.DefaultGlobal(),
		List: keys.DefaultList(), Now: func() time.Time { return testNow }, Width: 80, Height: 21}
	f.tab = New(f.ctx)
	f.send(tea.WindowSizeMsg{Width: 80, Height: 21})
	f.run(f.tab.Init())
	return f
}

// run executes cmd and feeds the messages back, like the runtime would.
func (f *fx) run(cmd tea.Cmd) {
	f.t.Helper()
	(&uitest.Drainer{Update: f.tab.Update}).Run(f.t, cmd)
}

func (f *fx) send(msg tea.Msg) { f.run(f.tab.Update(msg)) }

func (f *fx) key(s string) {
	switch s {
	case "enter":
		f.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	case "esc":
		f.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	case "space":
		f.send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	case "down":
		f.send(tea.KeyPressMsg{Code: tea.KeyDown})
	case "ctrl+s":
		f.send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	default:
		r := []rune(s)[0]
		f.send(tea.KeyPressMsg{Code: r, Text: s})
	}
}

func (f *fx) view() string {
	f.t.Helper()
	v := ansi.Strip(f.tab.View())
	lines := strings.Split(v, "\n")
	if len(lines) != 21 {
		f.t.Errorf("view has %d lines, want 21:\n%s", len(lines), v)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			f.t.Errorf("line %d is %d wide: %q", i, w, l)
		}
	}
	return v
}

func (f *fx) claim(id string) *model.Claim {
	var c *model.Claim
	f.st.View(func(tx *store.Tx) error { c, _ = store.Claims.Get(tx, id); return nil })
	return c
}

func (f *fx) selectClaim(number string) {
	f.t.Helper()
	for range 20 {
		if r, ok := f.tab.claims.Selected(); ok && r.Number == number {
			return
		}
		f.key("down")
	}
	f.t.Fatalf("claim %s not in list", number)
}

func TestListDetailAndFourEyes(t *testing.T) {
	for _, dark := range []bool{true, false} {
		f := newFx(t, dark)
		v := f.view()
		// The period whole: a claim for January is "01/2026", not its first day.
		for _, want := range []string{"K-2026-0001", "K-2026-0002", "Anna Schmidt", "eingereicht", "Integratio", "01/2026", "1.–19.11."} {
			if !strings.Contains(v, want) {
				t.Fatalf("list lacks %q:\n%s", want, v)
			}
		}
		f.selectClaim("K-2026-0002")
		f.key("enter")
		v = f.view()
		if !strings.Contains(v, "Gifhorn → Wittingen, 31,2 km") || !strings.Contains(v, "9,36") || !strings.Contains(v, "⚠ AE 2026") {
			t.Fatalf("detail:\n%s", v)
		}
		// sachlich richtig by mueller: the limit warning asks first
		f.key("r")
		if v = f.view(); !strings.Contains(v, "Achtung") || !strings.Contains(v, "Freibetrag") {
			t.Fatalf("no limit warning before approval:\n%s", v)
		}
		f.key("j")
		if c := f.claim(f.c1); c.Status != model.ClaimSachlich || c.Sachlich.By != "mueller" {
			t.Fatalf("after sachlich: %s", c.Status)
		}
		// the same user cannot sign rechnerisch richtig
		f.key("r")
		if v = f.view(); strings.Contains(v, "Achtung") {
			t.Fatalf("same user got the approval dialog:\n%s", v)
		}
		if !strings.Contains(v, "Vier-Augen") {
			t.Fatalf("no four-eyes message:\n%s", v)
		}
		if c := f.claim(f.c1); c.Status != model.ClaimSachlich {
			t.Fatal("same user signed twice")
		}
		// another user can
		f.ctx.User = "yilmaz"
		f.key("r")
		f.key("j")
		c := f.claim(f.c1)
		if c.Status != model.ClaimRechnerisch || c.Rechnerisch.By != "yilmaz" {
			t.Fatalf("after rechnerisch: %s %+v", c.Status, c.Rechnerisch)
		}
		// yilmaz signed rechnerisch richtig: anordnen needs a third person
		f.key("r")
		if v = f.view(); !strings.Contains(v, "Vier-Augen") {
			t.Fatalf("rechnerisch signer may order:\n%s", v)
		}
		f.ctx.User = "becker"
		f.key("r")
		f.key("j")
		if c = f.claim(f.c1); c.Status != model.ClaimAngeordnet {
			t.Fatalf("not angeordnet: %s", c.Status)
		}
		// frozen: edit refused
		f.key("e")
		if v = f.view(); !strings.Contains(v, "Storno") {
			t.Fatalf("edit of frozen claim not refused:\n%s", v)
		}
		// Storno with a reason
		f.key("o")
		if f.tab.frm == nil {
			t.Fatal("no storno form")
		}
		f.tab.inText = "doppelt eingereicht"
		f.send(form.SubmittedMsg{ID: "kosten:storno"})
		v = f.view()
		if !strings.Contains(v, "Storno K-2026-0003") || !strings.Contains(v, "-89,36 €") || !strings.Contains(v, "doppelt eingereicht") {
			t.Fatalf("storno:\n%s", v)
		}
		f.key("esc")
	}
}

func TestEditorNewClaim(t *testing.T) {
	f := newFx(t, true)
	f.run(f.tab.newClaimFor(f.bern, "Bernd Ohne"))
	if f.tab.screen != scrEditor || f.tab.frm == nil {
		t.Fatalf("editor not open (screen %d)", f.tab.screen)
	}
	ed := f.tab.ed
	ed.from, ed.to, ed.project = "01.11.2026", "20.11.2026", "Formularhilfe"
	f.send(form.SubmittedMsg{ID: "kosten:ed:header"})
	// the first line form opens by itself: a km line
	ed.ln.km, ed.ln.from, ed.ln.to, ed.ln.date = "62,5", "Gifhorn", "Brome", "05.11.2026"
	if p := fahrtPreview(ed.rates, ed.ln, model.Today(testNow)); !strings.Contains(p, "18,75 €") {
		t.Errorf("live amount: %q", p)
	}
	f.send(form.SubmittedMsg{ID: "kosten:ed:line"})
	f.key("b")
	ed.ln.receipt, ed.ln.desc, ed.ln.amount, ed.ln.date = "", "Briefmarken", "12,40", "06.11.2026"
	f.send(form.SubmittedMsg{ID: "kosten:ed:line"})
	v := f.view()
	if !strings.Contains(v, "18,75") || !strings.Contains(v, "31,15 €") {
		t.Fatalf("editor:\n%s", v)
	}
	f.key("ctrl+s")
	if v = f.view(); !strings.Contains(v, "Belegnummer") {
		t.Fatalf("missing receipt number not reported:\n%s", v)
	}
	f.tab.ed.c.Lines[1].ReceiptNo = "B-7"
	f.key("ctrl+s")
	if f.tab.screen != scrDetail || f.tab.det == nil || f.tab.det.c.Number != "K-2026-0003" {
		t.Fatalf("not saved: screen %d flash %q", f.tab.screen, f.tab.flash)
	}
	// submit works without IBAN, approving does not
	f.key("r")
	f.key("r")
	if v = f.view(); !strings.Contains(v, "keine IBAN") {
		t.Fatalf("approval without IBAN:\n%s", v)
	}
}

func TestFundsPeopleAndPayoutRun(t *testing.T) {
	f := newFx(t, false)
	// make claim 2 payable by two users
	for _, s := range []struct {
		who string
		a   model.ClaimAction
	}{{"mueller", model.ActSachlich}, {"yilmaz", model.ActRechnerisch}, {"becker", model.ActAnordnen}} {
		if err := f.st.Update(s.who, func(tx *store.Tx) error { _, err := store.ApplyClaim(tx, f.c1, 0, s.a, ""); return err }); err != nil {
			t.Fatal(err)
		}
	}
	f.run(f.tab.loadClaims())
	f.key("t")
	v := f.view()
	if !strings.Contains(v, "Integrationslotsen 2026") || !strings.Contains(v, "gebunden") || !strings.Contains(v, "▓") {
		t.Fatalf("funds:\n%s", v)
	}
	f.key("v")
	v = f.view()
	if !strings.Contains(v, "DE89 •••• •••• •••• ••30 00") || !strings.Contains(v, "– fehlt –") || strings.Contains(v, "DE89370400440532013000") {
		t.Fatalf("people:\n%s", v)
	}
	f.key("z")
	f.key("n")
	if v = f.view(); !strings.Contains(v, "K-2026-0002") {
		t.Fatalf("payable:\n%s", v)
	}
	f.key("space")
	f.key("enter")
	if f.tab.frm == nil {
		t.Fatalf("no file form: %q", f.tab.flash)
	}
	dir := t.TempDir()
	f.tab.inText = filepath.Join(dir, "lauf.xml")
	f.send(form.SubmittedMsg{ID: "kosten:runfile"})
	if _, err := os.Stat(filepath.Join(dir, "lauf.csv")); err != nil {
		t.Fatalf("csv not written: %v (%s)", err, f.tab.flash)
	}
	v = f.view()
	if !strings.Contains(v, "A-2026-001") || !strings.Contains(v, "erstellt") {
		t.Fatalf("runs:\n%s", v)
	}
	f.key("b")
	f.key("j")
	if c := f.claim(f.c1); c.Status != model.ClaimAusgezahlt {
		t.Fatalf("after confirm: %s (%s)", c.Status, f.tab.flash)
	}
	// certificate
	f.key("v")
	f.tab.people.Select(f.anna)
	f.key("b")
	f.tab.inText = filepath.Join(dir, "bescheinigung.txt")
	f.send(form.SubmittedMsg{ID: "kosten:certfile"})
	b, err := os.ReadFile(filepath.Join(dir, "bescheinigung.txt"))
	if err != nil || !strings.Contains(string(b), "Anna Schmidt") || !strings.Contains(string(b), "K-2026-0002") {
		t.Fatalf("certificate: %v\n%s", err, b)
	}
	if !strings.Contains(f.tab.flash, filepath.Join(dir, "bescheinigung.txt")) {
		t.Errorf("the message names the full path: %q", f.tab.flash)
	}
	// the same name again: asked first; n keeps the file and offers the
	// name again, j replaces it
	os.WriteFile(filepath.Join(dir, "bescheinigung.txt"), []byte("alt"), 0o600)
	f.key("b")
	f.tab.inText = filepath.Join(dir, "bescheinigung.txt")
	f.send(form.SubmittedMsg{ID: "kosten:certfile"})
	if f.tab.confirm == nil || !strings.Contains(f.view(), "gibt es schon") {
		t.Fatalf("no question before overwriting:\n%s", f.view())
	}
	f.key("n")
	if b, _ := os.ReadFile(filepath.Join(dir, "bescheinigung.txt")); string(b) != "alt" {
		t.Fatalf("n overwrote the file: %q", b)
	}
	if f.tab.frm == nil || f.tab.inText != filepath.Join(dir, "bescheinigung.txt") {
		t.Fatalf("after n the form with the name again: %v %q", f.tab.frm != nil, f.tab.inText)
	}
	f.send(form.SubmittedMsg{ID: "kosten:certfile"})
	f.key("j")
	if b, _ := os.ReadFile(filepath.Join(dir, "bescheinigung.txt")); !strings.Contains(string(b), "Anna Schmidt") {
		t.Fatalf("j did not replace the file: %q", b)
	}
	// The form proposes a PDF in the same way: written once, a second
	// time only after a yes.
	f.key("v")
	f.tab.people.Select(f.anna)
	f.key("b")
	if !strings.HasSuffix(f.tab.inText, ".pdf") {
		t.Errorf("vorgeschlagen: %s", f.tab.inText)
	}
	f.tab.inText = filepath.Join(dir, "bescheinigung.pdf")
	f.send(form.SubmittedMsg{ID: "kosten:certfile"})
	if b, err := os.ReadFile(filepath.Join(dir, "bescheinigung.pdf")); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("bescheinigung.pdf: %v", err)
	}
	f.key("b")
	f.tab.inText = filepath.Join(dir, "bescheinigung.pdf")
	f.send(form.SubmittedMsg{ID: "kosten:certfile"})
	if f.tab.confirm == nil {
		t.Fatalf("a printed PDF replaced without a question")
	}
	f.key("n")
	if _, err := os.Stat(filepath.Join(dir, "bescheinigung-2.pdf")); err == nil {
		t.Errorf("n wrote a file")
	}
	if f.tab.frm == nil {
		t.Fatal("after n the name is offered again")
	}
	f.send(form.CancelledMsg{ID: "kosten:certfile"})
	if f.tab.frm != nil {
		t.Fatal("the form did not close")
	}
	// volunteer profile: give Bernd an IBAN; an invalid one is refused
	f.key("v")
	f.tab.people.Select(f.bern)
	f.key("e")
	if f.tab.frm == nil || f.tab.prof == nil {
		t.Fatalf("no profile form: %q", f.tab.flash)
	}
	f.tab.prof.iban = "DE89 3704 0044 0532 0130 01"
	f.send(form.SubmittedMsg{ID: "kosten:profile"})
	if !strings.Contains(f.tab.flash, "Prüfziffer") {
		t.Fatalf("invalid IBAN accepted: %q", f.tab.flash)
	}
	f.key("e")
	f.tab.prof.iban = "DE02 1203 0000 0000 2020 51"
	f.tab.prof.other = "Nähcafé"
	f.send(form.SubmittedMsg{ID: "kosten:profile"})
	v = f.view()
	if !strings.Contains(v, "DE02 •••• •••• •••• ••20 51") {
		t.Fatalf("profile not saved (%q):\n%s", f.tab.flash, v)
	}
	// Anna's IBAN for Bernd too: saved, with a warning naming Anna
	f.key("e")
	f.tab.prof.iban = "DE89 3704 0044 0532 0130 00"
	f.send(form.SubmittedMsg{ID: "kosten:profile"})
	if !f.tab.flashErr || !strings.Contains(f.tab.flash, "dieselbe IBAN hat auch Anna Schmidt") {
		t.Fatalf("no warning about the shared IBAN: %q", f.tab.flash)
	}
	if !strings.Contains(f.view(), "DE89 •••• •••• •••• ••30 00") {
		t.Fatalf("the profile with the shared IBAN was not saved:\n%s", f.view())
	}
}

func TestOpenClaimMsg(t *testing.T) {
	f := newFx(t, true)
	f.send(OpenClaimMsg{ID: f.c1})
	if v := f.view(); !strings.Contains(v, "K-2026-0002 · Anna Schmidt") {
		t.Fatalf("detail not shown:\n%s", v)
	}
}
