package sprachmittlung

import "testing"

// A screen missing from the router's table would take no key, draw an
// empty box and show only "zurück" in the help line.
func TestEveryScreenIsRouted(t *testing.T) {
	for s := range numScreens {
		if d := screens[s]; d.key == nil || d.view == nil || d.help == nil {
			t.Errorf("screen %d: key, view or help missing in screens", s)
		}
	}
}
