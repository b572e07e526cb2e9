package sprachmittlung

import (
	"stabsstelle/ui/common"
)

// textView shows a long text (Auftragsbestätigung) in a scrollable window.
type textView struct {
	ctx    *common.Context
	title  string
	text   string
	dir    string // the folder w writes into ("" for none)
	scroll scroller
	w, h   int
}

func newTextView(ctx *common.Context, title, text string) *textView {
	v := &textView{ctx: ctx, title: title, text: text}
	v.setSize(ctx.Width, ctx.Height)
	return v
}

func (v *textView) setSize(w, h int) {
	v.w, v.h = w, h
	v.scroll.setSize(w, max(1, h-3))
	v.scroll.set(wrap(v.text, w))
}

func (v *textView) view(flash string, flashErr bool) string {
	st := v.ctx.Styles
	lines := []string{st.Title.Render(cut(v.title, v.w))}
	lines = append(lines, splitLines(v.scroll.viewMore(st.Muted))...)
	for len(lines) < v.h-2 {
		lines = append(lines, "")
	}
	switch {
	case flash != "":
		s := st.Success
		if flashErr {
			s = st.Error
		}
		lines = append(lines, s.Render(cut(flash, v.w)))
	case v.dir != "" && !v.ctx.Remote:
		// where w will write, before it does
		dir := []rune(v.dir)
		if room := v.w - len("w schreibt nach "); len(dir) > room && room > 1 {
			dir = append([]rune("…"), dir[len(dir)-room+1:]...) // the end of a path says most
		}
		lines = append(lines, st.Muted.Render(cut("w schreibt nach "+string(dir), v.w)))
	default:
		lines = append(lines, "")
	}
	hint := "↑↓ blättern · w als Dateien schreiben · esc zurück"
	if v.ctx.Remote {
		hint = "↑↓ blättern · zum Kopieren mit der Maus markieren · esc zurück"
	}
	lines = append(lines, st.Muted.Render(cut(hint, v.w)))
	return frame(lines, v.w, v.h)
}
