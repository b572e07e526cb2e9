package kosten

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/picker"
	"stabsstelle/ui/table"
)

const (
	pickPersonID    = "kosten:person"
	pickInterpID    = "kosten:interp"
	pickVolunteerID = "kosten:volunteer"
)

func newClaimTable(t *Tab) *table.Model[store.ClaimRow] {
	cols := []table.Column[store.ClaimRow]{
		{Title: "Nr.", Width: 11, Value: func(r store.ClaimRow) string { return r.Number }},
		{Title: "Zeitraum", Width: 10, Value: func(r store.ClaimRow) string { return model.PeriodLabel(r.PeriodFrom, r.PeriodTo) },
			Less: func(a, b store.ClaimRow) bool { return a.PeriodFrom.Before(b.PeriodFrom) }},
		{Title: "Person", MinWidth: 12, Value: func(r store.ClaimRow) string { return r.PersonName }},
		{Title: "Fördertopf", MinWidth: 8, Value: func(r store.ClaimRow) string { return t.fundNames[r.FundID] }},
		{Title: "Betrag", Width: 12, Align: table.AlignRight, Value: func(r store.ClaimRow) string { return r.Total.String() },
			Less: func(a, b store.ClaimRow) bool { return a.Total < b.Total }},
		{Title: "Status", Width: 19, Value: func(r store.ClaimRow) string {
			s := r.Status.Label()
			if r.Kind != model.ClaimNormal {
				s = r.Kind.Label() + " · " + s
			}
			if r.PayoutRunID != "" && r.Status == model.ClaimAngeordnet {
				s += " (Lauf)"
			}
			if len(t.reclaims[r.ID]) > 0 {
				s = "↩ " + s // an open Rückforderung
			}
			return s
		}, Less: func(a, b store.ClaimRow) bool { return a.Status.Rank() < b.Status.Rank() }},
	}
	m := table.New(cols, table.WithStyles(table.DefaultStyles(t.ctx.Styles.IsDark)), table.WithSort(0, true),
		table.WithEmptyText("Keine Anträge – mit n einen neuen Antrag anlegen."), table.WithLazyFilter())
	m.SetFilterText(claimFilterText(nil))
	return m
}

// claimFilterText is what `/` searches in a claim. It reads the fund names
// of one load (a load replaces the map whole, never changes it): the table
// builds the text in a command (table.WithLazyFilter).
func claimFilterText(fundNames map[string]string) func(store.ClaimRow) string {
	return func(r store.ClaimRow) string {
		return r.Number + " " + r.PersonName + " " + fundNames[r.FundID] + " " + r.Project + " " + r.Status.Label() + " " + r.Total.Plain()
	}
}

func (t *Tab) applyStatusFilter() {
	keep := statusFilters[t.statusF].keep
	if statusFilters[t.statusF].label == reclaimFilter {
		keep = func(r store.ClaimRow) bool { return len(t.reclaims[r.ID]) > 0 }
	}
	// The list holds its rows for the whole session: "alle" shares the
	// loaded slice (neither side changes it; a load replaces it whole), a
	// filter gets a slice of its own size – a copy of all 20 000 claims
	// cost 4,6 MB of the memory budget.
	rows := t.rows
	if t.statusF != 0 {
		n := 0
		for _, r := range t.rows {
			if keep(r) {
				n++
			}
		}
		rows = make([]store.ClaimRow, 0, n)
		for _, r := range t.rows {
			if keep(r) {
				rows = append(rows, r)
			}
		}
	}
	t.claims.SetFilterText(claimFilterText(t.fundNames))
	t.claims.SetRows(rows, func(r store.ClaimRow) string { return r.ID })
}

func (t *Tab) updateClaims(kp tea.KeyPressMsg) tea.Cmd {
	l := t.ctx.List
	if t.claims.Filtering() {
		return t.claims.Update(kp)
	}
	if cmd, ok := t.switchScreen(kp); ok {
		return cmd
	}
	switch {
	case key.Matches(kp, t.keys.Status):
		t.statusF = (t.statusF + 1) % len(statusFilters)
		t.applyStatusFilter()
		return nil
	case key.Matches(kp, l.Open):
		if r, ok := t.claims.Selected(); ok {
			t.screen = scrDetail
			t.det = nil
			return t.openDetail(r.ID)
		}
		return nil
	case key.Matches(kp, t.claimKeys.New):
		return t.startNewClaim()
	case key.Matches(kp, t.keys.Einsaetze):
		t.pick = picker.NewPerson(t.ctx, pickInterpID, func(p *model.Person) bool { return p.Interpreter != nil })
		t.pick.SetSize(t.w, t.h)
		return t.pick.Init()
	case key.Matches(kp, t.claimKeys.Edit):
		if r, ok := t.claims.Selected(); ok {
			return t.editClaim(r.ID)
		}
		return nil
	}
	return t.claims.Update(kp)
}

func (t *Tab) startNewClaim() tea.Cmd {
	t.pick = picker.NewPerson(t.ctx, pickPersonID, func(p *model.Person) bool { return p.Volunteer != nil || p.Interpreter != nil })
	t.pick.SetSize(t.w, t.h)
	return t.pick.Init()
}

func (t *Tab) viewClaims() string {
	st := t.ctx.Styles
	title := "Kostenerstattungen · Anträge"
	if !t.loaded && t.loading {
		return t.header(title) + "\n" + st.Muted.Render("lädt …")
	}
	if f := statusFilters[t.statusF]; t.statusF != 0 {
		title += " · " + f.label
	}
	title += " (" + table.FormatCount(t.claims.Len()) + ")"
	return t.header(title) + "\n" + t.claims.View()
}
