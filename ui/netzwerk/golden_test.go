package netzwerk

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
			path := filepath.Join("testdata", fmt.Sprintf("%s_%dx%d.golden", name, size[0], size[1]))
			got = strings.TrimRight(stripTrailing(got), "\n") + "\n"
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (mit -update anlegen)", err)
			}
			if string(want) != got {
				t.Errorf("%s differs:\n--- want\n%s\n--- got\n%s", path, want, got)
			}
		}
	}
}

func stripTrailing(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
