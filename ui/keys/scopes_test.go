package keys_test

import (
	"reflect"
	"slices"
	"testing"

	"charm.land/bubbles/v2/key"

	"stabsstelle/ui/berichte"
	"stabsstelle/ui/history"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/kosten"
	"stabsstelle/ui/netzwerk"
	"stabsstelle/ui/settings"
	"stabsstelle/ui/sprachmittlung"
	"stabsstelle/ui/table"
)

// TestEveryBindingHasAName: a key added to a KeyMap without a name in its
// KeyScope could not be changed in keys.toml and would be missing from
// `stabsstelle keys`.
func TestEveryBindingHasAName(t *testing.T) {
	g, l := keys.DefaultGlobal(), keys.DefaultList()
	tk, hk, sk := table.DefaultKeyMap(), history.DefaultKeyMap(), settings.DefaultKeyMap()
	smk, kk, nk := sprachmittlung.DefaultKeyMap(), kosten.DefaultKeyMap(), netzwerk.DefaultKeyMap()
	bk := berichte.DefaultKeyMap()
	for _, km := range []keys.Scoper{&g, &l, &tk, &hk, &sk, &smk, &kk, &nk, &bk} {
		s := km.KeyScope()
		named := map[*key.Binding]string{}
		names := map[string]bool{}
		for _, a := range s.Actions {
			if names[a.Name] {
				t.Errorf("%s: name %q twice", s.Title, a.Name)
			}
			names[a.Name] = true
			named[a.Binding] = a.Name
		}
		v := reflect.ValueOf(km).Elem()
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if f.Type() != reflect.TypeFor[key.Binding]() {
				continue
			}
			if _, ok := named[f.Addr().Interface().(*key.Binding)]; !ok {
				t.Errorf("%s: %s.%s has no name in KeyScope", s.Title, v.Type(), v.Type().Field(i).Name)
			}
		}
	}
	registered := map[string]bool{}
	for _, s := range keys.Scopes() {
		registered[s.Name] = true
	}
	for _, n := range []string{"", "liste", "tabelle", "sprachmittlung", "kostenerstattungen", "netzwerk", "berichte", "verlaufsansicht", "regelansicht"} {
		if !registered[n] {
			t.Errorf("area %q is not registered", n)
		}
	}
}

// TestDefaultsHaveNoClashOnOneScreen checks the screens each action is
// said to work on: the shipped keys never give one key two actions on one
// screen, so the check of keys.toml starts from a clean table.
func TestDefaultsHaveNoClashOnOneScreen(t *testing.T) {
	share := func(a, b keys.Action) bool {
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
	var global keys.Scope
	for _, s := range keys.Scopes() {
		if s.Name == "" {
			global = s
		}
	}
	for _, s := range keys.Scopes() {
		for i, a := range s.Actions {
			for _, b := range s.Actions[i+1:] {
				for _, k := range a.Binding.Keys() {
					if share(a, b) && slices.Contains(b.Binding.Keys(), k) {
						t.Errorf("%s: %q is %s and %s on one screen", s.Title, k, a.Name, b.Name)
					}
				}
			}
			if s.Name == "" || s.Overlay {
				continue
			}
			for _, g := range global.Actions {
				for _, k := range a.Binding.Keys() {
					if !slices.Contains(g.Binding.Keys(), k) || onlyCapturing(a, s) {
						continue
					}
					t.Errorf("%s: %q is %s and the global %s", s.Title, k, a.Name, g.Name)
				}
			}
		}
	}
}

func onlyCapturing(a keys.Action, s keys.Scope) bool {
	if a.Views == nil {
		return false
	}
	for _, v := range a.Views {
		if !slices.Contains(s.Capturing, v) {
			return false
		}
	}
	return true
}
