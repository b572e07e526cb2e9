// Command screenshots draws the pictures of the tour in the README from the
// real program: the demo (seed 1) made around a fixed day in a temporary
// folder, the whole user interface (ui.New, as `stabsstelle` starts it) at
// 120×40 with that day as its clock, one screen per tab. The screens are
// written as plain text (ANSI stripped) to docs/bilder/NAME.txt and copied
// into README.md between the markers
//
//	<!-- bild: NAME -->
//	```
//	…
//	```
//	<!-- /bild -->
//
// so the README shows what the program shows. Run it with `make screenshots`
// after a change to a screen; the same code and day give the same pictures.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/demo"
	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui"
	"stabsstelle/ui/uitest"
)

// today is the clock of the pictures: Thursday 19.11.2026, 10:00, a working
// day in the middle of the demo's year (the UI's golden walk uses it too).
var today = model.At(model.NewDate(2026, 11, 19), 10*60)

const width, height = 120, 40

// shots are the pictures: keys pressed from the start screen, then the
// screen taken.
var shots = []struct {
	name string
	keys []string
}{
	{"sprachmittlung", nil},
	{"sprachmittlung-einsatz", []string{"/", "E-2026-0407", "enter", "enter"}},
	{"kostenerstattungen", []string{"esc", "esc", "esc", "2"}},
	{"netzwerk", []string{"3"}},
	{"netzwerk-veranstaltung", []string{"enter"}},
	{"berichte", []string{"esc", "4"}},
}

func main() {
	out := flag.String("out", "docs/bilder", "Ordner für die Bilder")
	readme := flag.String("readme", "README.md", "README, in das die Bilder kommen (leer: keins)")
	flag.Parse()
	if err := run(*out, *readme); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(out, readme string) error {
	dir, err := os.MkdirTemp("", "stabsstelle-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	clock := func() time.Time { return today }
	st, err := store.Open(filepath.Join(dir, "stabsstelle.db"), store.Options{Now: clock})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := demo.Run(st, demo.Options{Seed: 1, Now: today, Who: "demo"}); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	m := ui.New(ui.Options{Store: st, User: "anna", Dark: true, Now: clock, NoDailyBackup: true})
	defer m.Close()
	d := &driver{m: m}
	d.run(m.Init())
	d.send(tea.WindowSizeMsg{Width: width, Height: height})
	pics := map[string]string{}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, s := range shots {
		d.press(s.keys...)
		screen := ansi.Strip(m.View().Content)
		// the database lies in a new temporary folder each run
		screen = tmpPath.ReplaceAllString(screen, "…/stabsstelle.db")
		screen = strings.ReplaceAll(screen, store.OutputDir(), "~")
		lines := strings.Split(screen, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " ")
		}
		pic := strings.Join(lines, "\n") + "\n"
		pics[s.name] = pic
		if err := os.WriteFile(filepath.Join(out, s.name+".txt"), []byte(pic), 0o644); err != nil {
			return err
		}
	}
	if readme == "" {
		return nil
	}
	return intoReadme(readme, pics)
}

var tmpPath = regexp.MustCompile(`…?[^ ]*screenshots-[0-9]+/stabsstelle\.db`)

var marker = regexp.MustCompile("(?s)<!-- bild: ([a-z-]+) -->\n.*?<!-- /bild -->")

// intoReadme replaces the block under each marker with its picture.
func intoReadme(path string, pics map[string]string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var missing []string
	text := marker.ReplaceAllStringFunc(string(b), func(block string) string {
		name := marker.FindStringSubmatch(block)[1]
		pic, ok := pics[name]
		if !ok {
			missing = append(missing, name)
			return block
		}
		return "<!-- bild: " + name + " -->\n```\n" + pic + "```\n<!-- /bild -->"
	})
	if len(missing) > 0 {
		return fmt.Errorf("%s nennt Bilder, die es nicht gibt: %s", path, strings.Join(missing, ", "))
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

// driver runs the program's commands the way the Bubble Tea runtime would,
// but one after the other, so each picture shows the screen once all work
// a key started is done. Timers (cursor blink, ticks) and the change feed's
// waiter (it waits for the next commit) are not run.
type driver struct {
	m *ui.Model
}

var keys = map[string]tea.KeyPressMsg{
	"enter": {Code: tea.KeyEnter},
	"esc":   {Code: tea.KeyEscape},
	"down":  {Code: tea.KeyDown},
}

func (d *driver) press(names ...string) {
	for _, k := range names {
		if msg, ok := keys[k]; ok {
			d.send(msg)
			continue
		}
		for _, r := range k {
			d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

func (d *driver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

// run drains cmd through the UI tests' harness, as the program's runtime
// would; a command that hangs stops the script with its name (a picture
// taken without its data would be wrong).
func (d *driver) run(cmd tea.Cmd) {
	(&uitest.Drainer{Update: func(msg tea.Msg) tea.Cmd { _, c := d.m.Update(msg); return c },
		Wait: time.Minute, Skip: waitsForCommit}).Run(stopOnFailure{}, cmd)
}

// waitsForCommit is the root's change-feed waiter: it returns only after
// the next commit, and the script makes none.
func waitsForCommit(c tea.Cmd) bool { return strings.Contains(uitest.FuncName(c), "waitFeed") }

// stopOnFailure is what the harness reports to: a failure ends the script.
type stopOnFailure struct{ testing.TB }

func (stopOnFailure) Helper() {}
func (stopOnFailure) Fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "screenshots: "+format+"\n", args...)
	os.Exit(1)
}
