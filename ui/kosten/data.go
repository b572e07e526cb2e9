package kosten

import (
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
