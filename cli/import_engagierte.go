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
		Name:    "import engagierte",
		Summary: "eine Liste von Engagierten (CSV aus Excel) mit Bankverbindung übernehmen",
		Usage:   "stabsstelle import engagierte DATEI.csv [--dry-run]",
		Help: `Liest eine Liste, wie Excel sie als „CSV UTF-8 (durch Trennzeichen getrennt)“ speichert:
Semikolon als Trennzeichen, UTF-8 mit oder ohne BOM, Felder in Anführungszeichen erlaubt.

Kopfzeile:  Name;E-Mail;Telefon;IBAN;Straße;PLZ;Ort
Pflicht ist nur „Name“; die IBAN darf fehlen (dann kann noch nichts ausgezahlt werden),
eine ungültige IBAN macht die Zeile aber fehlerhaft.

Fehlerhafte Zeilen werden mit ihrer Zeilennummer gemeldet und übersprungen; alle guten Zeilen
werden in einem Schritt gespeichert. Gibt es eine Person schon (gleicher Name), bekommt sie die
Rolle „Engagierte:r“ und die Bankverbindung, wenn sie noch keine hat; sonst wird die Zeile
übersprungen.

  --dry-run   nur prüfen, nichts speichern

Beispiel:
  stabsstelle import engagierte lotsen.csv`,
		Run: runImportEngagierte,
	})
}

func runImportEngagierte(env *Env, args []string) error {
	var path string
	dry := false
	for _, a := range args {
		switch {
		case a == "--dry-run" || a == "-dry-run":
			dry = true
		case strings.HasPrefix(a, "-") && a != "-":
			return UsageError("Unbekannte Option %s. Hilfe: stabsstelle import engagierte --help", a)
		case path == "":
			path = a
		default:
			return UsageError("Bitte nur eine Datei angeben.")
		}
	}
	if path == "" {
		return UsageError("Bitte die CSV-Datei angeben, z. B.: stabsstelle import engagierte lotsen.csv")
	}
	f, err := os.Open(path)
	if err != nil {
		return FileError(path, err)
	}
	defer f.Close()
	rows, problems, err := model.ReadVolunteerCSV(f)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	created, extended := 0, 0
	err = st.Update(env.User, func(tx *store.Tx) error {
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
				if old.Volunteer != nil {
					problems = append(problems, model.CSVProblem{Line: r.Line, Msg: p.Name + " ist schon als Engagierte:r erfasst und wurde nicht verändert."})
					continue
				}
				old.Volunteer = p.Volunteer
				for _, fill := range []struct {
					dst *string
					src string
				}{
					{&old.Email, p.Email}, {&old.Phone, p.Phone}, {&old.Street, p.Street}, {&old.PostalCode, p.PostalCode}, {&old.City, p.City},
				} {
					if *fill.dst == "" {
						*fill.dst = fill.src
					}
				}
				if err := store.People.Put(tx, old); err != nil {
					return fmt.Errorf("Zeile %d: %v", r.Line, err)
				}
				extended++
				continue
			}
			if err := store.People.Put(tx, &p); err != nil {
				return fmt.Errorf("Zeile %d: %v", r.Line, err)
			}
			existing[strings.ToLower(p.Name)] = &p
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
	fmt.Fprintf(env.Stdout, "%d Engagierte %s", created+extended, verb)
	if extended > 0 {
		fmt.Fprintf(env.Stdout, " (%d davon als Rolle bei vorhandenen Personen)", extended)
	}
	fmt.Fprintf(env.Stdout, ", %d Zeile(n) übersprungen.\n", len(problems))
	if len(problems) > 0 {
		return fmt.Errorf("%d Zeile(n) der Datei %s wurden nicht übernommen (siehe oben). Bitte korrigieren und nur diese Zeilen erneut importieren.", len(problems), path)
	}
	return nil
}
