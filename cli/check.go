package cli

import (
	"errors"
	"fmt"

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
Probleme. Ist die Datei gerade in einem anderen Fenster oder vom Team-Server
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
	if rep.Schema > 0 {
		fmt.Fprintf(env.Stdout, "Datenbank: %s (Schema %d)\n", rep.Path, rep.Schema)
	} else {
		fmt.Fprintf(env.Stdout, "Datenbank: %s\n", rep.Path)
	}
	for _, c := range rep.Counts {
		fmt.Fprintf(env.Stdout, "  %-24s %7d\n", c.Label+":", c.Count)
	}
	fmt.Fprintf(env.Stdout, "  %-24s %7d\n", "Journaleinträge:", rep.Journal)
	if len(rep.Leftovers) > 0 {
		fmt.Fprintln(env.Stdout, "Übrig gebliebene Zwischendateien (von einer abgebrochenen Sicherung, Verdichtung oder Wiederherstellung; der nächste Start löscht sie):")
		for _, l := range rep.Leftovers {
			fmt.Fprintf(env.Stdout, "  - %s (%s)\n", l.Path, model.FormatSize(l.Size))
		}
	}
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
	if len(rep.Problems) == 1 {
		fmt.Fprintln(env.Stdout, "1 Problem gefunden:")
	} else {
		fmt.Fprintf(env.Stdout, "%d Probleme gefunden:\n", len(rep.Problems))
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(env.Stdout, "  - %s\n", p)
	}
	what := fmt.Sprintf("Die Datenbank hat %d Probleme (siehe oben).", len(rep.Problems))
	if len(rep.Problems) == 1 {
		what = "Die Datenbank hat ein Problem (siehe oben)."
	}
	return errors.New(what + " " + rep.Advice())
}
