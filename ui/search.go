package ui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/picker"
)

// searchBox is "überall suchen" (ctrl+k): one input, results from every
// area, enter opens the record in its tab.
type searchBox struct {
	ctx    *common.Context
	input  textinput.Model
	hits   []store.Hit
	query  string // the query the hits belong to
	cursor int
	err    error
	w, h   int
}

type searchResultMsg struct {
	query string
	hits  []store.Hit
	err   error
}

// searchOpenMsg asks the root to open a hit after the overlay closed.
type searchOpenMsg struct{ hit store.Hit }

func newSearch(ctx *common.Context) *searchBox {
	in := textinput.New()
	in.Prompt = "Suchen: "
	in.Placeholder = "E-Nummer, Name, Sprache, Ort … – auch ab 1.3., bis 31.3., nur Einsätze"
	s := &searchBox{ctx: ctx, input: in}
	s.setSize(ctx.Width, ctx.Height)
	return s
}

func (s *searchBox) init() tea.Cmd { return s.input.Focus() }

func (s *searchBox) setSize(w, h int) {
	s.w, s.h = w, h
	s.input.SetWidth(max(10, w-12))
}

// run searches q: its words, narrowed by what it says in German ("ab
// 1.3.", "bis 31.3.", "nur Einsätze"; store.ParseSearchText), like
// `stabsstelle search --from --to --kind`.
func (s *searchBox) run(q string) tea.Cmd {
	st := s.ctx.Store
	today := model.Today(s.ctx.Now())
	return func() tea.Msg {
		words, f, err := store.ParseSearchText(q, today)
		if err == nil && strings.TrimSpace(words) == "" {
			err = errors.New("Bitte auch ein Suchwort eingeben, z. B. „Tigrinya ab 1.3.“.")
		}
		if err != nil {
			return searchResultMsg{query: q, err: err}
		}
		var hits []store.Hit
		err = st.View(func(tx *store.Tx) error {
			var e error
			hits, e = store.SearchFiltered(tx, words, 200, f)
			return e
		})
		return searchResultMsg{query: q, hits: hits, err: err}
	}
}

// filterLine says what the typed filters narrow the search to ("" without).
func (s *searchBox) filterLine() string {
	_, f, err := store.ParseSearchText(s.input.Value(), model.Today(s.ctx.Now()))
	if err != nil {
		return ""
	}
	var parts []string
	for _, k := range f.Kinds {
		if kind, ok := store.KindOf(k); ok {
			parts = append(parts, "nur "+kind.KindLabel())
		}
	}
	if !f.From.IsZero() {
		parts = append(parts, "ab "+f.From.String())
	}
	if !f.To.IsZero() {
		parts = append(parts, "bis "+f.To.String())
	}
	if len(parts) == 0 {
		return ""
	}
	return "Filter: " + strings.Join(parts, " · ")
}

func (s *searchBox) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case searchResultMsg:
		// Only the answer to what is typed now counts; older ones arrive late.
		if strings.TrimSpace(msg.query) == strings.TrimSpace(s.input.Value()) {
			s.hits, s.err, s.query = msg.hits, msg.err, msg.query
			s.cursor = min(s.cursor, max(0, len(s.hits)-1))
		}
		return nil
	case common.ChangedMsg:
		if q := strings.TrimSpace(s.input.Value()); q != "" {
			return s.run(q)
		}
		return nil
	case tea.KeyPressMsg:
		switch msg.String() {
		case "up":
			s.cursor = max(0, s.cursor-1)
			return nil
		case "down":
			s.cursor = min(max(0, len(s.hits)-1), s.cursor+1)
			return nil
		}
		before := s.input.Value()
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		if q := strings.TrimSpace(s.input.Value()); s.input.Value() != before {
			s.cursor = 0
			if q == "" {
				s.hits = nil
				return cmd
			}
			return tea.Batch(cmd, s.run(q))
		}
		return cmd
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return cmd
}

func (s *searchBox) view() string {
	st := s.ctx.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render("Überall suchen") + "\n\n" + s.input.View() + "\n")
	filter := s.filterLine()
	b.WriteString(st.Muted.Render(ansi.Truncate(filter, s.w-2, "…")) + "\n")
	if s.err != nil {
		b.WriteString(st.Error.Render(ansi.Wordwrap(s.err.Error(), s.w-2, "")) + "\n")
	}
	q := strings.TrimSpace(s.input.Value())
	switch {
	case q != "" && filter != "" && len(s.hits) == 0 && s.err == nil:
		b.WriteString(st.Muted.Render("Nichts gefunden – mit ab/bis zählt das Datum; Personen und Einrichtungen haben keins."))
		return b.String()
	case q == "":
		b.WriteString(st.Muted.Render("Tippen, um Einsätze, Personen, Einrichtungen, Erstattungen und Veranstaltungen zu finden."))
		return b.String()
	case len(s.hits) == 0:
		b.WriteString(st.Muted.Render("Nichts gefunden."))
		return b.String()
	}
	rows := max(1, s.h-6)
	start := 0
	if s.cursor >= rows {
		start = s.cursor - rows + 1
	}
	for i := start; i < len(s.hits) && i < start+rows; i++ {
		h := s.hits[i]
		label := h.Number
		if label == "" {
			label = kindLabel(h.Kind)
		}
		line := fmt.Sprintf("%-13s %s", label, h.Summary)
		line = ansi.Truncate(line, s.w-2, "…")
		if i == s.cursor {
			line = st.Selected.Render(line + strings.Repeat(" ", max(0, s.w-2-ansi.StringWidth(line))))
		}
		b.WriteString(" " + line + "\n")
	}
	b.WriteString(st.Muted.Render(fmt.Sprintf("%d Treffer", len(s.hits))))
	return b.String()
}

func kindLabel(kind string) string {
	switch kind {
	case store.KindPerson:
		return "Person"
	case store.KindOrganisation:
		return "Einrichtung"
	}
	return kind
}

// updateSearch drives the overlay: esc closes it, enter opens the hit.
func (m *Model) updateSearch(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case searchOpenMsg:
		return m.openHit(msg.hit)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			m.search = nil
			return nil
		case "enter":
			if len(m.search.hits) == 0 {
				return nil
			}
			h := m.search.hits[m.search.cursor]
			m.search = nil
			return func() tea.Msg { return searchOpenMsg{h} }
		}
	}
	if m.search == nil {
		return nil
	}
	return m.search.update(msg)
}

func (m *Model) openHit(h store.Hit) tea.Cmd {
	switch h.Kind {
	case store.KindPerson, store.KindOrganisation:
		m.dirKind = picker.KindPerson
		if h.Kind == store.KindOrganisation {
			m.dirKind = picker.KindOrganisation
		}
		init := m.openDirectory()
		return tea.Batch(init, m.directory.Edit(h.ID))
	}
	if tab, msg, ok := openMsg(h.Kind, h.ID); ok && tab < len(m.tabs) {
		return tea.Batch(m.switchTab(tab), func() tea.Msg { return msg })
	}
	return common.Status(h.Summary)
}
