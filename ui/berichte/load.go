package berichte

import (
	"fmt"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

// ensureLoaded reads the data of the period's years unless they are loaded
// or on their way.
func (t *Tab) ensureLoaded() tea.Cmd {
	if t.loading {
		return nil
	}
	want := loadRange(t.period)
	if t.in != nil && !t.period.From.Before(t.loaded.From) && !t.period.To.After(t.loaded.To) {
		return t.compute()
	}
	t.loading = true
	t.gen++
	prog := &store.Progress{}
	t.progress = prog
	return tea.Batch(common.Read(t.ctx, func(tx *store.Tx) (*model.ReportInput, error) {
		return store.LoadReportInputProgress(tx, want, prog)
	}, func(in *model.ReportInput, err error) tea.Msg { return loadedMsg{in: in, err: err} }), tickProgress())
}

func tickProgress() tea.Cmd {
	return tea.Tick(progressEvery, func(time.Time) tea.Msg { return progressMsg{} })
}

// loadRange is what is read for period p: whole years, so stepping through
// the quarters and months of a year needs no new read.
func loadRange(p model.ReportPeriod) model.ReportPeriod {
	r := model.RangePeriod(model.YearPeriod(p.From.Year).From, model.YearPeriod(p.To.Year).To)
	if p.From.Year == p.To.Year {
		r.Label = fmt.Sprint(p.From.Year)
	}
	return r
}

// compute recomputes the report for the period and filter, off the UI
// goroutine; only the newest result is shown.
func (t *Tab) compute() tea.Cmd {
	if t.in == nil {
		return t.ensureLoaded()
	}
	if t.period.From.Before(t.loaded.From) || t.period.To.After(t.loaded.To) {
		return t.ensureLoaded()
	}
	t.gen++
	gen, in, p, f := t.gen, t.in, t.period, t.filter
	return func() tea.Msg {
		view := *in
		view.Period = p
		m := model.ComputeMonitoring(&view, f)
		var items [numSections][]item
		for s := section(0); s < numSections; s++ {
			items[s] = buildItems(s, m)
		}
		return computedMsg{gen: gen, m: m, items: items}
	}
}

// changed keeps the data current: changed Einsätze are read again by ID,
// any other change of the reported kinds reloads the small parts.
func (t *Tab) changed(msg common.ChangedMsg) tea.Cmd {
	ids := map[string]bool{}
	other := false
	for _, ev := range msg.Events {
		for _, c := range ev.Changes {
			switch c.Kind {
			case store.KindEinsatz:
				ids[c.ID] = true
			case store.KindClaim, store.KindFund, store.KindEvent, store.KindRegistration, store.KindTask, store.KindSettings, store.KindOrganisation:
				other = true
			}
		}
	}
	if len(ids) == 0 && !other {
		return nil
	}
	if t.loading {
		if t.pending == nil {
			t.pending = map[string]bool{}
		}
		for id := range ids {
			t.pending[id] = true
		}
		t.stale = t.stale || other
		return nil
	}
	if t.in == nil {
		return nil
	}
	if other {
		return t.reloadParts(ids)
	}
	return t.patch(ids)
}

// patch reads the changed Einsätze and makes a new input with them.
func (t *Tab) patch(ids map[string]bool) tea.Cmd {
	old := t.in
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	return common.Read(t.ctx, func(tx *store.Tx) (*model.ReportInput, error) {
		facts, err := store.EinsatzFactsByID(tx, list)
		if err != nil {
			return nil, err
		}
		return withFacts(old, list, facts), nil
	}, func(in *model.ReportInput, err error) tea.Msg { return patchedMsg{in: in, err: err} })
}

// reloadParts reads payments, events, tasks and names again (they are few)
// and the changed Einsätze.
func (t *Tab) reloadParts(ids map[string]bool) tea.Cmd {
	old := t.in
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	return common.Read(t.ctx, func(tx *store.Tx) (*model.ReportInput, error) {
		fresh := *old
		k, err := store.KostenPayments(tx, old.Period)
		if err != nil {
			return nil, err
		}
		fresh.Payments, fresh.Reclaims, fresh.Committed, fresh.Funds, fresh.Limits = k.Payments, k.Reclaims, k.Committed, k.Funds, k.Limits
		if fresh.Events, err = store.LoadEventFacts(tx, old.Period); err != nil {
			return nil, err
		}
		if fresh.Tasks, err = store.LoadTaskFacts(tx); err != nil {
			return nil, err
		}
		fresh.Organisations = map[string]string{}
		if err := store.Organisations.Each(tx, func(o *model.Organisation) error {
			fresh.Organisations[o.ID] = o.Name
			return nil
		}); err != nil {
			return nil, err
		}
		fresh.Today = model.Today(tx.Now())
		facts, err := store.EinsatzFactsByID(tx, list)
		if err != nil {
			return nil, err
		}
		return withFacts(&fresh, list, facts), nil
	}, func(in *model.ReportInput, err error) tea.Msg { return patchedMsg{in: in, err: err} })
}

// withFacts returns a copy of in where the Einsätze named in ids are
// replaced by facts (deleted ones dropped, new ones in the period added).
func withFacts(in *model.ReportInput, ids []string, facts []model.EinsatzFact) *model.ReportInput {
	out := *in
	if len(ids) == 0 {
		return &out
	}
	gone := map[string]bool{}
	for _, id := range ids {
		gone[id] = true
	}
	es := make([]model.EinsatzFact, 0, len(in.Einsaetze)+len(facts))
	for _, e := range in.Einsaetze {
		if !gone[e.ID] {
			es = append(es, e)
		}
	}
	for _, f := range facts {
		if in.Period.Contains(model.DateOf(f.Start)) {
			es = append(es, f)
		}
	}
	slices.SortStableFunc(es, func(a, b model.EinsatzFact) int { return a.Start.Compare(b.Start) })
	out.Einsaetze = es
	return &out
}
