package netzwerk

import (
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/theme"
)

// protokollEditor writes the minutes and decisions of a meeting: two text
// areas where enter makes a new line (as one expects while taking minutes),
// tab switches between them, ctrl+s saves, esc leaves.
type protokollEditor struct {
	ctx       *common.Context
	ev        *model.Event
	text, dec textarea.Model
	focus     int // 0 Protokoll, 1 Beschlüsse
	origText  string
	origDec   string
	w, h      int
	err       string
	// readOnly: the member may read the minutes but not change them
	readOnly bool
}

type peAction int

const (
	peNone peAction = iota
	peSave
	peCancel
)

func newProtokollEditor(ctx *common.Context, ev *model.Event, w, h int) *protokollEditor {
	p := &protokollEditor{ctx: ctx, ev: ev, origText: ev.Protokoll, origDec: strings.Join(ev.Decisions, "\n")}
	mk := func(v, placeholder string) textarea.Model {
		ta := textarea.New()
		// bubbles' placeholder grey (240) is under 3:1 on black: the
		// program's muted colour reads on both backgrounds.
		ts := textarea.DefaultStyles(ctx.Styles.IsDark)
		ts.Focused.Placeholder = ctx.Styles.Muted
		ts.Blurred.Placeholder = ctx.Styles.Muted
		ta.SetStyles(ts)
		ta.ShowLineNumbers = false
		ta.Prompt = "┃ "
		ta.CharLimit = 50000
		ta.MaxHeight = 0
		ta.Placeholder = placeholder
		ta.SetValue(v)
		return ta
	}
	p.text = mk(p.origText, "TOP 1 Begrüßung …")
	p.dec = mk(p.origDec, "Ein Beschluss pro Zeile")
	p.text.Focus()
	p.setSize(w, h)
	return p
}

func (p *protokollEditor) setSize(w, h int) {
	p.w, p.h = w, h
	p.text.SetWidth(w)
	p.text.SetHeight(max(h-10, 3))
	p.dec.SetWidth(w)
	p.dec.SetHeight(4)
}

func (p *protokollEditor) dirty() bool {
	return p.text.Value() != p.origText || p.dec.Value() != p.origDec
}

// values returns the Protokoll and the decisions, one per non-empty line
// (list bullets removed).
func (p *protokollEditor) values() (string, []string) {
	var decs []string
	for _, l := range strings.Split(p.dec.Value(), "\n") {
		if l = strings.TrimSpace(strings.TrimLeft(l, "-•* \t")); l != "" {
			decs = append(decs, l)
		}
	}
	return strings.TrimRight(p.text.Value(), "\n \t"), decs
}

func (p *protokollEditor) update(msg tea.Msg) (tea.Cmd, peAction) {
	if kp, ok := msg.(tea.KeyPressMsg); ok && p.readOnly {
		switch kp.String() {
		case "esc", "tab", "shift+tab", "up", "down", "pgup", "pgdown", "home", "end", "left", "right":
		case "ctrl+s":
			p.err = "Nur lesen: das Protokoll ändern darf die Rolle " + model.Granting(model.PermNetwork).Label() + "."
			return nil, peNone
		default:
			return nil, peNone // read-only: typing changes nothing
		}
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch kp.String() {
		case "ctrl+s":
			return nil, peSave
		case "esc":
			return nil, peCancel
		case "tab", "shift+tab":
			p.focus = 1 - p.focus
			if p.focus == 0 {
				p.dec.Blur()
				return p.text.Focus(), peNone
			}
			p.text.Blur()
			return p.dec.Focus(), peNone
		}
	}
	var cmd tea.Cmd
	if p.focus == 0 {
		p.text, cmd = p.text.Update(msg)
	} else {
		p.dec, cmd = p.dec.Update(msg)
	}
	return cmd, peNone
}

// readOnlyLine says that the minutes can only be read (the keys are in
// the root's help line).
func readOnlyLine(st *theme.Styles, readOnly bool) string {
	if !readOnly {
		return ""
	}
	return st.Muted.Render("nur lesen")
}

func (p *protokollEditor) view() string {
	st := p.ctx.Styles
	label := func(s string, focused bool) string {
		if focused {
			return st.Bold.Render(s)
		}
		return st.Label.Render(s)
	}
	errLine := ""
	if p.err != "" {
		errLine = st.Error.Render(ansi.Truncate(p.err, p.w, "…"))
	}
	// The keys are in the root's help line.
	return strings.Join([]string{
		st.Title.Render(ansi.Truncate("Protokoll · "+joinDot(p.ev.Number, p.ev.Title), p.w, "…")),
		label("Protokoll", p.focus == 0),
		p.text.View(),
		label("Beschlüsse – einer pro Zeile", p.focus == 1),
		p.dec.View(),
		errLine,
		readOnlyLine(st, p.readOnly),
	}, "\n")
}

func (t *Tab) protokollUpdate(msg tea.Msg) tea.Cmd {
	cmd, act := t.pe.update(msg)
	switch act {
	case peSave:
		ev := *t.pe.ev
		ev.Protokoll, ev.Decisions = t.pe.values()
		t.pe.err = ""
		return t.ctx.Write(func(tx *store.Tx) error { return store.SaveEvent(tx, &ev) },
			func(err error) tea.Msg {
				return eventSavedMsg{id: ev.ID, text: "Protokoll und Beschlüsse gespeichert.", err: err}
			})
	case peCancel:
		if !t.pe.dirty() {
			t.pe = nil
			return nil
		}
		t.confirm = form.Ask("Änderungen am Protokoll verwerfen?", func() tea.Cmd { t.pe = nil; return nil })
	}
	return cmd
}
