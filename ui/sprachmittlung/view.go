package sprachmittlung

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// View draws the current screen into exactly the content box; an open
// dialog over it.
func (t *Tab) View() string {
	if t.dlg != nil {
		return frame(splitLines(lipgloss.Place(t.width, t.height, lipgloss.Center, lipgloss.Center, t.dlg.View(t.ctx))), t.width, t.height)
	}
	return t.screenView()
}

func (t *Tab) screenView() string {
	w, h := t.width, t.height
	switch t.screen {
	case scrList:
		return t.list.view()
	case scrAgenda:
		return t.agenda.view()
	case scrDetail:
		if t.det != nil {
			return t.withFlash(t.det.scroll.viewMore(t.ctx.Styles.Muted), w, h)
		}
	case scrForm:
		if t.req != nil {
			return frame(splitLines(t.req.form.View()), w, h)
		}
	case scrProfile:
		if t.prof != nil {
			return frame(splitLines(t.prof.form.View()), w, h)
		}
	case scrPicker:
		if t.pick != nil {
			return frame(splitLines(t.pick.View()), w, h)
		}
	case scrOverride:
		if t.ov != nil {
			return t.ov.view(w, h, t.errFlash())
		}
	case scrMatch:
		if t.match != nil {
			return t.match.view(t.flash, t.flashErr)
		}
	case scrText:
		if t.text != nil {
			return t.text.view(t.flash, t.flashErr)
		}
	case scrNachweis:
		if t.nw != nil {
			return t.nw.view()
		}
	case scrAbsage:
		if t.abs != nil {
			return t.abs.view()
		}
	case scrStatus:
		if t.menu != nil {
			return t.menu.view(t.errFlash())
		}
	case scrPool:
		return t.pool.view()
	case scrPerson:
		if t.person != nil {
			return t.withAsk(t.person.view())
		}
	case scrOrg:
		if t.org != nil {
			return t.org.view()
		}
	}
	return frame(nil, w, h)
}

func (t *Tab) errFlash() string {
	if t.flashErr {
		return t.flash
	}
	return ""
}

// withFlash replaces the last line(s) of a screen with the last message,
// so an error (a refused booking) stays visible where one looks.
func (t *Tab) withFlash(view string, w, h int) string {
	if t.flash == "" {
		return view
	}
	st := t.ctx.Styles
	s := st.Success
	if t.flashErr {
		s = st.Error
	}
	msg := wrap(t.flash, w)
	if len(msg) > 3 {
		msg = msg[:3]
	}
	lines := strings.Split(view, "\n")
	// the "▼ noch N Zeilen" marker stays the last line
	var marker []string
	if n := len(lines); n > 0 && strings.Contains(lines[n-1], "▼ noch") {
		marker, lines = lines[n-1:], lines[:n-1]
	}
	keep := max(0, h-len(msg)-len(marker))
	if len(lines) > keep {
		lines = lines[:keep]
	}
	for _, m := range msg {
		lines = append(lines, s.Render(m))
	}
	return frame(append(lines, marker...), w, h)
}
