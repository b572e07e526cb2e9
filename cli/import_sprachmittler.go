package cli

import (
	"stabsstelle/model"
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

Fehlerhafte Zeilen werden mit ihrer Zeilennummer gemeldet und übersprungen; die guten Zeilen
werden gespeichert – ganz oder gar nicht (auch lange Listen, in Blöcken).

Personen, die es schon gibt (gleicher Name), bekommen das Sprachmittlungsprofil, wenn sie noch
keines haben; Telefon und E-Mail der Datei ersetzen abweichende gespeicherte Angaben (leere
Zellen ändern nichts), und jede Änderung steht danach mit alt → neu auf dem Bildschirm
(--dry-run zeigt sie vorher). Bringt die Zeile nichts Neues, wird sie übersprungen.

  --dry-run   nur prüfen, nichts speichern

Beispiel:
  stabsstelle import sprachmittler pool.csv`,
		Run: runImportSprachmittler,
	})
}

func runImportSprachmittler(env *Env, args []string) error {
	return runPersonImport(env, args, personImport{
		verb: "import sprachmittler", example: "pool.csv", noun: "Sprachmittler:innen", extra: "als Profil bei vorhandenen Personen",
		required: model.InterpreterCSVColumns, dupInFile: true,
		parse: model.InterpreterFromRow,
		merge: func(old, p *model.Person) (string, []string) {
			notes := updateContact(old, p, "Telefon", "E-Mail")
			if old.Interpreter != nil {
				if len(notes) == 0 {
					return p.Name + " ist schon im Pool und wurde nicht verändert.", nil
				}
				return "", notes
			}
			old.Interpreter = p.Interpreter
			if old.Gender == "" {
				old.Gender = p.Gender
			}
			return "", notes
		},
	})
}
