package kosten

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/form"
	"stabsstelle/ui/picker"
)

// interpreterFx adds an interpreter with four finished Einsätze (three in
// November 2026, one in October) and a Topf für Sprachmittlung 2026.
func interpreterFx(t *testing.T) (f *fx, interp *model.Person, es []*model.Einsatz, fund *model.Fund) {
	f = newFx(t, true)
	// 15 €/h per started 30 min (7,50 €), at least 2 units, waiting paid, 0,30 €/km
	tariff := model.Tariff{ValidFrom: model.Date{Year: 2018, Month: 1, Day: 1}, RatePerHour: 1500, UnitMinutes: 30,
		MinimumUnits: 2, PerStartedUnit: true, KmRate: 30, WaitingPaid: true}
	at := func(m time.Month, d, h, min int) time.Time {
		return time.Date(2026, m, d, h, min, 0, 0, model.Berlin).UTC()
	}
	err := f.st.Update("mueller", func(tx *store.Tx) error {
		interp = &model.Person{Name: "Amanuel Tesfay", City: "Gifhorn", Interpreter: &model.InterpreterProfile{Languages: []model.LanguageSkill{{Language: "Tigrinya"}}},
			Volunteer: &model.VolunteerProfile{IBAN: "DE68210501700012345678"}}
		if err := store.People.Put(tx, interp); err != nil {
			return err
		}
		org := &model.Organisation{Name: "Jobcenter Gifhorn"}
		if err := store.Organisations.Put(tx, org); err != nil {
			return err
		}
		fund = &model.Fund{Name: "Sprachmittlung 2026", Year: 2026, Amount: 3_000_000}
		if err := store.Funds.Put(tx, fund); err != nil {
			return err
		}
		if _, err := store.SetSprachmittlungFund(tx, fund.ID); err != nil {
			return err
		}
		for _, x := range []struct {
			start, end time.Time
			wait, km   int
		}{
			{at(10, 20, 9, 0), at(10, 20, 10, 0), 0, 0},   // 60 min → 2 units = 15,00 €
			{at(11, 3, 9, 5), at(11, 3, 10, 20), 10, 24},  // 85 min → 3 units = 22,50 €; 24 km = 7,20 €
			{at(11, 5, 14, 0), at(11, 5, 14, 20), 0, 12},  // 20 min → at least 2 units = 15,00 €; 12 km = 3,60 €
			{at(11, 9, 10, 0), at(11, 9, 12, 45), 15, 30}, // 180 min → 6 units = 45,00 €; 30 km = 9,00 €
		} {
			e := &model.Einsatz{OrganisationID: org.ID, Language: "Tigrinya", Place: "Wittingen", Setting: model.SettingOnSite,
				Start: x.start, Duration: time.Hour, InterpreterID: interp.ID, Status: model.StatusDurchgefuehrt}
			if err := e.RecordNachweis(model.Einsatznachweis{ActualStart: x.start, ActualEnd: x.end, WaitingMinutes: x.wait, Km: model.Km(x.km * 10)}, tariff); err != nil {
				return err
			}
			if err := store.Einsaetze.Put(tx, e); err != nil {
				return err
			}
			es = append(es, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f, interp, es, fund
}

func TestChecklistChoosesTheEinsaetze(t *testing.T) {
	f, interp, es, fund := interpreterFx(t)
	f.key("E")
	if f.tab.pick == nil {
		t.Fatal("E opens no picker")
	}
	f.send(picker.PickedMsg{ID: pickInterpID, RecordID: interp.ID, Name: interp.Name})
	v := f.view()
	// The year of the oldest: all four, preselected, with their parts.
	for _, want := range []string{"Einsätze abrechnen · Amanuel Tesfay · Jahr 2026", "Topf: Sprachmittlung 2026",
		"[x] " + es[0].Number, "[x] " + es[3].Number, "22,50", "7,20", "4 von 4 · AE 97,50 €"} {
		if !strings.Contains(v, want) {
			t.Fatalf("checklist lacks %q:\n%s", want, v)
		}
	}
	// m: the month (November, the month of today) – three Einsätze.
	f.key("m")
	v = f.view()
	if !strings.Contains(v, "November 2026") || strings.Contains(v, es[0].Number) || !strings.Contains(v, "3 von 3") {
		t.Fatalf("month:\n%s", v)
	}
	// space takes the first out; esc then asks before throwing the choice away.
	f.key("space")
	if v = f.view(); !strings.Contains(v, "[ ] "+es[1].Number) || !strings.Contains(v, "2 von 3") {
		t.Fatalf("after space:\n%s", v)
	}
	if !f.tab.Dirty() {
		t.Error("a changed choice is not dirty (quit would not ask)")
	}
	f.key("esc")
	if f.tab.confirm == nil {
		t.Fatal("esc with a changed choice did not ask")
	}
	f.key("n")
	if f.tab.screen != scrEinsaetze {
		t.Fatal("answering no left the checklist")
	}
	// a: all; a again: none; enter with none says what to do.
	f.key("a")
	if v = f.view(); !strings.Contains(v, "3 von 3") {
		t.Fatalf("a:\n%s", v)
	}
	f.key("a")
	f.key("enter")
	if !strings.Contains(f.tab.flash, "mindestens einen") {
		t.Fatalf("enter with nothing chosen: %q", f.tab.flash)
	}
	// Choose the 3rd and 4th of November's (x toggles too).
	f.key("a")
	f.tab.check.cursor = 0
	f.key("x")
	if v = f.view(); !strings.Contains(v, "2 von 3") {
		t.Fatalf("x:\n%s", v)
	}
	f.key("enter")
	var c *model.Claim
	f.st.View(func(tx *store.Tx) error {
		rows, _ := store.LoadClaimRows(tx)
		for _, r := range rows {
			if r.PersonID == interp.ID {
				c, _ = store.Claims.Get(tx, r.ID)
			}
		}
		return nil
	})
	if c == nil {
		t.Fatalf("no claim made: %q", f.tab.flash)
	}
	// 15,00 + 45,00 = 60,00 € allowance; 3,60 + 9,00 = 12,60 € km; each once.
	if len(c.Lines) != 4 || c.AllowanceTotal() != 6000 || c.TotalOf(model.LineFahrt) != 1260 || c.FundID != fund.ID {
		t.Fatalf("claim %s: %+v", c.Number, c.Lines)
	}
	if ids := c.EinsatzIDs(); len(ids) != 2 || ids[0] != es[2].ID || ids[1] != es[3].ID {
		t.Fatalf("Einsätze %v", ids)
	}
	// The claim is shown, the checklist closed.
	v = f.view()
	if f.tab.screen != scrDetail || !strings.Contains(v, c.Number) || !strings.Contains(v, "72,60") || f.tab.check != nil {
		t.Fatalf("after enter:\n%s", v)
	}
	// E again: the claimed ones are gone; ← goes back a year (none there).
	f.key("esc")
	f.key("E")
	f.send(picker.PickedMsg{ID: pickInterpID, RecordID: interp.ID, Name: interp.Name})
	if v = f.view(); !strings.Contains(v, "2 von 2") || strings.Contains(v, es[3].Number) {
		t.Fatalf("second checklist:\n%s", v)
	}
	f.send(tea.KeyPressMsg{Code: tea.KeyLeft})
	if v = f.view(); !strings.Contains(v, "Jahr 2025") || !strings.Contains(v, "Keine durchgeführten") {
		t.Fatalf("previous year:\n%s", v)
	}
	f.key("esc") // unchanged: no question
	if f.tab.confirm != nil || f.tab.screen != scrClaims {
		t.Fatalf("esc without changes asked or stayed: %v", f.tab.screen)
	}
}

func TestChecklistAt120(t *testing.T) {
	f, interp, _, _ := interpreterFx(t)
	f.send(tea.WindowSizeMsg{Width: 120, Height: 37})
	f.key("E")
	f.send(picker.PickedMsg{ID: pickInterpID, RecordID: interp.ID, Name: interp.Name})
	v := f.tab.View()
	if !strings.Contains(v, "Ausgewählt 4 von 4 · Aufwandsentschädigung 97,50 € · Fahrtkosten 19,80 € (66 km) · zusammen 117,30 €") {
		t.Fatalf("sum line:\n%s", v)
	}
}

// A paid claim stornoed in the tab: the Rückforderung shows under the
// filter "offene Rückforderungen", on the claim, on the person, and can be
// taken out of netting and marked as paid back.
func TestStornoOfPaidClaimInTheTab(t *testing.T) {
	f := newFx(t, false)
	var paid *model.Claim
	err := f.st.Update("mueller", func(tx *store.Tx) error {
		paid = &model.Claim{PersonID: f.anna, PeriodFrom: model.Date{Year: 2026, Month: 10, Day: 1}, PeriodTo: model.Date{Year: 2026, Month: 10, Day: 31},
			Lines: []model.ClaimLine{{Kind: model.LineBeleg, Date: model.Date{Year: 2026, Month: 10, Day: 2}, ReceiptNo: "7", Description: "Kopien", Amount: 4000}}}
		return store.SaveClaim(tx, paid)
	})
	if err != nil {
		t.Fatal(err)
	}
	sign := func(id string) {
		t.Helper()
		for _, s := range []struct {
			who string
			a   model.ClaimAction
		}{{"mueller", model.ActSubmit}, {"mueller", model.ActSachlich}, {"yilmaz", model.ActRechnerisch}, {"becker", model.ActAnordnen}} {
			if err := f.st.Update(s.who, func(tx *store.Tx) error { _, err := store.ApplyClaim(tx, id, 0, s.a, ""); return err }); err != nil {
				t.Fatal(err)
			}
		}
	}
	sign(paid.ID)
	run, _, err := store.MakePayoutRun(f.st, "kasse", []string{paid.ID}, model.Date{}, filepath.Join(t.TempDir(), "l.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.Update("kasse", func(tx *store.Tx) error { _, err := store.ConfirmPayoutRun(tx, run.ID); return err }); err != nil {
		t.Fatal(err)
	}
	f.run(f.tab.loadClaims())
	f.tab.claims.Select(paid.ID)
	f.key("enter")
	f.key("o")
	if f.tab.frm == nil || f.tab.corrKind != string(model.ClaimStorno) {
		t.Fatalf("no Storno form: %q", f.tab.flash)
	}
	f.tab.inText = "Beleg gehörte zu einem anderen Projekt"
	f.send(form.SubmittedMsg{ID: "kosten:storno"})
	storno := f.tab.det.c
	if storno.Kind != model.ClaimStorno || storno.Total() != -4000 {
		t.Fatalf("storno %+v", storno)
	}
	sign(storno.ID)
	f.run(f.tab.loadClaims()) // the change feed does this in the program
	// The filter of the list: the claim and its Storno.
	f.key("esc")
	for f.tab.statusF = 0; statusFilters[f.tab.statusF].label != reclaimFilter; {
		f.key("F")
	}
	v := f.view()
	if !strings.Contains(v, "offene Rückforderungen (2)") || !strings.Contains(v, paid.Number) || !strings.Contains(v, storno.Number) || !strings.Contains(v, "↩") {
		t.Fatalf("filter:\n%s", v)
	}
	f.tab.claims.Select(paid.ID)
	f.key("enter")
	if v = f.view(); !strings.Contains(v, "Rückforderung R-2026-001 über 40,00 €: offen 40,00 €") ||
		!strings.Contains(v, "Ganz storniert mit "+storno.Number) {
		t.Fatalf("detail:\n%s", v)
	}
	// w: not netted; the person owes it (Engagierte list).
	f.key("w")
	var r *model.Reclaim
	f.st.View(func(tx *store.Tx) error { rs, _ := store.OpenReclaimsOf(tx, f.anna); r = rs[0]; return nil })
	if r.Net {
		t.Fatal("w did not switch netting off")
	}
	f.key("v")
	if v = f.view(); !strings.Contains(v, "Rückf.") || !strings.Contains(v, "40,00") {
		t.Fatalf("people:\n%s", v)
	}
	// g: paid back today.
	f.key("a")
	f.tab.claims.Select(paid.ID)
	f.key("enter")
	f.key("g")
	if f.tab.frm == nil {
		t.Fatalf("no paid-back form: %q", f.tab.flash)
	}
	f.send(form.SubmittedMsg{ID: "kosten:paidback"})
	f.st.View(func(tx *store.Tx) error { r, _ = store.Reclaims.Get(tx, r.ID); return nil })
	if r.Status != model.ReclaimZurueckgezahlt || r.Settlements[0].By != "mueller" || r.Settlements[0].Date != model.Today(testNow) {
		t.Fatalf("after g: %+v (%q)", r, f.tab.flash)
	}
}

func TestFundMarkedForSprachmittlung(t *testing.T) {
	f := newFx(t, true)
	f.key("t")
	f.key("s")
	var set store.KostenSettings
	f.st.View(func(tx *store.Tx) error { set, _ = store.LoadKostenSettings(tx); return nil })
	if set.SprachmittlungFund(2026) != f.tab.funds[0].ID {
		t.Fatalf("settings %+v", set.SprachmittlungFunds)
	}
	if v := f.view(); !strings.Contains(v, "★ Integrationslotsen 2026") {
		t.Fatalf("funds:\n%s", v)
	}
}
