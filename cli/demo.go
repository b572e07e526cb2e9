package cli

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/charmbracelet/x/term"

	"stabsstelle/demo"
	"stabsstelle/model"
)

func init() {
	Register(Verb{
		Name:    "demo",
		Summary: "eine neue Datenbank mit realistischen Demodaten füllen",
		Usage:   "stabsstelle demo --db DATEI [--size small|large|huge] [--seed N]",
		Help: `Schreibt erfundene, aber realistische Daten für alle drei Bereiche in eine NEUE Datei:
Sprachmittler:innen mit Sprachen und Dialekten, Einrichtungen des Landkreises,
Einsätze, Kostenerstattungen in jedem Status, Veranstaltungen mit Anmeldungen.
Eine Datei mit Daten wird nicht angetastet.

  --size small   einige hundert Einsätze (Standard)
  --size large   100 000 Einsätze über drei Jahre, 20 000 Erstattungen, 2 000 Veranstaltungen
  --size huge    wie large, aber 1 000 000 Einsätze über zehn Jahre (für Messungen; dauert Minuten)
  --seed N       Startwert: gleicher Startwert, gleiche Daten (Standard 1)

Beispiele:
  stabsstelle demo --db demo.db
  stabsstelle demo --db demo7.db --seed 7

Danach die Oberfläche auf den Demodaten: stabsstelle --db demo.db`,
		Run: runDemo,
	})
}

func runDemo(env *Env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	size := fs.String("size", "small", "small, large oder huge")
	seed := fs.Uint64("seed", 1, "Startwert")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if *size != "small" && *size != "large" && *size != "huge" {
		return UsageError("--size kennt nur small, large oder huge, nicht „%s“.", *size)
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	limit := int64(demoHeapLimit)
	if *size == "huge" {
		limit = hugeDemoHeapLimit
	}
	defer bulkGC(limit)()
	start := time.Now()
	progress, finish := demoProgress(env)
	opts := demo.Options{Large: *size != "small", Seed: *seed, Now: env.Now(), Who: env.User, Progress: progress}
	if *size == "huge" {
		opts.Einsaetze, opts.Years = 1000000, 10
	}
	err = demo.Run(st, opts)
	finish(err == nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Demodaten in %s geschrieben (%s s). Starten mit: stabsstelle --db %s\n",
		env.DB, model.Decimal1(time.Since(start).Seconds()), env.DB)
	return nil
}

// demoProgress reports the demo's steps on stderr: on a terminal one line
// per step whose percentage is rewritten in place (only when it changes);
// elsewhere (a log, a pipe) only the finished steps, one line each, so a
// log holds no thousands of carriage returns. finish ends the last step's
// line (at 100 % when the demo succeeded).
func demoProgress(env *Env) (progress func(stage string, done, total int), finish func(ok bool)) {
	f, isFile := env.Stderr.(*os.File)
	tty := isFile && term.IsTerminal(f.Fd())
	last, lastTotal, lastPct := "", 0, -1
	// A step is done when the next one starts: its line ends at 100 %
	// (steps report their start, not always their end).
	end := func(ok bool) {
		if last == "" {
			return
		}
		cr := ""
		if tty {
			cr = "\r"
		}
		switch {
		case !ok && tty:
			fmt.Fprintln(env.Stderr)
		case !ok:
			// The error says what happened; an unfinished step is not listed.
		case lastTotal > 0:
			fmt.Fprintf(env.Stderr, "%s%-32s %3d %%\n", cr, last, 100)
		case tty:
			fmt.Fprintln(env.Stderr)
		default:
			fmt.Fprintln(env.Stderr, last)
		}
	}
	progress = func(stage string, done, total int) {
		if stage != last {
			end(true)
			last, lastPct = stage, -1
		}
		lastTotal = total
		if !tty {
			return
		}
		if total <= 0 {
			fmt.Fprintf(env.Stderr, "\r%s", stage)
			return
		}
		if pct := done * 100 / total; pct != lastPct {
			lastPct = pct
			fmt.Fprintf(env.Stderr, "\r%-32s %3d %%", stage, pct)
		}
	}
	return progress, end
}
