// Package sprachmittlung is the TUI tab "Sprachmittlung": the list of all
// Einsätze (interpreter bookings), the phone-request form, the detail screen
// with status changes, matching, Auftragsbestätigung and Einsatznachweis,
// the agenda "Wer ist wann wo?", the interpreter pool and an institution's
// history.
//
// The German words (Einsatz, Sprachmittler:in, Einrichtung, Einsatznachweis,
// Aufwandsentschädigung) are explained in docs/GLOSSARY.md.
//
// It reads and writes only through the store in tea.Cmds (ui → store →
// model) and never opens bbolt itself.
package sprachmittlung

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/picker"
	"stabsstelle/ui/table"
)

type screen int

const (
	scrList screen = iota
	scrAgenda
	scrDetail
	scrForm
	scrMatch
	scrText
	scrNachweis
	scrStatus
	scrPool
	scrPerson
	scrOrg
	scrPicker
	scrOverride
	scrProfile
	scrAbsage
	numScreens // keep last: the size of the router's table (screens.go)
)

// OpenEinsatzMsg asks the tab to show one Einsatz (e.g. a hit of the global
// search); the root sends it after switching to this tab.
type OpenEinsatzMsg struct{ ID string }

// OpenPersonMsg asks the tab to show an interpreter's page.
type OpenPersonMsg struct{ ID string }

// Tab is the Sprachmittlung tab. Create it with New.
type Tab struct {
	ctx  *common.Context
	keys KeyMap
	// the shared list keys with n and e gated: for Einsätze and for
	// interpreter profiles
	einsatzKeys, profileKeys keys.List

	screen screen
	stack  []saved

	list   *einsatzList
	agenda *agenda
	det    *detail
	req    *request
	match  *matchView
	text   *textView
	nw     *nachweis
	menu   *statusMenu
	pool   *poolView
	person *personView
	org    *orgView
	prof   *profileForm
	pick   *picker.Picker
	ov     *override
	abs    *absageForm
	texts  textsMsg
	// dlg is a yes/no question over the screen ("Eingaben verwerfen?").
	dlg *form.Confirm
	// ask is the open Datenschutz question on a person's page
	// (datenschutz.go); onYes runs on "Ja".
	ask   *form.Confirm
	onYes func() tea.Cmd

	assignKey key.Binding // enter in the search: assign the interpreter

	flash    string // last error shown on the current screen
	flashErr bool

	width, height int
}

// New builds the tab over the context's store.
func New(ctx *common.Context) *Tab {
	t := &Tab{ctx: ctx, keys: userKeyMap(), width: ctx.Width, height: ctx.Height}
	t.gate()
	t.list = newEinsatzList(ctx, t.keys)
	t.agenda = newAgenda(ctx, t.keys)
	t.pool = newPoolView(ctx)
	t.setSize(ctx.Width, ctx.Height)
	return t
}

// gate applies the member's roles to the tab's keys.
func (t *Tab) gate() {
	t.keys.gate(t.ctx)
	t.einsatzKeys = t.ctx.ListFor(model.PermEinsatz)
	t.profileKeys = t.ctx.ListFor(model.PermPeople)
	t.assignKey = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "einteilen"))
	// the same keys with the words of their screens
	t.einsatzKeys.New.SetHelp("n", "neue Anfrage")
	t.profileKeys.Edit.SetHelp("e", "Profil bearbeiten")
	t.ctx.Gate(&t.assignKey, model.PermEinsatz)
}

// Title is the tab's name in the tab bar.
func (t *Tab) Title() string { return "Sprachmittlung" }

// Init starts loading the Einsätze.
func (t *Tab) Init() tea.Cmd { return t.list.loadFirst() }

// SendsFirstScreen implements common.FirstScreener: the list says when the
// Einsätze around today are on screen.
func (t *Tab) SendsFirstScreen() bool { return true }

// Capturing is true while a text field, form or dialog has focus.
func (t *Tab) Capturing() bool {
	if t.dlg != nil {
		return true
	}
	switch t.screen {
	case scrList:
		return t.list.capturing()
	case scrAgenda:
		return t.agenda.capturing()
	case scrForm, scrNachweis, scrPicker, scrOverride, scrProfile, scrAbsage:
		return true
	case scrStatus:
		return t.menu != nil && t.menu.capturing()
	case scrPool:
		return t.pool.capturing()
	case scrPerson:
		return t.ask != nil || t.person != nil && t.person.table.Filtering()
	case scrOrg:
		return t.org != nil && t.org.table.Filtering()
	case scrMatch, scrDetail, scrText:
		return false
	}
	return false
}

// Dirty is true while a form holds unsaved input.
func (t *Tab) Dirty() bool {
	switch {
	case t.req != nil && t.req.dirty():
		return true
	case t.nw != nil && t.nw.dirty():
		return true
	case t.prof != nil && t.prof.dirty():
		return true
	case t.abs != nil && t.abs.dirty():
		return true
	}
	return false
}

func (t *Tab) setSize(w, h int) {
	t.width, t.height = max(w, 20), max(h, 5)
	w, h = t.width, t.height
	t.list.setSize(w, h)
	t.agenda.setSize(w, h)
	t.pool.setSize(w, h)
	if t.det != nil {
		t.det.setSize(w, h)
	}
	if t.req != nil {
		t.req.setSize(w, h)
	}
	if t.match != nil {
		t.match.setSize(w, h)
	}
	if t.text != nil {
		t.text.setSize(w, h)
	}
	if t.nw != nil {
		t.nw.setSize(w, h)
	}
	if t.person != nil {
		t.person.setSize(w, h)
	}
	if t.org != nil {
		t.org.setSize(w, h)
	}
	if t.prof != nil {
		t.prof.setSize(w, h)
	}
	if t.pick != nil {
		t.pick.SetSize(w, h)
	}
	if t.menu != nil {
		t.menu.setSize(w, h)
	}
	if t.ov != nil {
		t.ov.reason.SetWidth(max(10, w-10))
	}
	if t.abs != nil {
		t.abs.setSize(w, h)
	}
}

// restyle follows the terminal's background: the tables and inputs made
// before it answered have the start-up guess (dark); on a light terminal
// their prompts were pale grey on white.
func (t *Tab) restyle(dark bool) {
	ts := table.DefaultStyles(dark)
	t.list.table.SetStyles(ts)
	t.pool.table.SetStyles(ts)
	if t.person != nil {
		t.person.table.SetStyles(ts)
	}
	if t.org != nil {
		t.org.table.SetStyles(ts)
	}
	for _, in := range []*textinput.Model{&t.list.rangeIn.in, &t.agenda.filter} {
		in.SetStyles(form.InputStyles(t.ctx.Styles))
	}
}

// saved is a screen to return to, with the pages it showed: pages can
// nest (Einsatz → Sprachmittler:in → another Einsatz).
type saved struct {
	s      screen
	det    *detail
	person *personView
	org    *orgView
}

// push shows s and remembers the screen to return to. The caller sets the
// new page (t.det …) after push.
func (t *Tab) push(s screen) {
	t.stack = append(t.stack, saved{t.screen, t.det, t.person, t.org})
	t.screen = s
	t.flash = ""
}

// pop returns to the previous screen and its pages.
func (t *Tab) pop() {
	t.flash = ""
	if n := len(t.stack); n > 0 {
		top := t.stack[n-1]
		t.stack = t.stack[:n-1]
		t.screen, t.det, t.person, t.org = top.s, top.det, top.person, top.org
		return
	}
	t.screen = scrList
}

// home goes back to the list and forgets the stack and any open form.
func (t *Tab) home() {
	t.stack = t.stack[:0]
	t.screen = scrList
	t.det, t.person, t.org = nil, nil, nil
	t.req, t.prof, t.pick, t.ov, t.nw, t.menu, t.match, t.text, t.abs = nil, nil, nil, nil, nil, nil, nil, nil, nil
	t.dlg = nil
	t.flash = ""
}

func (t *Tab) fail(err error) tea.Cmd {
	if err == nil {
		return nil
	}
	t.flash, t.flashErr = err.Error(), true
	return common.Fail(err)
}

func (t *Tab) say(text string) tea.Cmd {
	t.flash, t.flashErr = text, false
	return common.Status(text)
}

// Update routes messages: sizes and data to everybody, keys to the screen.
func (t *Tab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		t.setSize(msg.Width, msg.Height)
		return nil
	case tea.BackgroundColorMsg:
		t.restyle(msg.IsDark())
		return nil
	case common.ChangedMsg:
		return t.changed(msg)
	case common.RolesMsg:
		t.gate()
		return nil
	case tea.KeyPressMsg:
		return t.key(msg)
	}
	return t.data(msg)
}

// changed reloads what the store events touch.
func (t *Tab) changed(msg common.ChangedMsg) tea.Cmd {
	if !msg.Touches("einsatz", "person", "organisation") {
		return nil
	}
	cmds := []tea.Cmd{t.list.reload(msg)}
	if t.screen == scrAgenda || !t.agenda.loaded[0].IsZero() {
		cmds = append(cmds, t.agenda.load(true))
	}
	if t.det != nil {
		cmds = append(cmds, t.det.reload())
	}
	if t.screen == scrPool || t.pool.loaded {
		cmds = append(cmds, t.pool.load())
	}
	if t.person != nil {
		cmds = append(cmds, t.person.reload())
	}
	if t.org != nil {
		cmds = append(cmds, t.org.reload())
	}
	return tea.Batch(t.reloadStack(cmds)...)
}

// reloadStack adds the reloads of the pages further down the stack, so
// going back shows fresh data.
func (t *Tab) reloadStack(cmds []tea.Cmd) []tea.Cmd {
	for _, sv := range t.stack {
		if sv.det != nil && sv.det != t.det {
			cmds = append(cmds, sv.det.reload())
		}
		if sv.person != nil && sv.person != t.person {
			cmds = append(cmds, sv.person.reload())
		}
		if sv.org != nil && sv.org != t.org {
			cmds = append(cmds, sv.org.reload())
		}
	}
	return cmds
}

// Keys whose meaning on a screen differs from the list's (enter, esc).
var (
	openEinsatz = helpOnly("enter", "Einsatz öffnen")
	runKey      = helpOnly("enter", "ausführen")
	chooseKey   = helpOnly("↑/↓", "wählen")
	scrollKey   = helpOnly("↑/↓", "blättern")
	pageKey     = helpOnly("bild↑/↓", "seitenweise")
	backToForm  = helpOnly("z/esc", "zurück zum Formular")
	applyRange  = helpOnly("enter", "übernehmen")
	cancelInput = helpOnly("esc", "abbrechen")
	fieldKey    = helpOnly("tab/↑↓", "Feld")
	chooseParty = helpOnly("←/→", "wählen")
)

// ShortHelp is the help line of the current screen: its most used keys,
// the same bindings as on the ? screen (FullHelp). What does not fit the
// line is left out whole by the root, never cut.
func (t *Tab) ShortHelp() []key.Binding {
	if t.dlg != nil {
		return form.ConfirmKeys
	}
	if h := t.active().help; h != nil {
		return h(t)
	}
	return t.backHelp()
}

// backHelp is the help line of a screen whose page is gone.
func (t *Tab) backHelp() []key.Binding { return []key.Binding{t.ctx.List.Back} }

// FullHelp is the ? screen: every key of the current screen, once.
func (t *Tab) FullHelp() [][]key.Binding {
	l, k := t.ctx.List, t.keys
	tk := table.UserKeyMap()
	tbl := [][]key.Binding{
		{tk.Up, tk.Down, tk.PageUp, tk.PageDown, tk.Home, tk.End},
		{tk.Filter, tk.Sort, tk.SortReverse},
	}
	switch t.screen {
	case scrAgenda:
		return [][]key.Binding{
			{k.Prev, k.Next, k.Today, k.DayView, k.WeekView},
			{tk.Filter, chooseKey, l.Open, k.Person, l.Back},
			{k.NextColumn, k.PrevColumn},
		}
	case scrDetail:
		return [][]key.Binding{
			{k.Status, k.Match, k.Confirm, k.Nachweis},
			{t.einsatzKeys.Edit, k.Org, k.Person, l.Back},
			{scrollKey, pageKey},
		}
	case scrText, scrMatch, scrStatus, scrNachweis, scrAbsage, scrOverride:
		return [][]key.Binding{t.ShortHelp()}
	case scrPool:
		return append([][]key.Binding{{l.Open, l.Back}}, tbl...)
	case scrPerson:
		return append([][]key.Binding{{openEinsatz, t.profileKeys.Edit, t.keys.Auskunft, t.keys.Erase, l.Back}}, tbl...)
	case scrOrg:
		return append([][]key.Binding{{openEinsatz, l.Back}}, tbl...)
	}
	return append([][]key.Binding{
		{l.Open, t.einsatzKeys.New, k.Agenda, k.Pool},
		{k.StatusGroup, k.Range, k.Today},
	}, tbl...)
}

// helpOnly is a help entry for keys handled elsewhere (two keys in one).
func helpOnly(k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc))
}
