package sprachmittlung

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
			got := f.view(t)
			// trailing blanks are padding, not content
			lines := strings.Split(got, "\n")
			for i, l := range lines {
				lines[i] = strings.TrimRight(l, " ")
			}
			got = strings.Join(lines, "\n") + "\n"
			path := filepath.Join("testdata", fmt.Sprintf("%s_%dx%d.golden", name, size[0], size[1]))
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if string(want) != got {
				t.Errorf("%s differs from %s:\n--- got\n%s--- want\n%s", name, path, got, want)
			}
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
		f.press(t, "esc", "esc", "esc", "/", "E-2026-0001", "enter", "enter", "x")
		check("nachweis")
	}
}
