// Package abgleich is the conflict screen of the Außentermin merge
// ("Abgleich: 3 Konflikte"): every value the office and a laptop changed
// differently, or a record one side deleted and the other changed, with
// the value before, the office's and the laptop's. The user decides each:
// keep the office's value or take the laptop's. The decision is a store
// write and so journaled. The root opens it and closes it on ClosedMsg.
package abgleich

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/table"
)

// ClosedMsg is sent when the user leaves the screen.
type ClosedMsg struct{}

// KeyMap holds the screen's keys.
type KeyMap struct {
	Office, Laptop, Close key.Binding
}

// DefaultKeyMap is the German default.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Office: key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "Büro-Wert behalten")),
		Laptop: key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "Laptop-Wert übernehmen")),
		Close:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "zurück")),
	}
}

// item is one open conflict with its values as people read them.
type item struct {
	c                    *model.MergeConflict
	base, office, laptop string
}

type (
	loadedMsg struct {
		items []item
		err   error
	}
	decidedMsg struct {
		text string
		err  error
	}
)

// Model is the conflict screen.
type Model struct {
	ctx     *common.Context
	Keys    KeyMap
	list    *table.Model[item]
	items   []item
	loading bool
	flash   string
	isErr   bool
	busy    bool
	w, h    int
}

// New builds the screen.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx, Keys: DefaultKeyMap(), loading: true, w: ctx.Width, h: ctx.Height}
	m.list = table.New([]table.Column[item]{
		{Title: "Datensatz", MinWidth: 18, Value: func(i item) string { return i.c.What }},
		{Title: "Feld", Width: 14, Value: func(i item) string { return i.c.Field }},
		{Title: "Büro", MinWidth: 10, Value: func(i item) string { return i.office }},
		{Title: "Laptop", MinWidth: 10, Value: func(i item) string { return i.laptop }},
		{Title: "Außenkopie", Width: 12, Value: func(i item) string { return i.c.CopyLabel }},
	}, table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)),
		table.WithEmptyText("Keine offenen Konflikte – alles abgeglichen."))
	m.list.SetFilterText(func(i item) string {
		return strings.Join([]string{i.c.What, i.c.Field, i.office, i.laptop, i.c.CopyLabel}, " ")
	})
	m.SetSize(m.w, m.h)
	return m
}

// Init loads the open conflicts.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	return common.Read(m.ctx, func(tx *store.Tx) ([]item, error) {
		cs, err := store.OpenConflicts(tx)
		if err != nil {
			return nil, err
		}
		out := make([]item, len(cs))
		for i, c := range cs {
			whole := len(c.Path) == 0
			out[i] = item{c: c, base: store.FormatValue(tx, c.Kind, whole, c.Base),
				office: store.FormatValue(tx, c.Kind, whole, c.Office), laptop: store.FormatValue(tx, c.Kind, whole, c.Laptop)}
		}
		return out, nil
	}, func(items []item, err error) tea.Msg { return loadedMsg{items, err} })
}

// SetSize sets the box the screen draws: the list on top, the selected
// conflict in full below.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.list.SetSize(w, max(3, h-2-detailLines))
}

// detailLines is the height of the detail box under the list.
const detailLines = 7

// Capturing is true while the filter input has focus.
func (m *Model) Capturing() bool { return m.list.Filtering() }

// Count is the number of open conflicts shown.
func (m *Model) Count() int { return len(m.items) }

// Update handles the loaded list, decisions, change events and keys.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		m.loading = false
		if msg.err != nil {
			m.flash, m.isErr = msg.err.Error(), true
			return nil
		}
		m.items = msg.items
		m.list.SetRows(msg.items, func(i item) string { return i.c.ID })
		return nil
	case decidedMsg:
		m.busy = false
		if msg.err != nil {
			m.flash, m.isErr = msg.err.Error(), true
			return common.Fail(msg.err)
		}
		m.flash, m.isErr = msg.text, false
		return tea.Batch(common.Status(msg.text), m.load())
	case common.ChangedMsg:
		if msg.Touches(store.KindConflict) {
			return m.load()
		}
		return nil
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
		return nil
	case tea.KeyPressMsg:
		if m.list.Filtering() {
			return m.list.Update(msg)
		}
		switch {
		case key.Matches(msg, m.Keys.Close) && !m.list.Handles(msg):
			return func() tea.Msg { return ClosedMsg{} }
		case key.Matches(msg, m.Keys.Office):
			return m.decide(false)
		case key.Matches(msg, m.Keys.Laptop):
			return m.decide(true)
		}
		return m.list.Update(msg)
	}
	return nil
}

// decide settles the selected conflict in a write of its own.
func (m *Model) decide(laptop bool) tea.Cmd {
	it, ok := m.list.Selected()
	if !ok || m.busy {
		return nil
	}
	m.busy = true
	id := it.c.ID
	text := fmt.Sprintf("%s – %s: Büro-Wert behalten.", it.c.What, it.c.Field)
	if laptop {
		text = fmt.Sprintf("%s – %s: Laptop-Wert übernommen.", it.c.What, it.c.Field)
	}
	return m.ctx.Write(func(tx *store.Tx) error {
		_, err := store.DecideConflict(tx, id, laptop)
		return err
	}, func(err error) tea.Msg { return decidedMsg{text: text, err: err} })
}

// ShortHelp is the help line.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.ctx.List.Up, m.ctx.List.Down, m.Keys.Office, m.Keys.Laptop, m.ctx.List.Filter, m.Keys.Close}
}

// View draws exactly w × h.
func (m *Model) View() string {
	st := m.ctx.Styles
	title := "Abgleich"
	switch n := len(m.items); {
	case m.loading:
	case n == 1:
		title += ": 1 Konflikt"
	default:
		title += fmt.Sprintf(": %d Konflikte", n)
	}
	lines := []string{st.Title.Render(title) + st.Muted.Render("  der Büro-Wert gilt, bis jemand entscheidet")}
	if m.loading {
		lines = append(lines, st.Muted.Render("lädt …"))
		return strings.Join(lines, "\n")
	}
	lines = append(lines, m.list.View())
	lines = append(lines, m.detail()...)
	msg := ""
	if m.flash != "" {
		if m.isErr {
			msg = st.Error.Render(m.flash)
		} else {
			msg = st.Success.Render(m.flash)
		}
	}
	lines = append(lines, msg)
	out := strings.Split(strings.Join(lines, "\n"), "\n")
	for i, l := range out {
		out[i] = ansi.Truncate(l, m.w, "…")
	}
	if len(out) > m.h {
		out = out[:m.h]
	}
	return strings.Join(out, "\n")
}

// detail shows the selected conflict with both values in full.
func (m *Model) detail() []string {
	st := m.ctx.Styles
	it, ok := m.list.Selected()
	if !ok {
		return make([]string, detailLines-1)
	}
	c := it.c
	from := ""
	if c.LaptopBy != "" {
		from = " (" + c.LaptopBy
		if !c.LaptopAt.IsZero() {
			from += ", " + model.FormatDateTime(c.LaptopAt)
		}
		from += ")"
	}
	label := func(s string) string { return st.Label.Render(fmt.Sprintf("%-8s", s)) }
	value := func(s string) string {
		return ansi.Truncate(strings.ReplaceAll(s, "\n", " ⏎ "), max(10, m.w-9), "…")
	}
	return []string{
		"",
		st.Bold.Render(c.What+" – "+c.Field) + st.Muted.Render("  ("+c.Rule+")"),
		label("vorher") + " " + value(it.base),
		label("Büro") + " " + value(it.office),
		label("Laptop") + " " + value(it.laptop) + st.Muted.Render(from),
		st.Muted.Render("b behält den Büro-Wert · l übernimmt den Laptop-Wert · beides steht im Journal"),
	}
}
