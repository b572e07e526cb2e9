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
	"errors"
	"fmt"
	"strings"

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

// Update routes messages to the open overlay or screen.
func (t *Tab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		t.setSize(msg.Width, msg.Height)
		return nil
	case tea.BackgroundColorMsg:
		// The root has already rebuilt ctx.Styles for the background.
		ts := table.DefaultStyles(msg.IsDark())
		t.list.SetStyles(ts)
		t.regs.SetStyles(ts)
		if t.tl != nil {
			t.tl.table.SetStyles(ts)
		}
		if t.mail != nil {
			t.mail.table.SetStyles(ts)
			t.mail.members.SetStyles(ts)
		}
		return nil
	case common.RolesMsg:
		t.gate()
		return nil
	case common.ChangedMsg:
		if !msg.Touches(store.KindEvent, store.KindRegistration, store.KindTask, store.KindPerson, store.KindOrganisation) {
			return nil
		}
		cmds := []tea.Cmd{t.loadEvents()}
		if t.ev != nil && t.screen != scrList {
			cmds = append(cmds, t.loadEvent(t.ev.ID))
		}
		if t.screen == scrTasks && t.tl != nil {
			cmds = append(cmds, t.tl.load())
		}
		return tea.Batch(cmds...)
	case OpenEventMsg:
		if t.Capturing() {
			return t.fail(errors.New("Bitte erst die offene Eingabe speichern oder mit esc verlassen."))
		}
		return t.openEvent(msg.ID)
	case eventsLoadedMsg:
		t.loading = false
		if msg.err != nil {
			return t.fail(msg.err)
		}
		t.list.SetRows(msg.items, func(e eventItem) string { return e.ID })
		return nil
	case eventLoadedMsg:
		if msg.err != nil {
			if errors.Is(msg.err, store.ErrNotFound) && t.screen != scrList {
				t.screen, t.ev = scrList, nil
			}
			return t.fail(msg.err)
		}
		if t.ev != nil && t.ev.ID != msg.ev.ID && t.screen != scrDetail {
			return nil // a late answer for an event no longer shown
		}
		t.ev, t.att, t.tasks, t.orgs = msg.ev, msg.att, msg.tasks, msg.orgs
		t.sizeRegs()
		t.regs.SetRows(msg.att, func(a store.Attendee) string { return a.Reg.ID })
		if t.ci != nil && t.ci.ev.ID == msg.ev.ID {
			t.ci.merge(msg.ev, msg.att, msg.orgs)
		}
		if t.editOnLoad {
			t.editOnLoad = false
			return t.openEventForm(t.ev)
		}
		return nil
	case eventSavedMsg:
		if msg.err != nil {
			if t.frm != nil {
				t.frm.SetError(msg.err)
			}
			if t.pe != nil {
				t.pe.err = msg.err.Error()
			}
			return common.Fail(msg.err)
		}
		t.frm, t.draft, t.pe = nil, nil, nil
		t.screen = scrDetail
		text := msg.text
		if text == "" {
			text = "Veranstaltung gespeichert."
		}
		return tea.Batch(t.say(text), t.loadEvent(msg.id), t.loadEvents())
	case askMsg:
		t.confirm = form.Ask(msg.question, msg.yes)
		return nil
	case regDoneMsg:
		return t.regDone(msg)
	case takenOutMsg:
		return t.takenOut(msg)
	case takeOutTargetMsg:
		return t.takeOutTarget(msg)
	case taskSavedMsg:
		return t.taskSaved(msg)
	case erasedMsg:
		if msg.err != nil {
			return t.fail(msg.err)
		}
		return tea.Batch(t.say(fmt.Sprintf("Kontaktdaten gelöscht: %d Anmeldungen anonymisiert, %d nur hierfür angelegte Personen entfernt. Die Zahlen bleiben. "+store.CompactHint,
			msg.res.Registrations, msg.res.PeopleDeleted)), t.loadEvent(t.ev.ID))
	case picker.PickedMsg:
		t.pick = nil
		if msg.ID == "register" && t.ev != nil {
			return t.registerPerson(msg.RecordID, msg.Name)
		}
		if msg.ID == "member" && t.mail != nil {
			return t.mail.setMember(msg.RecordID, msg.Name, true)
		}
		return nil
	case picker.CancelledMsg:
		t.pick = nil
		return nil
	case form.SubmittedMsg:
		if t.pick != nil && (t.frm == nil || msg.ID != t.frm.ID()) {
			return t.pick.Update(msg) // the picker's "neu anlegen" form
		}
		if t.screen == scrCheckIn && t.ci != nil && msg.ID == "walkin" {
			cmd, _ := t.ci.update(msg)
			return cmd
		}
		return t.submitted(msg.ID)
	case form.CancelledMsg:
		if t.pick != nil && (t.frm == nil || msg.ID != t.frm.ID()) {
			return t.pick.Update(msg)
		}
		if t.screen == scrCheckIn && t.ci != nil && msg.ID == "walkin" {
			cmd, _ := t.ci.update(msg)
			return cmd
		}
		if t.frm != nil && msg.ID == t.frm.ID() {
			t.frm, t.draft, t.tdraft, t.odraft = nil, nil, nil, nil
		}
		return nil
	case checkInToggledMsg, walkInSavedMsg:
		if t.ci != nil {
			cmd, _ := t.ci.update(msg)
			return cmd
		}
		return nil
	case openTaskFormMsg:
		return t.openTaskForm(msg.task)
	case tasksLoadedMsg, taskDoneMsg:
		if t.tl != nil {
			return t.tl.update(msg)
		}
		return nil
	case openMemberPickerMsg:
		t.pick = picker.NewPerson(t.ctx, "member", nil)
		t.pick.SetSize(t.w, t.h)
		return t.pick.Init()
	case askMailFileMsg:
		return t.openMailFileForm(msg.item, msg.path)
	case common.FilesCheckedMsg:
		if msg.ID == "mailfile" {
			return t.mailFileChecked(msg)
		}
		return nil
	case mailLoadedMsg, fileWrittenMsg, membersLoadedMsg, memberDoneMsg:
		if t.mail != nil {
			return t.mail.update(msg)
		}
		return nil
	}

	// Overlays get everything else first.
	switch {
	case t.confirm != nil:
		cmd := t.confirm.Update(msg)
		if t.confirm.Done() {
			t.confirm = nil
		}
		return cmd
	case t.pick != nil:
		return t.pick.Update(msg)
	case t.frm != nil:
		return t.frm.Update(msg)
	case t.pe != nil:
		return t.protokollUpdate(msg)
	}

	switch t.screen {
	case scrCheckIn:
		cmd, done := t.ci.update(msg)
		if done {
			t.ci = nil
			t.screen = scrDetail
			return tea.Batch(cmd, t.loadEvent(t.ev.ID))
		}
		return cmd
	case scrTasks:
		cmd, done := t.tl.updateKeys(msg)
		if done {
			t.screen = t.tl.back
			t.tl = nil
		}
		return cmd
	case scrMail:
		cmd, done := t.mail.updateKeys(msg)
		if done {
			t.mail = nil
			t.screen = scrList
		}
		return cmd
	}
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch t.screen {
	case scrList:
		return t.listKey(kp)
	case scrDetail:
		return t.detailKey(kp)
	}
	return nil
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
		switch t.screen {
		case scrList:
			out = t.listView()
		case scrDetail:
			out = t.detailView()
		case scrCheckIn:
			out = t.ci.view()
		case scrTasks:
			out = t.tl.view()
		case scrMail:
			out = t.mail.view()
		}
	}
	return fit(out, t.w, t.h)
}

// fit cuts or pads s to exactly w×h cells.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
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
