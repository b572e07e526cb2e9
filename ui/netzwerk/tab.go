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
	"time"

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

// eventItem is one row of the event list.
type eventItem struct {
	store.EventRow
	counts model.AttendanceCounts
}

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

// ---- loading ----

// currentFrom is where the default list starts: a month back, so the last
// meetings (Protokoll, tasks) stay at hand.
func (t *Tab) currentFrom() time.Time {
	if t.all {
		return time.Time{}
	}
	return t.ctx.Now().AddDate(0, -1, 0)
}

func (t *Tab) loadEvents() tea.Cmd {
	from := t.currentFrom()
	return common.Read(t.ctx, func(tx *store.Tx) ([]eventItem, error) {
		rows, err := store.EventRows(tx, from, time.Time{})
		if err != nil {
			return nil, err
		}
		counts, err := store.AllEventCounts(tx)
		if err != nil {
			return nil, err
		}
		items := make([]eventItem, len(rows))
		for i, r := range rows {
			items[i] = eventItem{EventRow: r, counts: counts[r.ID]}
		}
		return items, nil
	}, func(items []eventItem, err error) tea.Msg { return eventsLoadedMsg{items, err} })
}

func (t *Tab) loadEvent(id string) tea.Cmd {
	return func() tea.Msg {
		var m eventLoadedMsg
		m.err = t.ctx.Store.View(func(tx *store.Tx) error {
			ev, err := store.Events.Get(tx, id)
			if err != nil {
				return err
			}
			m.ev = ev
			if m.att, err = store.Attendees(tx, id); err != nil {
				return err
			}
			if m.tasks, err = store.TasksOf(tx, id); err != nil {
				return err
			}
			// For the walk-in form's suggestions (a county has a few
			// hundred institutions at most).
			m.orgs = map[string]orgRef{}
			return store.Organisations.Each(tx, func(o *model.Organisation) error {
				m.orgs[strings.ToLower(o.Name)] = orgRef{ID: o.ID, Name: o.Name}
				return nil
			})
		})
		return m
	}
}

// ---- update ----

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

func (t *Tab) listKey(kp tea.KeyPressMsg) tea.Cmd {
	if t.list.Filtering() {
		return t.list.Update(kp)
	}
	l := t.eventKeys
	switch {
	case key.Matches(kp, l.Open):
		if e, ok := t.list.Selected(); ok {
			return t.openEvent(e.ID)
		}
	case key.Matches(kp, l.New):
		return t.openEventForm(nil)
	case key.Matches(kp, l.Edit):
		if e, ok := t.list.Selected(); ok {
			t.editOnLoad = true
			return t.openEvent(e.ID)
		}
	case key.Matches(kp, t.keys.Scope):
		t.all = !t.all
		t.loading = true
		return t.loadEvents()
	case key.Matches(kp, t.keys.Tasks):
		return t.openTasks("", scrList)
	case key.Matches(kp, t.keys.Mail):
		t.mail = newMailView(t.ctx, t.keys)
		t.mail.setSize(t.w, t.h)
		t.screen = scrMail
		return t.mail.load()
	default:
		return t.list.Update(kp)
	}
	return nil
}

func (t *Tab) openEvent(id string) tea.Cmd {
	t.screen, t.flash = scrDetail, ""
	if t.ev == nil || t.ev.ID != id {
		t.ev, t.att, t.tasks = nil, nil, nil
		t.regs.SetRows(nil, func(a store.Attendee) string { return a.Reg.ID })
	}
	return t.loadEvent(id)
}

func (t *Tab) detailKey(kp tea.KeyPressMsg) tea.Cmd {
	if t.regs.Filtering() {
		return t.regs.Update(kp)
	}
	if t.ev == nil {
		if key.Matches(kp, t.ctx.List.Back) {
			t.screen = scrList
		}
		return nil
	}
	l, k := t.eventKeys, t.keys
	sel, hasSel := t.regs.Selected()
	erased := !t.ev.Erased.IsZero()
	switch {
	case key.Matches(kp, l.Back) && !t.regs.Handles(kp):
		t.screen, t.flash = scrList, ""
		return nil
	case key.Matches(kp, l.Edit):
		return t.openEventForm(t.ev)
	case key.Matches(kp, k.Register):
		if erased {
			return t.fail(store.ErrErased)
		}
		t.pick = picker.NewPerson(t.ctx, "register", nil)
		t.pick.SetSize(t.w, t.h)
		return t.pick.Init()
	case key.Matches(kp, k.CheckIn):
		if erased {
			return t.fail(store.ErrErased)
		}
		t.ci = newCheckIn(t.ctx, t.keys, t.ev, t.att, t.orgs)
		t.screen = scrCheckIn
		t.flash = "" // an old message would be stale after the door
		return t.ci.input.Focus()
	case key.Matches(kp, k.Cancel) && hasSel && !erased:
		if sel.Reg.Status == model.RegAbgemeldet {
			return t.fail(errors.New(sel.Name + " ist schon abgemeldet."))
		}
		t.confirm = form.Ask(sel.Name+" von „"+t.ev.Title+"“ abmelden?", func() tea.Cmd { return t.cancelReg(sel) })
		return nil
	case key.Matches(kp, k.Promote) && hasSel && !erased:
		return t.promote(sel.Reg.ID, sel.Name)
	case key.Matches(kp, k.Role) && hasSel && !erased:
		return t.cycleRole(sel.Reg.ID)
	case key.Matches(kp, k.Protokoll):
		return t.openProtokollForm()
	case key.Matches(kp, k.AddTask):
		return t.openTaskForm(nil)
	case key.Matches(kp, k.EventTasks):
		return t.openTasks(t.ev.ID, scrDetail)
	case key.Matches(kp, k.TakeOut):
		return t.openTakeOut()
	case key.Matches(kp, k.NoShow) && !erased:
		id := t.ev.ID
		n := 0
		for _, a := range t.att {
			if a.Reg.Status == model.RegAngemeldet {
				n++
			}
		}
		if n == 0 {
			return t.fail(errors.New("Niemand ist mehr nur „angemeldet“ – es gibt nichts zu vermerken."))
		}
		t.confirm = form.Ask(fmt.Sprintf("Alle %d noch „angemeldet“en als „nicht erschienen“ vermerken?", n), func() tea.Cmd {
			return t.ctx.Write(func(tx *store.Tx) error {
				_, err := store.MarkNoShows(tx, id)
				return err
			}, func(err error) tea.Msg {
				return regDoneMsg{text: "Wer nicht da war, ist als „nicht erschienen“ vermerkt.", err: err}
			})
		})
		return nil
	case key.Matches(kp, k.Erase):
		if erased {
			return t.fail(errors.New("Die Kontaktdaten wurden bereits gelöscht."))
		}
		if !t.ev.Past(t.ctx.Now()) && t.ev.Status != model.EventAbgesagt {
			return t.fail(errors.New("Die Veranstaltung ist noch nicht vorbei – Kontaktdaten werden erst danach gelöscht."))
		}
		id := t.ev.ID
		t.confirm = form.Ask(fmt.Sprintf("Kontaktdaten aller %d Anmeldungen löschen?\nDie Zahlen (angemeldet, da, Haupt-/Ehrenamt) bleiben erhalten.\nAuch im Journal geschwärzt; Strg+Z holt nichts zurück.", len(t.att)), func() tea.Cmd {
			var res store.EraseResult
			return t.ctx.Write(func(tx *store.Tx) (err error) {
				res, err = store.EraseContactData(tx, id)
				return err
			}, func(err error) tea.Msg { return erasedMsg{res: res, err: err} })
		})
		return nil
	default:
		return t.regs.Update(kp)
	}
}

// registerPerson signs the picked person up; the role follows from whether
// the person belongs to an organisation (changeable with r).
func (t *Tab) registerPerson(personID, name string) tea.Cmd {
	evID, deadline, now := t.ev.ID, t.ev.Deadline, t.ctx.Now()
	var r *model.Registration
	return t.ctx.Write(func(tx *store.Tx) error {
		p, err := store.People.Get(tx, personID)
		if err != nil {
			return err
		}
		role := model.RoleEhrenamt
		if p.OrganisationID != "" {
			role = model.RoleHauptamt
		}
		r, err = store.Register(tx, evID, personID, store.RegisterOptions{Role: role})
		return err
	}, func(err error) tea.Msg {
		if err != nil {
			return regDoneMsg{err: err}
		}
		late := ""
		if !deadline.IsZero() && model.Today(now).After(deadline) {
			late = " (nach Anmeldeschluss " + deadline.String() + ")"
		}
		if r.Status == model.RegWarteliste {
			return regDoneMsg{text: name + " steht auf der Warteliste – alle Plätze sind belegt." + late}
		}
		return regDoneMsg{text: name + " ist angemeldet." + late}
	})
}

func (t *Tab) cancelReg(a store.Attendee) tea.Cmd {
	if a.Reg.Status == model.RegAbgemeldet {
		return t.fail(errors.New(a.Name + " ist schon abgemeldet."))
	}
	regID := a.Reg.ID
	var next *model.Registration
	var nextName string
	return t.ctx.Write(func(tx *store.Tx) (err error) {
		if next, err = store.Cancel(tx, regID); err != nil || next == nil {
			return err
		}
		if p, err := store.People.Get(tx, next.PersonID); err == nil {
			nextName = p.Name
		}
		return nil
	}, func(err error) tea.Msg {
		return regDoneMsg{text: a.Name + " ist abgemeldet.", next: next, nextName: nextName, err: err}
	})
}

func (t *Tab) regDone(msg regDoneMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	cmds := []tea.Cmd{t.say(msg.text)}
	if t.ev != nil {
		cmds = append(cmds, t.loadEvent(t.ev.ID))
	}
	if msg.next != nil {
		name := msg.nextName
		if name == "" {
			name = "Die erste Person"
		}
		id := msg.next.ID
		t.confirm = form.Ask("Ein Platz ist frei geworden.\n"+name+" von der Warteliste nachrücken lassen?", func() tea.Cmd { return t.promote(id, name) })
	}
	return tea.Batch(cmds...)
}

func (t *Tab) promote(regID, name string) tea.Cmd {
	return t.ctx.Write(func(tx *store.Tx) error {
		_, err := store.Promote(tx, regID)
		return err
	}, func(err error) tea.Msg { return regDoneMsg{text: name + " ist nachgerückt und angemeldet.", err: err} })
}

func (t *Tab) cycleRole(regID string) tea.Cmd {
	return t.ctx.Write(func(tx *store.Tx) error {
		r, err := store.Registrations.Get(tx, regID)
		if err != nil {
			return err
		}
		switch r.Role {
		case model.RoleHauptamt:
			r.Role = model.RoleEhrenamt
		case model.RoleEhrenamt:
			r.Role = model.RoleNone
		default:
			r.Role = model.RoleHauptamt
		}
		return store.Registrations.Put(tx, r)
	}, func(err error) tea.Msg { return regDoneMsg{text: "Rolle geändert.", err: err} })
}

func (t *Tab) openTasks(eventID string, back screen) tea.Cmd {
	title := "Offene Aufgaben aller Veranstaltungen"
	if eventID != "" && t.ev != nil {
		title = "Aufgaben · " + joinDot(t.ev.Number, t.ev.Title)
	}
	t.tl = newTaskList(t.ctx, t.keys, eventID, title, back)
	t.tl.setSize(t.w, t.h)
	t.screen = scrTasks
	return t.tl.load()
}

// ---- view ----

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

func (t *Tab) listView() string {
	st := t.ctx.Styles
	scope := "ab " + model.FormatDate(t.currentFrom())
	if t.all {
		scope = "alle"
	}
	head := st.Title.Render("Veranstaltungen") + st.Muted.Render(fmt.Sprintf(" · %s · %d", scope, t.list.Total()))
	if t.loading {
		head += st.Muted.Render(" · lädt …")
	}
	// The keys are in the root's help line (ShortHelp).
	return head + "\n" + t.list.View() + "\n" + t.flashLine()
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

func (t *Tab) detailView() string {
	st := t.ctx.Styles
	if t.ev == nil {
		return st.Muted.Render("lädt …")
	}
	// The keys are in the root's help line (ShortHelp) and on the ? screen.
	return strings.Join(t.detailHead(), "\n") + "\n" + t.regs.View() + "\n" + t.flashLine()
}

// detailHead is the part of the event screen above the registrations,
// wrapped to the width (a long place or title was cut at 80 columns).
func (t *Tab) detailHead() []string {
	st := t.ctx.Styles
	ev := t.ev
	var out []string
	add := func(style lipgloss.Style, s string) {
		for _, l := range strings.Split(ansi.Wrap(s, max(10, t.w), ""), "\n") {
			out = append(out, style.Render(l))
		}
	}
	add(st.Title, joinDot(ev.Number, ev.Title))
	add(st.Muted, joinDot(string(ev.Type), ev.ThemenLabel(), regionLabel(ev.Region), ev.When()))
	add(st.Text, joinDot("Ort: "+orDash(ev.Place()), ev.Accessibility, ev.OnlineLink))
	info := []string{"Status: " + string(ev.Status)}
	if ev.Capacity > 0 {
		info = append(info, fmt.Sprintf("%d Plätze", ev.Capacity))
	} else {
		info = append(info, "Plätze unbegrenzt")
	}
	if !ev.Deadline.IsZero() {
		info = append(info, "Anmeldeschluss "+ev.Deadline.String())
	}
	if ev.Grundschulung {
		info = append(info, "Grundschulung Sprachmittlung")
	}
	if ev.Gremium != "" {
		info = append(info, ev.Gremium)
	}
	add(st.Text, strings.Join(info, " · "))
	c := t.counts()
	open, overdue := 0, 0
	today := model.Today(t.ctx.Now())
	for _, tk := range t.tasks {
		if tk.Status == model.TaskOffen {
			open++
			if tk.Overdue(today) {
				overdue++
			}
		}
	}
	line := fmt.Sprintf("angemeldet %d · da %d · Warteliste %d · abgemeldet %d", c.Occupied(), c.Teilgenommen, c.Warteliste, c.Abgemeldet)
	if c.NichtErschienen > 0 {
		line += fmt.Sprintf(" · nicht erschienen %d", c.NichtErschienen)
	}
	add(st.Bold, line)
	extra := []string{fmt.Sprintf("Aufgaben: %d offen", open)}
	if overdue > 0 {
		extra = append(extra, st.BadgeErr.Render(fmt.Sprintf("%d überfällig", overdue)))
	}
	if ev.Protokoll != "" {
		extra = append(extra, "Protokoll ✓")
	} else if ev.Past(t.ctx.Now()) {
		extra = append(extra, "noch kein Protokoll")
	}
	if len(ev.Decisions) > 0 {
		extra = append(extra, fmt.Sprintf("%d Beschlüsse", len(ev.Decisions)))
	}
	if !ev.Erased.IsZero() {
		extra = append(extra, st.Warning.Render("Kontaktdaten am "+model.FormatDate(ev.Erased)+" gelöscht, Zahlen erhalten"))
	}
	add(st.Text, strings.Join(extra, " · "))
	return out
}

// sizeRegs gives the registrations what the event's head leaves.
func (t *Tab) sizeRegs() {
	head := 6
	if t.ev != nil {
		head = len(t.detailHead())
	}
	t.regs.SetSize(t.w, max(t.h-head-1, 2)) // the message line below
}

// counts of the shown event: from the registrations, or the kept numbers
// after erasing.
func (t *Tab) counts() model.AttendanceCounts {
	var c model.AttendanceCounts
	for _, a := range t.att {
		c.Add(a.Reg.Status, a.Reg.Role)
	}
	if t.ev != nil && t.ev.CountsAfterErase != nil && len(t.att) == 0 {
		return *t.ev.CountsAfterErase
	}
	return c
}

// ShortHelp is the help line of the current screen: its most used keys,
// the same bindings as on the ? screen (FullHelp).
func (t *Tab) ShortHelp() []key.Binding {
	l, k := t.eventKeys, t.keys
	tk := table.UserKeyMap()
	switch {
	case t.confirm != nil:
		return form.ConfirmKeys
	case t.pick != nil:
		return t.pick.ShortHelp()
	case t.frm != nil && t.screen != scrCheckIn:
		return t.frm.ShortHelp()
	case t.pe != nil && t.pe.readOnly:
		return []key.Binding{k.SwitchPe, l.Back}
	case t.pe != nil:
		return []key.Binding{k.SavePe, k.SwitchPe, k.NewLinePe, l.Back}
	}
	switch t.screen {
	case scrDetail:
		if t.regs.Filtering() {
			return t.regs.ShortHelp()
		}
		return []key.Binding{k.Register, k.Cancel, k.CheckIn, k.Protokoll, k.AddTask, k.TakeOut, l.Edit, l.Back}
	case scrCheckIn:
		if t.ci != nil && t.ci.walk != nil {
			return t.ci.walk.ShortHelp()
		}
		return []key.Binding{k.Toggle, k.WalkIn, k.Clear}
	case scrTasks:
		if t.tl != nil && t.tl.table.Filtering() {
			return t.tl.table.ShortHelp()
		}
		return []key.Binding{l.New, l.Edit, k.Done, tk.Filter, l.Back}
	case scrMail:
		return t.mailHelp()[0]
	}
	if t.list.Filtering() {
		return t.list.ShortHelp()
	}
	return []key.Binding{l.Open, l.New, l.Edit, tk.Filter, k.Scope, k.Tasks, k.Mail}
}

// mailHelp are the keys of the Verteiler: the list of Gremien, one
// Gremium with its members, or (team mode) its whole list.
func (t *Tab) mailHelp() [][]key.Binding {
	l, k := t.eventKeys, t.keys
	write := k.WriteFile
	if t.ctx.Remote {
		write = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "ganze Liste"))
	}
	m := t.mail
	switch {
	case m != nil && m.shown != nil && m.full:
		return [][]key.Binding{{key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "Mitglieder")), l.Back}}
	case m != nil && m.shown != nil:
		if m.members.Filtering() {
			return [][]key.Binding{m.members.ShortHelp()}
		}
		return [][]key.Binding{{write, k.AddMember, k.RemoveMember, l.Back}, {l.Up, l.Down}}
	case m != nil && m.table.Filtering():
		return [][]key.Binding{m.table.ShortHelp()}
	}
	return [][]key.Binding{{l.Open, write, l.Back}, {l.Up, l.Down}}
}

// FullHelp is the ? screen: every key of the current screen, once.
func (t *Tab) FullHelp() [][]key.Binding {
	l, k := t.eventKeys, t.keys
	tk := table.UserKeyMap()
	tbl := [][]key.Binding{
		{tk.Up, tk.Down, tk.PageUp, tk.PageDown, tk.Home, tk.End},
		{tk.Filter, tk.Sort, tk.SortReverse},
	}
	switch t.screen {
	case scrDetail:
		return append([][]key.Binding{
			{k.Register, k.Cancel, k.Promote, k.Role, k.CheckIn, k.Protokoll},
			{k.AddTask, k.EventTasks, k.NoShow, k.Erase, k.TakeOut, l.Edit, l.Back},
		}, tbl...)
	case scrCheckIn:
		return [][]key.Binding{{k.Toggle, k.WalkIn, k.Clear}, {helpOnly("↑/↓", "wählen")}}
	case scrTasks:
		return append([][]key.Binding{{l.New, l.Edit, k.Done, l.Back}}, tbl...)
	case scrMail:
		return t.mailHelp()
	}
	return append([][]key.Binding{{l.Open, l.New, l.Edit, k.Scope, k.Tasks, k.Mail}}, tbl...)
}

// helpOnly is a help entry for keys handled elsewhere.
func helpOnly(k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc))
}

// ---- columns ----

func eventColumns() []table.Column[eventItem] {
	return []table.Column[eventItem]{
		{Title: "Datum", Width: 14, Value: func(e eventItem) string { return e.Start.In(model.Berlin).Format("02.01.06 15:04") },
			Less: func(a, b eventItem) bool { return a.Start.Before(b.Start) }},
		{Title: "Nr.", Width: 10, Value: func(e eventItem) string { return e.Number }},
		{Title: "Titel", MinWidth: 12, Value: func(e eventItem) string { return e.Title }},
		{Title: "Art", Width: 11, Value: func(e eventItem) string { return e.Type.Short() }},
		{Title: "Region", Width: 7, Value: func(e eventItem) string { return string(e.Region) }},
		{Title: "Status", Width: 10, Value: func(e eventItem) string { return statusShort(e.Status, e.Erased) }},
		{Title: "Anm.", Width: 9, // "720/720+W"
			Align: table.AlignRight, Value: func(e eventItem) string { return placesText(e) },
			Less: func(a, b eventItem) bool { return a.counts.Occupied() < b.counts.Occupied() }},
	}
}

func placesText(e eventItem) string {
	s := fmt.Sprint(e.counts.Occupied())
	if e.Capacity > 0 {
		s += "/" + fmt.Sprint(e.Capacity)
	}
	if e.counts.Warteliste > 0 {
		s += "+W"
	}
	return s
}

func statusShort(s model.EventStatus, erased bool) string {
	switch s {
	case model.EventEingeladen:
		return "eingeladen"
	case model.EventDurchgefuehrt:
		if erased {
			return "durchgef.✓"
		}
		return "durchgef."
	}
	return string(s)
}

func regColumns() []table.Column[store.Attendee] {
	return []table.Column[store.Attendee]{
		{Title: "Name", MinWidth: 14, Value: func(a store.Attendee) string {
			if a.Reg.Erased {
				return "(Kontaktdaten gelöscht)"
			}
			return a.Name
		}},
		{Title: "Einrichtung", MinWidth: 10, Value: func(a store.Attendee) string { return a.Organisation }},
		{Title: "Rolle", Width: 8, Value: func(a store.Attendee) string { return roleShort(a.Reg.Role) }},
		{Title: "Status", Width: 22, Value: func(a store.Attendee) string { // "teilgenommen (spontan)"
			s := string(a.Reg.Status)
			if a.Reg.WalkIn {
				s += " (spontan)"
			}
			return s
		}},
		{Title: "da um", Width: 5, Value: func(a store.Attendee) string { return model.FormatTime(a.Reg.CheckedInAt) }},
	}
}

func themenText(fs []model.Themenfeld) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

func regionLabel(r model.Region) string {
	if r == "" {
		return ""
	}
	return "Region " + string(r)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (t *Tab) protokollUpdate(msg tea.Msg) tea.Cmd {
	cmd, act := t.pe.update(msg)
	switch act {
	case peSave:
		ev := *t.pe.ev
		ev.Protokoll, ev.Decisions = t.pe.values()
		t.pe.err = ""
		return t.ctx.Write(func(tx *store.Tx) error { return store.SaveEvent(tx, &ev) },
			func(err error) tea.Msg {
				return eventSavedMsg{id: ev.ID, text: "Protokoll und Beschlüsse gespeichert.", err: err}
			})
	case peCancel:
		if !t.pe.dirty() {
			t.pe = nil
			return nil
		}
		t.confirm = form.Ask("Änderungen am Protokoll verwerfen?", func() tea.Cmd { t.pe = nil; return nil })
	}
	return cmd
}
