// Command stabsstelle is the terminal application of a county's Stabsstelle
// Integration: Sprachmittlung, Kostenerstattungen and Netzwerk over one
// embedded database file. main only wires the command line to the verbs and
// the terminal interface.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/cli"
	"stabsstelle/lookup"
	"stabsstelle/store"
	"stabsstelle/ui"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/recovery"
)

func main() {
	// A soft limit keeps the collector from letting the heap grow to twice
	// the 100 000 list rows it holds (the memory budget, BENCHMARKS.md: RSS ≤ 50 MB); above it Go
	// just collects more often. A GOMEMLIMIT the user set wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(96 << 20)
	}
	cli.TUI = runTUI
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}

// runTUI opens the store (German errors for locked, foreign or too new
// files come from there) and runs the root model until quit. A damaged file
// gets the recovery screen first (ui/recovery) instead of the questions on
// the terminal the other verbs ask; after a restore or an empty start the
// store is opened again and the normal program starts with a notice.
func runTUI(env *cli.Env) error {
	// keys.toml before any screen is built; what cannot be used is named
	// in the status bar at start and again on the terminal at the end.
	keyProblems := cli.UseKeys()
	if len(keyProblems) > 0 {
		defer func() {
			for _, p := range keyProblems {
				fmt.Fprintln(env.Stderr, p.String())
			}
		}()
	}
	var rec recovery.Result
	env.Recover = recoverOnScreen(&rec)
	st, err := env.Open()
	if err != nil {
		return err
	}
	// Right after a recovery no daily backup: the restored data already is
	// a backup, a copy of an empty start must not push a real backup out
	// of the kept ones, and its status line would hide the notice.
	recovered := rec.Action != recovery.Quit
	// `stabsstelle today` and `search` in another window ask this program
	// while it holds the file. Without the socket they only report the
	// file as locked; an error here must not print onto the screen.
	stopLookup := func() {}
	if stop, err := lookup.Serve(st, env.DB); err == nil {
		stopLookup = stop
		defer stop() // before Run closes the store
	}
	notice := rec.Notice()
	if notice == "" && len(env.Notices) > 0 {
		// Also on the terminal, where it stays after the program ends.
		notice = env.Notices[0]
	}
	m := ui.New(ui.Options{Store: st, User: env.User, Dark: true, Notice: notice, NoDailyBackup: recovered, Warning: keysWarning(keyProblems)})
	p := tea.NewProgram(m)
	stopHangup := quitOnHangup(p, stopLookup)
	_, err = p.Run()
	stopHangup()
	if err == nil && m.DeleteCopyRequested() {
		// A laptop copy that was given back goes, with its backups, once
		// nothing holds the file any more.
		stopLookup()
		st.Close()
		if err := store.DeleteLaptopCopy(env.DB); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Die Außenkopie %s ist gelöscht.\n", env.DB)
	}
	if rec.Aside != "" {
		// The status bar has room for the name only; the whole path stays
		// on the terminal after the program ends.
		fmt.Fprintf(env.Stderr, "Die beschädigte Datenbank liegt unverändert unter %s.\n", rec.Aside)
	}
	return err
}

// keysWarning is the status bar line for what keys.toml could not use: the
// first problem and how many more there are.
func keysWarning(problems []keys.Problem) string {
	if len(problems) == 0 {
		return ""
	}
	w := problems[0].String()
	if len(problems) > 1 {
		w += fmt.Sprintf(" (und %d weitere: stabsstelle keys)", len(problems)-1)
	}
	return w
}

// recoverOnScreen is the env.Recover of the terminal interface: a damaged
// or empty file gets the recovery screen, whose result lands in rec. It
// reports whether the store may be opened again.
func recoverOnScreen(rec *recovery.Result) func(env *cli.Env, err error) (bool, error) {
	return func(env *cli.Env, err error) (bool, error) {
		var damaged *store.ErrDamaged
		var empty *store.ErrEmpty
		if !errors.As(err, &damaged) && !errors.As(err, &empty) {
			return false, err
		}
		res, rerr := recovery.Run(recovery.Options{Path: env.DB, Damaged: damaged, Empty: empty != nil, Dark: true, Now: env.Now})
		if rerr != nil {
			return false, rerr
		}
		*rec = res
		switch {
		case res.Action != recovery.Quit:
			return true, nil
		case res.Aside != "":
			return false, fmt.Errorf("Die beschädigte Datei liegt unter %s; an ihrer Stelle gibt es keine Datenbank. Bitte eine Sicherung zurückspielen (stabsstelle --db %s restore --list) oder die Datei zurück umbenennen.", res.Aside, env.DB)
		}
		return false, cli.ManualRestore(env.DB, res.Backup, res.Recommended)
	}
}

// quitOnHangup ends p like SIGTERM when the terminal window is closed:
// Bubble Tea leaves SIGHUP to Go's default, and the process would end on
// the spot, leaving the lookup socket behind and the store unclosed. The
// returned function stops listening once p has ended.
func quitOnHangup(p *tea.Program, stopLookup func()) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		if _, ok := <-hup; ok {
			stopLookup()
			p.Quit()
		}
	}()
	return func() {
		signal.Stop(hup)
		close(hup)
	}
}
