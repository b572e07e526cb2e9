package sprachmittlung

import (
	"fmt"
	"strings"

	"stabsstelle/model"
)

// weekMaxBookings is how many bookings a day cell shows; the last line
// says how many more there are.
const weekMaxBookings = 3

// weekGrid is the layout of the week view: its first day, how many days
// it shows, the widths of the name and day columns and the lines per
// booking.
type weekGrid struct {
	from         model.Date
	days, nw, dw int
	per          int
}

// weekView: one row per interpreter, one column per day; each booking one
// line "09:00 Tigrinya Jobcenter".
func (a *agenda) weekView(w, h int) []string {
	from, _ := a.span()
	gr := weekGrid{from: from, nw: 14, per: 1}
	if w >= 110 {
		gr.nw = 18
	}
	gr.days = a.weekDays(w)
	gr.dw = max((w-gr.nw)/gr.days-1, 5) // one space between days
	// Narrow days show a booking on two lines (time and language, then
	// the institution); wide ones on one.
	if gr.dw < 20 {
		gr.per = 2
	}
	out := []string{a.weekHeader(gr)}
	h--
	heights := make([]int, len(a.groups)) // made here, it may stay on the stack
	a.weekHeights(heights, gr)
	a.scrollRows(heights, h)
	for gi := a.rowOff; gi < len(a.groups); gi++ {
		if len(out)+heights[gi] > h {
			break
		}
		out = a.appendWeekRow(out, gi, heights[gi], gr)
	}
	if shown := len(a.groups) - a.rowOff; len(out)-1 < sumHeights(heights[a.rowOff:]) && shown > 0 {
		if len(out) >= h+1 {
			out = out[:h]
		}
		out = append(out, a.ctx.Styles.Muted.Render(cut(fmt.Sprintf("%d Sprachmittler:innen · ↑↓ / Bild↑ Bild↓ blättern", len(a.groups)), w)))
	}
	return out
}

// weekDays: Saturday and Sunday get a column only when something happens
// then or the screen is wide: at 80 columns five days are readable, seven
// are not.
func (a *agenda) weekDays(w int) int {
	if w >= 110 {
		return 7
	}
	from, _ := a.span()
	for _, g := range a.groups {
		for _, r := range g.rows {
			if from.DaysUntil(r.Day()) >= 5 {
				return 7
			}
		}
	}
	return 5
}

// weekHeader names the days, today in the accent colour.
func (a *agenda) weekHeader(gr weekGrid) string {
	st := a.ctx.Styles
	var hb strings.Builder
	hb.WriteString(st.Header.Render(fit("Wer", gr.nw)))
	today := model.Today(a.ctx.Now())
	for d := 0; d < gr.days; d++ {
		day := gr.from.AddDays(d)
		label := fit(day.WeekdayShort()+" "+day.String()[:5], gr.dw)
		hb.WriteByte(' ')
		if day.Equal(today) {
			hb.WriteString(st.Header.Foreground(st.Palette.Accent).Render(label))
		} else {
			hb.WriteString(st.Header.Render(label))
		}
	}
	return hb.String()
}

// weekHeights sets the lines of each interpreter's row: its busiest day,
// up to weekMaxBookings bookings.
func (a *agenda) weekHeights(heights []int, gr weekGrid) {
	for gi, g := range a.groups {
		count := [7]int{}
		for _, r := range g.rows {
			if d := gr.from.DaysUntil(r.Day()); d >= 0 && d < 7 {
				count[d]++
			}
		}
		m := 1
		for _, c := range count {
			m = max(m, min(c, weekMaxBookings))
		}
		heights[gi] = m * gr.per
	}
}

// scrollRows scrolls so the selected row is visible in h lines.
func (a *agenda) scrollRows(heights []int, h int) {
	if a.sel < a.rowOff {
		a.rowOff = a.sel
	}
	for {
		used := 0
		for gi := a.rowOff; gi <= a.sel && gi < len(heights); gi++ {
			used += heights[gi]
		}
		if used <= h-1 || a.rowOff >= a.sel {
			break
		}
		a.rowOff++
	}
}

// appendWeekRow adds the lines of interpreter gi's row.
func (a *agenda) appendWeekRow(out []string, gi, height int, gr weekGrid) []string {
	g := a.groups[gi]
	var cells [7][]string // on the stack: drawing a row allocates no table
	weekCells(&cells, g.rows, gr)
	for li := 0; li < height; li++ {
		out = append(out, a.weekLine(g, gi == a.sel, li, &cells, gr))
	}
	return out
}

// weekCells is the lines of each day of a row: the bookings, and "+n
// weitere" instead of the last when there are more than fit.
func weekCells(cells *[7][]string, rows []*vrow, gr weekGrid) {
	n := [7]int{}
	for _, r := range rows {
		if d := gr.from.DaysUntil(r.Day()); d >= 0 && d < 7 {
			n[d]++
		}
	}
	for _, r := range rows {
		d := gr.from.DaysUntil(r.Day())
		if d < 0 || d >= 7 {
			continue
		}
		k := len(cells[d]) / gr.per
		switch {
		case k < weekMaxBookings-1 || (k == weekMaxBookings-1 && n[d] == weekMaxBookings):
			cells[d] = append(cells[d], weekCell(r, gr.dw, gr.per)...)
		case k == weekMaxBookings-1:
			more := []string{fmt.Sprintf("+%d weitere", n[d]-k)}
			if gr.per == 2 {
				more = append(more, "")
			}
			cells[d] = append(cells[d], more...)
		}
	}
}

// weekLine is line li of a row: the name on the first, then the days.
func (a *agenda) weekLine(g agGroup, selected bool, li int, cells *[7][]string, gr weekGrid) string {
	st := a.ctx.Styles
	var b strings.Builder
	name := ""
	if li == 0 {
		name = g.name
	}
	name = fit(name, gr.nw)
	switch {
	case selected:
		b.WriteString(st.Selected.Render(name))
	case g.id == "":
		b.WriteString(st.Warning.Render(name))
	default:
		b.WriteString(st.Bold.Render(name))
	}
	for d := 0; d < gr.days; d++ {
		b.WriteByte(' ')
		c := ""
		if li < len(cells[d]) {
			c = cells[d][li]
		}
		if gr.per == 2 && li%2 == 1 {
			b.WriteString(st.Muted.Render(fit(c, gr.dw)))
		} else {
			b.WriteString(fit(c, gr.dw))
		}
	}
	return b.String()
}

func sumHeights(hs []int) int {
	s := 0
	for _, h := range hs {
		s += h
	}
	return s
}

// weekCell is "09:00 Tigrinya Jobcenter" on one line, or time and
// language on one and the institution on a second line.
func weekCell(r *vrow, w, per int) []string {
	if per == 1 {
		return []string{cut(r.clock()+" "+r.Language+" "+r.Institution, w)}
	}
	return []string{cut(r.clock()+" "+r.Language, w), cut(r.Institution, w)}
}
