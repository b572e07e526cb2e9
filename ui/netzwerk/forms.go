package netzwerk

import (
	"errors"
	"fmt"

	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/form"
)

// eventDraft holds what the event form edits, as typed.
type eventDraft struct {
	base                              *model.Event // nil for a new event
	title, typ, gremium, region       string
	themen                            []model.Themenfeld
	date, from, to                    string
	venue, room, access, online, org  string
	capacity, deadline, status, descr string
	grundschulung                     bool
}

// openEventForm opens the form for a new event (ev nil) or to change ev.
func (t *Tab) openEventForm(ev *model.Event) tea.Cmd {
	d := newEventDraft(ev)
	t.draft = d
	today := model.Today(t.ctx.Now())
	title := "Neue Veranstaltung"
	if ev != nil {
		title = "Veranstaltung " + ev.Number + " bearbeiten"
	}
	t.frm = form.New(t.ctx, "event", title, d.groups(today)...)
	t.frm.SetSize(t.w, t.h)
	return t.frm.Init()
}

// newEventDraft fills the form with ev, or with the defaults of a new
// event.
func newEventDraft(ev *model.Event) *eventDraft {
	d := &eventDraft{typ: string(model.EventArbeitskreis), status: string(model.EventGeplant), capacity: "0",
		org: "Stabsstelle Integration, Landkreis Gifhorn", from: "14:00", to: "16:00"}
	if ev == nil {
		return d
	}
	cp := *ev
	d.base = &cp
	d.title, d.typ, d.gremium, d.region = ev.Title, string(ev.Type), ev.Gremium, string(ev.Region)
	d.themen = append([]model.Themenfeld(nil), ev.Themenfelder...)
	d.date, d.from = model.DateOf(ev.Start).String(), model.ClockOf(ev.Start).String()
	if !ev.End.IsZero() {
		d.to = model.ClockOf(ev.End).String()
	} else {
		d.to = ""
	}
	d.venue, d.room, d.access, d.online, d.org = ev.Venue, ev.Room, ev.Accessibility, ev.OnlineLink, ev.Organiser
	d.capacity, d.status, d.descr, d.grundschulung = strconv.Itoa(ev.Capacity), string(ev.Status), ev.Description, ev.Grundschulung
	if !ev.Deadline.IsZero() {
		d.deadline = ev.Deadline.String()
	}
	return d
}

// groups are the pages of the event form, bound to the draft.
func (d *eventDraft) groups(today model.Date) []*huh.Group {
	return []*huh.Group{
		huh.NewGroup(
			huh.NewInput().Title("Titel").Value(&d.title).Validate(form.Required("Bitte einen Titel eingeben.")),
			huh.NewSelect[string]().Title("Art").Options(stringOptions(model.EventTypes)...).Value(&d.typ).Height(5),
			huh.NewInput().Title("Datum").Placeholder("05.03.2026, morgen, Do").Value(&d.date).Validate(checkDate(true, today)),
			huh.NewInput().Title("Beginn").Value(&d.from).Validate(checkClock(true)),
			huh.NewInput().Title("Ende (leer = offen)").Value(&d.to).Validate(checkClock(false)),
		),
		huh.NewGroup(
			huh.NewMultiSelect[model.Themenfeld]().Title("Themenfelder").Options(d.themenOptions()...).Value(&d.themen),
			huh.NewSelect[string]().Title("Gremium").Options(gremiumOptions()...).Value(&d.gremium).Height(5),
			huh.NewSelect[string]().Title("Region").Options(regionOptions()...).Value(&d.region).Height(4),
			huh.NewSelect[string]().Title("Status").Options(stringOptions(model.EventStatuses)...).Value(&d.status).Inline(true),
		),
		huh.NewGroup(
			huh.NewInput().Title("Ort mit Anschrift").Value(&d.venue),
			huh.NewInput().Title("Raum").Value(&d.room),
			huh.NewInput().Title("Barrierefreiheit").Placeholder("barrierefrei, Aufzug …").Value(&d.access),
			huh.NewInput().Title("Online-Link").Placeholder("https://…").Value(&d.online),
			huh.NewInput().Title("Veranstalter / Kontakt").Value(&d.org),
		),
		huh.NewGroup(
			huh.NewInput().Title("Plätze (0 = unbegrenzt)").Value(&d.capacity).Validate(func(s string) error {
				if n, err := strconv.Atoi(strings.TrimSpace(s)); err != nil || n < 0 {
					return errors.New("Bitte eine Zahl ab 0 eingeben.")
				}
				return nil
			}),
			huh.NewInput().Title("Anmeldeschluss (leer = keiner)").Value(&d.deadline).Validate(checkDate(false, today)),
			huh.NewConfirm().Title("Grundschulung Sprachmittlung?").Affirmative("Ja").Negative("Nein").Value(&d.grundschulung),
			// No external editor (ctrl+e): in the team mode it would
			// start on the server, not on the member's computer.
			form.Notes("Beschreibung", &d.descr, 3),
		),
	}
}

// stringOptions offers each value of a string type under its own name.
func stringOptions[T ~string](values []T) []huh.Option[string] {
	opts := make([]huh.Option[string], len(values))
	for i, v := range values {
		opts[i] = huh.NewOption(string(v), string(v))
	}
	return opts
}

func (d *eventDraft) themenOptions() []huh.Option[model.Themenfeld] {
	opts := make([]huh.Option[model.Themenfeld], len(model.Themenfelder))
	for i, f := range model.Themenfelder {
		opts[i] = huh.NewOption(string(f), f).Selected(contains(d.themen, f))
	}
	return opts
}

func gremiumOptions() []huh.Option[string] {
	opts := []huh.Option[string]{huh.NewOption("—", "")}
	for _, g := range model.Gremien {
		opts = append(opts, huh.NewOption(g, g))
	}
	return opts
}

func regionOptions() []huh.Option[string] {
	opts := []huh.Option[string]{huh.NewOption("ganzer Landkreis", "")}
	for _, r := range model.Regions {
		opts = append(opts, huh.NewOption(string(r)+" ("+r.Gemeinden()+")", string(r)))
	}
	return opts
}

// checkClock validates a time of day; an empty one only when not required.
func checkClock(required bool) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			if required {
				return errors.New("Bitte eine Uhrzeit eingeben, z. B. 14:00.")
			}
			return nil
		}
		_, err := model.ParseClock(s)
		return err
	}
}

// checkDate validates a date as typed (relative to today); an empty one
// only when not required.
func checkDate(required bool, today model.Date) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			if required {
				return errors.New("Bitte ein Datum eingeben, z. B. 05.03.2026 oder Do.")
			}
			return nil
		}
		_, err := model.ParseDate(s, today)
		return err
	}
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// build turns the draft into an event; parse errors come back as a
// ValidationError so the form shows them.
func (d *eventDraft) build(now time.Time) (*model.Event, error) {
	var ev model.Event
	if d.base != nil {
		ev = *d.base
	} else {
		ev.Status = model.EventGeplant
	}
	var v model.ValidationError
	today := model.Today(now)
	day, err := model.ParseDate(d.date, today)
	if err != nil {
		v.Add("date", err.Error())
	}
	from, err := model.ParseClock(d.from)
	if err != nil {
		v.Add("from", err.Error())
	}
	ev.Start = model.At(day, from).UTC()
	ev.End = time.Time{}
	if strings.TrimSpace(d.to) != "" {
		to, err := model.ParseClock(d.to)
		if err != nil {
			v.Add("to", err.Error())
		}
		ev.End = model.At(day, to).UTC()
	}
	ev.Deadline = model.Date{}
	if strings.TrimSpace(d.deadline) != "" {
		if dl, err := model.ParseDate(d.deadline, today); err != nil {
			v.Add("deadline", err.Error())
		} else {
			ev.Deadline = dl
		}
	}
	capacity, err := strconv.Atoi(strings.TrimSpace(d.capacity))
	if err != nil {
		v.Add("capacity", "Die Platzzahl ist keine Zahl.")
	}
	if len(v) > 0 {
		return nil, v
	}
	ev.Title, ev.Type, ev.Gremium, ev.Region = strings.TrimSpace(d.title), model.EventType(d.typ), d.gremium, model.Region(d.region)
	ev.Themenfelder = d.themen
	ev.Venue, ev.Room, ev.Accessibility = strings.TrimSpace(d.venue), strings.TrimSpace(d.room), strings.TrimSpace(d.access)
	ev.OnlineLink, ev.Organiser = strings.TrimSpace(d.online), strings.TrimSpace(d.org)
	ev.Capacity, ev.Status, ev.Description, ev.Grundschulung = capacity, model.EventStatus(d.status), strings.TrimSpace(d.descr), d.grundschulung
	if err := ev.Validate(); err != nil {
		return nil, err
	}
	return &ev, nil
}

func (t *Tab) openProtokollForm() tea.Cmd {
	if t.ev == nil {
		return nil
	}
	cp := *t.ev
	t.pe = newProtokollEditor(t.ctx, &cp, t.w, t.h)
	if !t.ctx.May(model.PermNetwork) {
		t.pe.readOnly = true
	}
	return t.pe.text.Focus()
}

// taskDraft edits one task.
type taskDraft struct {
	base             *model.Task
	text, owner, due string
	done             bool
}

func (t *Tab) openTaskForm(base *model.Task) tea.Cmd {
	d := &taskDraft{}
	if base != nil {
		cp := *base
		d.base = &cp
		d.text, d.owner, d.done = base.Text, base.Owner, base.Status == model.TaskErledigt
		if !base.Due.IsZero() {
			d.due = base.Due.String()
		}
	}
	t.tdraft = d
	owners := append([]string(nil), teamSuggestions...)
	for _, a := range t.att {
		if a.Name != "" {
			owners = append(owners, a.Name)
		}
	}
	today := model.Today(t.ctx.Now())
	title := "Neue Aufgabe"
	if t.ev != nil && (t.screen == scrDetail || (t.tl != nil && t.tl.eventID != "")) {
		title += " · " + t.ev.Number
	}
	if base != nil {
		title = "Aufgabe bearbeiten"
		if !t.ctx.May(model.PermNetwork) {
			title = "Aufgabe"
		}
	}
	fields := []huh.Field{
		huh.NewInput().Title("Was ist zu tun?").Value(&d.text).Validate(form.Required("Bitte beschreiben, was zu tun ist.")),
		huh.NewInput().Title("Wer?").Value(&d.owner).Suggestions(owners),
		huh.NewInput().Title("Bis wann?").Placeholder("05.03.2026, morgen, Fr").Value(&d.due).Validate(func(s string) error {
			if strings.TrimSpace(s) == "" {
				return nil
			}
			_, err := model.ParseDate(s, today)
			return err
		}),
	}
	if base != nil {
		fields = append(fields, huh.NewConfirm().Title("Erledigt?").Affirmative("Ja").Negative("Nein").Value(&d.done))
	}
	t.frm = form.New(t.ctx, "task", title, huh.NewGroup(fields...))
	if !t.ctx.May(model.PermNetwork) {
		t.frm.ReadOnly("Nur nachschlagen: Aufgaben ändern darf die Rolle " + model.Granting(model.PermNetwork).Label() + ".")
	}
	t.frm.SetSize(t.w, t.h)
	return t.frm.Init()
}

// teamSuggestions are offered as task owners; the team can type any name.
var teamSuggestions = []string{"Stabsstelle Integration", "AK-Sprecher:in", "Koordinierungsstelle Migration und Teilhabe", "Bildungskoordination"}

// submitted saves the form that was finished.
// submitted saves the form the user has just sent.
func (t *Tab) submitted(id string) tea.Cmd {
	switch id {
	case takeOutID:
		return t.submitTakeOut()
	case "mailfile":
		return t.mailFileSubmitted()
	case "event":
		return t.saveEventForm()
	case "task":
		return t.saveTaskForm()
	}
	return nil
}

func (t *Tab) saveEventForm() tea.Cmd {
	if t.draft == nil {
		return nil
	}
	ev, err := t.draft.build(t.ctx.Now())
	if err != nil {
		t.frm.SetError(err)
		return nil
	}
	return t.ctx.Write(func(tx *store.Tx) error { return store.SaveEvent(tx, ev) },
		func(err error) tea.Msg { return eventSavedMsg{id: ev.ID, text: ev.Number + " gespeichert.", err: err} })
}

// saveTaskForm saves the task form; a due date in the past is asked about
// first.
func (t *Tab) saveTaskForm() tea.Cmd {
	d := t.tdraft
	if d == nil {
		return nil
	}
	tk, err := t.taskFromDraft(d)
	if err != nil {
		t.frm.SetError(err)
		return nil
	}
	save := func() tea.Cmd {
		return t.ctx.Write(func(tx *store.Tx) error { return store.Tasks.Put(tx, tk) }, func(err error) tea.Msg {
			return taskSavedMsg{err: err}
		})
	}
	today := model.Today(t.ctx.Now())
	if !tk.Due.IsZero() && tk.Due.Before(today) && tk.Status == model.TaskOffen && (d.base == nil || d.base.Due != tk.Due) {
		// Allowed (a task noted late), but rarely meant: say so.
		t.confirm = form.Ask(fmt.Sprintf("„Bis wann“ ist der %s – das liegt in der Vergangenheit, die Aufgabe ist sofort überfällig. Trotzdem so speichern?", tk.Due), save).
			WithNo(func() tea.Cmd {
				t.frm.SetError(fmt.Errorf("„Bis wann“ (%s) liegt in der Vergangenheit – bitte das Datum prüfen.", tk.Due))
				return nil
			})
		return nil
	}
	return save()
}

// taskFromDraft applies the form to the task it edits (or a new one, of
// the shown event when the form was opened from it) and validates it.
func (t *Tab) taskFromDraft(d *taskDraft) (*model.Task, error) {
	tk := &model.Task{Status: model.TaskOffen}
	if d.base != nil {
		tk = d.base
	} else if t.ev != nil && (t.screen == scrDetail || (t.tl != nil && t.tl.eventID != "")) {
		tk.EventID = t.ev.ID
	}
	tk.Text, tk.Owner = strings.TrimSpace(d.text), strings.TrimSpace(d.owner)
	tk.Due = model.Date{}
	if strings.TrimSpace(d.due) != "" {
		due, err := model.ParseDate(d.due, model.Today(t.ctx.Now()))
		if err != nil {
			return nil, err
		}
		tk.Due = due
	}
	if d.base != nil {
		switch {
		case d.done && tk.Status != model.TaskErledigt:
			tk.Status, tk.DoneAt = model.TaskErledigt, t.ctx.Now()
		case !d.done:
			tk.Status, tk.DoneAt = model.TaskOffen, time.Time{}
		}
	}
	if err := tk.Validate(); err != nil {
		return nil, err
	}
	return tk, nil
}

// taskSavedMsg reports a saved task.
type taskSavedMsg struct{ err error }

func (t *Tab) taskSaved(msg taskSavedMsg) tea.Cmd {
	if msg.err != nil {
		if t.frm != nil {
			t.frm.SetError(msg.err)
		}
		return nil
	}
	t.frm, t.tdraft = nil, nil
	cmds := []tea.Cmd{t.say("Aufgabe gespeichert.")}
	if t.ev != nil {
		cmds = append(cmds, t.loadEvent(t.ev.ID))
	}
	if t.tl != nil {
		cmds = append(cmds, t.tl.load())
	}
	return tea.Batch(cmds...)
}
