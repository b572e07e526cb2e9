package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"

	"stabsstelle/store"
)

// ICSInterpreter writes an interpreter's upcoming Einsätze as iCalendar; set
// by the Sprachmittlung area.
var ICSInterpreter func(env *Env, name string, w io.Writer) error

// ICSEvents writes the upcoming network events (or one, by its V-number) as
// iCalendar; set by the Netzwerk area.
var ICSEvents func(env *Env, eventNumber string, w io.Writer) error

func init() {
	Register(Verb{
		Name:    "export ics",
		Summary: "Termine als Kalenderdatei (.ics) für Outlook, Thunderbird, Handy",
		Usage:   "stabsstelle export ics --out DATEI [--event V-2026-003 | --interpreter NAME] [--force]",
		Help: `Ohne weitere Option: alle kommenden Veranstaltungen des Netzwerks.
  --event NR          nur diese Veranstaltung
  --interpreter NAME  die kommenden Einsätze einer Sprachmittlerin / eines Sprachmittlers
  --force             eine vorhandene Datei ohne Rückfrage überschreiben (sonst fragt der
                      Befehl im Terminal und bricht im Skript mit 1 ab)

Beispiele:
  stabsstelle export ics --out netzwerk.ics
  stabsstelle export ics --event V-2026-003 --out einladung.ics
  stabsstelle export ics --interpreter "Rojin Osman" --out rojin.ics`,
		Run: runExportICS,
	})
}

func runExportICS(env *Env, args []string) error {
	fs := flag.NewFlagSet("export ics", flag.ContinueOnError)
	out := fs.String("out", "", "Zieldatei")
	event := fs.String("event", "", "V-Nummer")
	interp := fs.String("interpreter", "", "Name")
	force := forceFlag(fs)
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return UsageError("Bitte mit --out angeben, wohin die Kalenderdatei geschrieben wird, z. B. --out termine.ics")
	}
	if *event != "" && *interp != "" {
		return UsageError("Bitte entweder --event oder --interpreter angeben, nicht beides.")
	}
	var buf bytes.Buffer
	switch {
	case *interp != "":
		if ICSInterpreter == nil {
			return UsageError("Der Kalender für Sprachmittler:innen ist in diesem Programm nicht verfügbar.")
		}
		if err := ICSInterpreter(env, *interp, &buf); err != nil {
			return err
		}
	default:
		if ICSEvents == nil {
			return UsageError("Der Kalender für Veranstaltungen ist in diesem Programm nicht verfügbar.")
		}
		if err := ICSEvents(env, *event, &buf); err != nil {
			return err
		}
	}
	if err := WriteOut(env, *force, OutFile{*out, buf.Bytes()}); err != nil {
		return err
	}
	path := store.AbsPath(*out)
	// Say what was written: a silent success looks like nothing happened.
	switch n := bytes.Count(buf.Bytes(), []byte("BEGIN:VEVENT")); n {
	case 0:
		fmt.Fprintf(env.Stdout, "Keine kommenden Termine – %s enthält einen leeren Kalender.\n", path)
	case 1:
		fmt.Fprintf(env.Stdout, "1 Termin nach %s geschrieben (im Kalenderprogramm öffnen oder importieren).\n", path)
	default:
		fmt.Fprintf(env.Stdout, "%d Termine nach %s geschrieben (im Kalenderprogramm öffnen oder importieren).\n", n, path)
	}
	return nil
}
