package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "import teilnehmer",
		Summary: "Anmeldungen einer Veranstaltung aus einer Liste übernehmen (Webformular, Liste eines Partners)",
		Usage:   "stabsstelle import teilnehmer V-2026-003 DATEI.csv [--dry-run]",
		Help: `Liest eine Liste, wie Excel sie als CSV speichert (Semikolon, UTF-8 mit oder ohne BOM,
Felder in Anführungszeichen erlaubt) – dieselben Regeln wie bei den anderen Importen.

Kopfzeile:  Name;Organisation;E-Mail;Status
Status:     angemeldet (Standard, auch leer), anwesend oder abgemeldet

Jede Zeile wird einer Person zugeordnet: gleiche E-Mail-Adresse, sonst gleicher Name und
gleiche Einrichtung; sonst wird die Person neu angelegt (eine unbekannte Organisation als
neue Einrichtung). Hat die Person schon eine Anmeldung für die Veranstaltung, wird diese
aktualisiert, nie verdoppelt. Platzzahl und Warteliste gelten wie am Schreibtisch;
„anwesend“ ist ein Einlass und zählt nicht gegen die Platzzahl.

Fehlerhafte Zeilen werden mit ihrer Zeilennummer gemeldet und übersprungen; alle guten
Zeilen werden in einem Schritt gespeichert (ganz oder gar nicht). Am Ende steht, wie viele
neu, aktualisiert, auf die Warteliste gesetzt und abgelehnt wurden.

  --dry-run   nur prüfen, nichts speichern

Beispiel:
  stabsstelle import teilnehmer V-2026-003 anmeldungen.csv`,
		Run: runImportTeilnehmer,
	})
}

func runImportTeilnehmer(env *Env, args []string) error {
	args, after := splitAtDashDash(args)
	var pos []string
	dry := false
	for _, a := range args {
		switch {
		case a == "--dry-run" || a == "-dry-run":
			dry = true
		case strings.HasPrefix(a, "-") && a != "-":
			return UsageError("Unbekannte Option %s. Hilfe: stabsstelle import teilnehmer --help", a)
		default:
			pos = append(pos, a)
		}
	}
	pos = append(pos, after...)
	if len(pos) != 2 {
		return UsageError("Bitte die Veranstaltung und die Datei angeben, z. B.: stabsstelle import teilnehmer V-2026-003 anmeldungen.csv")
	}
	number, path := pos[0], pos[1]
	f, err := os.Open(path)
	if err != nil {
		return FileError(path, err)
	}
	defer f.Close()
	rows, problems, err := readTeilnehmerFile(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	res, evNumber, err := importTeilnehmer(env, st, number, rows, dry)
	if err != nil {
		return err
	}
	problems = append(problems, res.Problems...)
	res.Refused += len(problems) - len(res.Problems)
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	for _, p := range problems {
		fmt.Fprintln(env.Stderr, p)
	}
	printTeilnehmerImport(env.Stdout, evNumber, res, dry)
	if len(problems) > 0 {
		return fmt.Errorf("%s der Datei %s %s nicht übernommen (siehe oben). Bitte korrigieren und nur diese Zeilen erneut importieren.",
			linesText(len(problems)), path, plural(len(problems), "wurde", "wurden"))
	}
	return nil
}

// printTeilnehmerImport says what the import did (or, with dry, would do)
// for the event evNumber.
func printTeilnehmerImport(w io.Writer, evNumber string, res store.TeilnehmerResult, dry bool) {
	done := "übernommen"
	if dry {
		done = "würden übernommen (Probelauf, nichts gespeichert)"
	}
	fmt.Fprintf(w, "Teilnehmende für %s %s: %d neu, %d aktualisiert, %d auf der Warteliste, %d abgelehnt (%d unverändert).\n",
		evNumber, done, res.New, res.Updated, res.Waiting, res.Refused, res.Unchanged)
	if res.People > 0 || res.Orgs > 0 {
		fmt.Fprintf(w, "  neu angelegt: %d %s, %d %s\n", res.People, plural(res.People, "Person", "Personen"),
			res.Orgs, plural(res.Orgs, "Einrichtung", "Einrichtungen"))
	}
}

// readTeilnehmerFile reads the list: the good rows, and the problems of
// the bad ones with their line numbers.
func readTeilnehmerFile(f io.Reader) ([]model.TeilnehmerRow, []model.CSVProblem, error) {
	tab, err := model.ReadCSV(f, model.TeilnehmerColumns[:1])
	if err != nil {
		return nil, nil, err
	}
	problems := append([]model.CSVProblem(nil), tab.Bad...)
	var rows []model.TeilnehmerRow
	for _, row := range tab.Rows {
		r, msgs := model.TeilnehmerFromRow(row)
		if len(msgs) > 0 {
			problems = append(problems, model.CSVProblem{Line: row.Line, Msg: strings.Join(msgs, " ")})
			continue
		}
		rows = append(rows, r)
	}
	return rows, problems, nil
}

// importTeilnehmer adds the rows to the event with the given number in one
// transaction; on a --dry-run the transaction is rolled back.
func importTeilnehmer(env *Env, st *store.Store, number string, rows []model.TeilnehmerRow, dry bool) (store.TeilnehmerResult, string, error) {
	var res store.TeilnehmerResult
	var evNumber string
	err := st.Update(env.User, func(tx *store.Tx) error {
		ev, err := store.Events.ByNumber(tx, number)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Die Veranstaltung %s gibt es nicht. Die Nummern stehen in der Liste im Reiter Netzwerk (z. B. V-2026-003).", number)
		}
		if err != nil {
			return err
		}
		evNumber = ev.Number
		if res, err = store.ImportTeilnehmer(tx, ev.ID, rows); err != nil {
			return err
		}
		if dry {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return res, evNumber, fmt.Errorf("Es wurde nichts übernommen: %w", err)
	}
	return res, evNumber, nil
}
