package kosten

import (
	"charm.land/bubbles/v2/key"

	"stabsstelle/model"
	"stabsstelle/ui/common"
)

// KeyMap are the tab's own keys (German help). The list keys (↑↓ enter n e
// / esc) come from the context.
type KeyMap struct {
	Claims, Funds, People, Runs  key.Binding
	Approve, Reject              key.Binding
	Storno, Delete, Save         key.Binding
	AddFahrt, AddBeleg, AddPau   key.Binding
	Header, Certificate          key.Binding
	Toggle, All, Confirm, Cancel key.Binding
	Status                       key.Binding
	Einsaetze, Account, SMFund   key.Binding
	PaidBack, Netting            key.Binding
	// the checklist of Einsätze (E)
	Check, CheckAll                   key.Binding
	PrevPeriod, NextPeriod, MonthYear key.Binding
}

// DefaultKeyMap returns the defaults.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Claims:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "Anträge")),
		Funds:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "Fördertöpfe")),
		People:      key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "Engagierte")),
		Runs:        key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "Zahlläufe")),
		Approve:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "nächsten Schritt zeichnen")),
		Reject:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "ablehnen")),
		Storno:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "Storno/Korrektur")),
		Delete:      key.NewBinding(key.WithKeys("delete", "D"), key.WithHelp("entf/D", "löschen")),
		Save:        key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "speichern")),
		AddFahrt:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "+ Fahrt")),
		AddBeleg:    key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "+ Beleg")),
		AddPau:      key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "+ Pauschale")),
		Header:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "Kopfdaten")),
		Certificate: key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "Jahresbescheinigung")),
		Toggle:      key.NewBinding(key.WithKeys("space"), key.WithHelp("leertaste", "auswählen")),
		All:         key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "alle/keine")),
		Confirm:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "als ausgeführt bestätigen")),
		Cancel:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "stornieren")),
		Status:      key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "Status-Filter")),
		Einsaetze:   key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "Einsätze abrechnen")),
		Account:     key.NewBinding(key.WithKeys("K"), key.WithHelp("K", "Konto des Landkreises")),
		SMFund:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "Topf für Sprachmittlung")),
		PaidBack:    key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "Rückforderung zurückgezahlt")),
		Netting:     key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "verrechnen an/aus")),
		Check:       key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("leertaste/x", "an/aus")),
		CheckAll:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "alle/keine")),
		PrevPeriod:  key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "Zeitraum")),
		NextPeriod:  key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "nächster Zeitraum")),
		MonthYear:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "Monat/Jahr")),
	}
}

// gate disables the keys the member's roles do not allow (the store would
// refuse them anyway). "r" signs whatever step is next, so it needs any of
// the signing permissions here; the claim screen asks for the exact one.
func (k *KeyMap) gate(ctx *common.Context) {
	ctx.Gate(&k.Approve, model.PermClaim, model.PermSign, model.PermOrder)
	ctx.Gate(&k.Reject, model.PermSign, model.PermOrder)
	for _, b := range []*key.Binding{&k.Storno, &k.Delete, &k.Save, &k.AddFahrt, &k.AddBeleg, &k.AddPau, &k.Header, &k.Einsaetze} {
		ctx.Gate(b, model.PermClaim)
	}
	ctx.Gate(&k.Account, model.PermSettings)
	ctx.Gate(&k.SMFund, model.PermSettings)
	ctx.Gate(&k.PaidBack, model.PermReclaim)
	ctx.Gate(&k.Netting, model.PermReclaim)
	ctx.Gate(&k.Confirm, model.PermPayout)
	ctx.Gate(&k.Cancel, model.PermPayout)
}
