package sprachmittlung

import (
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func (f *fixture) einsatz(t *testing.T, id string) *model.Einsatz {
	t.Helper()
	var e *model.Einsatz
	if err := f.st.View(func(tx *store.Tx) (err error) { e, err = store.Einsaetze.Get(tx, id); return }); err != nil {
		t.Fatal(err)
	}
	return e
}

func berlin(d, hh, mm int) time.Time {
	return model.At(model.NewDate(2026, 3, d), model.Clock(hh*60+mm))
}

// E-2026-0001 begins Thursday 05.03.2026 10:00; the default tariff's
// deadline is 24 hours before: Wednesday 10:00.
func TestAbsageDialogRechtzeitig(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.now = berlin(3, 16, 0) // Tuesday 16:00, 42 hours before
	f.openByNumber(t, "E-2026-0001")
	v := f.absage(t, model.CancelByEinrichtung, "", "Termin entfällt", "")
	for _, want := range []string{"Abgesagt von", "‹ Einrichtung ›", "Eingegangen am", "03.03.2026 16:00",
		"Entscheidung: storniert (rechtzeitig) · keine Ausfallpauschale", "42:00 h vor Beginn", "Frist Mi 04.03.2026 10:00"} {
		if !strings.Contains(v, want) {
			t.Errorf("the dialog must show %q before saving:\n%s", want, v)
		}
	}
	e := f.einsatz(t, f.e1)
	c := e.Cancellation
	if e.Status != model.StatusStorniertRechtzeitig || c == nil || c.Late || c.Ausfallpauschale != 0 || c.By != model.CancelByEinrichtung ||
		!c.At.Equal(f.now) || c.Reason != "Termin entfällt" {
		t.Fatalf("stored: %s %+v", e.Status, c)
	}
	v = f.view(t)
	if f.tab.screen != scrDetail || !strings.Contains(f.lastStatus.Text, "storniert (rechtzeitig) – keine Ausfallpauschale") {
		t.Errorf("back on the detail with the result: %+v\n%s", f.lastStatus, v)
	}
	f.tab.det.scroll.by(100)
	if v := f.view(t); !strings.Contains(v, "rechtzeitig (nach der Frist)") || !strings.Contains(v, "Mi 04.03.2026 10:00") {
		t.Errorf("the detail shows the decision and the deadline:\n%s", v)
	}
}

func TestAbsageDialogKurzfristigWithTypedReceipt(t *testing.T) {
	f := newFixture(t, true, 120, 37)
	f.now = berlin(5, 8, 0) // Thursday 08:00; E-2026-0003 begins at 14:00
	f.openByNumber(t, "E-2026-0003")
	// received at 04:00 on Thursday: 10 hours before the start
	v := f.absage(t, model.CancelByKlient, "05.03.2026 04:00", "krank", "")
	if !strings.Contains(v, "Entscheidung: storniert (kurzfristig) · Ausfallpauschale 15,00 €") || !strings.Contains(v, "10:00 h vor Beginn") {
		t.Errorf("decision before saving:\n%s", v)
	}
	e := f.einsatz(t, f.e3)
	c := e.Cancellation
	// by hand: 2 units of 30 minutes at 15 €/h = 2 × 7,50 € = 15,00 €
	if e.Status != model.StatusStorniertKurzfristig || !c.Late || c.Ausfallpauschale != 1500 || c.By != model.CancelByKlient ||
		!c.At.Equal(berlin(5, 4, 0)) {
		t.Fatalf("stored: %s %+v", e.Status, c)
	}
}

func TestAbsageDialogOverrideNeedsReason(t *testing.T) {
	f := newFixture(t, false, 80, 21)
	f.now = berlin(4, 20, 0) // Wednesday 20:00: 14 hours before E-2026-0001
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "s")
	for !f.tab.menu.options[f.tab.menu.sel].absage {
		f.press(t, "down")
	}
	f.press(t, "enter", "tab", "tab", "Termin entfällt", "tab")
	if v := f.view(t); !strings.Contains(v, "kurzfristig") || !strings.Contains(v, "Von der Frist abweichen") {
		t.Fatalf("kurzfristig by the clock, with the override field:\n%s", v)
	}
	f.press(t, "space", "ctrl+s")
	if v := f.view(t); f.tab.screen != scrAbsage || !strings.Contains(v, "muss es begründen") {
		t.Fatalf("an override without reason must be refused in the dialog:\n%s", v)
	}
	if f.einsatz(t, f.e1).Status != model.StatusVermittelt {
		t.Fatal("saved without the reason of the override")
	}
	if v := f.view(t); !strings.Contains(v, "Entscheidung: storniert (rechtzeitig)") || !strings.Contains(v, "abweichend von der Frist") {
		t.Errorf("the dialog shows what the override does:\n%s", v)
	}
	f.press(t, "tab", "Anruf lag schon gestern früh auf dem AB", "enter")
	e := f.einsatz(t, f.e1)
	c := e.Cancellation
	if e.Status != model.StatusStorniertRechtzeitig || c.Late || c.Ausfallpauschale != 0 || c.Override != "Anruf lag schon gestern früh auf dem AB" {
		t.Fatalf("override stored: %s %+v", e.Status, c)
	}
	f.tab.det.scroll.by(100)
	v := f.view(t)
	for _, want := range []string{"abweichend von der Frist", "Anruf lag schon gestern", "tester, 04.03.2026 20:00"} {
		if !strings.Contains(v, want) {
			t.Errorf("the detail must show the override %q:\n%s", want, v)
		}
	}
}

func TestAbsageDialogRefusesAFutureReceiptAndAsksBeforeDropping(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "s")
	for !f.tab.menu.options[f.tab.menu.sel].absage {
		f.press(t, "down")
	}
	f.press(t, "enter", "tab")
	for range 20 {
		f.press(t, "backspace")
	}
	f.press(t, "03.03.2026 09:00", "tab", "krank", "ctrl+s")
	if v := f.view(t); f.tab.screen != scrAbsage || !strings.Contains(v, "in der Zukunft") {
		t.Fatalf("a receipt in the future must be refused:\n%s", v)
	}
	if f.einsatz(t, f.e1).Cancellation != nil {
		t.Fatal("saved")
	}
	f.press(t, "esc")
	if v := f.view(t); f.tab.screen != scrAbsage || !strings.Contains(v, "Eingaben verwerfen?") {
		t.Fatalf("esc with typed input must ask first:\n%s", v)
	}
	f.press(t, "x") // the question wants an answer; x is not one
	if f.tab.dlg == nil {
		t.Fatal("x answered the question")
	}
	f.press(t, "n") // no: keep editing
	if f.tab.screen != scrAbsage || f.tab.dlg != nil || f.tab.abs.reason.Value() != "krank" {
		t.Fatal("the input was lost")
	}
	f.press(t, "esc", "j")
	if f.tab.screen != scrDetail {
		t.Fatalf("esc and j leave the dialog:\n%s", f.view(t))
	}
}

func TestNoShowOnlyAfterTheStartInTheMenu(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "s")
	for f.tab.menu.options[f.tab.menu.sel].to != model.StatusNichtErschienen {
		f.press(t, "down")
	}
	if v := f.view(t); !strings.Contains(v, "erst ab dem Beginn") {
		t.Errorf("the menu says why not yet:\n%s", v)
	}
	f.press(t, "enter")
	if f.einsatz(t, f.e1).Status != model.StatusVermittelt {
		t.Fatal("nicht erschienen before the start")
	}
	f.press(t, "esc")
	f.now = berlin(5, 10, 45)
	f.press(t, "s")
	for f.tab.menu.options[f.tab.menu.sel].to != model.StatusNichtErschienen {
		f.press(t, "down")
	}
	f.press(t, "enter", "enter")
	if f.einsatz(t, f.e1).Status != model.StatusVermittelt {
		t.Fatal("nicht erschienen without a reason")
	}
	f.press(t, "30 Minuten gewartet", "enter")
	e := f.einsatz(t, f.e1)
	if e.Status != model.StatusNichtErschienen || e.Cancellation.Ausfallpauschale != 1500 || e.Cancellation.Reason != "30 Minuten gewartet" {
		t.Fatalf("no-show: %s %+v", e.Status, e.Cancellation)
	}
	f.press(t, "a")
	if v := f.view(t); !strings.Contains(v, "nicht erschienen") || strings.Contains(v, "wir bestätigen Ihre Anfrage") {
		t.Errorf("the texts fit the status:\n%s", v)
	}
}

// The search lists everybody of the language; who is not offered says why,
// and choosing them is refused with that reason.
func TestMatchListShowsExcludedWithReasons(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	if err := f.st.Update("test", func(tx *store.Tx) error {
		return store.People.Put(tx, &model.Person{Name: "Nour Importiert", Gender: model.GenderFemale,
			Interpreter: &model.InterpreterProfile{Languages: []model.LanguageSkill{{Language: "Tigrinya"}}, HomePlace: "Gifhorn", Active: true}})
	}); err != nil {
		t.Fatal(err)
	}
	f.openByNumber(t, "E-2026-0002")
	f.press(t, "m")
	v := f.view(t)
	for _, want := range []string{"Selam Haile", "Nicht angeboten (2)", "Amanuel Tesfay", "belegt: E-2026-0001",
		"Nour Importiert", "Unterlagen fehlen: Schweigepflichterklärung, Führungszeugnis"} {
		if !strings.Contains(v, want) {
			t.Errorf("match list lacks %q:\n%s", want, v)
		}
	}
	for f.tab.match.rows[f.tab.match.sel].Name != "Nour Importiert" {
		f.press(t, "down")
	}
	f.press(t, "enter")
	if f.lastStatus.Err == nil || !strings.Contains(f.lastStatus.Err.Error(), "Unterlagen fehlen") {
		t.Errorf("booking an excluded interpreter must be refused with the reason: %+v", f.lastStatus)
	}
	if e := f.einsatz(t, f.e2); e.InterpreterID != "" {
		t.Fatalf("booked: %s", e.InterpreterID)
	}
}

// "nur weiblich" on the request is a requirement: the men are not offered.
func TestRequestGenderRequirement(t *testing.T) {
	f := newFixture(t, true, 120, 37)
	f.openByNumber(t, "E-2026-0002")
	f.press(t, "e")
	f.tab.req.gender = "w!"
	f.tab.req.build()
	f.tab.req.setSize(120, 37)
	f.run(t, f.tab.req.form.Init())
	for i := 0; i < 40 && f.tab.screen == scrForm; i++ {
		f.press(t, "ctrl+s")
	}
	e := f.einsatz(t, f.e2)
	if e.GenderPref != model.GenderFemale || !e.GenderRequired {
		t.Fatalf("stored: %q %v\n%s", e.GenderPref, e.GenderRequired, f.view(t))
	}
	if v := f.view(t); !strings.Contains(v, "nur weiblich") {
		t.Errorf("the detail shows the requirement:\n%s", v)
	}
	f.press(t, "m")
	v := f.view(t)
	if !strings.Contains(v, "Selam Haile") || !strings.Contains(v, "nur weiblich angefragt") {
		t.Errorf("Amanuel is excluded with the reason:\n%s", v)
	}
}
