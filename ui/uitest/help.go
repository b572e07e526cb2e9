package uitest

import (
	"fmt"

	"charm.land/bubbles/v2/key"
)

// HelpProblems checks the keys one screen offers. full are the screen's
// groups for the ? screen, global the keys that work everywhere besides
// (none while a text field or dialog has the keys), short the help line.
// It reports a key bound twice on the screen ("b" three times on the ?
// screen) and a help-line entry that the ? screen does not list with the
// same words ("r einreichen" in the line, "i einreichen" on the ? screen):
// both come from one KeyMap per screen.
func HelpProblems(short []key.Binding, full, global [][]key.Binding) []string {
	var out []string
	owner := map[string]key.Help{}
	listed := map[key.Help]bool{}
	for _, groups := range [][][]key.Binding{global, full} {
		for _, g := range groups {
			for _, b := range g {
				if !b.Enabled() || b.Help().Key == "" {
					continue
				}
				h := b.Help()
				if listed[h] {
					out = append(out, fmt.Sprintf("„%s %s“ steht zweimal in der Hilfe", h.Key, h.Desc))
					continue
				}
				listed[h] = true
				for _, k := range b.Keys() {
					if o, ok := owner[k]; ok {
						out = append(out, fmt.Sprintf("Taste %s doppelt: „%s %s“ und „%s %s“", k, o.Key, o.Desc, h.Key, h.Desc))
					}
					owner[k] = h
				}
			}
		}
	}
	for _, b := range short {
		if !b.Enabled() || b.Help().Key == "" {
			continue
		}
		if h := b.Help(); !listed[h] && len(full) > 0 {
			out = append(out, fmt.Sprintf("„%s %s“ in der Hilfezeile fehlt auf der ?-Seite", h.Key, h.Desc))
		}
	}
	return out
}
