package cli

import (
	"errors"
	"fmt"
	"io"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "check",
		Summary: "die Datenbank vollständig prüfen",
		Usage:   "stabsstelle check",
		Help: `Prüft die Datenbank, ohne sie zu verändern: den Aufbau der Datei (die Prüfung von
bbolt selbst), dann jeden Datensatz (lesbar, Nummern eindeutig, Verzeichnisse
passend, Summen stimmen mit den Positionen überein) und das Journal. Außerdem nennt er
Anträge, die einen falschen Betrag zahlen (Kilometer eines Einsatzes doppelt: in der
Pauschale und noch einmal als Fahrtkosten), mit dem Weg zur Korrektur.
Ausgang 0 und „in Ordnung“, wenn alles stimmt; sonst Ausgang 1 und die Liste der
Probleme. Eine Außenkopie, die älter als 14 Tage ist (und im Büro eine, die seit 14
Tagen nicht zurückkam), nennt er als Hinweis. Ist die Datei gerade in einem anderen Fenster oder vom Team-Server
geöffnet, sagt der Befehl das sofort.

Beispiele:
  stabsstelle check
  stabsstelle check --db ~/.local/share/stabsstelle/stabsstelle-backups/stabsstelle-20260305-080000.db`,
		Run: runCheck,
	})
}

func runCheck(env *Env, args []string) error {
	if len(args) > 0 {
		return UsageError("„stabsstelle check“ erwartet keine weiteren Angaben. Eine andere Datei prüfen: stabsstelle --db DATEI check")
	}
	warnLocation(env)
	rep, err := store.CheckFileFindings(env.DB)
	if err != nil {
		return err
	}
	printCheckSummary(env.Stdout, rep)
	if rep.OK() && len(rep.Findings) == 0 {
		fmt.Fprintln(env.Stdout, "in Ordnung")
		return nil
	}
	if len(rep.Findings) > 0 {
		fmt.Fprintf(env.Stdout, "%d Anträge mit falschem Betrag:\n", len(rep.Findings))
		for _, f := range rep.Findings {
			fmt.Fprintf(env.Stdout, "  - %s\n", f)
		}
	}
	if rep.OK() {
		fmt.Fprintln(env.Stdout, "Die Datei selbst ist in Ordnung.")
		return fmt.Errorf("%d Anträge zahlen einen falschen Betrag (siehe oben). Bitte jeden mit einer Korrektur richtigstellen – ein angeordneter oder ausgezahlter Antrag wird nie stillschweigend geändert.", len(rep.Findings))
	}
	return problemsError(env.Stdout, rep)
}

// printCheckSummary prints what the file holds: its path and schema, the
// records per kind, leftover temporary files and warnings.
func printCheckSummary(w io.Writer, rep store.CheckReport) {
	if rep.Schema > 0 {
		fmt.Fprintf(w, "Datenbank: %s (Schema %d)\n", rep.Path, rep.Schema)
	} else {
		fmt.Fprintf(w, "Datenbank: %s\n", rep.Path)
	}
	for _, c := range rep.Counts {
		fmt.Fprintf(w, "  %-24s %7d\n", c.Label+":", c.Count)
	}
	fmt.Fprintf(w, "  %-24s %7d\n", "Journaleinträge:", rep.Journal)
	if len(rep.Leftovers) > 0 {
		fmt.Fprintln(w, "Übrig gebliebene Zwischendateien (von einer abgebrochenen Sicherung, Verdichtung oder Wiederherstellung; der nächste Start löscht sie):")
		for _, l := range rep.Leftovers {
			fmt.Fprintf(w, "  - %s (%s)\n", l.Path, model.FormatSize(l.Size))
		}
	}
	for _, warning := range rep.Warnings {
		fmt.Fprintf(w, "Hinweis: %s\n", warning)
	}
}

// problemsError lists the problems of the file on w and returns the error
// that names how many there are and what to do.
func problemsError(w io.Writer, rep store.CheckReport) error {
	if len(rep.Problems) == 1 {
		fmt.Fprintln(w, "1 Problem gefunden:")
	} else {
		fmt.Fprintf(w, "%d Probleme gefunden:\n", len(rep.Problems))
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "  - %s\n", p)
	}
	what := fmt.Sprintf("Die Datenbank hat %d Probleme (siehe oben).", len(rep.Problems))
	if len(rep.Problems) == 1 {
		what = "Die Datenbank hat ein Problem (siehe oben)."
	}
	return errors.New(what + " " + rep.Advice())
}
