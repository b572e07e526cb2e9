package sprachmittlung

import (
	"flag"
	"fmt"
	"testing"

	"stabsstelle/ui/uitest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden compares the ANSI-stripped screens this package draws itself
// (agenda, detail, search, Nachweis, status menu) with testdata/*.golden.
// Screens made of shared components (table, huh forms) are checked by
// content in the other tests, so a change there does not break these.
// Refresh with: go test ./ui/sprachmittlung/ -run TestGolden -update
func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 21}, {120, 37}} {
		f := newFixture(t, true, size[0], size[1])
		check := func(name string) {
			t.Helper()
			uitest.Golden(t, fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), f.view(t), *update)
		}
		f.press(t, "w", "right", "right", "right")
		check("agenda_tag")
		f.press(t, "w")
		check("agenda_woche")
		f.press(t, "/", "tigr", "enter")
		check("agenda_woche_tigr")
		f.press(t, "esc", "esc", "/", "E-2026-0002", "enter", "enter")
		check("detail")
		f.press(t, "m")
		check("suche")
		f.press(t, "esc", "s")
		check("status")
		f.now = afterTheEinsaetze
		f.press(t, "esc", "esc", "esc", "/", "E-2026-0001", "enter", "enter", "x")
		check("nachweis")
	}
}
