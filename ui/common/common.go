// Package common is what every screen of the UI shares: the Context (store,
// user, styles, keys, size, clock), the Tab contract the root model drives,
// and the messages children send to the root. It does no I/O itself.
package common

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/theme"
)

// Context is passed once to every child instead of ten parameters. One
// Context per program: in server mode every SSH session has its own, with
// its own user and colours, over the one shared Store.
type Context struct {
	Store  *store.Store
	User   string
	Styles *theme.Styles
	Global keys.Global
	List   keys.List
	Now    func() time.Time
	// Remote is true in server mode (stabsstelle serve): files the program
	// writes would land on the server, not with the member at the
	// keyboard, so screens offer the text on screen instead.
	Remote bool
	// Width and Height of the content box between tab bar and status bar.
	Width, Height int
	// Roles are what the member may do, RolesFrom where they come from
	// (roles.go); keys the roles do not allow are disabled (Gate).
	Roles     model.TeamRoles
	RolesFrom string
}

// Tab is the contract between the root model and one of the three areas.
// Pointer receivers: the root keeps the tab and calls its methods.
// FirstScreenMsg is sent by the tab shown at start once its first screen
// is filled (the rows on screen, not yet all of them): the root then starts
// what the first screen does not need – the other tabs, the daily backup –
// so they do not compete with it for the two cores.
type FirstScreenMsg struct{}

// FirstScreener is implemented by tabs that send FirstScreenMsg; the root
// starts the other tabs at once for tabs that do not.
type FirstScreener interface{ SendsFirstScreen() bool }

type Tab interface {
	Title() string
	Init() tea.Cmd
	// Update gets window sizes, data messages of its own, change events and,
	// when it is the active tab, key presses.
	Update(msg tea.Msg) tea.Cmd
	// View draws exactly the content box (Context.Width × Height).
	View() string
	// Capturing is true while a text field, form or dialog has focus: the
	// root then passes every key (except ctrl+c) to the tab, so `q` typed
	// into a field is a letter.
	Capturing() bool
	// Dirty is true while a form holds unsaved input; quitting asks first.
	Dirty() bool
	// Help for the status line and the ? screen.
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

// ChangedMsg carries the store's change events to every tab; a tab reloads
// what it shows if the events touch its kinds.
type ChangedMsg struct{ Events []store.Event }

// Touches reports whether any event changed one of kinds.
func (m ChangedMsg) Touches(kinds ...string) bool {
	for _, e := range m.Events {
		if e.Touches(kinds...) {
			return true
		}
	}
	return false
}

// StatusMsg puts a short German sentence into the status bar: "gespeichert"
// after a write, or an error.
type StatusMsg struct {
	Text string
	Err  error
}

// Status returns a command that shows text in the status bar.
func Status(text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text} }
}

// Fail returns a command that shows err in the status bar.
func Fail(err error) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Err: err} }
}

// SwitchTabMsg asks the root to show another tab (0, 1, 2), e.g. to jump from
// an Einsatz to the claim that pays it.
type SwitchTabMsg struct{ Tab int }

// Write runs fn in a store transaction as the context's user, off the UI
// goroutine, and reports "gespeichert" or the error. done, if not nil, makes
// the message the tab waits for; the status message is sent as well.
func (c *Context) Write(fn func(tx *store.Tx) error, done func(err error) tea.Msg) tea.Cmd {
	st, user := c.Store, c.User
	return func() tea.Msg {
		err := st.Update(user, fn)
		if done != nil {
			return done(err)
		}
		if err != nil {
			return StatusMsg{Err: err}
		}
		return StatusMsg{Text: "gespeichert"}
	}
}

// Read runs fn in a read transaction off the UI goroutine and turns the
// result into a message.
func Read[T any](c *Context, fn func(tx *store.Tx) (T, error), msg func(T, error) tea.Msg) tea.Cmd {
	st := c.Store
	return func() tea.Msg {
		var v T
		err := st.View(func(tx *store.Tx) error {
			var e error
			v, e = fn(tx)
			return e
		})
		return msg(v, err)
	}
}

// FilesCheckedMsg answers CheckFiles: the full paths of those files that
// exist already (the caller asks before replacing them).
type FilesCheckedMsg struct {
	ID    string
	Exist []string
	Err   error
}

// CheckFiles looks, off the UI goroutine, which of paths exist; a path
// that is a folder is an error.
func CheckFiles(id string, paths ...string) tea.Cmd {
	return func() tea.Msg {
		exist, err := store.ExistingFiles(paths...)
		return FilesCheckedMsg{ID: id, Exist: exist, Err: err}
	}
}
