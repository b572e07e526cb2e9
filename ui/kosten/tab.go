// Package kosten is the TUI tab "Kostenerstattungen": the volunteers'
// claims (Fahrtkosten, Sachkosten, Aufwandsentschädigung) with four-eyes
// approval, the yearly tax-free limits, the Fördertöpfe, the Engagierte and
// the payout runs to the Kreiskasse (SEPA file and list).
//
// It reads and writes only through the store in tea.Cmds and never opens
// bbolt itself.
package kosten

import (
	"errors"
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

// Update handles sizes, data messages, change events and keys.
func (t *Tab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		t.setSize(msg.Width, msg.Height)
		return nil
	case tea.BackgroundColorMsg:
		// The root has rebuilt ctx.Styles for the terminal's background;
		// the tables were made with the start-up guess (dark).
		ts := table.DefaultStyles(msg.IsDark())
		t.claims.SetStyles(ts)
		t.people.SetStyles(ts)
		t.runs.SetStyles(ts)
		t.payable.SetStyles(ts)
		return nil
	case common.RolesMsg:
		t.gate()
		return nil
	case common.ChangedMsg:
		if msg.Touches(store.KindClaim, store.KindFund, store.KindPayout, store.KindPerson, store.KindReclaim, "settings") {
			return t.reload()
		}
		return nil
	case claimsLoadedMsg:
		t.loading = false
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return nil
		}
		t.loaded = true
		t.rows, t.funds, t.usages, t.smFunds = msg.rows, msg.funds, msg.usages, msg.smFunds
		t.reclaims = map[string][]*model.Reclaim{}
		for _, r := range msg.reclaims {
			t.reclaims[r.ClaimID] = append(t.reclaims[r.ClaimID], r)
			t.reclaims[r.CorrectionID] = append(t.reclaims[r.CorrectionID], r)
		}
		t.fundNames = map[string]string{}
		for _, f := range msg.funds {
			t.fundNames[f.ID] = f.Name
		}
		t.applyStatusFilter()
		return nil
	case OpenClaimMsg:
		if t.Dirty() {
			t.setFlash("Bitte zuerst den offenen Antrag speichern (ctrl+s) oder verwerfen (esc).", true)
			return nil
		}
		t.frm, t.pick, t.confirm, t.ed = nil, nil, nil, nil
		t.screen = scrDetail
		t.det = nil
		t.flash = ""
		return t.openDetail(msg.ID)
	case personLoadedMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return nil
		}
		return t.showProfileForm(msg.p, msg.reclaims)
	case profileSavedMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return common.Fail(msg.err)
		}
		if len(msg.sameIBAN) > 0 {
			// saved, but a careful colleague would say this
			warn := fmt.Sprintf("Gespeichert – aber dieselbe IBAN hat auch %s. Bitte prüfen, ob das stimmt.", strings.Join(msg.sameIBAN, ", "))
			t.setFlash(warn, true)
			return tea.Batch(t.loadPeople(), common.Fail(errors.New(warn)))
		}
		t.setFlash("Bankverbindung und Projekte von "+msg.name+" gespeichert.", false)
		return tea.Batch(t.loadPeople(), common.Status("gespeichert"))
	case accountLoadedMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return nil
		}
		return t.showAccountForm(msg.a)
	case editorLoadedMsg:
		return t.handleEditorLoaded(msg)
	case checklistLoadedMsg:
		return t.checklistLoaded(msg)
	case detailLoadedMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return nil
		}
		if msg.d.c.ID != t.detID {
			return nil // a late answer for a claim no longer wanted
		}
		t.det = msg.d
		return nil
	case claimSavedMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			if t.ed != nil {
				t.ed.err = msg.err
			}
			return nil
		}
		t.ed = nil
		t.setFlash(msg.c.Number+" gespeichert.", false)
		t.screen = scrDetail
		t.det = nil
		return tea.Batch(t.openDetail(msg.c.ID), t.loadClaims())
	case actionDoneMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return common.Fail(msg.err)
		}
		t.setFlash(msg.text, false)
		if msg.checklistDone {
			t.check = nil
		}
		if msg.open {
			t.screen = scrDetail
			t.det = nil
		}
		cmds := []tea.Cmd{t.loadClaims(), common.Status(msg.text)}
		switch {
		case msg.c != nil && msg.open:
			cmds = append(cmds, t.openDetail(msg.c.ID))
		case msg.c != nil && msg.c.ID == t.detID:
			cmds = append(cmds, t.refreshDetail())
		}
		return tea.Batch(cmds...)
	case peopleLoadedMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return nil
		}
		t.people.SetRows(msg.rows, func(r volRow) string { return r.p.ID })
		return nil
	case runsLoadedMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return nil
		}
		t.runs.SetRows(msg.runs, func(r *model.PayoutRun) string { return r.ID })
		if t.selectRun != "" && t.runs.Select(t.selectRun) {
			t.selectRun = ""
		}
		t.payRows, t.openReclaims = msg.payable, msg.reclaims
		t.owes = map[string]model.Money{}
		for _, r := range msg.reclaims {
			t.owes[r.PersonID] += r.Left()
		}
		t.payable.SetRows(msg.payable, func(r store.Payable) string { return r.ID })
		for id := range t.chosen {
			found := false
			for _, r := range msg.payable {
				found = found || r.ID == id
			}
			if !found {
				delete(t.chosen, id)
			}
		}
		return nil
	case runDoneMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return common.Fail(msg.err)
		}
		t.setFlash(msg.text, false)
		t.screen = scrRuns
		t.chosen = map[string]bool{}
		if msg.runID != "" {
			t.selectRun, t.runPath = msg.runID, ""
		}
		return tea.Batch(t.loadRuns(), t.loadClaims(), common.Status(msg.text))
	case fileWrittenMsg:
		if msg.err != nil {
			t.setFlash(msg.err.Error(), true)
			return common.Fail(msg.err)
		}
		t.setFlash(msg.text, false)
		return common.Status(msg.text)
	case common.FilesCheckedMsg:
		if msg.ID == "kosten:certfile" {
			return t.certificateChecked(msg)
		}
		return nil
	case form.SubmittedMsg:
		if t.pick != nil && (t.frm == nil || msg.ID != t.frm.ID()) {
			return t.pick.Update(msg) // the picker's "neue Person" form
		}
		return t.formSubmitted(msg.ID)
	case form.CancelledMsg:
		if t.pick != nil && (t.frm == nil || msg.ID != t.frm.ID()) {
			return t.pick.Update(msg)
		}
		if t.frm != nil && msg.ID == t.frm.ID() {
			t.frm = nil
			if t.ed != nil {
				t.ed.cancelled(msg.ID)
				if t.ed.c.PersonID == "" {
					t.ed = nil
					t.screen = scrClaims
				}
			}
		}
		return nil
	case picker.PickedMsg:
		if t.pick == nil {
			return nil
		}
		switch msg.ID {
		case pickVolunteerID:
			t.pick = nil
			return t.loadProfile(msg.RecordID)
		case pickPersonID:
			t.pick = nil
			return t.newClaimFor(msg.RecordID, msg.Name)
		case pickInterpID:
			t.pick = nil
			return t.openChecklist(msg.RecordID, msg.Name)
		}
		return nil
	case picker.CancelledMsg:
		t.pick = nil
		return nil
	}

	// Overlays get everything else first.
	if t.confirm != nil {
		cmd := t.confirm.Update(msg)
		if t.confirm.Done() {
			t.confirm = nil
		}
		return cmd
	}
	if t.frm != nil {
		return t.frm.Update(msg)
	}
	if t.pick != nil {
		return t.pick.Update(msg)
	}
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch t.screen {
	case scrClaims:
		return t.updateClaims(kp)
	case scrDetail:
		return t.updateDetail(kp)
	case scrEditor:
		return t.updateEditor(kp)
	case scrFunds:
		return t.updateFunds(kp)
	case scrPeople:
		return t.updatePeople(kp)
	case scrRuns:
		return t.updateRuns(kp)
	case scrRunNew:
		return t.updateRunNew(kp)
	case scrEinsaetze:
		return t.updateChecklist(kp)
	}
	return nil
}

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
