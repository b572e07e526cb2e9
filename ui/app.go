// Package ui is the terminal interface's root model: the tab bar, the
// status bar, the help, the welcome and "Terminal zu klein" screens, the
// search across everything, the people directory and the "Regeln & Sätze"
// screen (ui/settings). It routes window sizes
// and data messages to every tab, keys to the active one (a focused text
// field gets keys first), and relays the store's change feed. The tabs live
// in their own packages (sprachmittlung, kosten, netzwerk).
package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

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

// settleAfter is when the lists loaded at start are surely in.
const settleAfter = 3 * time.Second

// settleMemory gives the garbage of loading the lists back to the system
// once they are in (tens of MB of decoded rows; the soft memory limit would
// keep them for a long while). A full collection, on the command's
// goroutine, not the UI's.
func settleMemory() tea.Msg {
	debug.FreeOSMemory()
	return nil
}

func waitFeed(sub *store.Subscription) tea.Cmd {
	return func() tea.Msg {
		evs, ok := sub.Wait()
		if !ok {
			return feedEnded{}
		}
		return changedMsg{events: evs}
	}
}

// warnings tells at start when the file lies where locking fails (network
// drive, sync folder) or can be read by others.
func warnings(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		for _, w := range []string{store.LocationWarning(st.Path()), store.PermissionWarning(st.Path())} {
			if w != "" {
				return common.StatusMsg{Err: errors.New(w)}
			}
		}
		return nil
	}
}

// dailyBackup writes the first backup of the day (it does nothing when
// today's exists); checking the copy takes seconds on a large file, so it
// runs as a command.
func dailyBackup(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		path, err := store.DailyBackup(st)
		switch {
		case err != nil:
			return common.StatusMsg{Err: err}
		case path != "":
			return common.StatusMsg{Text: "Tägliche Sicherung geschrieben: " + filepath.Base(path)}
		}
		return nil
	}
}

// retentionAfter is when the start says that the Löschlauf has work:
// after the lists and the daily backup's message.
const retentionAfter = 8 * time.Second

// retentionDue offers the Löschlauf at start when something is due (to
// who may run it): a sentence in the status line that says where.
func retentionDue(st *store.Store) tea.Cmd {
	return tea.Tick(retentionAfter, func(time.Time) tea.Msg {
		n := 0
		err := st.View(func(tx *store.Tx) error {
			p, err := store.PlanRetention(tx)
			if err == nil {
				n = len(p.Items)
			}
			return err
		})
		if err != nil || n == 0 {
			return nil
		}
		return common.StatusMsg{Text: fmt.Sprintf("Löschfristen: %d Punkte sind fällig – R, Bereich „Löschfristen“, x führt den Löschlauf aus.", n)}
	})
}

// undo takes back the user's last change, from the journal.
func undo(st *store.Store, user string) tea.Cmd {
	return func() tea.Msg {
		var res store.UndoResult
		err := st.Update(user, func(tx *store.Tx) error {
			var e error
			res, e = store.UndoLast(tx, user)
			return e
		})
		if err != nil {
			return common.StatusMsg{Err: err}
		}
		return common.StatusMsg{Text: res.Text}
	}
}

// writePermissions is every permission of any role: undo needs one of them
// (the store then asks for the one of the record it restores).
var writePermissions = func() []model.Permission {
	var ps []model.Permission
	for _, d := range model.TeamRoleDefs {
		ps = append(ps, d.Perms...)
	}
	return ps
}()

// gateGlobal disables the global keys the roles do not allow.
func gateGlobal(ctx *common.Context) {
	ctx.Gate(&ctx.Global.Undo, writePermissions...)
}

func loadRoles(st *store.Store, user string) tea.Cmd {
	return func() tea.Msg {
		g, err := store.LookupRoles(st, user)
		return rolesLoadedMsg{g, err}
	}
}

func checkEmpty(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		empty := false
		_ = st.View(func(tx *store.Tx) error { empty = store.IsEmpty(tx); return nil })
		return emptyMsg{empty}
	}
}

func (m *Model) contentSize() (int, int) { return m.w, max(1, m.h-chrome) }

func (m *Model) tooSmall() bool { return m.w < MinWidth || m.h < MinHeight }

// Update routes messages; see the package comment.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
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
		return m, m.broadcast(sized)
	case tea.BackgroundColorMsg:
		m.ctx.Styles = theme.New(msg.IsDark())
		m.help.Styles = helpStyles(m.ctx.Styles)
		return m, m.broadcast(msg)
	case changedMsg:
		changed := common.ChangedMsg{Events: msg.events}
		cmds := []tea.Cmd{waitFeed(m.sub), m.broadcast(changed), m.forwardOverlays(changed), m.copiesChanged(changed)}
		if changed.Touches(store.KindSettings) {
			// the role list or the member's mouse switch may have changed
			cmds = append(cmds, loadRoles(m.ctx.Store, m.ctx.User), loadMouse(m.ctx.Store, m.ctx.User))
		}
		return m, tea.Batch(cmds...)
	case copiesMsg, abgleich.ClosedMsg:
		return m, m.updateCopies(msg)
	case RolesChangedMsg:
		return m, loadRoles(m.ctx.Store, m.ctx.User)
	case rolesLoadedMsg:
		if msg.err != nil {
			// Fail closed: a list that cannot be read allows nothing.
			msg.g = store.RoleGrant{From: msg.g.From}
			m.setStatus(common.StatusMsg{Err: msg.err})
		}
		if msg.g == (store.RoleGrant{Roles: m.ctx.Roles, From: m.ctx.RolesFrom}) {
			return m, nil
		}
		m.ctx.SetRoles(msg.g)
		gateGlobal(m.ctx)
		m.setStatus(common.StatusMsg{Text: "Ihre Rollen: " + msg.g.Roles.Label()})
		return m, tea.Batch(m.broadcast(common.RolesMsg{}), m.forwardOverlays(common.RolesMsg{}))
	case feedEnded:
		return m, nil
	case emptyMsg:
		m.welcome = msg.empty
		return m, nil
	case common.FirstScreenMsg:
		return m, m.initRest()
	case common.StatusMsg:
		m.setStatus(msg)
		at := m.statusAt
		return m, tea.Tick(6*time.Second, func(time.Time) tea.Msg { return statusClear{at} })
	case statusClear:
		if msg.at.Equal(m.statusAt) {
			m.status = ""
		}
		return m, nil
	case common.SwitchTabMsg:
		return m, m.switchTab(msg.Tab)
	case common.OpenRecordMsg:
		return m, m.openHit(store.Hit{Kind: msg.Kind, ID: msg.ID})
	case form.ConfirmedMsg:
		if msg.ID == deleteCopyID {
			return m, m.updateCopies(msg)
		}
	case history.ClosedMsg:
		m.history = nil
		return m, nil
	case settings.ClosedMsg:
		m.settings = nil
		return m, nil
	case picker.CancelledMsg:
		if m.directory != nil && msg.ID == "directory" {
			m.directory = nil
			return m, nil
		}
	case searchResultMsg, searchOpenMsg:
		return m, m.updateSearch(msg)
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case mouseLoadedMsg:
		m.mouseOff = msg.off
		return m, nil
	case tea.MouseClickMsg:
		return m, m.click(msg)
	case tea.MouseWheelMsg:
		return m, m.wheel(msg)
	case tea.MouseMsg:
		return m, nil // releases and motion: nothing to do
	}
	return m, tea.Batch(m.broadcast(msg), m.forwardOverlays(msg))
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

func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	g := m.ctx.Global
	// ctrl+c always quits, asking first when a form holds input.
	if key.Matches(k, g.ForceQuit) {
		if m.askQuit != nil || !m.anyDirty() {
			return m.quit()
		}
		m.askQuitNow()
		return nil
	}
	if m.askQuit != nil {
		cmd := m.askQuit.Update(k)
		if m.askQuit.Done() {
			m.askQuit = nil
		}
		return cmd
	}
	if m.askDelete != nil {
		return m.askDelete.Update(k)
	}
	if m.tooSmall() {
		if key.Matches(k, g.Quit) {
			return m.quit()
		}
		return nil
	}
	if m.welcome {
		switch k.String() {
		case "q":
			return m.quit()
		case "enter", "esc", "space":
			m.welcome = false
		case "1", "2", "3", "4":
			m.welcome = false
			return m.switchTab(int(k.String()[0] - '1'))
		}
		return nil
	}
	if m.showHelp {
		return m.helpKey(k.String())
	}
	if m.search != nil {
		return m.updateSearch(k)
	}
	// ? on an overlay shows its keys; q closes it (the overlays bind q to
	// their "zurück"), it never quits from there.
	if m.overlayOpen() && !m.overlayTyping() && key.Matches(k, g.Help) {
		m.showHelp = true
		return nil
	}
	if m.history != nil {
		return m.history.Update(k)
	}
	if m.settings != nil {
		return m.settings.Update(k)
	}
	if m.abgleich != nil {
		return m.abgleich.Update(k)
	}
	if m.directory != nil {
		if !m.directory.Editing() && !m.directory.Filtering() && k.String() == "tab" {
			// tab switches between people and organisations.
			m.dirKind = 1 - m.dirKind
			return m.openDirectory()
		}
		return m.directory.Update(k)
	}
	tab := m.tabs[m.active]
	if tab.Capturing() {
		return tab.Update(k)
	}
	switch {
	case key.Matches(k, g.Quit):
		if m.anyDirty() {
			m.askQuitNow()
			return nil
		}
		return m.quit()
	case key.Matches(k, g.Help):
		m.showHelp = true
		return nil
	case key.Matches(k, g.Tab1):
		return m.switchTab(0)
	case key.Matches(k, g.Tab2):
		return m.switchTab(1)
	case key.Matches(k, g.Tab3):
		return m.switchTab(2)
	case key.Matches(k, g.Tab4), key.Matches(k, g.Reports):
		return m.switchTab(3)
	case key.Matches(k, g.NextTab):
		return m.switchTab((m.active + 1) % len(m.tabs))
	case key.Matches(k, g.PrevTab):
		return m.switchTab((m.active + len(m.tabs) - 1) % len(m.tabs))
	case key.Matches(k, g.Search):
		m.search = newSearch(m.ctx)
		return m.search.init()
	case key.Matches(k, g.People):
		m.dirKind = picker.KindPerson
		return m.openDirectory()
	case key.Matches(k, g.Settings):
		m.settings = settings.New(m.ctx)
		cw, ch := m.contentSize()
		m.settings.SetSize(cw, ch)
		return m.settings.Init()
	case key.Matches(k, g.Undo):
		return undo(m.ctx.Store, m.ctx.User)
	case key.Matches(k, g.Abgleich):
		return m.openAbgleich()
	case key.Matches(k, g.History):
		cur, ok := tab.(interface{ Current() (string, string) })
		if !ok {
			return tab.Update(k)
		}
		kind, id := cur.Current()
		if id == "" {
			return common.Fail(errors.New("Hier ist kein Datensatz ausgewählt – erst einen Eintrag wählen, dann V für den Verlauf."))
		}
		m.history = history.New(m.ctx, kind, id)
		cw, ch := m.contentSize()
		m.history.SetSize(cw, ch)
		return m.history.Init()
	default:
		if cmd := m.ctx.Refusal(k, append(tab.ShortHelp(), g.ShortHelp()...), append(tab.FullHelp(), g.FullHelp()...)); cmd != nil {
			return cmd
		}
		return tab.Update(k)
	}
}

// askQuitNow opens the quit question (unsaved input would be lost).
func (m *Model) askQuitNow() {
	m.askQuit = form.Ask("Ungespeicherte Eingaben verwerfen und beenden?", m.quit)
}

// overlayOpen: the Verlauf, Regeln & Sätze or Personen & Einrichtungen
// cover the tab.
func (m *Model) overlayOpen() bool {
	return m.history != nil || m.settings != nil || m.directory != nil
}

// overlayTyping: a text field or dialog of the overlay has the keys.
func (m *Model) overlayTyping() bool {
	switch {
	case m.settings != nil:
		return m.settings.Capturing()
	case m.directory != nil:
		return m.directory.Editing() || m.directory.Filtering()
	}
	return false
}

func (m *Model) openDirectory() tea.Cmd {
	m.directory = picker.NewDirectory(m.ctx, "directory", m.dirKind)
	cw, ch := m.contentSize()
	m.directory.SetSize(cw, ch)
	return m.directory.Init()
}

// View draws the whole screen.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "stabsstelle"
	if m.quitting {
		return v
	}
	v.SetContent(m.render())
	if m.mouseOn() {
		// clicks and the wheel only (no motion events to wake the program)
		v.MouseMode = tea.MouseModeCellMotion
	}
	return v
}

func (m *Model) render() string {
	st := m.ctx.Styles
	if m.tooSmall() {
		msg := st.Title.Render("Terminal zu klein") + "\n\n" +
			fmt.Sprintf("Bitte das Fenster auf mindestens %d×%d Zeichen vergrößern\n(jetzt %d×%d).", MinWidth, MinHeight, m.w, m.h) +
			"\n\n" + st.Muted.Render("q beendet")
		return lipgloss.Place(m.w, m.h, lipgloss.Center, lipgloss.Center, msg)
	}
	cw, ch := m.contentSize()
	var body string
	switch {
	case m.welcome:
		body = m.welcomeView(cw, ch)
	case m.showHelp:
		body = m.helpView(cw, ch)
	case m.search != nil:
		body = m.search.view()
	case m.history != nil:
		body = m.history.View()
	case m.settings != nil:
		body = m.settings.View()
	case m.abgleich != nil:
		body = m.abgleich.View()
	case m.directory != nil:
		body = m.directory.View()
	default:
		body = m.tabs[m.active].View()
	}
	if m.askDelete != nil {
		body = lipgloss.Place(cw, ch, lipgloss.Center, lipgloss.Center, m.askDelete.View(m.ctx))
	}
	if m.askQuit != nil {
		body = lipgloss.Place(cw, ch, lipgloss.Center, lipgloss.Center, m.askQuit.View(m.ctx))
	}
	body = fit(body, cw, ch)
	return m.tabBar() + "\n" + body + "\n" + m.helpLine() + "\n" + m.statusBar()
}

// fit pads or cuts s to exactly w×h so the bars never move.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			// "…" marks what a screen failed to fit (it used to vanish
			// without a trace; the walk test looks for it).
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return strings.Join(lines, "\n")
}

func (m *Model) tabBar() string {
	st := m.ctx.Styles
	var parts []string
	for i, t := range m.tabs {
		label := tabLabel(i, t)
		if i == m.active && !m.welcome {
			parts = append(parts, st.TabActive.Render(label))
		} else {
			parts = append(parts, st.TabInactive.Render(label))
		}
	}
	bar := strings.Join(parts, " ")
	right := st.Muted.Render("stabsstelle")
	gap := m.w - ansi.StringWidth(bar) - ansi.StringWidth(right)
	if gap < 1 {
		return ansi.Truncate(bar, m.w, "")
	}
	return bar + strings.Repeat(" ", gap) + right
}

// helpBindings are the keys the help line offers now: the open screen's
// first, then – unless a text field or dialog has the keys – the ones that
// work everywhere; must are shown even when the line is short.
func (m *Model) helpBindings() (bs, must []key.Binding) {
	g := m.ctx.Global
	switch {
	case m.askQuit != nil:
		return form.ConfirmKeys, nil
	case m.welcome:
		return []key.Binding{welcomeStart, g.Tab1, g.Tab2, g.Tab3, g.Tab4, g.Quit}, nil
	case m.showHelp:
		return helpScreenKeys, nil
	case m.search != nil:
		return searchKeys, nil
	case m.history != nil:
		bs = m.history.ShortHelp()
	case m.settings != nil:
		bs = m.settings.ShortHelp()
	case m.abgleich != nil:
		bs = m.abgleich.ShortHelp()
	case m.directory != nil:
		bs = m.directory.ShortHelp()
		if !m.directory.Editing() && !m.directory.Filtering() {
			bs = append(bs, directoryToggle)
		}
	default:
		tab := m.tabs[m.active]
		bs = tab.ShortHelp()
		// While a field or a dialog takes the keys, ? q ctrl+k are input
		// for it, not the program's: offering them would mislead.
		if !tab.Capturing() {
			return bs, g.ShortHelp()
		}
		return bs, nil
	}
	if !m.overlayTyping() {
		return bs, []key.Binding{g.Help}
	}
	return bs, nil
}

var (
	welcomeStart   = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "weiter"))
	helpScreenKeys = []key.Binding{
		key.NewBinding(key.WithKeys("down"), key.WithHelp("↑↓", "blättern")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc/q", "schließen")),
	}
	searchKeys = []key.Binding{
		key.NewBinding(key.WithKeys("down"), key.WithHelp("↑↓", "wählen")),
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "öffnen")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "zurück")),
	}
)

// helpItem is one key of the help line and the cells it takes.
type helpItem struct {
	b      key.Binding
	x0, x1 int // columns [x0, x1)
}

const helpSep = " • "

// helpItems lays the help line out: whole items only, never a cut one
// ("e bearbei…"); what does not fit stays on the ? screen. The first of
// the global keys (? Hilfe) keeps its place at the end; the others follow
// where there is room.
func (m *Model) helpItems() []helpItem {
	bs, global := m.helpBindings()
	width := func(b key.Binding) int { return ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc) }
	sep := ansi.StringWidth(helpSep)
	room := m.w
	mustW := 0
	if len(global) > 0 {
		mustW = width(global[0]) + sep
	}
	var items []helpItem
	x := 0
	add := func(b key.Binding) {
		if x > 0 {
			x += sep
		}
		items = append(items, helpItem{b: b, x0: x, x1: x + width(b)})
		x += width(b)
	}
	seen := map[string]bool{}
	for _, b := range bs {
		h := b.Help()
		if !b.Enabled() || h.Key == "" || seen[h.Key+" "+h.Desc] {
			continue
		}
		if x+sep+width(b)+mustW > room {
			break
		}
		seen[h.Key+" "+h.Desc] = true
		add(b)
	}
	for _, b := range global {
		if b.Enabled() && x+sep+width(b) <= room {
			add(b)
		}
	}
	return items
}

func (m *Model) helpLine() string {
	st := m.ctx.Styles
	var b strings.Builder
	for i, it := range m.helpItems() {
		if i > 0 {
			b.WriteString(st.Muted.Render(helpSep))
		}
		h := it.b.Help()
		b.WriteString(st.HelpKey.Render(h.Key) + " " + st.HelpDesc.Render(h.Desc))
	}
	return b.String()
}

func (m *Model) statusBar() string {
	st := m.ctx.Styles
	right := ""
	if m.status != "" {
		// Messages name records; their text is made harmless here too.
		if m.statusErr {
			right = st.StatusErr.Render("✗ " + model.SafeLine(m.status))
		} else {
			right = st.StatusOK.Render("✓ " + model.SafeLine(m.status))
		}
	}
	rw := ansi.StringWidth(right)
	user := st.StatusKey.Render(model.SafeLine(m.ctx.User))
	if m.ctx.RolesFrom != store.FromNoList {
		// With a role list or in team mode the bar says what the member
		// may do (the single local user holds every role: nothing to say).
		user += st.Muted.Render(" · " + m.ctx.Roles.Label())
	}
	// The user always shows; then the Außenkopie marker (it must never be
	// missed); the message comes next (the path of the file gives way to
	// it); only a message longer than the rest of the line is cut.
	corner := m.corner()
	if corner != "" {
		user += st.Muted.Render(" · ") + st.BadgeWarn.Render(ansi.Truncate(corner, max(10, m.w-ansi.StringWidth(user)-4), "…"))
	}
	room := m.w - ansi.StringWidth(user) - 1
	if rw > room {
		right = ansi.Truncate(right, max(0, room), "…")
		rw = ansi.StringWidth(right)
	}
	left := user
	if pathRoom := room - rw - 3; pathRoom >= 8 && corner == "" {
		db := m.ctx.Store.Path()
		if abs, err := filepath.Abs(db); err == nil {
			db = abs
		}
		left += st.Muted.Render(" · ") + st.StatusValue.Render(shortenPath(db, min(40, pathRoom)))
	}
	lw := ansi.StringWidth(left)
	return left + strings.Repeat(" ", max(1, m.w-lw-rw)) + right
}

func shortenPath(p string, n int) string {
	r := []rune(p)
	if len(r) <= n {
		return p
	}
	return "…" + string(r[len(r)-n+1:])
}

func helpStyles(st *theme.Styles) help.Styles {
	h := help.New().Styles
	h.ShortKey, h.FullKey = st.HelpKey, st.HelpKey
	h.ShortDesc, h.FullDesc = st.HelpDesc, st.HelpDesc
	h.ShortSeparator, h.FullSeparator = st.Muted, st.Muted
	return h
}

func (m *Model) welcomeView(w, h int) string {
	st := m.ctx.Styles
	text := st.Title.Render("Willkommen bei stabsstelle") + "\n\n" +
		"Die Datenbank ist noch leer. Es gibt drei Bereiche:\n\n" +
		st.Bold.Render("1 Sprachmittlung") + "      Anfragen annehmen, Sprachmittler:innen\n" +
		"                      finden, Einsätze abrechnen.\n" +
		st.Bold.Render("2 Kostenerstattungen") + "  Erstattungen prüfen (vier Augen),\n" +
		"                      Freibeträge, Fördertöpfe, SEPA-Datei.\n" +
		st.Bold.Render("3 Netzwerk") + "            Veranstaltungen, Anmeldungen,\n" +
		"                      Einlass, Protokoll und Aufgaben.\n\n" +
		"Ausprobieren mit Beispieldaten:\n" +
		"  " + st.Accent.Render("make demo") + "  oder\n" +
		"  " + st.Accent.Render("stabsstelle demo --db /tmp/demo.db") + "\n" +
		"  " + st.Accent.Render("stabsstelle --db /tmp/demo.db") + "\n\n" +
		st.Muted.Render("enter: leer beginnen · 1 2 3 Reiter · q beenden")
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, st.Box.Render(text))
}
