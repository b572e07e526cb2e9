package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "export auskunft",
		Summary: "Auskunft über eine Person (Art. 15 DSGVO) als Text und JSON",
		Usage:   "stabsstelle export auskunft --person NAME|ID --out DATEI [--force]",
		Help: `Schreibt alles, was das Programm über eine Person gespeichert hat – über alle drei Reiter:
Personendaten und Rollen, Einsätze (als Sprachmittler:in oder Ansprechperson), Anträge,
Auszahlungen (die IBAN nur ungekürzt, wenn die Person selbst Kontoinhaber:in ist),
Rückforderungen, Anmeldungen zu Veranstaltungen, Aufgaben und die Journaleinträge zur
Person (wer wann was geändert hat) – als lesbaren deutschen Text (Markdown) in DATEI
und dasselbe maschinenlesbar in DATEI.json.

  --person NAME|ID  Name (genau, sonst Teil des Namens) oder Kennung der Person;
                    passen mehrere, werden sie mit Kennung aufgelistet
  --out DATEI       Zieldatei, z. B. auskunft-schmidt.md
  --force           vorhandene Dateien ohne Rückfrage überschreiben

Vorhandene Dateien werden nicht ohne Rückfrage überschrieben (ohne Terminal: nie, außer mit --force).

Beispiel:
  stabsstelle export auskunft --person "Jonas Früher" --out auskunft-frueher.md`,
		Run: runExportAuskunft,
	})
}

func runExportAuskunft(env *Env, args []string) error {
	fs := flag.NewFlagSet("export auskunft", flag.ContinueOnError)
	who := fs.String("person", "", "Name oder Kennung")
	out := fs.String("out", "", "Zieldatei")
	force := fs.Bool("force", false, "vorhandene Dateien überschreiben")
	if err := ParseOptions(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*who) == "" || strings.TrimSpace(*out) == "" {
		return UsageError("Bitte --person NAME|ID und --out DATEI angeben, z. B. --person \"Anna Schmidt\" --out auskunft.md")
	}
	jsonOut := *out + ".json"
	if err := checkNew(env, *force, *out, jsonOut); err != nil {
		return err
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var a *store.Auskunft
	err = st.View(func(tx *store.Tx) error {
		p, err := onePerson(tx, *who)
		if err != nil {
			return err
		}
		a, err = store.AuskunftOf(tx, p.ID)
		return err
	})
	if err != nil {
		return err
	}
	a.By = env.User
	js, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return err
	}
	if err := WriteFile(*out, []byte(a.Markdown())); err != nil {
		return err
	}
	if err := WriteFile(jsonOut, append(js, '\n')); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Auskunft über %s geschrieben: %s und %s (%d Einsätze, %d Anträge, %d Anmeldungen, %d Journaleinträge).\n",
		a.Name, AbsPath(*out), AbsPath(jsonOut), len(a.Einsaetze), len(a.Claims), len(a.Registrations), len(a.Journal))
	return nil
}
