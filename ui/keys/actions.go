package keys

import (
	"sort"
	"sync"

	"charm.land/bubbles/v2/key"
)

// Action is one binding the user can change in keys.toml, named by the
// German word the help shows ("hilfe", "ablehnen"). Actions of different
// areas may share a name when they do the same thing ("hoch", "zurück",
// "speichern"): one line in keys.toml changes all of them.
type Action struct {
	Name    string
	Binding *key.Binding
	// Views are the screens of the area where the key works ("detail",
	// "liste"). Two actions of an area may share a key only when they work
	// on different screens. nil: every screen of the area.
	Views []string
}

// Scope is the set of actions of one area of the program.
type Scope struct {
	Name  string // "" for the keys that work everywhere
	Title string // German heading in `stabsstelle keys`
	// Overlay: the area gets every key before the global ones (a view
	// over the whole screen like Verlauf): its keys never clash with them.
	Overlay bool
	// Capturing are the views that take every key while they are shown
	// (forms): there the global keys do not work either.
	Capturing []string
	Actions   []Action
}

// Scoper is a KeyMap that names its actions; the methods have pointer
// receivers and the Scope's bindings point into the KeyMap.
type Scoper interface{ KeyScope() Scope }

var (
	registryMu sync.Mutex
	registry   = map[string]func() Scope{}
)

// Register makes an area's default keys known to the loader and to
// `stabsstelle keys`; called from the area's init. defaults must return
// fresh bindings on every call.
func Register(name string, defaults func() Scope) {
	registryMu.Lock()
	defer registryMu.Unlock()
	registry[name] = defaults
}

// Scopes returns the default keys of every registered area: the keys that
// work everywhere first, then the lists and tables, then the areas in the
// order of the tabs.
func Scopes() []Scope {
	registryMu.Lock()
	fns := make([]func() Scope, 0, len(registry))
	for _, f := range registry {
		fns = append(fns, f)
	}
	registryMu.Unlock()
	out := make([]Scope, 0, len(fns))
	for _, f := range fns {
		out = append(out, f())
	}
	sort.SliceStable(out, func(i, j int) bool { return scopeRank(out[i].Name) < scopeRank(out[j].Name) })
	return out
}

var scopeOrder = []string{"", "liste", "tabelle", "sprachmittlung", "kostenerstattungen", "netzwerk", "berichte", "verlaufsansicht", "regelansicht"}

func scopeRank(name string) int {
	for i, n := range scopeOrder {
		if n == name {
			return i
		}
	}
	return len(scopeOrder)
}

func init() {
	Register("", func() Scope { g := DefaultGlobal(); return g.KeyScope() })
	Register("liste", func() Scope { l := DefaultList(); return l.KeyScope() })
}

// KeyScope names the global keys.
func (g *Global) KeyScope() Scope {
	return Scope{Name: "", Title: "Überall (wenn kein Eingabefeld aktiv ist)", Actions: []Action{
		{Name: "reiter-1", Binding: &g.Tab1},
		{Name: "reiter-2", Binding: &g.Tab2},
		{Name: "reiter-3", Binding: &g.Tab3},
		{Name: "reiter-4", Binding: &g.Tab4},
		{Name: "berichte", Binding: &g.Reports},
		{Name: "nächster-reiter", Binding: &g.NextTab},
		{Name: "voriger-reiter", Binding: &g.PrevTab},
		{Name: "hilfe", Binding: &g.Help},
		{Name: "suchen", Binding: &g.Search},
		{Name: "personen", Binding: &g.People},
		{Name: "verlauf", Binding: &g.History},
		{Name: "regeln", Binding: &g.Settings},
		{Name: "rückgängig", Binding: &g.Undo},
		{Name: "beenden", Binding: &g.Quit},
		{Name: "sofort-beenden", Binding: &g.ForceQuit},
	}}
}

// KeyScope names the keys shared by the list screens.
func (l *List) KeyScope() Scope {
	return Scope{Name: "liste", Title: "Listen", Actions: []Action{
		{Name: "hoch", Binding: &l.Up},
		{Name: "runter", Binding: &l.Down},
		{Name: "öffnen", Binding: &l.Open},
		{Name: "neu", Binding: &l.New},
		{Name: "bearbeiten", Binding: &l.Edit},
		{Name: "filtern", Binding: &l.Filter},
		{Name: "zurück", Binding: &l.Back},
	}}
}

// UserGlobal returns the global keys with keys.toml applied.
func UserGlobal() Global {
	g := DefaultGlobal()
	Apply(g.KeyScope())
	return g
}

// UserList returns the list keys with keys.toml applied.
func UserList() List {
	l := DefaultList()
	Apply(l.KeyScope())
	return l
}
