package cli

import (
	"fmt"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "compact",
		Summary: "die Datenbank verdichten, damit gelöschte Daten die Datei verlassen",
		Usage:   "stabsstelle compact",
		Help: `Schreibt die Datenbank in eine neue Datei um, die nur noch die lebenden Daten
enthält, prüft sie und tauscht sie gegen die alte aus. Danach ist die Datei kleiner,
und Reste gelöschter Datensätze (personenbezogene Daten!) stehen nicht mehr darin.
Empfohlen nach dem Löschen vieler Datensätze oder einer Löschung nach DSGVO.
Die Datenbank darf dabei nirgends geöffnet sein. Ältere Sicherungen enthalten die
gelöschten Daten weiter, bis sie ausgetauscht sind (7 Generationen).

Beispiel:
  stabsstelle compact`,
		Run: runCompact,
	})
}

func runCompact(env *Env, args []string) error {
	if len(args) > 0 {
		return UsageError("„stabsstelle compact“ erwartet keine weiteren Angaben.")
	}
	before, after, err := store.Compact(env.DB)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Verdichtet: %s → %s (%s)\n", model.FormatSize(before), model.FormatSize(after), env.DB)
	return nil
}
