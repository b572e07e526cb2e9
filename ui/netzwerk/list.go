package netzwerk

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/table"
)

// eventItem is one row of the event list.
type eventItem struct {
	store.EventRow
	counts model.AttendanceCounts
}

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

func themenText(fs []model.Themenfeld) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}
