package netzwerk

import (
	"flag"
	"fmt"
	"testing"

	"stabsstelle/ui/uitest"
)

var update = flag.Bool("update", false, "golden-Dateien neu schreiben")

// TestGolden compares the ANSI-stripped screens with testdata/*.golden
// (go test ./ui/netzwerk -run Golden -update rewrites them).
func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		seed, _ := seedEvent(2, "Özlem Şahin", "Anna Becker", "Bilal Hassan")
		f := newFixture(t, true, size[0], size[1], seed)
		screens := map[string]string{"list": f.view(t)}
		f.press(t, "enter")
		screens["detail"] = f.view(t)
		f.press(t, "c", "a", "enter")
		screens["checkin"] = f.view(t)
		for name, got := range screens {
			uitest.Golden(t, fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), got, *update)
		}
	}
}
