package cli

import (
	"fmt"
	"os"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "import sprachmittler",
		Summary: "eine vorhandene Liste von Sprachmittler:innen (CSV aus Excel) übernehmen",
		Usage:   "stabsstelle import sprachmittler DATEI.csv [--dry-run]",
		Help: `Liest eine Liste, wie Excel sie als „CSV UTF-8 (durch Trennzeichen getrennt)“ speichert:
Semikolon als Trennzeichen, UTF-8 mit oder ohne BOM, Felder in Anführungszeichen erlaubt.

Pflichtspalten (Kopfzeile):  Name;Geschlecht;Sprachen;Telefon;E-Mail;Ort
Weitere Spalten (optional): Straße;PLZ;Einsatzformen;Samtgemeinden;Mobilität;Schweigepflicht;
  Führungszeugnis;Führungszeugnis gültig bis;Grundschulung;Ehrenamtsvereinbarung;Aktiv;Notizen

  Geschlecht     w, m, d oder leer
  Sprachen       durch Komma getrennt, Dialekt in Klammern, Niveau nach Doppelpunkt:
                 Arabisch (Syrisch), Kurmandschi, Englisch: gut
  Einsatzformen  vor Ort, Telefon, Video (leer = alle)
  Datumsspalten  TT.MM.JJJJ
  Aktiv          ja (Standard) oder nein (= pausiert)

Fehlerhafte Zeilen werden mit ihrer Zeilennummer gemeldet und übersprungen; alle guten Zeilen
werden in einem Schritt gespeichert. Personen, die es schon gibt (gleicher Name), bekommen das
Sprachmittlungsprofil, wenn sie noch keines haben; sonst wird die Zeile übersprungen.

  --dry-run   nur prüfen, nichts speichern

Beispiel:
  stabsstelle import sprachmittler pool.csv`,
		Run: runImportSprachmittler,
	})
}

func runImportSprachmittler(env *Env, args []string) error {
	var path string
	dry := false
	for _, a := range args {
		switch {
		case a == "--dry-run" || a == "-dry-run":
			dry = true
		case strings.HasPrefix(a, "-") && a != "-":
			return UsageError("Unbekannte Option %s. Hilfe: stabsstelle import sprachmittler --help", a)
		case path == "":
			path = a
		default:
			return UsageError("Bitte nur eine Datei angeben.")
		}
	}
	if path == "" {
		return UsageError("Bitte die CSV-Datei angeben, z. B.: stabsstelle import sprachmittler pool.csv")
	}
	f, err := os.Open(path)
	if err != nil {
		return FileError(path, err)
	}
	defer f.Close()
	rows, problems, err := model.ParseInterpreterCSV(f, model.Today(env.Now()))
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	created, extended := 0, 0
	write := st.Update
	err = write(env.User, func(tx *store.Tx) error {
		existing := map[string]*model.Person{}
		if err := store.People.Each(tx, func(p *model.Person) error {
			existing[strings.ToLower(p.Name)] = p
			return nil
		}); err != nil {
			return err
		}
		for _, r := range rows {
			p := r.Person
			if old, ok := existing[strings.ToLower(p.Name)]; ok {
				if old.Interpreter != nil {
					problems = append(problems, model.CSVProblem{Line: r.Line, Msg: p.Name + " ist schon im Pool und wurde nicht verändert."})
					continue
				}
				old.Interpreter = p.Interpreter
				if old.Phone == "" {
					old.Phone = p.Phone
				}
				if old.Email == "" {
					old.Email = p.Email
				}
				if old.Gender == "" {
					old.Gender = p.Gender
				}
				if err := store.People.Put(tx, old); err != nil {
					return fmt.Errorf("Zeile %d: %v", r.Line, err)
				}
				extended++
				continue
			}
			if err := store.People.Put(tx, p); err != nil {
				return fmt.Errorf("Zeile %d: %v", r.Line, err)
			}
			existing[strings.ToLower(p.Name)] = p
			created++
		}
		if dry {
			return errDryRun
		}
		return nil
	})
	if err != nil && err != errDryRun {
		return fmt.Errorf("Es wurde nichts importiert: %v", err)
	}
	sortProblems(problems)
	for _, p := range problems {
		fmt.Fprintf(env.Stderr, "%s\n", p)
	}
	verb := "importiert"
	if dry {
		verb = "würden importiert (Probelauf, nichts gespeichert)"
	}
	fmt.Fprintf(env.Stdout, "%d Sprachmittler:innen %s", created+extended, verb)
	if extended > 0 {
		fmt.Fprintf(env.Stdout, " (%d davon als Profil bei vorhandenen Personen)", extended)
	}
	fmt.Fprintf(env.Stdout, ", %d Zeile(n) übersprungen.\n", len(problems))
	if len(problems) > 0 {
		return fmt.Errorf("%d Zeile(n) der Datei %s wurden nicht übernommen (siehe oben). Bitte korrigieren und nur diese Zeilen erneut importieren.", len(problems), path)
	}
	return nil
}

// errDryRun rolls back the transaction of a --dry-run.
var errDryRun = fmt.Errorf("Probelauf")

func sortProblems(ps []model.CSVProblem) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Line < ps[j-1].Line; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}
