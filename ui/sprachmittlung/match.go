package sprachmittlung

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/ui/common"
)

// matchRow is one line of "Sprachmittler:in suchen": a candidate with the
// reasons it is listed, or an interpreter who speaks the language but is
// booked (shown last, so the refusal can be seen and explained).
type matchRow struct {
	PersonID, Name string
	Reason         string
	Issues         []string
	Busy           string // conflicting E-number; "" = free
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

// candidateRows turns the domain's ranking into lines with reasons.
func candidateRows(e *model.Einsatz, cands []model.Candidate, busy []matchRow) []matchRow {
	monthName := monthNames[model.DateOf(e.Start).Month]
	var out []matchRow
	for _, c := range cands {
		var why []string
		lang := e.Language
		if e.Dialect != "" {
			if c.DialectMatch {
				lang += " (" + e.Dialect + ")"
			} else {
				lang += ", Dialekt " + e.Dialect + " nicht eingetragen"
			}
		}
		why = append(why, lang)
		if e.GenderPref != model.GenderUnknown {
			why = append(why, e.GenderPref.Label())
		}
		why = append(why, fmt.Sprintf("%d Einsätze im %s", c.MonthCount, monthName))
		if e.OnSite() {
			why = append(why, fmt.Sprintf("%d km", c.DistanceKm))
		} else {
			why = append(why, e.Setting.Label())
		}
		why = append(why, "frei")
		if c.DroppedOut {
			why = append([]string{"hat diesen Einsatz abgesagt"}, why...)
		}
		out = append(out, matchRow{PersonID: c.Person.ID, Name: c.Person.Name, Reason: strings.Join(why, " · "), Issues: c.Issues})
	}
	return append(out, busy...)
}

var monthNames = [...]string{"", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
	"September", "Oktober", "November", "Dezember"}

func (m *matchView) view(flash string, flashErr bool) string {
	st := m.ctx.Styles
	e := m.e
	lang := e.Language
	if e.Dialect != "" {
		lang += " (" + e.Dialect + ")"
	}
	head := []string{
		st.Title.Render("Sprachmittler:in suchen · " + e.Number),
		st.Muted.Render(cut(fmt.Sprintf("%s · %s %s–%s · %s · %s", lang, model.DateOf(e.Start), model.FormatTime(e.Start),
			model.FormatTime(e.End()), e.Setting.Label(), e.Place), m.w)),
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
	foot = append(foot, st.Muted.Render(cut("↑↓ wählen · enter zuweisen · esc zurück · Reihenfolge: Dialekt, wenigste Einsätze im Monat, Entfernung", m.w)))
	body := m.h - len(head) - len(foot) - 1
	lines := append([]string{}, head...)
	lines = append(lines, "")
	switch {
	case m.err != nil:
		lines = append(lines, st.Error.Render(cut(m.err.Error(), m.w)))
	case !m.loaded:
		lines = append(lines, st.Muted.Render("lädt …"))
	case len(m.rows) == 0:
		lines = append(lines, st.Warning.Render(cut("Niemand im Pool spricht diese Sprache oder erfüllt die Bedingungen.", m.w)))
	default:
		// two lines per row
		per := 2
		visible := max(1, body/per)
		if m.sel < m.offset {
			m.offset = m.sel
		}
		if m.sel >= m.offset+visible {
			m.offset = m.sel - visible + 1
		}
		for i := m.offset; i < len(m.rows) && i < m.offset+visible; i++ {
			r := m.rows[i]
			name := r.Name
			mark := "  "
			if i == m.sel {
				mark = "› "
			}
			l1 := mark + name
			var l2 string
			if r.Busy != "" {
				l2 = "    belegt: " + r.Busy + " (überschneidet sich, Fahrzeit eingerechnet)"
			} else {
				l2 = "    " + r.Reason
				if len(r.Issues) > 0 {
					l2 += " · ⚠ " + strings.Join(r.Issues, ", ")
				}
			}
			switch {
			case i == m.sel:
				lines = append(lines, st.Selected.Render(fit(l1, m.w)))
			case r.Busy != "":
				lines = append(lines, st.Muted.Render(cut(l1, m.w)))
			default:
				lines = append(lines, st.Bold.Render(cut(l1, m.w)))
			}
			if r.Busy != "" {
				lines = append(lines, st.Muted.Render(cut(l2, m.w)))
			} else if len(r.Issues) > 0 {
				lines = append(lines, st.Warning.Render(cut(l2, m.w)))
			} else {
				lines = append(lines, cut(l2, m.w))
			}
		}
	}
	for len(lines) < m.h-len(foot) {
		lines = append(lines, "")
	}
	lines = append(lines, foot...)
	return frame(lines, m.w, m.h)
}
