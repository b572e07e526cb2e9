package kosten

import "stabsstelle/ui/keys"

func init() {
	keys.Register("kostenerstattungen", func() keys.Scope { k := DefaultKeyMap(); return k.KeyScope() })
}

// KeyScope names the tab's keys for keys.toml, with the screens where
// each works (a key may serve one action per screen).
func (k *KeyMap) KeyScope() keys.Scope {
	lists := []string{"anträge", "töpfe", "engagierte", "zahlläufe", "antrag"}
	claim, edit := []string{"antrag"}, []string{"antrag", "editor"}
	run, check := []string{"neuer-zahllauf"}, []string{"einsätze"}
	return keys.Scope{Name: "kostenerstattungen", Title: "Kostenerstattungen", Capturing: []string{"editor"}, Actions: []keys.Action{
		{Name: "anträge", Binding: &k.Claims, Views: lists},
		{Name: "fördertöpfe", Binding: &k.Funds, Views: lists},
		{Name: "engagierte", Binding: &k.People, Views: lists},
		{Name: "zahlläufe", Binding: &k.Runs, Views: lists},
		{Name: "statusfilter", Binding: &k.Status, Views: []string{"anträge"}},
		{Name: "einsätze-abrechnen", Binding: &k.Einsaetze, Views: []string{"anträge"}},
		{Name: "konto", Binding: &k.Account, Views: []string{"töpfe"}},
		{Name: "sprachmittlungstopf", Binding: &k.SMFund, Views: []string{"töpfe"}},
		{Name: "jahresbescheinigung", Binding: &k.Certificate, Views: []string{"engagierte"}},
		{Name: "ausgeführt", Binding: &k.Confirm, Views: []string{"zahlläufe"}},
		{Name: "zahllauf-stornieren", Binding: &k.Cancel, Views: []string{"zahlläufe"}},
		{Name: "auswählen", Binding: &k.Toggle, Views: run},
		{Name: "alle-auswählen", Binding: &k.All, Views: run},
		{Name: "zeichnen", Binding: &k.Approve, Views: claim},
		{Name: "ablehnen", Binding: &k.Reject, Views: claim},
		{Name: "einreichen", Binding: &k.Submit, Views: claim},
		{Name: "storno", Binding: &k.Storno, Views: claim},
		{Name: "zurückgezahlt", Binding: &k.PaidBack, Views: claim},
		{Name: "verrechnen", Binding: &k.Netting, Views: claim},
		{Name: "löschen", Binding: &k.Delete, Views: edit},
		{Name: "fahrt", Binding: &k.AddFahrt, Views: edit},
		{Name: "beleg", Binding: &k.AddBeleg, Views: edit},
		// In the claim's detail the global p (Personen) comes first, so
		// the hint there is reached by f and b only.
		{Name: "pauschale", Binding: &k.AddPau, Views: []string{"editor"}},
		{Name: "kopfdaten", Binding: &k.Header, Views: []string{"editor"}},
		{Name: "speichern", Binding: &k.Save, Views: []string{"editor"}},
		{Name: "ankreuzen", Binding: &k.Check, Views: check},
		{Name: "alle-ankreuzen", Binding: &k.CheckAll, Views: check},
		{Name: "voriger-zeitraum", Binding: &k.PrevPeriod, Views: check},
		{Name: "nächster-zeitraum", Binding: &k.NextPeriod, Views: check},
		{Name: "monat-jahr", Binding: &k.MonthYear, Views: check},
	}}
}

// userKeyMap returns the defaults with keys.toml applied.
func userKeyMap() KeyMap {
	k := DefaultKeyMap()
	keys.Apply(k.KeyScope())
	return k
}
