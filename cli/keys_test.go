package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/adrg/xdg"

	// the areas register their keys, as in the program
	_ "stabsstelle/ui"
)

// withConfigHome points the user's configuration directory at dir for one
// test.
func withConfigHome(t *testing.T, dir string) {
	t.Setenv("XDG_CONFIG_HOME", dir)
	xdg.Reload()
	t.Cleanup(xdg.Reload)
}

func TestKeysVerbShowsPathActionsAndProblems(t *testing.T) {
	dir := t.TempDir()
	withConfigHome(t, dir)
	path := filepath.Join(dir, "stabsstelle", "keys.toml")
	code, out, errs := runCLI(t, "keys")
	if code != 0 || !strings.Contains(out, path+" gibt es nicht") || !strings.Contains(out, "hilfe") ||
		!strings.Contains(out, "Kostenerstattungen") || !strings.Contains(out, "zeichnen") || errs != "" {
		t.Fatalf("keys without a file: %d\n%s\n%s", code, out, errs)
	}
	// the template written where the listing says, one line switched on
	code, tmpl, _ := runCLI(t, "keys", "--defaults")
	if code != 0 || !strings.Contains(tmpl, "[keys]") || !strings.Contains(tmpl, `# hilfe = "?"`) {
		t.Fatalf("--defaults: %d\n%s", code, tmpl)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	tmpl = strings.Replace(tmpl, `# hilfe = "?"`, `hilfe = "f1"`, 1) + "zeichnen = \"x\"\n"
	if err := os.WriteFile(path, []byte(tmpl), 0o600); err != nil {
		t.Fatal(err)
	}
	line := strings.Count(tmpl, "\n") // the last line
	code, out, errs = runCLI(t, "keys")
	if code != 1 || !strings.Contains(out, "Tastenbelegung aus "+path) {
		t.Fatalf("keys with a file: %d\n%s\n%s", code, out, errs)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "hilfe ") && !strings.Contains(l, "* f1") {
			t.Errorf("hilfe not marked as changed: %q", l)
		}
		if strings.Contains(l, "zeichnen ") && !strings.Contains(l, "  r ") {
			t.Errorf("zeichnen should keep r: %q", l)
		}
	}
	want := "keys.toml, Zeile " + strconv.Itoa(line) + ": „x“ ist in Kostenerstattungen schon „ablehnen“"
	if !strings.Contains(errs, want) || !strings.Contains(errs, "Eine Zeile in "+path+" gilt nicht") {
		t.Errorf("stderr lacks %q:\n%s", want, errs)
	}
	if code, _, errs := runCLI(t, "keys", "extra"); code != 2 || errs == "" {
		t.Errorf("keys extra: %d %q", code, errs)
	}
}
