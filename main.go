// Command stabsstelle is the terminal application of a county's Stabsstelle
// Integration: Sprachmittlung, Kostenerstattungen and Netzwerk over one
// embedded database file. main only wires the command line to the verbs and
// the terminal interface.
package main

import (
	"os"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/cli"
	"stabsstelle/ui"
)

func main() {
	// A soft limit keeps the collector from letting the heap grow to twice
	// the 100 000 list rows it holds (DESIGN.md §4: ≤ 150 MB); above it Go
	// just collects more often.
	debug.SetMemoryLimit(96 << 20)
	cli.TUI = runTUI
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}

// runTUI opens the store (German errors for locked, foreign, damaged or
// too new files come from there) and runs the root model until quit.
func runTUI(env *cli.Env) error {
	st, err := env.Open()
	if err != nil {
		return err
	}
	notice := ""
	if env.Restored {
		notice = "Sicherung zurückgespielt (beschädigte Datei liegt daneben)."
	}
	m := ui.New(ui.Options{Store: st, User: env.User, Dark: true, Notice: notice})
	_, err = tea.NewProgram(m).Run()
	return err
}
