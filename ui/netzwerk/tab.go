// Package netzwerk is the TUI tab "Netzwerk": the events of the Netzwerk
// Integration (Arbeitskreise, Steuerungsgruppe, Runde Tische, Fortbildungen),
// their registrations with waiting list, the check-in mode for the door,
// Protokoll, Beschlüsse and follow-up tasks, erasing contact data after the
// event and the mailing lists of the Gremien.
//
// The German words (Veranstaltung, Anmeldung, Warteliste, Einlass, Gremium,
// Verteiler, Protokoll, Beschluss) are explained in docs/GLOSSARY.md.
//
// It reads and writes only through the store in tea.Cmds (ui → store →
// model) and never opens bbolt itself.
package netzwerk

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/picker"
	"stabsstelle/ui/table"
)

type screen int

const (
	scrList screen = iota
	scrDetail
	scrCheckIn
	scrTasks
	scrMail
)

type (
	eventsLoadedMsg struct {
		items []eventItem
		err   error
	}
	eventLoadedMsg struct {
		ev    *model.Event
		att   []store.Attendee
		tasks []*model.Task
		orgs  map[string]orgRef
		err   error
	}
	eventSavedMsg struct {
		id   string
		text string // what the status line says
		err  error
	}
	// regDoneMsg reports a registration write; next is the first on the
	// waiting list when a place became free.
	regDoneMsg struct {
		text     string
		next     *model.Registration
		nextName string
		err      error
	}
	erasedMsg struct {
		res store.EraseResult
		err error
	}
	// askMsg asks the tab to put a yes/no question over the screen (from
	// a sub-screen that has no dialog of its own).
	askMsg struct {
		question string
		yes      func() tea.Cmd
	}
)

// screens routes keys, drawing and help to the active screen: each has
// its own update, view, help line and ? screen. A new screen is one row
// here and one file.
var screens = map[screen]struct {
	update   func(*Tab, tea.Msg) tea.Cmd
	view     func(*Tab) string
	help     func(*Tab) []key.Binding
	fullHelp func(*Tab) [][]key.Binding
}{
	scrList:    {(*Tab).listUpdate, (*Tab).listView, (*Tab).listHelp, (*Tab).listFullHelp},
	scrDetail:  {(*Tab).detailUpdate, (*Tab).detailView, (*Tab).detailHelp, (*Tab).detailFullHelp},
	scrCheckIn: {(*Tab).checkInUpdate, func(t *Tab) string { return t.ci.view() }, (*Tab).checkInHelp, (*Tab).checkInFullHelp},
	scrTasks:   {(*Tab).tasksUpdate, func(t *Tab) string { return t.tl.view() }, (*Tab).tasksHelp, (*Tab).tasksFullHelp},
	scrMail:    {(*Tab).mailUpdate, func(t *Tab) string { return t.mail.view() }, (*Tab).mailShortHelp, (*Tab).mailHelp},
}

// Tab is the Netzwerk tab. Create it with New.
type Tab struct {
	ctx  *common.Context
	keys KeyMap
	// the shared list keys with n and e gated (events and tasks need the
	// same permission)
	eventKeys keys.List

	screen screen
	w, h   int

	// event list
	list    *table.Model[eventItem]
	all     bool // all events instead of the current ones
	loading bool

	// event detail
	ev    *model.Event
	att   []store.Attendee
	tasks []*model.Task
	orgs  map[string]orgRef
	regs  *table.Model[store.Attendee]

	ci   *checkIn
	tl   *taskList
	mail *mailView

	frm     *form.Form
	pe      *protokollEditor
	draft   *eventDraft
	tdraft  *taskDraft
	odraft  *takeOutDraft
	pick    *picker.Picker
	confirm *form.Confirm
	mf      *mailFile // the Verteiler file being named (mailfile.go)

	flash      string
	isErr      bool
	editOnLoad bool // "e" in the list: open the form once the event is loaded
}

var _ common.Tab = (*Tab)(nil)

// New builds the tab over the context's store.
func New(ctx *common.Context) *Tab {
	t := &Tab{ctx: ctx, keys: userKeyMap(), w: ctx.Width, h: ctx.Height, loading: true}
	t.gate()
	t.list = table.New(eventColumns(), table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)),
		table.WithEmptyText("Keine Veranstaltungen – mit n eine neue planen."))
	t.list.SetFilterText(func(e eventItem) string {
		return strings.Join([]string{e.Number, e.Title, string(e.Type), string(e.Region), string(e.Status), e.Place, e.Gremium,
			model.FormatDate(e.Start), themenText(e.Themen)}, " ")
	})
	t.regs = table.New(regColumns(), table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)),
		table.WithEmptyText("Noch keine Anmeldungen – mit a jemanden anmelden."))
	t.setSize(ctx.Width, ctx.Height)
	return t
}

// gate applies the member's roles to the keys; open task and mailing
// lists get the new state too.
func (t *Tab) gate() {
	t.keys.gate(t.ctx)
	t.eventKeys = t.ctx.ListFor(model.PermNetwork)
	if t.tl != nil {
		t.tl.keys, t.tl.lk = t.keys, t.eventKeys
	}
	if t.mail != nil {
		t.mail.keys = t.keys
	}
}

// Title is the tab's name in the tab bar.
func (t *Tab) Title() string { return "Netzwerk" }

// Init loads the event list.
func (t *Tab) Init() tea.Cmd { return t.loadEvents() }

// Capturing is true while a text field, form, picker or dialog has focus.
func (t *Tab) Capturing() bool {
	switch {
	case t.frm != nil, t.pick != nil, t.confirm != nil, t.pe != nil:
		return true
	}
	switch t.screen {
	case scrList:
		return t.list.Filtering()
	case scrDetail:
		return t.regs.Filtering()
	case scrCheckIn:
		return true
	case scrTasks:
		return t.tl != nil && t.tl.table.Filtering()
	case scrMail:
		return t.mail != nil && (t.mail.table.Filtering() || t.mail.members.Filtering())
	}
	return false
}

// Dirty is true while a form holds unsaved input.
func (t *Tab) Dirty() bool {
	return (t.frm != nil && t.frm.Dirty()) || (t.ci != nil && t.ci.dirty()) || (t.pick != nil && t.pick.Dirty()) ||
		(t.pe != nil && t.pe.dirty())
}

func (t *Tab) setSize(w, h int) {
	t.w, t.h = max(w, 20), max(h, 8)
	t.list.SetSize(t.w, t.h-2) // title line above, message line below
	t.sizeRegs()
	if t.ci != nil {
		t.ci.setSize(t.w, t.h)
	}
	if t.tl != nil {
		t.tl.setSize(t.w, t.h)
	}
	if t.mail != nil {
		t.mail.setSize(t.w, t.h)
	}
	if t.frm != nil {
		t.frm.SetSize(t.w, t.h)
	}
	if t.pe != nil {
		t.pe.setSize(t.w, t.h)
	}
	if t.pick != nil {
		t.pick.SetSize(t.w, t.h)
	}
}

func (t *Tab) say(text string) tea.Cmd {
	t.flash, t.isErr = text, false
	return common.Status(text)
}

func (t *Tab) fail(err error) tea.Cmd {
	t.flash, t.isErr = err.Error(), true
	return common.Fail(err)
}

// View draws exactly the content box.
func (t *Tab) View() string {
	var out string
	switch {
	case t.confirm != nil:
		out = lipgloss.Place(t.w, t.h, lipgloss.Center, lipgloss.Center, t.confirm.View(t.ctx))
	case t.pick != nil:
		out = t.pick.View()
	case t.frm != nil && !(t.screen == scrCheckIn):
		out = t.frm.View()
	case t.pe != nil:
		out = t.pe.view()
	default:
		if s, ok := screens[t.screen]; ok {
			out = s.view(t)
		}
	}
	return common.Fit(out, t.w, t.h, "…")
}

func (t *Tab) flashLine() string {
	st := t.ctx.Styles
	if t.flash == "" {
		return ""
	}
	if t.isErr {
		return st.Error.Render(ansi.Truncate(t.flash, t.w, "…"))
	}
	return st.Success.Render(ansi.Truncate(t.flash, t.w, "…"))
}
