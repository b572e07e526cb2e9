package sprachmittlung

import (
	"fmt"
	"strings"
)

// dayMinCol is the narrowest column of the day view.
const dayMinCol = 22

// dayView: one column per interpreter, bookings as small cards in time
// order. Columns that do not fit scroll with the selection.
func (a *agenda) dayView(w, h int) []string {
	n := len(a.groups)
	visible := min(max(1, (w+1)/(dayMinCol+1)), n)
	// The columns share the whole width (at 200 columns they stayed at 40
	// cells each and left the rest empty).
	cw := (w - (visible - 1)) / visible
	selG, selI := -1, -1
	if a.sel < len(a.flat) {
		selG, selI = a.flat[a.sel].g, a.flat[a.sel].i
	}
	a.scrollColumns(selG, visible)
	room := max(4, h-3) // lines under the head, one kept for "↓ n weitere"
	cols := make([][]string, 0, visible)
	for gi := a.colOff; gi < a.colOff+visible && gi < n; gi++ {
		sel := -1
		if gi == selG {
			sel = selI
		}
		cols = append(cols, a.dayColumn(a.groups[gi], cw, room, sel))
	}
	out := joinColumns(cols, cw, h)
	if n > visible {
		more := fmt.Sprintf("Spalten %d–%d von %d · ↑↓ Einsatz · Bild↑/Bild↓ Spalte", a.colOff+1, a.colOff+visible, n)
		if len(out) >= h {
			out = out[:h-1]
		}
		out = append(out, a.ctx.Styles.Muted.Render(cut(more, w)))
	}
	return out
}

// scrollColumns keeps the selected column in view.
func (a *agenda) scrollColumns(selG, visible int) {
	if selG >= 0 {
		if selG < a.colOff {
			a.colOff = selG
		}
		if selG >= a.colOff+visible {
			a.colOff = selG - visible + 1
		}
	}
	if n := len(a.groups); a.colOff > n-visible {
		a.colOff = max(0, n-visible)
	}
}

// dayColumn is one interpreter's column: the name, then the cards that
// fit, with the selected card (sel, -1 for none) in view.
func (a *agenda) dayColumn(g agGroup, cw, room, sel int) []string {
	st := a.ctx.Styles
	head := g.name
	if len(g.rows) > 1 {
		head += fmt.Sprintf(" (%d)", len(g.rows))
	}
	style := st.Subtitle
	if g.id == "" {
		style = st.Warning
	}
	col := []string{style.Render(fit(head, cw)), st.Muted.Render(strings.Repeat("─", cw))}
	cards := dayCards(g.rows, cw)
	start, end := cardWindow(cards, room, sel)
	if start > 0 {
		col[1] = st.Muted.Render(fit(fmt.Sprintf("↑ %d weitere", start), cw))
	}
	for i := start; i < end; i++ {
		col = a.appendCard(col, cards[i], cw, i == sel)
	}
	if end < len(g.rows) {
		col = append(col, st.Muted.Render(fit(fmt.Sprintf("↓ %d weitere", len(g.rows)-end), cw)))
	}
	return col
}

// dayCards: a card is time, language, the institution (wrapped, never cut
// short: "Jobcenter Landkreis Gifho…") and the place.
func dayCards(rows []*vrow, cw int) [][]string {
	cards := make([][]string, len(rows))
	for i, r := range rows {
		inst := wrap(r.Institution, cw)
		if len(inst) > 2 {
			inst = append(inst[:1], cut(strings.Join(inst[1:], " "), cw))
		}
		c := []string{r.timeRange() + " " + statusMark(r), r.Language}
		c = append(c, inst...)
		cards[i] = append(c, cut(r.Place, cw))
	}
	return cards
}

// cardWindow is the cards [start, end) that fit room lines, moved down
// until the selected card (sel, -1 for none) is among them; at least one
// card is shown.
func cardWindow(cards [][]string, room, sel int) (start, end int) {
	for {
		used := 0
		for end = start; end < len(cards) && used+len(cards[end]) <= room; end++ {
			used += len(cards[end])
		}
		if sel < end || start >= sel {
			break
		}
		start++
	}
	return start, max(end, min(start+1, len(cards)))
}

// appendCard adds a card's lines to a column, styled line by line.
func (a *agenda) appendCard(col, card []string, cw int, selected bool) []string {
	st := a.ctx.Styles
	for li, l := range card {
		l = fit(l, cw)
		switch {
		case selected && li < len(card)-1:
			l = st.Selected.Render(l)
		case li == 0:
			l = st.Bold.Render(l)
		case li == 1:
			l = st.Accent.Render(l)
		case li == len(card)-1:
			l = st.Muted.Render(l) // the place, apart from a wrapped name
		}
		col = append(col, l)
	}
	return col
}

// joinColumns sets the columns side by side, h lines at most, until the
// longest ends.
func joinColumns(cols [][]string, cw, h int) []string {
	out := make([]string, 0, h)
	blank := strings.Repeat(" ", cw)
	for li := 0; li < h; li++ {
		var b strings.Builder
		any := false
		for ci, col := range cols {
			if ci > 0 {
				b.WriteByte(' ')
			}
			if li < len(col) {
				b.WriteString(col[li])
				any = true
			} else {
				b.WriteString(blank)
			}
		}
		if !any {
			break
		}
		out = append(out, b.String())
	}
	return out
}

// statusMark is a short mark for a card: ✓ confirmed, ? still searching.
func statusMark(r *vrow) string {
	switch {
	case r.Bad:
		return "!"
	case r.Confirmed:
		return "✓"
	case r.Open:
		return "?"
	}
	return ""
}
