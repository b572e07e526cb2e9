package table

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Handles reports whether Update would act on this key. A parent that gives
// esc a meaning of its own ("back") asks first: esc clears an active filter.
func (m *Model[T]) Handles(msg tea.KeyPressMsg) bool {
	if m.filtering {
		return true
	}
	k := m.keys
	if key.Matches(msg, k.ClearFilter) {
		return len(m.words) > 0 || m.query != ""
	}
	return key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End,
		k.Filter, k.Sort, k.SortReverse)
}

// Update handles key presses (and, while the filter has focus, paste
// messages for the input). Other messages are ignored.
func (m *Model[T]) Update(msg tea.Msg) tea.Cmd {
	if r, ok := msg.(FilterMsg); ok {
		switch {
		case r.owner != any(m):
			return nil
		case r.job == 0:
			return m.filterReady(r)
		case m.job != nil && m.job.id == r.job:
			return m.runJob()
		}
		return nil // a job given up
	}
	if m.filtering {
		return m.updateFilter(msg)
	}
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := m.keys
	switch {
	case key.Matches(kp, k.Up):
		m.move(-1)
	case key.Matches(kp, k.Down):
		m.move(1)
	case key.Matches(kp, k.PageUp):
		m.move(-m.pageSize())
	case key.Matches(kp, k.PageDown):
		m.move(m.pageSize())
	case key.Matches(kp, k.Home):
		m.cursor = 0
		m.clamp()
	case key.Matches(kp, k.End):
		m.cursor = len(m.visible) - 1
		m.clamp()
	case key.Matches(kp, k.Filter):
		m.filtering = true
		m.input.CursorEnd()
		// The haystack is built while the first letters are typed.
		return tea.Batch(m.input.Focus(), m.requestHay())
	case key.Matches(kp, k.ClearFilter):
		m.clearFilter()
	case key.Matches(kp, k.Sort):
		m.cycleSort()
	case key.Matches(kp, k.SortReverse):
		m.SortBy(m.sortCol, !m.sortReverse)
	}
	return nil
}

func (m *Model[T]) updateFilter(msg tea.Msg) tea.Cmd {
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		k := m.keys
		switch {
		case key.Matches(kp, k.AcceptFilter):
			m.filtering = false
			m.input.Blur()
			return nil
		case key.Matches(kp, k.ClearFilter):
			m.clearFilter()
			return nil
		// Keys that type nothing (arrows, page keys) still move the
		// selection, so one can filter and pick without leaving the input.
		// Home/end stay with the input, which uses them for the line.
		case kp.Text == "" && key.Matches(kp, k.Up):
			m.move(-1)
			return nil
		case kp.Text == "" && key.Matches(kp, k.Down):
			m.move(1)
			return nil
		case kp.Text == "" && key.Matches(kp, k.PageUp):
			m.move(-m.pageSize())
			return nil
		case kp.Text == "" && key.Matches(kp, k.PageDown):
			m.move(m.pageSize())
			return nil
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if v := m.input.Value(); v != m.query {
		m.keepID = "" // typed: the first matches again
		step := m.applyQuery(v)
		if m.waiting() {
			return tea.Batch(cmd, m.requestHay())
		}
		return tea.Batch(cmd, step)
	}
	return cmd
}

func (m *Model[T]) clearFilter() {
	m.filtering = false
	m.input.Blur()
	m.input.Reset()
	m.applyQuery("")
}

func (m *Model[T]) cycleSort() {
	if len(m.cols) == 0 {
		return
	}
	next := m.sortCol + 1
	if next >= len(m.cols) {
		next = -1
	}
	m.SortBy(next, false)
}

func (m *Model[T]) move(delta int) {
	m.cursor += delta
	m.clamp()
}

// pageSize is the number of body lines, at least 1.
func (m *Model[T]) pageSize() int { return max(1, m.bodyHeight()) }

// bodyHeight is the number of row lines between header and status line.
func (m *Model[T]) bodyHeight() int { return max(0, m.height-2) }

// clamp keeps cursor inside the visible rows and the window around it,
// scrolling only as far as needed.
func (m *Model[T]) clamp() {
	n := len(m.visible)
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	body := m.bodyHeight()
	if body <= 0 {
		m.offset = m.cursor
		return
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+body {
		m.offset = m.cursor - body + 1
	}
	// No empty lines below the last row while rows above are hidden.
	m.offset = min(m.offset, max(n-body, 0))
	m.offset = max(m.offset, 0)
}

// invalidate drops everything rendered.
func (m *Model[T]) invalidate() {
	clear(m.cache)
	m.header = ""
	m.styleGen++
}
