// Package recovery is the screen shown instead of the normal program when
// the database cannot be read at start (store.ErrDamaged) or is an empty
// file (store.ErrEmpty). It says which
// file is damaged and that nothing has been changed, checks the backups
// beside it off the UI goroutine, offers the newest good one with what
// would be lost, and only on the user's confirmed word moves the damaged
// file aside byte for byte (…defekt-<Zeitstempel>.db) and restores the
// chosen backup, or starts with an empty database. It never starts an
// empty database unasked.
//
// The screen ends its program with a Result; the caller (the TUI start in
// main) then opens the store and runs the normal interface. It imports
// store and the shared UI packages (common, form, theme), never the root
// ui package or cli.
package recovery

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/theme"
)

// Options say which file is damaged and how.
type Options struct {
	// Path is the database file that cannot be read.
	Path string
	// Damaged is the error store.Open gave; its Detail is shown small.
	Damaged *store.ErrDamaged
	// Empty: the file is empty (0 bytes, store.ErrEmpty) rather than
	// damaged; the same ways out, in other words.
	Empty bool
	// Dark is the guess before the terminal answers.
	Dark bool
	// Now is the clock for the aside name and the restore (tests).
	Now func() time.Time
}

// Confirm dialog IDs.
const (
	askRestore  = "restore"
	askProblems = "restore-problems"
	askEmpty    = "empty"
)

// Model is the recovery screen. It is a root model: it returns tea.View.
type Model struct {
	opts Options
	ctx  *common.Context // styles for the shared confirm dialog
	keys KeyMap
	help help.Model
	spin spinner.Model
	w, h int

	listed     bool  // the backup folder has been read
	listErr    error // it could not be read
	dirMissing bool  // there is no backup folder at all
	rows       []Candidate
	cursor     int
	moved      bool // the user picked a row: the preselection stays out of it

	confirm  *form.Confirm
	chosen   int    // the row a confirm dialog is about
	working  string // the file operation under way; keys wait for it
	spinning bool   // a spinner tick is under way
	flash    string // why the last key did nothing
	failure  error  // the last file operation's error
	// aside is where the damaged file lies when a failed restore could not
	// put it back; the next try starts from there.
	aside string

	result Result
	done   bool
}

// New builds the screen; Init starts reading the backups.
func New(o Options) *Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	st := theme.New(o.Dark)
	m := &Model{
		opts: o,
		ctx:  &common.Context{Styles: st, Now: o.Now, Width: 80, Height: 24},
		keys: DefaultKeyMap(),
		help: help.New(),
		spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		w:    80, h: 24,
	}
	m.restyle(st)
	m.updateKeys()
	return m
}

func (m *Model) restyle(st *theme.Styles) {
	m.ctx.Styles = st
	m.spin.Style = st.Accent
	h := help.New().Styles
	h.ShortKey, h.FullKey = st.HelpKey, st.HelpKey
	h.ShortDesc, h.FullDesc = st.HelpDesc, st.HelpDesc
	h.ShortSeparator, h.FullSeparator = st.Muted, st.Muted
	m.help.Styles = h
}

// Result is what the user decided; valid after the program ended.
func (m *Model) Result() Result { return m.result }

// Init asks the terminal for its background and starts the backup scan.
func (m *Model) Init() tea.Cmd {
	m.spinning = true
	return tea.Batch(tea.RequestBackgroundColor, listBackups(m.opts.Path), m.spin.Tick)
}

// busy is true while backups are being checked or a file operation runs:
// the spinner turns.
func (m *Model) busy() bool { return m.working != "" || !m.listed || m.pending() > 0 }

// Update handles keys, the scan results and the file operations' outcome.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.updateKeys()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.ctx.Width, m.ctx.Height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
	case tea.BackgroundColorMsg:
		m.restyle(theme.New(msg.IsDark()))
	case spinner.TickMsg:
		if !m.busy() {
			m.spinning = false
			return nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case listedMsg:
		return m.gotList(msg)
	case checkedMsg:
		return m.checked(msg)
	case form.ConfirmedMsg:
		return m.answered(msg)
	case finishedMsg:
		return m.finished(msg)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return nil
}

func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if m.working != "" || m.done {
		// A file is being moved or copied: quitting now would leave it half
		// done. It takes seconds at most.
		return nil
	}
	if key.Matches(k, m.keys.ForceQuit) {
		return m.quit()
	}
	if m.confirm != nil {
		return m.confirm.Update(k)
	}
	m.flash = ""
	switch {
	case key.Matches(k, m.keys.Quit):
		return m.quit()
	case key.Matches(k, m.keys.Up):
		if m.cursor > 0 {
			m.cursor--
			m.moved = true
		}
	case key.Matches(k, m.keys.Down):
		if m.cursor < len(m.rows)-1 {
			m.cursor++
			m.moved = true
		}
	case key.Matches(k, m.keys.Restore):
		return m.askRestore()
	case key.Matches(k, m.keys.Empty):
		m.chosen = -1
		m.confirm = form.NewConfirm(askEmpty, m.wrapQuestion(emptyQuestion(m.opts.Path, len(m.rows) > 0)))
	}
	return nil
}

// askRestore opens the confirm dialog for the selected backup, or says why
// it cannot be chosen.
func (m *Model) askRestore() tea.Cmd {
	if len(m.rows) == 0 {
		return nil
	}
	c := m.rows[m.cursor]
	switch c.State {
	case Pending:
		m.flash = "Diese Sicherung wird noch geprüft – bitte einen Moment."
		return nil
	case Unusable:
		m.flash = "Eine unbrauchbare Sicherung kann nicht zurückgespielt werden – bitte eine andere wählen."
		return nil
	}
	m.chosen = m.cursor
	m.confirm = form.NewConfirm(askRestore, m.wrapQuestion(restoreQuestion(m.opts.Path, c)))
	return nil
}

// answered handles the confirm dialogs; a problem backup needs a second yes.
func (m *Model) answered(msg form.ConfirmedMsg) tea.Cmd {
	m.confirm = nil
	if !msg.Yes {
		return nil
	}
	switch msg.ID {
	case askRestore:
		c := m.rows[m.chosen]
		if c.State == Problems {
			m.confirm = form.NewConfirm(askProblems, m.wrapQuestion(problemsQuestion(c)))
			return nil
		}
		return m.start("Die Sicherung wird zurückgespielt …", restore(m.opts.Path, c, false, m.aside, m.opts.Now()))
	case askProblems:
		return m.start("Die Sicherung wird zurückgespielt …", restore(m.opts.Path, m.rows[m.chosen], true, m.aside, m.opts.Now()))
	case askEmpty:
		return m.start("Die beschädigte Datei wird beiseitegelegt …", startEmpty(m.opts.Path, m.aside, m.opts.Now()))
	}
	return nil
}

// start runs a file operation; keys wait until it reports.
func (m *Model) start(what string, op tea.Cmd) tea.Cmd {
	m.working, m.failure, m.flash = what, nil, ""
	if m.spinning {
		return op
	}
	m.spinning = true
	return tea.Batch(op, m.spin.Tick)
}

// finished ends the program after success, or shows the error (the
// damaged file is back in its place unless the error says otherwise).
func (m *Model) finished(msg finishedMsg) tea.Cmd {
	m.working = ""
	if msg.err != nil {
		m.failure = msg.err
		m.aside = msg.aside
		return nil
	}
	m.result, m.done = msg.res, true
	return tea.Quit
}

// quit ends without changing anything; the result names the backup to
// restore by hand, as far as the scan got.
func (m *Model) quit() tea.Cmd {
	m.result = Result{Action: Quit, Aside: m.aside}
	if i, final := best(m.rows); i >= 0 && final {
		m.result.Backup, m.result.Recommended = m.rows[i].BackupInfo, true
	}
	m.done = true
	return tea.Quit
}

// updateKeys enables what can be done now, so the help line shows only
// that; Update calls it after every message.
func (m *Model) updateKeys() {
	idle := m.working == "" && m.confirm == nil
	usable := false
	for _, r := range m.rows {
		if r.State != Unusable {
			usable = true
		}
	}
	m.keys.Up.SetEnabled(idle && len(m.rows) > 1)
	m.keys.Down.SetEnabled(idle && len(m.rows) > 1)
	m.keys.Restore.SetEnabled(idle && usable)
	m.keys.Empty.SetEnabled(idle && m.listed)
	m.keys.Quit.SetEnabled(idle)
}
