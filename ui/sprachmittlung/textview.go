package sprachmittlung

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/forms"
	"stabsstelle/model"
	"stabsstelle/store"
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
	// The keys are in the root's help line.
	if v.ctx.Remote {
		lines = append(lines, st.Muted.Render(cut("Zum Kopieren mit der Maus markieren.", v.w)))
	} else {
		lines = append(lines, "")
	}
	return frame(lines, v.w, v.h)
}

// textKey scrolls the texts and writes them as files.
func (t *Tab) textKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, t.ctx.List.Back):
		t.pop()
	case key.Matches(msg, t.keys.WriteFiles):
		return t.writeFiles()
	default:
		t.text.scroll.key(msg, t.ctx.List)
	}
	return nil
}

func (t *Tab) textScreen() string {
	if t.text == nil {
		return t.blank()
	}
	return t.text.view(t.flash, t.flashErr)
}

func (t *Tab) textHelp() []key.Binding {
	if t.ctx.Remote {
		return []key.Binding{scrollKey, t.ctx.List.Back}
	}
	return []key.Binding{scrollKey, t.keys.WriteFiles, t.ctx.List.Back}
}

// textsLoaded shows the texts of the Einsatz's status.
func (t *Tab) textsLoaded(msg textsMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	if len(msg.letters) == 0 {
		return t.fail(fmt.Errorf("Im Status „%s“ gibt es keinen Text zu verschicken.", msg.status.Label()))
	}
	// The printable Einsatznachweis is among them where it fits: in
	// team mode (no files) it can only be copied from here.
	var parts []string
	for _, l := range msg.letters {
		parts = append(parts, "— "+l.Title+" —\n\n"+l.Text)
	}
	t.text = newTextView(t.ctx, "Texte zu "+msg.num+" · "+msg.status.Label(), strings.Join(parts, "\n\n"))
	t.text.dir = msg.dir
	t.text.setSize(t.width, t.height)
	t.texts = msg
	t.push(scrText)
	return nil
}

// loadTexts builds the texts that fit the Einsatz's current status
// (model.StatusTexts).
func (t *Tab) loadTexts(id string) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (textsMsg, error) {
		dd, err := loadDetail(tx, id)
		if err != nil {
			return textsMsg{}, err
		}
		set, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return textsMsg{}, err
		}
		e := dd.e
		letters := model.StatusTexts(model.LetterData{Einsatz: e, Org: dd.org, Contact: dd.contact, Interp: dd.interp,
			Tariff: set.TariffAt(model.DateOf(e.Start)), Office: model.DefaultOffice})
		return textsMsg{id: id, num: e.Number, status: e.Status, letters: letters, dir: store.AbsPath(exportDir())}, nil
	}, func(m textsMsg, err error) tea.Msg { m.err = err; return m })
}

// ExportDir is where `w` writes the confirmation texts and the printable
// Einsatznachweis: the user's documents folder (store.OutputDir) unless
// set.
var ExportDir = ""

// exportDir is the folder `w` writes into; the text screen names it
// before anything is written.
func exportDir() string {
	if ExportDir != "" {
		return ExportDir
	}
	return store.OutputDir()
}

// writeFiles writes the texts of the screen as files. They are never
// replaced: a name that exists gets the next free one (…-2.txt), and the
// message lists every file with its full path.
func (t *Tab) writeFiles() tea.Cmd {
	if t.ctx.Remote {
		// The files would land on the team server, out of the member's reach.
		return t.fail(errors.New("Im Teambetrieb keine Dateien: den Text mit der Maus markieren und kopieren."))
	}
	m := t.texts
	dir := store.AbsPath(exportDir())
	st, now := t.ctx.Store, t.ctx.Now
	return func() tea.Msg {
		var out []string
		renamed := false
		for _, l := range m.letters {
			want := filepath.Join(dir, m.num+"_"+l.File+".txt")
			p := store.FreeName(want)
			renamed = renamed || p != want
			if err := store.WriteOutput(p, []byte(l.Text), false); err != nil {
				return filesMsg{err: err}
			}
			out = append(out, p)
		}
		// The Einsatznachweis to print and sign, as PDF; never over an
		// earlier one (it may be signed already).
		pdf, err := einsatzPDF(st, m.id, now())
		if err == nil {
			want := filepath.Join(dir, m.num+"_Einsatznachweis.pdf")
			var p string
			if p, err = forms.WriteNew(want, pdf); err == nil {
				renamed = renamed || p != want
				out = append(out, p)
			}
		}
		if err != nil {
			return filesMsg{err: err}
		}
		return filesMsg{dir: dir, files: out, renamed: renamed}
	}
}

// filesWritten names every file written, with the folder.
func (t *Tab) filesWritten(msg filesMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	names := make([]string, len(msg.files))
	for i, f := range msg.files {
		names[i] = filepath.Base(f)
	}
	text := fmt.Sprintf("%d Dateien geschrieben nach %s: %s", len(msg.files), msg.dir, strings.Join(names, ", "))
	if msg.renamed {
		text += " (vorhandene Dateien bleiben, die neuen tragen -2, -3 …)"
	}
	return t.say(text)
}
