package keys

import (
	"fmt"
	"slices"
)

// clash returns why e's keys cannot be used, or "".
func clash(e entry, scopes []Scope, global *Scope, eff func(Action) []string) string {
	for _, s := range scopes {
		for _, a := range s.Actions {
			if fold(a.Name) != fold(e.name) {
				continue
			}
			if why := clashInScope(e, a, s, eff); why != "" {
				return why
			}
			if global == nil || s.Overlay {
				continue
			}
			if s.Name != "" && reachable(a, s) {
				if why := clashGlobal(e, a, global, eff); why != "" {
					return why
				}
			}
			if s.Name == "" {
				if why := clashHidden(e, a, scopes, eff); why != "" {
					return why
				}
			}
		}
	}
	return ""
}

// clashInScope: a key of another action of a's area, in the same view.
func clashInScope(e entry, a Action, s Scope, eff func(Action) []string) string {
	for _, b := range s.Actions {
		if fold(b.Name) == fold(a.Name) || !shareView(a, b) {
			continue
		}
		if k := newClash(e.keys, a, b, eff); k != "" {
			if s.Name == "" {
				return fmt.Sprintf("„%s“ ist schon „%s“", k, b.Name)
			}
			return fmt.Sprintf("„%s“ ist in %s schon „%s“", k, s.Title, b.Name)
		}
	}
	return ""
}

// clashGlobal: a key of an area that a key for everywhere has.
func clashGlobal(e entry, a Action, global *Scope, eff func(Action) []string) string {
	for _, g := range global.Actions {
		if k := newClash(e.keys, a, g, eff); k != "" {
			return fmt.Sprintf("„%s“ ist schon „%s“ (gilt überall)", k, g.Name)
		}
	}
	return ""
}

// clashHidden: a key for everywhere that would hide an area's key.
func clashHidden(e entry, a Action, scopes []Scope, eff func(Action) []string) string {
	for _, t := range scopes {
		if t.Name == "" || t.Overlay {
			continue
		}
		for _, b := range t.Actions {
			if !reachable(b, t) {
				continue
			}
			if k := newClash(e.keys, a, b, eff); k != "" {
				return fmt.Sprintf("„%s“ ist in %s schon „%s“ – eine Taste für überall verdeckt sie dort", k, t.Title, b.Name)
			}
		}
	}
	return ""
}

// newClash returns a key of keys that b uses as well, unless a and b
// already shared it in the defaults.
func newClash(keys []string, a, b Action, eff func(Action) []string) string {
	for _, k := range keys {
		if slices.Contains(eff(b), k) && !(slices.Contains(a.Binding.Keys(), k) && slices.Contains(b.Binding.Keys(), k)) {
			return k
		}
	}
	return ""
}

// shareView reports whether a and b work on a common screen.
func shareView(a, b Action) bool {
	if a.Views == nil || b.Views == nil {
		return true
	}
	for _, v := range a.Views {
		if slices.Contains(b.Views, v) {
			return true
		}
	}
	return false
}

// reachable reports whether a works on a screen where the global keys
// work too (one that does not take every key).
func reachable(a Action, s Scope) bool {
	if a.Views == nil {
		return true
	}
	for _, v := range a.Views {
		if !slices.Contains(s.Capturing, v) {
			return true
		}
	}
	return false
}
