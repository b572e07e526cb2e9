package kosten

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/ui/common"
)

// View draws the content box.
func (t *Tab) View() string {
	var s string
	switch {
	case t.pick != nil:
		s = t.pick.View()
	case t.frm != nil:
		s = t.frm.View()
	default:
		if sc, ok := screens[t.screen]; ok {
			s = sc.view(t)
		}
	}
	if t.confirm != nil {
		s = overlay(t.confirm.View(t.ctx), t.w, t.h)
	} else if t.frm == nil && t.pick == nil && t.flash != "" && !t.flashFits() {
		s = t.withLongFlash(s)
	}
	return common.Fit(strings.TrimRight(s, "\n"), t.w, t.h, "…")
}

// withLongFlash gives a long message the last lines of the box instead of
// cutting it beside the title.
func (t *Tab) withLongFlash(s string) string {
	st := t.ctx.Styles
	style := st.Success
	if t.flashErr {
		style = st.Error
	}
	msg := strings.Split(ansi.Wordwrap(t.flash, t.w-2, ""), "\n")
	if len(msg) > 3 {
		msg = msg[:3]
	}
	body := strings.Split(common.Fit(strings.TrimRight(s, "\n"), t.w, t.h, "…"), "\n")
	body = body[:max(1, t.h-len(msg))]
	for _, m := range msg {
		body = append(body, style.Render(m))
	}
	return strings.Join(body, "\n")
}

// flashFits reports whether the message fits beside the screen title.
func (t *Tab) flashFits() bool { return ansi.StringWidth(t.flash) <= t.w/2 }

func overlay(dialog string, w, h int) string {
	lines := strings.Split(dialog, "\n")
	top := max(0, (h-len(lines))/2)
	var b strings.Builder
	for range top {
		b.WriteString("\n")
	}
	for _, l := range lines {
		pad := max(0, (w-ansi.StringWidth(l))/2)
		b.WriteString(strings.Repeat(" ", pad) + l + "\n")
	}
	return b.String()
}

// header is the first line of a screen: title (and badges, already
// styled) left, flash or hint right.
func (t *Tab) header(title string, badges ...string) string {
	st := t.ctx.Styles
	left := st.Title.Render(title)
	for _, b := range badges {
		left += "  " + b
	}
	if t.flash == "" || !t.flashFits() {
		return left
	}
	room := t.w - ansi.StringWidth(left) - 2
	if room < ansi.StringWidth(t.flash) {
		left = ansi.Truncate(left, max(10, t.w-ansi.StringWidth(t.flash)-2), "…")
		room = t.w - ansi.StringWidth(left) - 2
	}
	if room < 10 {
		return left
	}
	msg := ansi.Truncate(t.flash, room, "…")
	if t.flashErr {
		msg = st.Error.Render(msg)
	} else {
		msg = st.Success.Render(msg)
	}
	return left + "  " + msg
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// sigWidth is the room for "name TT.MM.JJJJ HH:MM" in a signature.
const sigWidth = 26

func sigText(label string, s *model.Signature) string {
	if s == nil {
		return fmt.Sprintf("%s: %-*s", label, sigWidth, "—")
	}
	return fmt.Sprintf("%s: %-*s", label, sigWidth, ansi.Truncate(s.By, 9, "…")+" "+model.FormatDateTime(s.At))
}
