package netzwerk

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
)

func (c *checkIn) view() string {
	st := c.ctx.Styles
	if c.walk != nil {
		return c.walk.View()
	}
	var b strings.Builder
	extra := c.viewHead(&b)
	listH := max(c.h-7-extra, 1)
	c.viewRows(&b, listH)
	flash := c.flash
	if c.isErr {
		flash = st.Error.Render(ansi.Truncate(flash, c.w, "…"))
	} else {
		flash = st.Success.Render(ansi.Truncate(flash, c.w, "…"))
	}
	// The keys are in the root's help line (ShortHelp).
	b.WriteString(flash)
	return b.String()
}

// viewHead writes the event (wrapped), the live counts and the query; it
// returns how many lines the wrapped event takes beyond its usual two.
func (c *checkIn) viewHead(b *strings.Builder) (extra int) {
	st := c.ctx.Styles
	places, da, waiting := c.counts()
	head := "Einlass · " + joinDot(c.ev.Number, c.ev.Title)
	extra = -2
	for _, part := range []struct {
		style lipgloss.Style
		text  string
	}{{st.Title, head}, {st.Muted, c.ev.When() + " · " + c.ev.Place()}} {
		for _, l := range strings.Split(ansi.Wrap(part.text, max(10, c.w), ""), "\n") {
			b.WriteString(part.style.Render(l) + "\n")
			extra++
		}
	}
	counts := fmt.Sprintf("angemeldet %d · da %d · fehlen %d · Warteliste %d", places, da, places-da, waiting)
	if c.ev.Capacity > 0 {
		counts += fmt.Sprintf(" · Plätze %d", c.ev.Capacity)
	}
	b.WriteString(st.Bold.Render(ansi.Truncate(counts, c.w, "…")) + "\n")
	b.WriteString(c.input.View() + "\n")
	return extra
}

// viewRows writes listH lines of matches, scrolled so the cursor shows.
func (c *checkIn) viewRows(b *strings.Builder, listH int) {
	st := c.ctx.Styles
	start := 0
	if c.cursor >= listH {
		start = c.cursor - listH + 1
	}
	lines := 0
	for j := start; j < len(c.match) && lines < listH; j++ {
		b.WriteString(c.rowLine(c.rows[c.match[j]], j == c.cursor) + "\n")
		lines++
	}
	if len(c.match) == 0 {
		b.WriteString(st.Muted.Render("Niemand gefunden – ctrl+n trägt die Person spontan ein.") + "\n")
		lines++
	}
	for ; lines < listH; lines++ {
		b.WriteString("\n")
	}
}

// rowLine is one person at the door: mark, name, organisation, role and
// the time of the check-in (… while the write is under way).
func (c *checkIn) rowLine(r ciRow, selected bool) string {
	st := c.ctx.Styles
	nameW := max(12, (c.w-20)*55/100)
	orgW := max(8, c.w-nameW-20)
	mark := "  "
	switch r.status {
	case model.RegTeilgenommen:
		mark = "✓ "
	case model.RegWarteliste:
		mark = "W "
	}
	when := ""
	if !r.checked.IsZero() {
		when = model.FormatTime(r.checked)
	}
	if r.busy {
		when = "…"
	}
	line := mark + fitCell(r.name, nameW) + " " + fitCell(r.org, orgW) + " " + fitCell(roleShort(r.role), 8) + " " + fitCell(when, 5)
	line = ansi.Truncate(line, c.w, "")
	switch {
	case selected:
		return st.Selected.Render(line + strings.Repeat(" ", max(0, c.w-ansi.StringWidth(line))))
	case r.status == model.RegTeilgenommen:
		return st.Success.Render(line)
	case r.status == model.RegWarteliste:
		return st.Warning.Render(line)
	}
	return line
}

func roleShort(r model.Role) string {
	switch r {
	case model.RoleHauptamt:
		return "Hauptamt"
	case model.RoleEhrenamt:
		return "Ehrenamt"
	}
	return ""
}

// fitCell pads or cuts s to w cells.
func fitCell(s string, w int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 {
			return ' '
		}
		return r
	}, s)
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-ansi.StringWidth(s))
}

func joinDot(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}
