// Package ui is the terminal interface's root model: the tab bar, the
// status bar, the help, the welcome and "Terminal zu klein" screens, the
// search across everything, the people directory and the "Regeln & Sätze"
// screen (ui/settings). It routes window sizes
// and data messages to every tab, keys to the active one (a focused text
// field gets keys first), and relays the store's change feed. The tabs live
// in their own packages (sprachmittlung, kosten, netzwerk).
//
// app.go holds the model, its start and the routing of messages;
// keyroute.go decides who gets a key; view.go and helpline.go draw the
// screen; commands.go are the reads and writes the root starts.
package ui

import (
	"errors"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/abgleich"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/history"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/picker"
	"stabsstelle/ui/settings"
	"stabsstelle/ui/theme"
)

// MinWidth and MinHeight: below this the screen says how much is needed.
const (
	MinWidth  = 80
	MinHeight = 24
	// chrome lines: tab bar, help line, status bar.
	chrome = 3
)

// Options configure one program instance (one window or one SSH session).
type Options struct {
	Store *store.Store
	User  string
	Now   func() time.Time
	// Tabs builds the three areas over the context; nil uses DefaultTabs.
	Tabs func(ctx *common.Context) []common.Tab
	// Dark is the initial guess before the terminal answers.
	Dark bool
	// Notice is shown in the status bar at start (e.g. "Sicherung
	// zurückgespielt").
	Notice string
	// NoDailyBackup: the caller (the team server) makes the daily backup
	// itself instead of every session.
	NoDailyBackup bool
	// Remote: the program runs for a member connected over SSH (see
	// common.Context.Remote).
	Remote bool
	// Warning is shown as an error in the status bar at start (e.g. a
	// line of keys.toml that could not be used).
	Warning string
}

// Model is the root model.
type Model struct {
	ctx    *common.Context
	tabs   []common.Tab
	active int
	// restStarted: the tabs not shown at start have been started (initRest).
	restStarted bool
	// firstTab is the tab started in Init. The user may switch tabs before
	// its first screen is there; initRest must still start every other tab.
	firstTab int
	w, h     int
	sub      *store.Subscription

	status    string
	statusErr bool
	statusAt  time.Time

	showHelp  bool
	helpTop   int // first line of the help shown (it scrolls at 80×24)
	welcome   bool
	askQuit   *form.Confirm
	search    *searchBox
	directory *picker.Picker
	dirKind   picker.Kind
	history   *history.Model
	settings  *settings.Model
	// Außentermin (aussentermin.go): the copy's marker, the open merge
	// conflicts, the conflict screen and the offer to delete a returned copy.
	copies     store.CopyState
	abgleich   *abgleich.Model
	askDelete  *form.Confirm
	deleteCopy bool
	opts       Options
	help       help.Model
	quitting   bool
	// mouseOff: the member switched the mouse off (R); see mouse.go.
	mouseOff bool
}

// RolesChangedMsg asks the program to read the member's roles again (the
// team server sends it when the keys file gave them other roles).
type RolesChangedMsg struct{}

type (
	rolesLoadedMsg struct {
		g   store.RoleGrant
		err error
	}
	changedMsg  struct{ events []store.Event }
	feedEnded   struct{}
	emptyMsg    struct{ empty bool }
	statusClear struct{ at time.Time }
)

// New builds the root model.
func New(o Options) *Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	ctx := &common.Context{Store: o.Store, User: o.User, Styles: theme.New(o.Dark),
		Global: keys.UserGlobal(), List: keys.UserList(), Now: o.Now, Remote: o.Remote, Width: MinWidth, Height: MinHeight - chrome}
	// The roles decide which keys the tabs offer, so they are read before
	// the tabs are built (one small read; later changes come as messages).
	g, rolesErr := store.LookupRoles(o.Store, o.User)
	ctx.SetRoles(g)
	gateGlobal(ctx)
	build := o.Tabs
	if build == nil {
		build = DefaultTabs
	}
	m := &Model{ctx: ctx, help: help.New(), w: MinWidth, h: MinHeight, opts: o}
	if o.Notice != "" {
		m.status = o.Notice
	}
	if rolesErr != nil {
		m.status, m.statusErr = rolesErr.Error(), true
	}
	m.tabs = build(ctx)
	m.help.Styles = helpStyles(ctx.Styles)
	return m
}

// Context exposes the shared context (tests, server).
func (m *Model) Context() *common.Context { return m.ctx }

// Init subscribes to the change feed, asks the terminal for its background
// and starts every tab.
func (m *Model) Init() tea.Cmd {
	m.sub = m.ctx.Store.Subscribe()
	cmds := []tea.Cmd{tea.RequestBackgroundColor, waitFeed(m.sub), checkEmpty(m.ctx.Store), warnings(m.ctx.Store), loadCopies(m.ctx.Store), loadMouse(m.ctx.Store, m.ctx.User)}
	if m.opts.Warning != "" {
		cmds = append(cmds, common.Fail(errors.New(m.opts.Warning)))
	}
	// The first screen comes from the shown tab alone; the rest starts when
	// it is there (FirstScreenMsg), unless the tab does not say so.
	m.firstTab = m.active
	active := m.tabs[m.active]
	cmds = append(cmds, active.Init())
	if f, ok := active.(common.FirstScreener); !ok || !f.SendsFirstScreen() {
		cmds = append(cmds, m.initRest())
	}
	return tea.Batch(cmds...)
}

// initRest starts, once, what the first screen does not need: the other
// tabs and the daily backup.
func (m *Model) initRest() tea.Cmd {
	if m.restStarted {
		return nil
	}
	m.restStarted = true
	var cmds []tea.Cmd
	for i, t := range m.tabs {
		if i != m.firstTab {
			cmds = append(cmds, t.Init())
		}
	}
	if !m.opts.NoDailyBackup {
		cmds = append(cmds, dailyBackup(m.ctx.Store))
	}
	if m.ctx.May(model.PermRetention) {
		cmds = append(cmds, retentionDue(m.ctx.Store))
	}
	cmds = append(cmds, tea.Tick(settleAfter, func(time.Time) tea.Msg { return settleMemory() }))
	return tea.Batch(cmds...)
}

// waitFeed waits for the next change of the database (the change feed);
// the root relays it to every screen and waits again.
func waitFeed(sub *store.Subscription) tea.Cmd {
	return func() tea.Msg {
		evs, ok := sub.Wait()
		if !ok {
			return feedEnded{}
		}
		return changedMsg{events: evs}
	}
}

func (m *Model) contentSize() (int, int) { return m.w, max(1, m.h-chrome) }

func (m *Model) tooSmall() bool { return m.w < MinWidth || m.h < MinHeight }

// Update routes messages; see the package comment. Each group of messages
// has its handler; what none of them takes goes to every tab and the open
// overlays.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := m.updateTerminal(msg); ok {
		return m, cmd
	}
	if cmd, ok := m.updateData(msg); ok {
		return m, cmd
	}
	if cmd, ok := m.updateScreens(msg); ok {
		return m, cmd
	}
	return m, tea.Batch(m.broadcast(msg), m.forwardOverlays(msg))
}

// updateTerminal takes what the terminal sends: its size and colours, keys
// and the mouse.
func (m *Model) updateTerminal(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.resize(msg), true
	case tea.BackgroundColorMsg:
		m.ctx.Styles = theme.New(msg.IsDark())
		m.help.Styles = helpStyles(m.ctx.Styles)
		return m.broadcast(msg), true
	case tea.KeyPressMsg:
		return m.handleKey(msg), true
	case mouseLoadedMsg:
		m.mouseOff = msg.off
		return nil, true
	case tea.MouseClickMsg:
		return m.click(msg), true
	case tea.MouseWheelMsg:
		return m.wheel(msg), true
	case tea.MouseMsg:
		return nil, true // releases and motion: nothing to do
	}
	return nil, false
}

// resize gives the new size to the tabs and every open overlay.
func (m *Model) resize(msg tea.WindowSizeMsg) tea.Cmd {
	m.w, m.h = msg.Width, msg.Height
	cw, ch := m.contentSize()
	m.ctx.Width, m.ctx.Height = cw, ch
	m.help.SetWidth(cw)
	sized := tea.WindowSizeMsg{Width: cw, Height: ch}
	if m.directory != nil {
		m.directory.SetSize(cw, ch)
	}
	if m.search != nil {
		m.search.setSize(cw, ch)
	}
	if m.history != nil {
		m.history.SetSize(cw, ch)
	}
	if m.settings != nil {
		m.settings.SetSize(cw, ch)
	}
	if m.abgleich != nil {
		m.abgleich.SetSize(cw, ch)
	}
	return m.broadcast(sized)
}

// updateData takes the change feed, the roles, the status line and what
// the start reads.
func (m *Model) updateData(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case changedMsg:
		return m.changed(msg), true
	case copiesMsg, abgleich.ClosedMsg:
		return m.updateCopies(msg), true
	case RolesChangedMsg:
		return loadRoles(m.ctx.Store, m.ctx.User), true
	case rolesLoadedMsg:
		return m.rolesLoaded(msg), true
	case feedEnded:
		return nil, true
	case emptyMsg:
		m.welcome = msg.empty
		return nil, true
	case common.FirstScreenMsg:
		return m.initRest(), true
	case common.StatusMsg:
		m.setStatus(msg)
		at := m.statusAt
		return tea.Tick(6*time.Second, func(time.Time) tea.Msg { return statusClear{at} }), true
	case statusClear:
		if msg.at.Equal(m.statusAt) {
			m.status = ""
		}
		return nil, true
	}
	return nil, false
}

// changed relays the change feed to the tabs, the overlays and the
// Außentermin marker, and waits for the next change.
func (m *Model) changed(msg changedMsg) tea.Cmd {
	changed := common.ChangedMsg{Events: msg.events}
	cmds := []tea.Cmd{waitFeed(m.sub), m.broadcast(changed), m.forwardOverlays(changed), m.copiesChanged(changed)}
	if changed.Touches(store.KindSettings) {
		// the role list or the member's mouse switch may have changed
		cmds = append(cmds, loadRoles(m.ctx.Store, m.ctx.User), loadMouse(m.ctx.Store, m.ctx.User))
	}
	return tea.Batch(cmds...)
}

// rolesLoaded takes the member's roles as read again.
func (m *Model) rolesLoaded(msg rolesLoadedMsg) tea.Cmd {
	if msg.err != nil {
		// Fail closed: a list that cannot be read allows nothing.
		msg.g = store.RoleGrant{From: msg.g.From}
		m.setStatus(common.StatusMsg{Err: msg.err})
	}
	if msg.g == (store.RoleGrant{Roles: m.ctx.Roles, From: m.ctx.RolesFrom}) {
		return nil
	}
	m.ctx.SetRoles(msg.g)
	gateGlobal(m.ctx)
	m.setStatus(common.StatusMsg{Text: "Ihre Rollen: " + msg.g.Roles.Label()})
	return tea.Batch(m.broadcast(common.RolesMsg{}), m.forwardOverlays(common.RolesMsg{}))
}

// updateScreens takes what opens, closes or switches a screen. A
// confirmation or a cancelled picker that is not the root's own goes on to
// the tabs.
func (m *Model) updateScreens(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case common.SwitchTabMsg:
		return m.switchTab(msg.Tab), true
	case common.OpenRecordMsg:
		return m.openHit(store.Hit{Kind: msg.Kind, ID: msg.ID}), true
	case form.ConfirmedMsg:
		if msg.ID == deleteCopyID {
			return m.updateCopies(msg), true
		}
	case history.ClosedMsg:
		m.history = nil
		return nil, true
	case settings.ClosedMsg:
		m.settings = nil
		return nil, true
	case picker.CancelledMsg:
		if m.directory != nil && msg.ID == "directory" {
			m.directory = nil
			return nil, true
		}
	case searchResultMsg, searchOpenMsg:
		return m.updateSearch(msg), true
	}
	return nil, false
}

// forwardOverlays gives non-key messages to the open overlays (their load
// results, form messages).
func (m *Model) forwardOverlays(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	if m.directory != nil {
		cmds = append(cmds, m.directory.Update(msg))
	}
	if m.search != nil {
		cmds = append(cmds, m.search.update(msg))
	}
	if m.history != nil {
		cmds = append(cmds, m.history.Update(msg))
	}
	if m.settings != nil {
		cmds = append(cmds, m.settings.Update(msg))
	}
	if m.abgleich != nil {
		cmds = append(cmds, m.abgleich.Update(msg))
	}
	return tea.Batch(cmds...)
}

func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(m.tabs))
	for _, t := range m.tabs {
		cmds = append(cmds, t.Update(msg))
	}
	return tea.Batch(cmds...)
}

func (m *Model) setStatus(s common.StatusMsg) {
	m.statusAt = m.ctx.Now()
	if s.Err != nil {
		m.status, m.statusErr = model.GermanOS(s.Err.Error()), true
		return
	}
	m.status, m.statusErr = s.Text, false
}

// switchTab shows tab i. A tab that reads its data only when it is first
// shown (Berichte: a year of Einsätze) gets to start that read.
func (m *Model) switchTab(i int) tea.Cmd {
	if i < 0 || i >= len(m.tabs) {
		return nil
	}
	m.active = i
	if s, ok := m.tabs[i].(interface{ Shown() tea.Cmd }); ok {
		return s.Shown()
	}
	return nil
}

func (m *Model) anyDirty() bool {
	for _, t := range m.tabs {
		if t.Dirty() {
			return true
		}
	}
	return m.directory != nil && m.directory.Dirty() || m.settings != nil && m.settings.Dirty()
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	m.Close()
	return tea.Quit
}

// Close ends the model's change-feed subscription. The team server calls
// it when a session ends from outside (client gone, idle timeout); calling
// it twice is fine.
func (m *Model) Close() {
	if m.sub != nil {
		m.sub.Close()
	}
}
