// Package kosten is the TUI tab "Kostenerstattungen": the volunteers'
// claims (Fahrtkosten, Sachkosten, Aufwandsentschädigung) with four-eyes
// approval, the yearly tax-free limits, the Fördertöpfe, the Engagierte and
// the payout runs to the Kreiskasse (SEPA file and list).
//
// It reads and writes only through the store in tea.Cmds and never opens
// bbolt itself.
package kosten

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/picker"
	"stabsstelle/ui/table"
)

type screen int

const (
	scrClaims screen = iota
	scrDetail
	scrEditor
	scrFunds
	scrPeople
	scrRuns
	scrRunNew
	scrEinsaetze // the checklist behind E
)

// screens routes keys, drawing and help to the active screen: each screen
// has its own update (keys only; data messages are the tab's), view, help
// line and ? screen. A new screen is one row here and one file.
var screens = map[screen]struct {
	update   func(*Tab, tea.KeyPressMsg) tea.Cmd
	view     func(*Tab) string
	help     func(*Tab) []key.Binding
	fullHelp func(*Tab) [][]key.Binding
}{
	scrClaims:    {(*Tab).updateClaims, (*Tab).viewClaims, (*Tab).claimsHelp, (*Tab).claimsFullHelp},
	scrDetail:    {(*Tab).updateDetail, (*Tab).viewDetail, (*Tab).detailHelp, (*Tab).detailFullHelp},
	scrEditor:    {(*Tab).updateEditor, (*Tab).viewEditor, (*Tab).editorHelp, (*Tab).editorFullHelp},
	scrFunds:     {(*Tab).updateFunds, (*Tab).viewFunds, (*Tab).fundsHelp, (*Tab).fundsFullHelp},
	scrPeople:    {(*Tab).updatePeople, (*Tab).viewPeople, (*Tab).peopleHelp, (*Tab).peopleFullHelp},
	scrRuns:      {(*Tab).updateRuns, (*Tab).viewRuns, (*Tab).runsHelp, (*Tab).runsFullHelp},
	scrRunNew:    {(*Tab).updateRunNew, (*Tab).viewRunNew, (*Tab).runNewHelp, (*Tab).runNewFullHelp},
	scrEinsaetze: {(*Tab).updateChecklist, (*Tab).viewChecklist, (*Tab).checklistHelp, (*Tab).checklistFullHelp},
}

// Tab is the Kostenerstattungen tab. Create it with New.
type Tab struct {
	ctx  *common.Context
	keys KeyMap
	// the shared list keys with n and e gated per list
	claimKeys, fundKeys, peopleKeys, runKeys keys.List

	screen screen
	w, h   int

	// claims list
	claims    *table.Model[store.ClaimRow]
	rows      []store.ClaimRow
	statusF   int // index into statusFilters
	loaded    bool
	loading   bool
	fundNames map[string]string
	funds     []*model.Fund
	smFunds   map[int]string              // year → Topf für Sprachmittlung
	reclaims  map[string][]*model.Reclaim // claim ID (original or correction) → open Rückforderungen
	usages    map[string]model.FundUsage
	fundSel   int

	// detail
	det   *detail
	detID string // the claim the detail screen shows (or waits for)

	// editor
	ed *editor

	// checklist of Einsätze to claim (E)
	check *checklist

	// people
	people *table.Model[volRow]

	// payout runs
	runs         *table.Model[*model.PayoutRun]
	payable      *table.Model[store.Payable]
	chosen       map[string]bool
	payRows      []store.Payable
	openReclaims []*model.Reclaim
	owes         map[string]model.Money // person → open Rückforderungen
	selectRun    string                 // select this run once the list has it
	runPath      string                 // the file name of a run that could not be written

	// small forms' values
	fund       *fundVals
	prof       *profileVals
	acct       *model.Account
	acctIBAN   string
	certPerson *model.Person
	certYear   string

	// overlays
	frm     *form.Form
	pick    *picker.Picker
	confirm *form.Confirm

	// values bound to the small forms
	inText         string
	corrKind       string // Storno or Korrektur
	reclaimID      string // the Rückforderung the paid-back form closes
	reclaimVersion uint64

	flash    string
	flashErr bool
}

var statusFilters = []struct {
	label string
	keep  func(store.ClaimRow) bool
}{
	{"alle", func(store.ClaimRow) bool { return true }},
	{"zu bearbeiten", func(r store.ClaimRow) bool { return r.Status.Committed() && r.Status != model.ClaimAngeordnet }},
	{"Entwurf", func(r store.ClaimRow) bool { return r.Status == model.ClaimEntwurf }},
	{"eingereicht", func(r store.ClaimRow) bool { return r.Status == model.ClaimEingereicht }},
	{"sachlich richtig", func(r store.ClaimRow) bool { return r.Status == model.ClaimSachlich }},
	{"rechnerisch richtig", func(r store.ClaimRow) bool { return r.Status == model.ClaimRechnerisch }},
	{"angeordnet", func(r store.ClaimRow) bool { return r.Status == model.ClaimAngeordnet }},
	{"ausgezahlt", func(r store.ClaimRow) bool { return r.Status == model.ClaimAusgezahlt }},
	{"storniert", func(r store.ClaimRow) bool { return r.Status == model.ClaimStorniert }},
	{"verbucht", func(r store.ClaimRow) bool { return r.Status == model.ClaimVerbucht }},
	// The claims an open Rückforderung belongs to (the paid claim and the
	// Storno/Korrektur that made it); keep is replaced by the tab (it needs
	// the loaded Rückforderungen).
	{reclaimFilter, nil},
}

const reclaimFilter = "offene Rückforderungen"

// New builds the tab over the context's store.
func New(ctx *common.Context) *Tab {
	t := &Tab{ctx: ctx, keys: userKeyMap(), w: ctx.Width, h: ctx.Height, chosen: map[string]bool{}}
	t.gate()
	t.claims = newClaimTable(t)
	t.people = newPeopleTable(ctx)
	t.runs = newRunsTable(ctx)
	t.payable = newPayableTable(t)
	t.setSize(ctx.Width, ctx.Height)
	return t
}

// gate applies the member's roles to the keys: the tab's own, and n/e of
// each list (claims, Fördertöpfe, Engagierte, Zahlläufe need different
// roles).
func (t *Tab) gate() {
	t.keys.gate(t.ctx)
	t.claimKeys = t.ctx.ListFor(model.PermClaim)
	t.fundKeys = t.ctx.ListFor(model.PermSettings)
	t.peopleKeys = t.ctx.ListFor(model.PermPeople)
	t.runKeys = t.ctx.ListFor(model.PermPayout)
}

// Title is the tab's name.
func (t *Tab) Title() string { return "Kostenerstattungen" }

// Init loads the claims.
func (t *Tab) Init() tea.Cmd {
	t.loading = true
	return t.loadClaims()
}

// Capturing is true while a form, picker, dialog, filter or the claim
// editor has focus.
func (t *Tab) Capturing() bool {
	switch {
	case t.frm != nil, t.pick != nil, t.confirm != nil:
		return true
	case t.screen == scrEditor:
		return true
	case t.screen == scrClaims:
		return t.claims.Filtering()
	case t.screen == scrPeople:
		return t.people.Filtering()
	case t.screen == scrRuns:
		return t.runs.Filtering()
	case t.screen == scrRunNew:
		return t.payable.Filtering()
	}
	return false
}

// Dirty is true while the claim editor or a form holds unsaved input, or
// the user changed the choice of Einsätze in the checklist.
func (t *Tab) Dirty() bool {
	return (t.ed != nil && t.ed.dirty) || (t.frm != nil && t.frm.Dirty()) || t.check.changed()
}

func (t *Tab) setSize(w, h int) {
	t.w, t.h = max(w, 20), max(h, 5)
	body := t.h - 1 // title line; the root shows ShortHelp below the box
	t.scrollChecklist()
	t.claims.SetSize(t.w, body)
	t.people.SetSize(t.w, body)
	t.runs.SetSize(t.w, body-1)
	t.payable.SetSize(t.w, body-1)
	if t.frm != nil {
		t.frm.SetSize(t.w, t.h)
	}
	if t.pick != nil {
		t.pick.SetSize(t.w, t.h)
	}
}

func (t *Tab) setFlash(text string, isErr bool) {
	t.flash, t.flashErr = text, isErr
}

// OpenClaimMsg asks the tab to show a claim's detail (from search or
// from the Sprachmittlung tab); the root sends it to every tab, the others
// ignore it.
type OpenClaimMsg struct{ ID string }

// switchScreen handles the keys that move between the tab's screens.
func (t *Tab) switchScreen(kp tea.KeyPressMsg) (tea.Cmd, bool) {
	if key.Matches(kp, t.keys.Claims, t.keys.Funds, t.keys.People, t.keys.Runs) {
		t.flash = ""
	}
	switch {
	case key.Matches(kp, t.keys.Claims):
		t.screen = scrClaims
		return nil, true
	case key.Matches(kp, t.keys.Funds):
		t.screen = scrFunds
		return t.loadClaims(), true
	case key.Matches(kp, t.keys.People):
		t.screen = scrPeople
		return t.loadPeople(), true
	case key.Matches(kp, t.keys.Runs):
		t.screen = scrRuns
		return t.loadRuns(), true
	}
	return nil, false
}

func (t *Tab) ask(question string, yes func() tea.Cmd) {
	// Wrap breaks a long path at its slashes instead of cutting it.
	t.confirm = form.Ask(ansi.Wrap(question, max(20, min(60, t.w-8)), "/"), yes)
}

// openForm shows a small form over the current screen.
func (t *Tab) openForm(f *form.Form) tea.Cmd {
	t.frm = f
	f.SetSize(t.w, t.h)
	return f.Init()
}

func (t *Tab) formSubmitted(id string) tea.Cmd {
	if t.frm == nil || id != t.frm.ID() {
		return nil
	}
	switch {
	case strings.HasPrefix(id, "kosten:ed:"):
		return t.ed.submitted(t, id)
	case id == "kosten:reject":
		return t.doReject()
	case id == "kosten:storno":
		return t.doStorno()
	case id == "kosten:paidback":
		return t.doPaidBack()
	case id == "kosten:fund":
		return t.saveFund()
	case id == "kosten:runfile":
		return t.createRun()
	case id == "kosten:certfile":
		return t.checkCertificate()
	case id == "kosten:profile":
		return t.saveProfile()
	case id == "kosten:account":
		return t.saveAccount()
	}
	return nil
}

// readOnlyUnless shows f as a read-only view when the member may not do p
// (a record opened with enter to look it up).
func (t *Tab) readOnlyUnless(p model.Permission, f *form.Form) *form.Form {
	if !t.ctx.May(p) {
		f.ReadOnly(fmt.Sprintf("Nur nachschlagen: ändern darf die Rolle %s (Ihre Rolle: %s).", model.Granting(p).Label(), t.ctx.Roles.Label()))
	}
	return f
}
