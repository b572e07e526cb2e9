package cli

import (
	"flag"
	"fmt"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "export jahresbescheinigung",
		Summary: "Jahresbescheinigung über Aufwandsentschädigungen einer Person",
		Usage:   "stabsstelle export jahresbescheinigung --person NAME [--year JJJJ] --out DATEI.txt [--force]",
		Help: `Schreibt die Bescheinigung über die im Kalenderjahr ausgezahlten Aufwandsentschädigungen
(Pauschalen) einer oder eines Engagierten als Textdatei – für die Steuererklärung oder das Jobcenter.
Fahrt- und Sachkosten (Auslagenersatz) sind nicht enthalten.

  --person NAME   Name der Person (genau wie gespeichert, Groß-/Kleinschreibung egal)
  --year JJJJ     Kalenderjahr (Standard: das laufende Jahr)
  --out DATEI     Zieldatei
  --force         eine vorhandene Datei ohne Rückfrage überschreiben (sonst fragt der Befehl
                  im Terminal und bricht im Skript mit 1 ab)

Beispiel:
  stabsstelle export jahresbescheinigung --person "Ralf Krüger" --out ralf.txt
  stabsstelle export jahresbescheinigung --person "Ralf Krüger" --year 2025 --out ralf-2025.txt`,
		Run: runExportJahresbescheinigung,
	})
}

func runExportJahresbescheinigung(env *Env, args []string) error {
	fs := flag.NewFlagSet("export jahresbescheinigung", flag.ContinueOnError)
	name := fs.String("person", "", "Name")
	year := fs.Int("year", model.Today(env.Now()).Year, "Jahr")
	out := fs.String("out", "", "Zieldatei")
	force := forceFlag(fs)
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" || strings.TrimSpace(*out) == "" {
		return UsageError("Bitte --person NAME und --out DATEI angeben, z. B. --person \"Anna Schmidt\" --out anna.txt")
	}
	if *year < 2000 || *year > 2199 {
		return UsageError("--year: bitte ein Jahr wie 2026 angeben.")
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var txt string
	err = st.View(func(tx *store.Tx) error {
		var found []*model.Person
		err := store.People.Each(tx, func(p *model.Person) error {
			if strings.EqualFold(strings.TrimSpace(p.Name), strings.TrimSpace(*name)) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return err
		}
		switch len(found) {
		case 0:
			return fmt.Errorf("Es gibt keine Person „%s“. Bitte den Namen prüfen (stabsstelle search %s).", *name, *name)
		case 1:
		default:
			return fmt.Errorf("Es gibt %d Personen mit dem Namen „%s“ – bitte die Bescheinigung im Reiter Kostenerstattungen → Engagierte schreiben.", len(found), *name)
		}
		txt, err = store.Jahresbescheinigung(tx, found[0].ID, *year)
		return err
	})
	if err != nil {
		return err
	}
	if err := WriteOut(env, *force, OutFile{*out, []byte(txt)}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Jahresbescheinigung %d für %s geschrieben: %s\n", *year, *name, store.AbsPath(*out))
	return nil
}
