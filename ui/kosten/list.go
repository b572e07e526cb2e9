package kosten

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
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
		table.WithEmptyText("Keine Anträge – mit n einen neuen Antrag anlegen."))
	m.SetFilterText(func(r store.ClaimRow) string {
		return r.Number + " " + r.PersonName + " " + t.fundNames[r.FundID] + " " + r.Project + " " + r.Status.Label() + " " + r.Total.Plain()
	})
	return m
}

func (t *Tab) applyStatusFilter() {
	keep := statusFilters[t.statusF].keep
	if statusFilters[t.statusF].label == reclaimFilter {
		keep = func(r store.ClaimRow) bool { return len(t.reclaims[r.ID]) > 0 }
	}
	rows := make([]store.ClaimRow, 0, len(t.rows))
	for _, r := range t.rows {
		if keep(r) {
			rows = append(rows, r)
		}
	}
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
	title += fmt.Sprintf(" (%d)", t.claims.Len())
	return t.header(title) + "\n" + t.claims.View()
}

// ---------------------------------------------------------------- funds

func (t *Tab) updateFunds(kp tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := t.switchScreen(kp); ok {
		return cmd
	}
	l := t.ctx.List
	switch {
	case key.Matches(kp, l.Up):
		t.fundSel = max(0, t.fundSel-1)
	case key.Matches(kp, l.Down):
		t.fundSel = min(len(t.funds)-1, t.fundSel+1)
	case key.Matches(kp, t.fundKeys.New):
		return t.openFundForm(nil)
	case key.Matches(kp, t.keys.Account):
		return t.openAccountForm()
	case key.Matches(kp, t.keys.SMFund):
		if t.fundSel < 0 || t.fundSel >= len(t.funds) {
			return nil
		}
		f := t.funds[t.fundSel]
		id, name, year := f.ID, f.Name, f.Year
		return t.ctx.Write(func(tx *store.Tx) error { _, err := store.SetSprachmittlungFund(tx, id); return err },
			func(err error) tea.Msg {
				return actionDoneMsg{text: fmt.Sprintf("„%s“ ist jetzt der Topf für Sprachmittlung %d.", name, year), err: err}
			})
	case key.Matches(kp, t.fundKeys.Edit), key.Matches(kp, l.Open):
		if t.fundSel >= 0 && t.fundSel < len(t.funds) {
			return t.openFundForm(t.funds[t.fundSel])
		}
	case key.Matches(kp, l.Back):
		t.screen = scrClaims
	}
	return nil
}

func (t *Tab) viewFunds() string {
	st := t.ctx.Styles
	var b strings.Builder
	b.WriteString(t.header("Fördertöpfe") + "\n")
	if len(t.funds) == 0 {
		b.WriteString(st.Muted.Render("Noch kein Fördertopf – mit n anlegen.") + "\n")
	}
	barW := max(10, t.w-64)
	per := 2
	room := max(1, (t.h-2)/per)
	start := 0
	if t.fundSel >= room {
		start = t.fundSel - room + 1
	}
	for i := start; i < len(t.funds) && i < start+room; i++ {
		f := t.funds[i]
		u := t.usages[f.ID]
		mark := "  "
		if t.smFunds[f.Year] == f.ID {
			mark = "★ "
		}
		name := fmt.Sprintf("%s%-38.38s %4d  %14s", mark, f.Name, f.Year, f.Amount)
		if i == t.fundSel {
			name = st.Selected.Render(name)
		} else {
			name = st.Bold.Render(name)
		}
		b.WriteString(name + "  " + st.Muted.Render(orDash(f.Haushaltsstelle)) + "\n")
		bar := u.Bar(barW)
		left := st.Success.Render(fmt.Sprintf("frei %s", u.Left))
		if u.Left < 0 {
			left = st.Error.Render(fmt.Sprintf("überzogen %s", -u.Left))
		}
		b.WriteString(fmt.Sprintf("  %s  gebunden %s · ausgezahlt %s · %s\n", st.Accent.Render(bar), u.Committed, u.Paid, left))
	}
	b.WriteString(st.Muted.Render("█ ausgezahlt  ▓ gebunden (eingereicht … angeordnet)  ░ frei · ★ Topf für Sprachmittlung (s)") + "\n")
	lines := strings.Count(b.String(), "\n")
	for ; lines < t.h; lines++ {
		b.WriteString("\n")
	}
	return b.String()
}

// ---------------------------------------------------------------- people

type volRow struct {
	p       *model.Person
	used    model.Money
	limit   model.Money
	problem string
	owes    model.Money // open Rückforderungen
}

func newPeopleTable(ctx *common.Context) *table.Model[volRow] {
	cols := []table.Column[volRow]{
		{Title: "Name", MinWidth: 12, Value: func(r volRow) string { return r.p.Name }},
		{Title: "IBAN", Width: 27, Value: func(r volRow) string {
			if r.p.Volunteer == nil || r.p.Volunteer.IBAN == "" {
				return "– fehlt –"
			}
			if !r.p.Volunteer.IBAN.Valid() {
				return "ungültig!"
			}
			return r.p.Volunteer.IBAN.Masked()
		}},
		{Title: "Projekte", MinWidth: 8, Value: func(r volRow) string {
			if r.p.Volunteer == nil {
				return ""
			}
			return strings.Join(r.p.Volunteer.Projects, ", ")
		}},
		{Title: "AE dieses Jahr", Width: 18, Align: table.AlignRight, Value: func(r volRow) string {
			s := r.used.Plain() + "/" + fmt.Sprint(int64(r.limit)/100)
			if r.limit > 0 && r.used > r.limit {
				s = "⚠ " + s
			} else if model.LimitNear(r.used, r.limit) {
				s = "! " + s
			}
			return s
		}, Less: func(a, b volRow) bool { return a.used < b.used }},
		// What the person owes back (open Rückforderungen).
		{Title: "Rückf.", Width: 8, Align: table.AlignRight, Value: func(r volRow) string {
			if r.owes <= 0 {
				return ""
			}
			return r.owes.Plain()
		}, Less: func(a, b volRow) bool { return a.owes < b.owes }},
	}
	m := table.New(cols, table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)),
		table.WithEmptyText("Keine Engagierten – Import: stabsstelle import engagierte DATEI.csv"))
	m.SetFilterText(func(r volRow) string {
		s := r.p.Name + " " + r.p.City
		if r.p.Volunteer != nil {
			s += " " + strings.Join(r.p.Volunteer.Projects, " ")
		}
		return s
	})
	return m
}

func (t *Tab) loadPeople() tea.Cmd {
	year := model.Today(t.ctx.Now()).Year
	return common.Read(t.ctx, func(tx *store.Tx) ([]volRow, error) {
		vs, err := store.Volunteers(tx)
		if err != nil {
			return nil, err
		}
		rows, err := store.LoadClaimRows(tx)
		if err != nil {
			return nil, err
		}
		set, err := store.LoadKostenSettings(tx)
		if err != nil {
			return nil, err
		}
		owes, err := store.OpenReclaimLeft(tx)
		if err != nil {
			return nil, err
		}
		used := store.PersonAllowances(rows, year)
		out := make([]volRow, 0, len(vs))
		for _, p := range vs {
			out = append(out, volRow{p: p, used: used[p.ID], limit: set.Limits.For(p.Volunteer.LimitKind, year), problem: model.PayoutProblem(p), owes: owes[p.ID]})
		}
		return out, nil
	}, func(rows []volRow, err error) tea.Msg { return peopleLoadedMsg{rows, err} })
}

func (t *Tab) updatePeople(kp tea.KeyPressMsg) tea.Cmd {
	if t.people.Filtering() {
		return t.people.Update(kp)
	}
	if cmd, ok := t.switchScreen(kp); ok {
		return cmd
	}
	switch {
	case key.Matches(kp, t.keys.Certificate):
		if r, ok := t.people.Selected(); ok {
			return t.openCertificateForm(r.p)
		}
		return nil
	case key.Matches(kp, t.peopleKeys.Edit), key.Matches(kp, t.ctx.List.Open):
		if r, ok := t.people.Selected(); ok {
			return t.loadProfile(r.p.ID)
		}
		return nil
	case key.Matches(kp, t.peopleKeys.New):
		t.pick = picker.NewPerson(t.ctx, pickVolunteerID, nil)
		t.pick.SetSize(t.w, t.h)
		return t.pick.Init()
	case key.Matches(kp, t.ctx.List.Back) && !t.people.Handles(kp):
		t.screen = scrClaims
		return nil
	}
	return t.people.Update(kp)
}

func (t *Tab) viewPeople() string {
	year := model.Today(t.ctx.Now()).Year
	title := fmt.Sprintf("Engagierte (%d) · Aufwandsentschädigung %d / Freibetrag", t.people.Len(), year)
	return t.header(title) + "\n" + t.people.View()
}
