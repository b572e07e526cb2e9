package recovery

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// Run shows the recovery screen on the terminal until the user has decided
// and returns the decision. The terminal is restored when it returns, so
// the caller can start the normal program right after.
func Run(o Options, opts ...tea.ProgramOption) (Result, error) {
	m := New(o)
	_, err := tea.NewProgram(m, opts...).Run()
	if res := m.Result(); err == nil || res.Action != Quit || res.Aside != "" {
		// A file operation that finished counts even if the terminal
		// failed afterwards: the caller must know where the files are.
		return res, nil
	}
	return Result{}, fmt.Errorf("Die Oberfläche zur Wiederherstellung konnte nicht laufen (%v). Die Datenbank %s wurde nicht verändert.", err, o.Path)
}
