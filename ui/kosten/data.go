package kosten

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

type claimsLoadedMsg struct {
	rows     []store.ClaimRow
	funds    []*model.Fund
	usages   map[string]model.FundUsage
	smFunds  map[int]string
	reclaims []*model.Reclaim // open ones
	err      error
}

type detailLoadedMsg struct {
	d   *detail
	err error
}

type claimSavedMsg struct {
	c   *model.Claim
	err error
}

type actionDoneMsg struct {
	c    *model.Claim
	text string
	err  error
	open bool // show the claim's detail
	// checklistDone: the claim was made from the checklist, which closes.
	checklistDone bool
}

type peopleLoadedMsg struct {
	rows []volRow
	err  error
}

type runsLoadedMsg struct {
	runs     []*model.PayoutRun
	payable  []store.Payable
	reclaims []*model.Reclaim
	err      error
}

type runDoneMsg struct {
	text  string
	runID string // a run just created: the list selects it
	err   error
}

type fileWrittenMsg struct {
	text string
	err  error
}

func (t *Tab) loadClaims() tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (claimsLoadedMsg, error) {
		rows, err := store.LoadClaimRows(tx)
		if err != nil {
			return claimsLoadedMsg{}, err
		}
		funds, err := store.AllFunds(tx)
		if err != nil {
			return claimsLoadedMsg{}, err
		}
		set, err := store.LoadKostenSettings(tx)
		if err != nil {
			return claimsLoadedMsg{}, err
		}
		sm := map[int]string{}
		for _, y := range set.SprachmittlungFunds {
			sm[y.Year] = y.FundID
		}
		open, err := store.OpenReclaims(tx)
		if err != nil {
			return claimsLoadedMsg{}, err
		}
		return claimsLoadedMsg{rows: rows, funds: funds, usages: store.FundUsages(funds, rows), smFunds: sm, reclaims: open}, nil
	}, func(m claimsLoadedMsg, err error) tea.Msg { m.err = err; return m })
}

func (t *Tab) reload() tea.Cmd {
	cmds := []tea.Cmd{t.loadClaims()}
	switch t.screen {
	case scrDetail:
		if t.detID != "" {
			cmds = append(cmds, t.refreshDetail())
		}
	case scrPeople:
		cmds = append(cmds, t.loadPeople())
	case scrRuns, scrRunNew:
		cmds = append(cmds, t.loadRuns())
	}
	return tea.Batch(cmds...)
}

func (t *Tab) claimsLoaded(msg claimsLoadedMsg) {
	t.loading = false
	if msg.err != nil {
		t.setFlash(msg.err.Error(), true)
		return
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
}

func (t *Tab) claimSaved(msg claimSavedMsg) tea.Cmd {
	if msg.err != nil {
		// The editor keeps the claim and shows why.
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
}

// actionDone reports a step on a claim and shows the claim again (or
// opens the one it made).
func (t *Tab) actionDone(msg actionDoneMsg) tea.Cmd {
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
}

func (t *Tab) profileSaved(msg profileSavedMsg) tea.Cmd {
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
}

// runsLoaded shows the runs and what is payable, and forgets chosen
// claims that are no longer payable.
func (t *Tab) runsLoaded(msg runsLoadedMsg) {
	if msg.err != nil {
		t.setFlash(msg.err.Error(), true)
		return
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
}

func (t *Tab) runDone(msg runDoneMsg) tea.Cmd {
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
}

func (t *Tab) fileWritten(msg fileWrittenMsg) tea.Cmd {
	if msg.err != nil {
		t.setFlash(msg.err.Error(), true)
		return common.Fail(msg.err)
	}
	t.setFlash(msg.text, false)
	return common.Status(msg.text)
}
