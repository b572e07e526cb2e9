package sprachmittlung

import (
	"strings"
	"testing"

	"stabsstelle/model"
	"stabsstelle/store"
)

// Traps of the Einsatznachweis form found by a new user (issue 18).

// esc with typed input asks before it drops anything; n goes back to the
// form with everything typed, j leaves.
func TestNachweisEscAsksBeforeDroppingInput(t *testing.T) {
	f := newFixture(t, false, 80, 21)
	f.now = afterTheEinsaetze
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "x", "tab", "tab", "tab", "tab", "7")
	f.press(t, "esc")
	if v := f.view(t); f.tab.screen != scrNachweis || !strings.Contains(v, "Eingaben verwerfen?") {
		t.Fatalf("esc with input must ask first:\n%s", v)
	}
	if f.help() != "j ja · n/esc nein · enter bestätigen" {
		t.Errorf("help line of the question: %q", f.help())
	}
	f.press(t, "esc") // no
	if f.tab.screen != scrNachweis || f.tab.nw.inputs[nwKm].Value() != "7" {
		t.Fatalf("the input was lost: %q", f.tab.nw.inputs[nwKm].Value())
	}
	f.press(t, "esc", "enter") // enter on the marked "Nein"
	if f.tab.screen != scrNachweis || f.tab.dlg != nil {
		t.Fatal("enter on Nein left the form")
	}
	f.press(t, "esc", "j")
	if f.tab.screen != scrDetail {
		t.Fatalf("j did not leave:\n%s", f.view(t))
	}
	if e := f.einsatz(t, f.e1); e.Nachweis != nil {
		t.Fatal("saved")
	}
	// without input esc leaves at once
	f.press(t, "x", "esc")
	if f.tab.screen != scrDetail {
		t.Fatalf("esc without input should leave:\n%s", f.view(t))
	}
}

// A prefilled field is selected when it gets the focus: typing replaces
// it ("10:00" became "10:0010:05"), backspace empties it, a cursor key
// keeps it for editing.
func TestNachweisPrefilledFieldIsReplacedByTyping(t *testing.T) {
	f := newFixture(t, false, 80, 21)
	f.now = afterTheEinsaetze
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "x", "tab") // Beginn, prefilled with 10:00
	if got := f.tab.nw.inputs[nwStart].Value(); got != "10:00" {
		t.Fatalf("Beginn prefilled with %q", got)
	}
	f.press(t, "10:05")
	if got := f.tab.nw.inputs[nwStart].Value(); got != "10:05" {
		t.Fatalf("typing over the prefilled Beginn gave %q", got)
	}
	f.press(t, "tab", "backspace") // Ende: emptied at once
	if got := f.tab.nw.inputs[nwEnd].Value(); got != "" {
		t.Fatalf("backspace on the prefilled Ende left %q", got)
	}
	f.press(t, "11:30", "tab", "end", "5") // Wartezeit "0": end keeps it, 5 appends
	if got := f.tab.nw.inputs[nwWait].Value(); got != "05" {
		t.Fatalf("end, 5 on Wartezeit gave %q", got)
	}
	// the value typed once is not selected again when coming back
	f.press(t, "shift+tab", "shift+tab")
	if !f.tab.nw.fresh.On() {
		t.Fatal("coming back to Beginn should select it again")
	}
	f.press(t, "right", "x")
	if got := f.tab.nw.inputs[nwStart].Value(); got != "10:05x" {
		t.Fatalf("→ then typing should append: %q", got)
	}
}

// "Ende vor Beginn" says so (it said "höchstens 12 Stunden", the end being
// taken for the next day); past midnight within 12 hours stays possible.
func TestNachweisEndBeforeStartSaysSo(t *testing.T) {
	f := newFixture(t, false, 80, 21)
	f.now = afterTheEinsaetze
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "x", "tab", "10:00", "tab", "09:00")
	v := f.view(t)
	if !strings.Contains(v, "Das Ende liegt vor dem Beginn") || strings.Contains(v, "12 Stunden") {
		t.Fatalf("end before start:\n%s", v)
	}
	f.press(t, "backspace", "backspace", "backspace", "backspace", "backspace", "10:00")
	if v := f.view(t); !strings.Contains(v, "Das Ende muss nach dem Beginn liegen") {
		t.Fatalf("end = start:\n%s", v)
	}
	// the evening before, 3 hours past midnight
	f.press(t, "shift+tab", "shift+tab", "04.03.2026", "tab", "22:00", "tab", "01:00")
	if v := f.view(t); strings.Contains(v, "Ende") && strings.Contains(v, "✗") || !f.tab.nw.ok {
		t.Fatalf("22:00–01:00 refused:\n%s", v)
	}
}

// Kilometres with a decimal (12,5 km is real): accepted, computed in
// cents and stored. By hand: 10:00–11:00 = 2 × 7,50 € = 15,00 €; 12,5 km ×
// 0,30 € = 3,75 €; together 18,75 €.
func TestNachweisAcceptsDecimalKm(t *testing.T) {
	f := newFixture(t, false, 80, 21)
	f.now = afterTheEinsaetze
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "x", "tab", "tab", "tab", "tab", "12,5")
	v := f.view(t)
	if !strings.Contains(v, "12,5 km à 0,30 € = 3,75 €") || !strings.Contains(v, "18,75 €") {
		t.Fatalf("12,5 km:\n%s", v)
	}
	f.press(t, "ctrl+s")
	e := f.einsatz(t, f.e1)
	if e.Nachweis == nil || e.Nachweis.Km != 125 || e.Nachweis.Amount != 1875 {
		t.Fatalf("stored %+v", e.Nachweis)
	}
	f.openByNumber(t, "E-2026-0001")
	f.tab.det.scroll.by(100)
	if v := f.view(t); !strings.Contains(v, "12,5 km") {
		t.Errorf("the detail shows the km:\n%s", v)
	}
	// more than one decimal is refused at the field
	f.press(t, "x", "tab", "tab", "tab", "tab", "12,55")
	if v := f.view(t); !strings.Contains(v, "höchstens eine Nachkommastelle") {
		t.Fatalf("12,55 km:\n%s", v)
	}
}

// A telephone Einsatz shows as "Telefon" in the agenda and the list, not
// with the institution's place it was prefilled with.
func TestAgendaShowsTelephoneNotAPlace(t *testing.T) {
	f := newFixture(t, true, 120, 37)
	e := f.einsatz(t, f.e2)
	e.Setting, e.Place = model.SettingPhone, "Brome"
	if err := f.st.Update("test", func(tx *store.Tx) error { return store.Einsaetze.Put(tx, e) }); err != nil {
		t.Fatal(err)
	}
	f.run(t, nil)
	f.press(t, "w", "right", "right", "right") // Thursday
	v := f.view(t)
	if !strings.Contains(v, "Telefon") || strings.Contains(v, "Brome") {
		t.Fatalf("agenda:\n%s", v)
	}
}
