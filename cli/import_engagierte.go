package cli

import (
	"stabsstelle/model"
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

Fehlerhafte Zeilen werden mit ihrer Zeilennummer gemeldet und übersprungen; die guten Zeilen
werden gespeichert – ganz oder gar nicht (auch lange Listen, in Blöcken). Gibt es eine Person schon (gleicher Name), bekommt sie die
Rolle „Engagierte:r“ und die Bankverbindung, wenn sie noch keine hat; sonst wird die Zeile
übersprungen.

  --dry-run   nur prüfen, nichts speichern

Beispiel:
  stabsstelle import engagierte lotsen.csv`,
		Run: runImportEngagierte,
	})
}

func runImportEngagierte(env *Env, args []string) error {
	return runPersonImport(env, args, personImport{
		verb: "import engagierte", example: "lotsen.csv", noun: "Engagierte", extra: "als Rolle bei vorhandenen Personen",
		required: []string{"Name"},
		parse: func(row model.CSVRow, _ model.Date) (*model.Person, []string) {
			p, msgs := model.VolunteerFromRow(row)
			return &p, msgs
		},
		merge: func(old, p *model.Person) string {
			if old.Volunteer != nil {
				return p.Name + " ist schon als Engagierte:r erfasst und wurde nicht verändert."
			}
			old.Volunteer = p.Volunteer
			fillEmpty([2]*string{&old.Email, &p.Email}, [2]*string{&old.Phone, &p.Phone}, [2]*string{&old.Street, &p.Street},
				[2]*string{&old.PostalCode, &p.PostalCode}, [2]*string{&old.City, &p.City})
			return ""
		},
	})
}
