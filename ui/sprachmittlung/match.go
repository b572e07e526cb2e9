package sprachmittlung

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

// matchRow is one entry of "Sprachmittler:in suchen": an offered
// candidate with the reasons of its rank, or an interpreter of the language
// who is not offered, with the one reason why (shown below the others).
type matchRow struct {
	PersonID, Name string
	Reason         string
	Issues         []string // hints about papers of an offered candidate
	Busy           string   // overlapping E-number, when that is the reason
	Excluded       bool
}

type matchLoadedMsg struct {
	einsatzID string
	rows      []matchRow
	err       error
}

type assignedMsg struct {
	einsatzID, name string
	err             error
}

type matchView struct {
	ctx    *common.Context
	e      *model.Einsatz
	rows   []matchRow
	loaded bool
	err    error
	sel    int
	offset int
	w, h   int
}

func newMatchView(ctx *common.Context, e *model.Einsatz) *matchView {
	return &matchView{ctx: ctx, e: e}
}

func (m *matchView) setSize(w, h int) { m.w, m.h = w, h }

func (m *matchView) set(msg matchLoadedMsg) {
	if msg.einsatzID != m.e.ID {
		return
	}
	m.rows, m.err, m.loaded = msg.rows, msg.err, true
	m.sel = 0
}

func (m *matchView) selected() (matchRow, bool) {
	if m.sel < len(m.rows) {
		return m.rows[m.sel], true
	}
	return matchRow{}, false
}

func (m *matchView) update(msg tea.KeyPressMsg) {
	switch msg.String() {
	case "up", "k":
		if m.sel > 0 {
			m.sel--
		}
	case "down", "j":
		if m.sel < len(m.rows)-1 {
			m.sel++
		}
	case "pgdown":
		m.sel = min(len(m.rows)-1, m.sel+5)
	case "pgup":
		m.sel = max(0, m.sel-5)
	}
}

// candidateRows turns the domain's answer into rows: the offered ones in
// rank order, then the excluded ones.
func candidateRows(e *model.Einsatz, m model.Matching) []matchRow {
	out := make([]matchRow, 0, len(m.Offered)+len(m.Excluded))
	for _, c := range m.Offered {
		issues := c.Issues
		c.Issues = nil // shown apart, as a warning
		out = append(out, matchRow{PersonID: c.Person.ID, Name: c.Person.Name, Reason: strings.Join(c.Reasons(e), " · "), Issues: issues})
	}
	for _, x := range m.Excluded {
		out = append(out, matchRow{PersonID: x.Person.ID, Name: x.Person.Name, Reason: x.Reason, Busy: x.Busy, Excluded: true})
	}
	return out
}

// offeredCount is the number of rows before the excluded ones.
func (m *matchView) offeredCount() int {
	for i, r := range m.rows {
		if r.Excluded {
			return i
		}
	}
	return len(m.rows)
}

func (m *matchView) view(flash string, flashErr bool) string {
	st := m.ctx.Styles
	e := m.e
	where := e.Setting.Label()
	if e.OnSite() {
		where = strings.Join(nonEmpty(model.SettingOnSite.Label(), e.Place), " · ")
	}
	head := []string{
		st.Title.Render("Sprachmittler:in suchen · " + e.Number),
		st.Muted.Render(cut(strings.Join(nonEmpty(e.LanguageLabel(), fmt.Sprintf("%s %s–%s", model.DateOf(e.Start), model.FormatTime(e.Start),
			model.FormatTime(e.End())), where, genderNote(e)), " · "), m.w)),
	}
	var foot []string
	if flash != "" {
		s := st.Success
		if flashErr {
			s = st.Error
		}
		for _, l := range wrap(flash, m.w) {
			foot = append(foot, s.Render(l))
		}
	}
	// The keys are in the root's help line; the order of the list is
	// explained here, wrapped rather than cut.
	for _, l := range wrap("Reihenfolge: Dialekt, Geschlecht, wenigste Einsätze im Monat, Entfernung", m.w) {
		foot = append(foot, st.Muted.Render(l))
	}
	body := max(1, m.h-len(head)-len(foot)-1)
	lines := append([]string{}, head...)
	lines = append(lines, "")
	switch {
	case m.err != nil:
		lines = append(lines, st.Error.Render(cut(m.err.Error(), m.w)))
	case !m.loaded:
		lines = append(lines, st.Muted.Render("lädt …"))
	case len(m.rows) == 0:
		lines = append(lines, st.Warning.Render(cut("Niemand im Pool spricht "+e.Language+".", m.w)))
	default:
		lines = append(lines, m.window(body)...)
	}
	for len(lines) < m.h-len(foot) {
		lines = append(lines, "")
	}
	lines = append(lines, foot...)
	return frame(lines, m.w, m.h)
}

// genderNote is "nur weiblich" or "bevorzugt männlich" for the header.
func genderNote(e *model.Einsatz) string {
	if e.GenderPref == model.GenderUnknown {
		return ""
	}
	return e.GenderWish()
}

// window lays out every row as a block (name, reasons; a heading before
// the first excluded one) and returns the lines that fit body, keeping the
// selected block in view.
func (m *matchView) window(body int) []string {
	st := m.ctx.Styles
	offered := m.offeredCount()
	var all []string
	selFrom, selTo := 0, 0
	if offered == 0 {
		all = append(all, st.Warning.Render(cut("Niemand ist frei und passend – die Gründe stehen unten.", m.w)))
	}
	for i, r := range m.rows {
		if i == offered {
			if offered > 0 {
				all = append(all, "")
			}
			all = append(all, st.Subtitle.Render(cut(fmt.Sprintf("Nicht angeboten (%d)", len(m.rows)-offered), m.w)))
		}
		from := len(all)
		all = m.appendBlock(all, r, i == m.sel)
		if i == m.sel {
			selFrom, selTo = from, len(all)
		}
	}
	if m.sel == 0 {
		selFrom = 0 // the heading above the first row stays visible
	}
	if selFrom < m.offset {
		m.offset = selFrom
	}
	if selTo > m.offset+body {
		m.offset = selTo - body
	}
	m.offset = max(0, min(m.offset, len(all)-body))
	end := min(len(all), m.offset+body)
	return all[m.offset:end]
}

// appendBlock adds one row's block: the name, then the reasons.
func (m *matchView) appendBlock(all []string, r matchRow, selected bool) []string {
	st := m.ctx.Styles
	mark := "  "
	if selected {
		mark = "› "
	}
	l1, l2 := mark+r.Name, r.Reason
	if r.Busy != "" {
		l2 += " (überschneidet sich, Fahrzeit eingerechnet)"
	}
	if len(r.Issues) > 0 {
		l2 += " · ⚠ " + strings.Join(r.Issues, ", ")
	}
	switch {
	case selected:
		all = append(all, st.Selected.Render(fit(l1, m.w)))
	case r.Excluded:
		all = append(all, st.Muted.Render(cut(l1, m.w)))
	default:
		all = append(all, st.Bold.Render(cut(l1, m.w)))
	}
	// The reasons wrap under the name: they are why somebody is not
	// offered, and were cut at 80 columns.
	style := st.Text
	switch {
	case r.Excluded:
		style = st.Muted
	case len(r.Issues) > 0:
		style = st.Warning
	}
	for _, l := range wrap(l2, m.w-4) {
		all = append(all, style.Render("    "+l))
	}
	return all
}

func (t *Tab) matchKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, t.ctx.List.Back):
		t.pop()
	case key.Matches(msg, t.assignKey):
		if r, ok := t.match.selected(); ok {
			return t.assign(r)
		}
	default:
		t.match.update(msg)
	}
	return nil
}

func (t *Tab) matchScreen() string {
	if t.match == nil {
		return t.blank()
	}
	return t.match.view(t.flash, t.flashErr)
}

func (t *Tab) matchHelp() []key.Binding {
	return []key.Binding{chooseKey, t.assignKey, t.ctx.List.Back}
}

// startMatch opens the search for an interpreter while the Einsatz still
// needs one.
func (t *Tab) startMatch(e *model.Einsatz) tea.Cmd {
	switch e.Status {
	case model.StatusAnfrage, model.StatusPruefung, model.StatusSuche, model.StatusVermittelt:
	default:
		return t.fail(fmt.Errorf("Im Status „%s“ wird keine Sprachmittler:in mehr gesucht.", e.Status.Label()))
	}
	return t.showMatch(e)
}

func (t *Tab) showMatch(e *model.Einsatz) tea.Cmd {
	t.match = newMatchView(t.ctx, e)
	t.match.setSize(t.width, t.height)
	t.push(scrMatch)
	return t.loadMatch(e)
}

func (t *Tab) loadMatch(e *model.Einsatz) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) ([]matchRow, error) {
		m, err := store.MatchCandidates(tx, e)
		if err != nil {
			return nil, err
		}
		return candidateRows(e, m), nil
	}, func(rows []matchRow, err error) tea.Msg { return matchLoadedMsg{einsatzID: e.ID, rows: rows, err: err} })
}

func (t *Tab) assign(r matchRow) tea.Cmd {
	e := t.match.e
	id, version, name, pid := e.ID, e.Version, r.Name, r.PersonID
	return t.ctx.Write(func(tx *store.Tx) error {
		return store.AssignInterpreter(tx, id, pid, version)
	}, func(err error) tea.Msg { return assignedMsg{einsatzID: id, name: name, err: err} })
}

// assigned goes back to the Einsatz, now "vermittelt".
func (t *Tab) assigned(msg assignedMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	t.match = nil
	t.pop()
	return tea.Batch(t.reloadShown(), t.say(msg.name+" eingeteilt – Status „vermittelt“"))
}
