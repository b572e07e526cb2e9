package table

import (
	tea "charm.land/bubbletea/v2"
)

// WithLazyFilter makes the table build its filter haystack only when the
// filter is used, in a command, instead of on every SetRows: for the lists
// of 100 000 rows that are loaded at start and often never filtered, it is
// 10–20 MB of the memory budget (BENCHMARKS.md) and 20–40 ms of work on the
// UI goroutine per load.
//
// `/` starts the command; what is typed before its FilterMsg arrives is
// kept and applied then. The parent must hand FilterMsg to the table's
// Update (every table ignores the messages of the others); the same
// messages carry on a filter over more rows than one step does
// (filterjob.go). The
// command calls the columns' Value (or the SetFilterText function) off the
// UI goroutine: they must read only the row and data that is replaced, not
// changed in place, while the rows are shown. SetRows with a filter active
// builds the haystack at once, as without the option (Prepare and Install
// do that in a command); SetRows without one drops it.
func WithLazyFilter() Option { return func(o *options) { o.lazy = true } }

// lazyMin is the fewest rows for which WithLazyFilter waits for a command:
// below it the haystack takes well under a millisecond to build.
const lazyMin = 2000

// FilterMsg is a table's message to itself (WithLazyFilter): a haystack
// built in a command, or the next step of a long filter. Hand it to the
// table's Update.
type FilterMsg struct {
	owner any // the *Model that asked
	job   int // the job to carry on; 0: a haystack
	gen   int // hayGen when it asked: rows and filter text of then
	h     haystack
}

// lazyNow reports whether a missing haystack is left to a command.
func (m *Model[T]) lazyNow() bool { return m.lazy && len(m.rows) >= lazyMin }

// requestHay returns the command that builds the haystack of the current
// rows, unless it is there or already on its way.
func (m *Model[T]) requestHay() tea.Cmd {
	if m.hayBuilt || m.building == m.hayGen {
		return nil
	}
	if !m.lazyNow() {
		m.buildHaystack()
		return nil
	}
	m.building = m.hayGen
	rows, cols, text, gen := m.rows, m.cols, m.filterText, m.hayGen
	return func() tea.Msg {
		return FilterMsg{owner: m, gen: gen, h: makeHaystack(rows, cols, text, nil, nil)}
	}
}

// filterReady installs a haystack from requestHay and applies what was
// typed while it was built.
func (m *Model[T]) filterReady(msg FilterMsg) tea.Cmd {
	if msg.gen != m.hayGen || m.hayBuilt {
		// The rows changed meanwhile: ask again if the filter still
		// wants it.
		if m.building == msg.gen {
			m.building = -1
		}
		if !m.hayBuilt && (m.filtering || m.query != "") {
			return m.requestHay()
		}
		return nil
	}
	m.building = -1
	m.setHaystack(msg.h)
	q := m.query
	m.words, m.query = nil, ""
	return m.applyQuery(q)
}

// waiting reports whether a typed query waits for its haystack.
func (m *Model[T]) waiting() bool {
	return !m.hayBuilt && len(m.words) == 0 && len(queryWords(m.query)) > 0
}
