package cli

import (
	"flag"
	"fmt"
	"time"

	"stabsstelle/demo"
)

func init() {
	Register(Verb{
		Name:    "demo",
		Summary: "eine neue Datenbank mit realistischen Demodaten füllen",
		Usage:   "stabsstelle demo --db DATEI [--size small|large] [--seed N]",
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
	defer bulkGC(0)()
	start := time.Now()
	last, lastTotal := "", 0
	// A step is done when the next one starts: its line ends at 100 %
	// (steps report their start, not always their end).
	finish := func() {
		if last == "" {
			return
		}
		if lastTotal > 0 {
			fmt.Fprintf(env.Stderr, "\r%-32s %3d %%", last, 100)
		}
		fmt.Fprintln(env.Stderr)
	}
	opts := demo.Options{Large: *size != "small", Seed: *seed, Now: env.Now(), Who: env.User}
	if *size == "huge" {
		opts.Einsaetze, opts.Years = 1000000, 10
	}
	opts.Progress = func(stage string, done, total int) {
		if stage != last {
			finish()
			last = stage
		}
		lastTotal = total
		if total <= 0 {
			fmt.Fprintf(env.Stderr, "\r%s", stage)
			return
		}
		fmt.Fprintf(env.Stderr, "\r%-32s %3d %%", stage, done*100/total)
	}
	err = demo.Run(st, opts)
	if err == nil {
		finish()
	} else if last != "" {
		fmt.Fprintln(env.Stderr)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Demodaten in %s geschrieben (%.1f s). Starten mit: stabsstelle --db %s\n",
		env.DB, time.Since(start).Seconds(), env.DB)
	return nil
}
