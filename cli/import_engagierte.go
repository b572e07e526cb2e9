package cli

import (
	"fmt"

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
werden gespeichert – ganz oder gar nicht (auch lange Listen, in Blöcken).

Gibt es eine Person schon (gleicher Name), bekommt sie die Rolle „Engagierte:r“; E-Mail,
Telefon und Anschrift der Datei ersetzen abweichende gespeicherte Angaben (die Liste ist die
neuere Quelle; leere Zellen ändern nichts). Jede Änderung steht danach mit alt → neu auf
dem Bildschirm, --dry-run zeigt sie vorher. Eine IBAN wird nur ergänzt, nie ersetzt: weicht
sie ab, steht das als Hinweis da. Bringt die Zeile nichts Neues, wird sie übersprungen.
Haben mehrere Personen dieselbe IBAN, nennt der Import sie alle.

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
		merge: func(old, p *model.Person) (string, []string) {
			notes := updateContact(old, p, "E-Mail", "Telefon", "Straße", "PLZ", "Ort")
			if old.Volunteer == nil {
				old.Volunteer = p.Volunteer
				return "", notes
			}
			// A bank account is never changed by a list: a wrong IBAN in
			// Excel would send the next payout elsewhere.
			switch ov, nv := old.Volunteer.IBAN, p.Volunteer.IBAN; {
			case nv == "" || nv == ov:
			case ov == "":
				old.Volunteer.IBAN = nv
				notes = append(notes, p.Name+": IBAN "+nv.Masked()+" ergänzt.")
			default:
				notes = append(notes, fmt.Sprintf("%s: die IBAN der Datei (%s) weicht von der gespeicherten (%s) ab und wurde nicht übernommen – bitte im Reiter Kostenerstattungen → Engagierte prüfen.", p.Name, nv.Masked(), ov.Masked()))
			}
			if len(notes) == 0 {
				return p.Name + " ist schon als Engagierte:r erfasst, die Datei bringt nichts Neues – nicht verändert.", nil
			}
			return "", notes
		},
	})
}
