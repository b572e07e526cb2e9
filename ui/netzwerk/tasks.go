package netzwerk

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/table"
)

// taskItem is a task with the event it came from.
type taskItem struct {
	*model.Task
	eventNumber, eventTitle string
	overdue                 bool
}

type (
	tasksLoadedMsg struct {
		items []taskItem
		err   error
	}
	taskDoneMsg struct {
		text string
		err  error
	}
)

// taskList shows the open tasks of all events (overdue ones marked and
// counted) or every task of one event.
type taskList struct {
	ctx     *common.Context
	keys    KeyMap
	lk      keys.List // n and e gated by the roles
	eventID string
	title   string
	back    screen
	table   *table.Model[taskItem]
	overdue int
	w, h    int
	flash   string
	isErr   bool
}

func newTaskList(ctx *common.Context, keys KeyMap, eventID, title string, back screen) *taskList {
	l := &taskList{ctx: ctx, keys: keys, lk: ctx.ListFor(model.PermNetwork), eventID: eventID, title: title, back: back}
	today := model.Today(ctx.Now())
	l.table = table.New([]table.Column[taskItem]{
		{Title: "Fällig", Width: 13, Value: func(t taskItem) string {
			s := t.Due.String()
			if t.Due.IsZero() {
				s = "—"
			}
			if t.Task.Overdue(today) {
				return "! " + s
			}
			return "  " + s
		}, Less: func(a, b taskItem) bool { return dueKey(a) < dueKey(b) }},
		{Title: "Aufgabe", MinWidth: 16, Value: func(t taskItem) string { return t.Text }},
		{Title: "Wer", Width: 16, Value: func(t taskItem) string { return t.Owner }},
		{Title: "Status", Width: 8, Value: func(t taskItem) string { return string(t.Status) }},
		{Title: "Veranst.", Width: 10, Value: func(t taskItem) string { return t.eventNumber }},
	}, table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)), table.WithEmptyText("Keine Aufgaben."))
	l.table.SetFilterText(func(t taskItem) string {
		s := t.Text + " " + t.Owner + " " + t.eventNumber + " " + t.eventTitle + " " + t.Due.String()
		if t.overdue {
			s += " überfällig"
		}
		return s
	})
	return l
}

func dueKey(t taskItem) string {
	if t.Due.IsZero() {
		return "9999"
	}
	return t.Due.ISO()
}

func (l *taskList) setSize(w, h int) {
	l.w, l.h = w, h
	l.table.SetSize(w, max(h-2, 2)) // title above, message below
}

func (l *taskList) load() tea.Cmd {
	eventID := l.eventID
	today := model.Today(l.ctx.Now())
	return common.Read(l.ctx, func(tx *store.Tx) ([]taskItem, error) {
		var tasks []*model.Task
		var err error
		if eventID != "" {
			tasks, err = store.TasksOf(tx, eventID)
		} else {
			tasks, err = store.OpenTasks(tx)
		}
		if err != nil {
			return nil, err
		}
		evs := map[string]*model.Event{}
		items := make([]taskItem, 0, len(tasks))
		for _, tk := range tasks {
			it := taskItem{Task: tk, overdue: tk.Overdue(today)}
			if tk.EventID != "" {
				ev, ok := evs[tk.EventID]
				if !ok {
					ev, _ = store.Events.Get(tx, tk.EventID)
					evs[tk.EventID] = ev
				}
				if ev != nil {
					it.eventNumber, it.eventTitle = ev.Number, ev.Title
				}
			}
			items = append(items, it)
		}
		sort.SliceStable(items, func(i, j int) bool {
			if (items[i].Status == model.TaskOffen) != (items[j].Status == model.TaskOffen) {
				return items[i].Status == model.TaskOffen
			}
			return dueKey(items[i]) < dueKey(items[j])
		})
		return items, nil
	}, func(items []taskItem, err error) tea.Msg { return tasksLoadedMsg{items, err} })
}

func (l *taskList) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tasksLoadedMsg:
		if msg.err != nil {
			l.flash, l.isErr = msg.err.Error(), true
			return common.Fail(msg.err)
		}
		l.overdue = 0
		for _, it := range msg.items {
			if it.overdue {
				l.overdue++
			}
		}
		l.table.SetRows(msg.items, func(t taskItem) string { return t.ID })
	case taskDoneMsg:
		if msg.err != nil {
			l.flash, l.isErr = msg.err.Error(), true
			return common.Fail(msg.err)
		}
		l.flash, l.isErr = msg.text, false
		return tea.Batch(common.Status(msg.text), l.load())
	}
	return nil
}

// updateKeys handles keys; done means back.
func (l *taskList) updateKeys(msg tea.Msg) (tea.Cmd, bool) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, false
	}
	if l.table.Filtering() {
		return l.table.Update(kp), false
	}
	lk := l.lk
	switch {
	case key.Matches(kp, lk.Back) && !l.table.Handles(kp):
		return nil, true
	case key.Matches(kp, l.keys.Done):
		it, ok := l.table.Selected()
		if !ok {
			return nil, false
		}
		done := it.Status != model.TaskErledigt
		id, text := it.ID, it.Text
		return l.ctx.Write(func(tx *store.Tx) error {
			_, err := store.SetTaskDone(tx, id, done)
			return err
		}, func(err error) tea.Msg {
			if done {
				return taskDoneMsg{text: "Erledigt: " + text, err: err}
			}
			return taskDoneMsg{text: "Wieder offen: " + text, err: err}
		}), false
	case key.Matches(kp, lk.New):
		return func() tea.Msg { return openTaskFormMsg{} }, false
	case key.Matches(kp, lk.Edit), key.Matches(kp, lk.Open):
		if it, ok := l.table.Selected(); ok {
			tk := *it.Task
			return func() tea.Msg { return openTaskFormMsg{task: &tk} }, false
		}
	}
	return l.table.Update(kp), false
}

// openTaskFormMsg asks the tab to open the task form.
type openTaskFormMsg struct{ task *model.Task }

func (l *taskList) view() string {
	st := l.ctx.Styles
	count := fmt.Sprintf(" · %d", l.table.Total())
	over := ""
	if l.overdue > 0 {
		over = fmt.Sprintf(" · %d überfällig (!)", l.overdue)
	}
	// The numbers keep their room; only a title too long for the rest
	// is shortened (the event's own screen has it whole).
	title := ansi.Truncate(l.title, max(10, l.w-ansi.StringWidth(count+over)), "…")
	head := st.Title.Render(title) + st.Muted.Render(count)
	if over != "" {
		head += st.BadgeErr.Render(over)
	}
	flash := ""
	if l.flash != "" {
		if l.isErr {
			flash = st.Error.Render(ansi.Truncate(l.flash, l.w, "…"))
		} else {
			flash = st.Success.Render(ansi.Truncate(l.flash, l.w, "…"))
		}
	}
	// The keys are in the root's help line (ShortHelp) and on the ? screen.
	return strings.Join([]string{head, l.table.View(), flash}, "\n")
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
