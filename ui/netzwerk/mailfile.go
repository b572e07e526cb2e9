package netzwerk

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// The Verteiler's d: the file name is shown (and can be changed) before
// anything is written; an existing file is replaced only after a yes, a no
// brings the name back to change it.

// mailFile is what the file form of a Verteiler works on.
type mailFile struct {
	item mailItem
	path string
}

// openMailFileForm shows the proposed file name of a Verteiler.
func (t *Tab) openMailFileForm(it mailItem, path string) tea.Cmd {
	t.mf = &mailFile{item: it, path: path}
	t.frm = form.New(t.ctx, "mailfile", "Verteiler "+it.Gremium+" in Datei schreiben", huh.NewGroup(
		huh.NewNote().Title("Alle Adressen, durch Semikolon getrennt – zum Einfügen ins BCC-Feld."),
		huh.NewInput().Title("Datei").Value(&t.mf.path).Validate(form.Required("Bitte einen Dateinamen eingeben.")),
	))
	t.frm.SetSize(t.w, t.h)
	return t.frm.Init()
}

// mailFileSubmitted looks, off the UI goroutine, whether the file exists.
func (t *Tab) mailFileSubmitted() tea.Cmd {
	t.frm = nil
	if t.mf == nil {
		return nil
	}
	t.mf.path = store.AbsPath(strings.TrimSpace(t.mf.path))
	return common.CheckFiles("mailfile", t.mf.path)
}

// mailFileChecked writes at once or asks first.
func (t *Tab) mailFileChecked(msg common.FilesCheckedMsg) tea.Cmd {
	mf := t.mf
	if mf == nil {
		return nil
	}
	switch {
	case msg.Err != nil:
		return t.fail(msg.Err)
	case len(msg.Exist) == 0:
		t.mf = nil
		return saveMailList(mf.item, mf.path, false)
	}
	// a path is broken at its slashes, never cut: the user must see which file
	q := ansi.Wrap(store.ExistsText(msg.Exist), max(20, min(70, t.w-8)), "/")
	t.confirm = form.NewConfirm("mailfile", q+"\nÜberschreiben? (n: anderen Namen wählen)")
	t.pending = func() tea.Cmd { t.mf = nil; return saveMailList(mf.item, mf.path, true) }
	t.pendingNo = func() tea.Cmd { return t.openMailFileForm(mf.item, mf.path) }
	return nil
}
