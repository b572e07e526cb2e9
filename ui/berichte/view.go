package berichte

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// View draws the content box.
func (t *Tab) View() string {
	if t.frm != nil {
		return t.frm.View()
	}
	if t.records != nil {
		return t.records.view(t.ctx)
	}
	st := t.ctx.Styles
	lines := []string{t.headerLine(), t.sectionLine()}
	switch {
	case t.err != nil:
		lines = append(lines, "", st.Error.Render(ansi.Truncate(t.err.Error(), t.w, "…")))
		return strings.Join(lines, "\n")
	case t.report == nil:
		text := "Die Berichte werden berechnet … (die Einsätze des Jahres werden einmal gelesen)"
		if done, total := t.progress.Get(); total > 0 {
			text = fmt.Sprintf("Die Berichte werden berechnet … %d von %d Einsätzen gelesen (%d %%)", done, total, 100*done/total)
		}
		lines = append(lines, "", ansi.Truncate(text, t.w, "…"))
		return strings.Join(lines, "\n")
	}
	body := t.bodyHeight()
	items := t.items[t.sec]
	cur := t.cursor[t.sec]
	off := t.offset[t.sec]
	layout := newLayout(t.w, items)
	used, i := 0, off
	for ; i < len(items) && used < body; i++ {
		r := t.renderItem(items[i], i == cur, layout)
		n := strings.Count(r, "\n") + 1 // a long summary wraps
		if used+n > body && used > 0 {
			break
		}
		lines = append(lines, r)
		used += n
	}
	if len(items) > body || i < len(items) {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("  … %d von %d Zeilen · ↑↓ blättern · enter zeigt die Datensätze", i, len(items))))
	}
	return strings.Join(lines, "\n")
}

// bodyHeight is the lines for items: the box less header, section line
// and the scroll hint.
func (t *Tab) bodyHeight() int { return max(3, t.h-3) }

func (t *Tab) headerLine() string {
	st := t.ctx.Styles
	mode := [...]string{"Jahr", "Quartal", "Monat", "Zeitraum"}[t.mode]
	left := st.Title.Render("Berichte") + " " + st.Bold.Render(t.period.Label) + st.Muted.Render(" ("+mode+")")
	f := filterLabel(t.filter, t.in)
	if f == "" {
		f = "ohne Filter"
	} else {
		f = "Filter: " + f
	}
	if t.loading {
		f = "wird gelesen … · " + f
	}
	right := st.Muted.Render(f)
	gap := t.w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 2 {
		return ansi.Truncate(left+"  "+right, t.w, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

func (t *Tab) sectionLine() string {
	st := t.ctx.Styles
	var parts []string
	for s := section(0); s < numSections; s++ {
		if s == t.sec {
			parts = append(parts, st.Selected.Render("▸ "+s.title()))
		} else {
			parts = append(parts, st.Muted.Render("  "+s.title()))
		}
	}
	return ansi.Truncate(strings.Join(parts, " ")+st.Muted.Render("   ←/→ Bereich"), t.w, "")
}

// layout are the column widths of the bars of one screen.
type layout struct{ label, bar, num, share int }

func newLayout(w int, items []item) layout {
	l := layout{label: 8, num: 6, share: 7}
	for _, it := range items {
		if it.bar == nil {
			continue
		}
		l.label = max(l.label, ansi.StringWidth(it.bar.label))
		l.num = max(l.num, ansi.StringWidth(it.bar.num))
		l.share = max(l.share, ansi.StringWidth(it.bar.share))
	}
	l.num = min(l.num, 14)
	l.share = min(l.share, 14)
	// The labels (names of Gremien, Fördertöpfe …) get the room they need
	// as long as a bar of 10 cells stays beside them; the bar takes the
	// rest (the labels were cut at 16 cells while the bar had 36).
	l.label = min(l.label, max(8, w-2-1-1-l.num-2-l.share-10))
	l.bar = max(6, w-2-l.label-1-1-l.num-2-l.share)
	if w >= 110 {
		l.bar = min(l.bar, 60)
	} else {
		l.bar = min(l.bar, 36)
	}
	return l
}

func (t *Tab) renderItem(it item, selected bool, l layout) string {
	st := t.ctx.Styles
	switch {
	case it.heading != "":
		return st.Bold.Render(ansi.Truncate(it.heading, t.w, "…"))
	case it.bar == nil:
		// a summary wraps rather than losing its last figures
		var out []string
		for _, l := range strings.Split(ansi.Wrap(it.text, max(10, t.w-2), ""), "\n") {
			out = append(out, "  "+l)
		}
		return strings.Join(out, "\n")
	}
	b := it.bar
	mark := "  "
	if selected {
		mark = "› "
	}
	cells := barCells(b.value, b.max, l.bar)
	line := mark + fitLeft(b.label, l.label) + " " + st.Accent.Render(fitLeft(cells, l.bar)) + " " +
		fitRight(b.num, l.num) + "  " + fitLeft(b.share, l.share)
	if selected {
		plain := mark + fitLeft(b.label, l.label) + " " + fitLeft(cells, l.bar) + " " + fitRight(b.num, l.num) + "  " + fitLeft(b.share, l.share)
		return st.Selected.Render(ansi.Truncate(plain, t.w, ""))
	}
	return ansi.Truncate(line, t.w, "")
}
