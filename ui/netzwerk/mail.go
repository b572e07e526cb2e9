package netzwerk

import (
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/table"
)

// mailItem is the mailing list of one Gremium.
type mailItem struct {
	Gremium string
	List    string
	People  int
}

type (
	mailLoadedMsg struct {
		items []mailItem
		err   error
	}
	membersLoadedMsg struct {
		gremium string
		people  []*model.Person
		err     error
	}
	memberDoneMsg struct {
		text string
		err  error
	}
	fileWrittenMsg struct {
		path string
		n    int // addresses in it
		err  error
	}
	// openMemberPickerMsg asks the tab for the person picker.
	openMemberPickerMsg struct{ gremium string }
)

// mailView lists the Gremien with their members' addresses; enter shows the
// list as "a@b; c@d" to select and copy, d writes it to a file in the home
// folder (no clipboard needed, works over SSH too).
type mailView struct {
	ctx     *common.Context
	keys    KeyMap
	table   *table.Model[mailItem]
	shown   *mailItem
	members *table.Model[*model.Person]
	w, h    int
	flash   string
	isErr   bool
	// full shows the whole address list in place of the members (team
	// mode's d: there a file would land on the server, so the list is
	// shown for copying with the mouse instead).
	full bool
}

func newMailView(ctx *common.Context, keys KeyMap) *mailView {
	m := &mailView{ctx: ctx, keys: keys}
	m.table = table.New([]table.Column[mailItem]{
		{Title: "Gremium", MinWidth: 20, Value: func(i mailItem) string { return i.Gremium }},
		{Title: "Personen", Width: 8, Align: table.AlignRight, Value: func(i mailItem) string { return fmt.Sprint(i.People) }},
		{Title: "Adressen", Width: 8, Align: table.AlignRight, Value: func(i mailItem) string {
			if i.List == "" {
				return "0"
			}
			return fmt.Sprint(strings.Count(i.List, ";") + 1)
		}},
	}, table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)))
	m.members = table.New([]table.Column[*model.Person]{
		{Title: "Mitglied", MinWidth: 16, Value: func(p *model.Person) string { return p.Name }},
		{Title: "E-Mail", MinWidth: 16, Value: func(p *model.Person) string { return orDash(p.Email) }},
		{Title: "Funktion", Width: 18, Value: func(p *model.Person) string { return p.Function }},
	}, table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)),
		table.WithEmptyText("Noch keine Mitglieder – mit a jemanden aufnehmen."))
	return m
}

func (m *mailView) loadMembers(gremium string) tea.Cmd {
	return common.Read(m.ctx, func(tx *store.Tx) ([]*model.Person, error) {
		return store.GremiumPeople(tx, gremium)
	}, func(ps []*model.Person, err error) tea.Msg { return membersLoadedMsg{gremium, ps, err} })
}

// setMember adds or removes a person (from the tab's picker or x).
func (m *mailView) setMember(personID, name string, member bool) tea.Cmd {
	if m.shown == nil {
		return nil
	}
	g := m.shown.Gremium
	return m.ctx.Write(func(tx *store.Tx) error { return store.SetGremiumMember(tx, personID, g, member) },
		func(err error) tea.Msg {
			if member {
				return memberDoneMsg{text: name + " ist jetzt Mitglied: " + g, err: err}
			}
			return memberDoneMsg{text: name + " ist nicht mehr Mitglied: " + g, err: err}
		})
}

func (m *mailView) setSize(w, h int) {
	m.w, m.h = w, h
	m.fit()
}

// flashLines is the message under the list, wrapped (a path at its
// slashes) to at most two lines: "gespeichert: /home/…/Verteiler-….txt"
// must show the whole path.
func (m *mailView) flashLines() []string {
	if m.flash == "" {
		return []string{""}
	}
	lines := strings.Split(ansi.Wrap(m.flash, max(m.w, 10), "/"), "\n")
	if len(lines) > 2 {
		lines = []string{lines[0], ansi.Truncate(strings.Join(lines[1:], ""), m.w, "…")}
	}
	return lines
}

// fit gives the tables what the message leaves.
func (m *mailView) fit() {
	n := len(m.flashLines())
	m.table.SetSize(m.w, max(m.h-3-n, 2))
	m.members.SetSize(m.w, max(m.h-9-n, 2))
}

func (m *mailView) load() tea.Cmd {
	return common.Read(m.ctx, func(tx *store.Tx) ([]mailItem, error) {
		var items []mailItem
		for _, g := range model.Gremien {
			list, n, err := store.GremiumMembers(tx, g)
			if err != nil {
				return nil, err
			}
			items = append(items, mailItem{Gremium: g, List: list, People: n})
		}
		return items, nil
	}, func(items []mailItem, err error) tea.Msg { return mailLoadedMsg{items, err} })
}

func (m *mailView) update(msg tea.Msg) tea.Cmd {
	defer m.fit() // the message may have changed
	switch msg := msg.(type) {
	case mailLoadedMsg:
		if msg.err != nil {
			m.flash, m.isErr = msg.err.Error(), true
			return common.Fail(msg.err)
		}
		m.table.SetRows(msg.items, func(i mailItem) string { return i.Gremium })
		if m.shown != nil {
			for _, it := range msg.items {
				if it.Gremium == m.shown.Gremium {
					cp := it
					m.shown = &cp
				}
			}
		}
	case membersLoadedMsg:
		if msg.err != nil {
			m.flash, m.isErr = msg.err.Error(), true
			return common.Fail(msg.err)
		}
		if m.shown != nil && m.shown.Gremium == msg.gremium {
			m.members.SetRows(msg.people, func(p *model.Person) string { return p.ID })
		}
	case memberDoneMsg:
		if msg.err != nil {
			m.flash, m.isErr = msg.err.Error(), true
			return common.Fail(msg.err)
		}
		m.flash, m.isErr = msg.text, false
		cmds := []tea.Cmd{common.Status(msg.text), m.load()}
		if m.shown != nil {
			cmds = append(cmds, m.loadMembers(m.shown.Gremium))
		}
		return tea.Batch(cmds...)
	case fileWrittenMsg:
		if msg.err != nil {
			m.flash, m.isErr = msg.err.Error(), true
			return common.Fail(msg.err)
		}
		m.flash, m.isErr = fmt.Sprintf("Verteiler mit allen %d Adressen gespeichert: %s", msg.n, msg.path), false
		return common.Status(m.flash)
	}
	return nil
}

func (m *mailView) updateKeys(msg tea.Msg) (tea.Cmd, bool) {
	defer m.fit()
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, false
	}
	if m.shown != nil {
		return m.shownKey(kp), false
	}
	if m.table.Filtering() {
		return m.table.Update(kp), false
	}
	lk := m.ctx.List
	switch {
	case key.Matches(kp, lk.Back) && !m.table.Handles(kp):
		return nil, true
	case key.Matches(kp, lk.Open):
		if it, ok := m.table.Selected(); ok {
			m.shown = &it
			m.flash, m.full = "", false
			m.members.SetRows(nil, func(p *model.Person) string { return p.ID })
			return m.loadMembers(it.Gremium), false
		}
		return nil, false
	case key.Matches(kp, m.keys.WriteFile):
		it, ok := m.table.Selected()
		if m.shown != nil {
			it, ok = *m.shown, true
		}
		if !ok {
			return nil, false
		}
		if m.ctx.Remote {
			m.shown, m.full, m.flash = &it, true, ""
			return m.loadMembers(it.Gremium), false
		}
		return writeMailList(it), false
	}
	return m.table.Update(kp), false
}

// shownKey handles the keys of one Gremium: members and its list.
func (m *mailView) shownKey(kp tea.KeyPressMsg) tea.Cmd {
	if m.members.Filtering() {
		return m.members.Update(kp)
	}
	switch {
	case key.Matches(kp, m.ctx.List.Back) && !m.members.Handles(kp):
		m.shown, m.flash, m.full = nil, "", false
		return nil
	case key.Matches(kp, m.keys.WriteFile):
		if m.ctx.Remote {
			m.full = !m.full
			return nil
		}
		return writeMailList(*m.shown)
	case key.Matches(kp, m.keys.Register):
		g := m.shown.Gremium
		return func() tea.Msg { return openMemberPickerMsg{gremium: g} }
	case key.Matches(kp, m.keys.Cancel):
		if p, ok := m.members.Selected(); ok {
			return m.setMember(p.ID, p.Name, false)
		}
		return nil
	}
	return m.members.Update(kp)
}

// askMailFileMsg asks the tab for the form with the file name of a
// Verteiler (path: the proposal in the user's documents folder).
type askMailFileMsg struct {
	item mailItem
	path string
}

// writeMailList proposes Verteiler-<Gremium>.txt in the user's documents
// folder; the tab shows the name in a form before anything is written.
func writeMailList(it mailItem) tea.Cmd {
	return func() tea.Msg {
		name := "Verteiler-" + strings.NewReplacer(" ", "-", "/", "-", "ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(it.Gremium) + ".txt"
		return askMailFileMsg{item: it, path: filepath.Join(store.OutputDir(), name)}
	}
}

// saveMailList writes the list (mode 0600: addresses are personal data;
// never into a temp folder, docs/DOMAIN.md §4.3), replacing a file only when the user said so.
func saveMailList(it mailItem, path string, replace bool) tea.Cmd {
	return func() tea.Msg {
		if err := store.WriteOutput(path, []byte(it.List+"\r\n"), replace); err != nil {
			return fileWrittenMsg{err: err}
		}
		return fileWrittenMsg{path: path, n: addressCount(it.List)}
	}
}

// addressCount is the number of addresses in a list "a@b; c@d".
func addressCount(list string) int {
	if list == "" {
		return 0
	}
	return strings.Count(list, ";") + 1
}

func (m *mailView) view() string {
	st := m.ctx.Styles
	flash := ""
	if m.flash != "" {
		style := st.Success
		if m.isErr {
			style = st.Error
		}
		lines := m.flashLines()
		for i, l := range lines {
			lines[i] = style.Render(l)
		}
		flash = strings.Join(lines, "\n")
	}
	if m.shown != nil && m.full {
		return m.fullView(flash)
	}
	if m.shown != nil {
		// Up to five lines of the list; d writes all of it to a file.
		lines := m.listLines()
		for len(lines) < 5 {
			lines = append(lines, "")
		}
		if len(lines) > 5 {
			// say how many are not shown, and how to get all of them
			shown := addressCount(strings.TrimSuffix(strings.Join(lines[:4], " "), ";"))
			more := fmt.Sprintf("… %d von %d Adressen zu sehen – alle: d schreibt sie in eine Datei", shown, addressCount(m.shown.List))
			if m.ctx.Remote {
				more = fmt.Sprintf("… %d von %d Adressen zu sehen – alle: d zeigt die ganze Liste", shown, addressCount(m.shown.List))
			}
			lines = append(lines[:4], st.Muted.Render(ansi.Truncate(more, m.w, "…")))
		}
		hint := "Liste markieren und ins Mailprogramm (BCC) kopieren · d in Datei · a Mitglied aufnehmen · x entfernen · esc zurück"
		if m.ctx.Remote {
			hint = "Liste markieren und ins Mailprogramm (BCC) kopieren · d ganze Liste · a Mitglied aufnehmen · x entfernen · esc zurück"
		}
		return strings.Join([]string{st.Title.Render(ansi.Truncate("Verteiler · "+m.shown.Gremium, m.w, "…")),
			strings.Join(lines, "\n"), m.members.View(), flash,
			st.Muted.Render(ansi.Truncate(hint, m.w, "…"))}, "\n")
	}
	hint := "enter anzeigen · d in Datei schreiben · esc zurück"
	if m.ctx.Remote {
		hint = "enter anzeigen · d ganze Liste · esc zurück"
	}
	return strings.Join([]string{st.Title.Render("Verteiler der Gremien"), m.table.View(), flash,
		st.Muted.Render(ansi.Truncate(hint, m.w, "…"))}, "\n")
}

// fullView is the whole address list of the shown Gremium, wrapped to the
// width, for copying with the mouse in team mode. Lines beyond the window
// are cut with a note; a larger window shows them.
func (m *mailView) fullView(flash string) string {
	st := m.ctx.Styles
	lines := m.listLines()
	if room := max(m.h-3, 1); len(lines) > room {
		lines = append(lines[:room-1], st.Muted.Render(ansi.Truncate(fmt.Sprintf("… noch %d Zeilen – bitte das Fenster größer ziehen", len(lines)-room+1), m.w, "…")))
	}
	return strings.Join([]string{st.Title.Render(ansi.Truncate("Verteiler · "+m.shown.Gremium+" · ganze Liste", m.w, "…")),
		strings.Join(lines, "\n"), flash,
		st.Muted.Render(ansi.Truncate("mit der Maus markieren und ins Mailprogramm (BCC) kopieren · d Mitglieder · esc zurück", m.w, "…"))}, "\n")
}

// listLines is the shown Gremium's address list broken into lines between
// addresses, never inside one: an address cut at its hyphen ("kita-" /
// "pusteblume.example") would be copied broken. An address longer than
// the width stays whole on its own line (the terminal cuts it visibly).
func (m *mailView) listLines() []string {
	if m.shown.List == "" {
		return []string{m.ctx.Styles.Muted.Render("Noch keine E-Mail-Adressen – mit a Mitglieder aufnehmen.")}
	}
	return wrapAddresses(m.shown.List, m.w)
}

func wrapAddresses(list string, w int) []string {
	addrs := strings.Split(list, "; ")
	var lines []string
	var cur string
	for i, a := range addrs {
		if i < len(addrs)-1 {
			a += ";"
		}
		switch {
		case cur == "":
			cur = a
		case ansi.StringWidth(cur)+1+ansi.StringWidth(a) <= w:
			cur += " " + a
		default:
			lines = append(lines, cur)
			cur = a
		}
	}
	return append(lines, cur)
}
