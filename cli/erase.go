package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "erase",
		Summary: "eine Person endgültig löschen (Art. 17 DSGVO), auch aus Journal und Datei",
		Usage:   "stabsstelle erase --person NAME|ID [--yes] [--einschraenken]",
		Help: `Löscht eine Person mit allen Angaben endgültig (Recht auf Löschung, Art. 17 DSGVO):
den Datensatz, den Namen in Anmeldungen, Aufgaben und als Ansprechperson in Einsätzen,
die alten Werte im Journal (der Eintrag bleibt: wer, wann, welche Art von Änderung,
Vermerk „Kontaktdaten gelöscht (Art. 17)“) und den Eintrag in der Suche. Danach wird
die Datei verdichtet: der Name steht nirgends mehr in der Datei. Rückgängig machen
(Strg+Z) geht nicht. Ältere Sicherungen enthalten die Person noch, bis sie mit der
normalen Rotation wegfallen; „stabsstelle restore“ wiederholt die Löschung beim
Zurückspielen (Löschprotokoll ohne personenbezogene Daten).

Personen mit Zahlungsbelegen (Anträge, Zahlläufe, Rückforderungen), die noch
aufbewahrt werden müssen (§ 147 AO, Frist in den Löschfristen), werden nicht gelöscht:
das Programm sagt, bis wann, und bietet die Einschränkung an (Art. 18 DSGVO): die
Person verschwindet aus Listen, Suche und Vermittlung und bleibt nur für die Kreiskasse.

Ohne --yes zeigt das Programm, was gelöscht wird und was bleibt, und fragt.

  --person NAME|ID  Name (genau, sonst Teil des Namens) oder Kennung der Person;
                    passen mehrere, werden sie mit Kennung aufgelistet
  --yes             ohne Rückfrage löschen (für Skripte)
  --einschraenken   statt zu löschen einschränken (wenn Zahlungsbelege bleiben müssen)

Exit-Code: 0 gelöscht bzw. eingeschränkt, 1 abgelehnt oder nicht eindeutig, 2 falscher Aufruf.

Beispiel:
  stabsstelle erase --person "Jonas Früher" --yes`,
		Run: runErase,
	})
}

func runErase(env *Env, args []string) error {
	fs := flag.NewFlagSet("erase", flag.ContinueOnError)
	who := fs.String("person", "", "Name oder Kennung")
	yes := fs.Bool("yes", false, "ohne Rückfrage")
	restrict := fs.Bool("einschraenken", false, "einschränken statt löschen")
	if err := ParseOptions(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*who) == "" {
		return UsageError("Bitte die Person angeben: stabsstelle erase --person NAME|ID")
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var plan *store.ErasePlan
	err = st.View(func(tx *store.Tx) error {
		p, err := onePerson(tx, *who)
		if err != nil {
			return err
		}
		plan, err = store.PlanErase(tx, p.ID)
		return err
	})
	if err != nil {
		return err
	}
	today := model.Today(env.Now())
	in := bufio.NewReader(env.Stdin)
	if retained := plan.Retained(today); retained != nil || *restrict {
		return restrictInstead(env, st, plan, retained, *restrict, *yes, in)
	}
	printPlan(env.Stdout, plan, env.DB, env.Now())
	if !*yes {
		if !interactive(env.Stdin) {
			return errors.New("Es wurde nichts gelöscht: ohne Rückfrage nur mit --yes (stabsstelle erase --person " + plan.Person.ID + " --yes).")
		}
		if !ask(in, env.Stderr, "„"+plan.Person.Name+"“ endgültig löschen? [j/n] ") {
			return errors.New("Es wurde nichts gelöscht.")
		}
	}
	var res store.EraseResultPerson
	if err := st.Update(env.User, func(tx *store.Tx) (err error) {
		res, err = store.ErasePerson(tx, plan.Person.ID, "Antrag auf Löschung (Art. 17 DSGVO)")
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "„%s“ ist gelöscht: %d Anmeldung(en), %d Aufgabe(n), %d Einsatz-Kontakt(e) ohne Namen, %d Journaleinträge geschwärzt.\n",
		res.Name, res.Registrations, res.Tasks, res.Contacts, res.Journal)
	return env.compactAfterErase()
}

// compactAfterErase closes the store and compacts the file, so that the
// erased data leaves the freed pages.
func (e *Env) compactAfterErase() error {
	if e.store != nil {
		if err := e.store.Close(); err != nil {
			return err
		}
		e.store = nil
	}
	before, after, err := store.Compact(e.DB)
	if err != nil {
		return fmt.Errorf("Die Löschung ist gespeichert, aber die Datei konnte nicht verdichtet werden – bis dahin stehen die Daten noch in freien Bereichen der Datei. Bitte „stabsstelle compact“ ausführen. (%w)", err)
	}
	fmt.Fprintf(e.Stdout, "Die Datei ist verdichtet (%s → %s): die gelöschten Daten stehen nicht mehr darin.\n", model.FormatSize(before), model.FormatSize(after))
	return nil
}

// onePerson resolves NAME|ID to exactly one person; several are listed
// with their IDs.
func onePerson(tx *store.Tx, q string) (*model.Person, error) {
	found, err := store.FindPeople(tx, q)
	if err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("Es gibt keine Person „%s“. Bitte den Namen prüfen (stabsstelle search %s).", q, q)
	case 1:
		return found[0], nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "„%s“ passt auf %d Personen – bitte mit der Kennung wiederholen (--person KENNUNG):", q, len(found))
	for _, p := range found {
		fmt.Fprintf(&b, "\n  %s  %s", p.ID, p.Name)
		if r := strings.Join(p.Roles(), ", "); r != "" {
			b.WriteString(" (" + r + ")")
		}
		if pl := p.Place(); pl != "" {
			b.WriteString(" · " + pl)
		}
	}
	return nil, errors.New(b.String())
}

func printPlan(w io.Writer, plan *store.ErasePlan, db string, now time.Time) {
	fmt.Fprintf(w, "Gelöscht wird:\n")
	for _, s := range plan.Goes() {
		fmt.Fprintf(w, "  – %s\n", s)
	}
	fmt.Fprintf(w, "Es bleibt:\n")
	for _, s := range plan.Stays() {
		fmt.Fprintf(w, "  – %s\n", s)
	}
	if line := backupsLine(db, now); line != "" {
		fmt.Fprintln(w, line)
	}
}

// backupsLine says in how many backups the data still stands and until
// when they leave with the rotation (BackupKeep daily backups).
func backupsLine(db string, now time.Time) string {
	list, err := store.ListBackups(store.BackupDir(db))
	if err != nil || len(list) == 0 {
		return ""
	}
	until := model.DateOf(list[0].Time).AddDays(store.BackupKeep)
	if u := model.Today(now).AddDays(store.BackupKeep); until.Before(u) {
		until = u
	}
	return fmt.Sprintf("Die Daten stehen noch in %d Sicherung(en) bis voraussichtlich %s (sie fallen mit der normalen Rotation weg; „stabsstelle restore“ wiederholt die Löschung).", len(list), until)
}

// restrictInstead explains why the person must be kept and restricts
// their processing if the user wants it.
func restrictInstead(env *Env, st *store.Store, plan *store.ErasePlan, retained error, restrict, yes bool, in *bufio.Reader) error {
	p := plan.Person
	if retained != nil {
		fmt.Fprintln(env.Stdout, retained.Error())
	}
	if p.IsRestricted() {
		return fmt.Errorf("„%s“ ist bereits eingeschränkt (seit %s); gelöscht werden kann ab %s.", p.Name, model.DateOf(p.Restricted.Since), plan.Hold.Until)
	}
	switch {
	case yes && restrict:
		// --einschraenken --yes: do as told.
	case yes:
		// --yes alone agrees to the erasure, not to a restriction.
		if !interactive(env.Stdin) {
			return errors.New("Es wurde nichts geändert. Einschränken: stabsstelle erase --person " + p.ID + " --einschraenken --yes")
		}
		fallthrough
	default:
		if !interactive(env.Stdin) {
			return errors.New("Es wurde nichts geändert. Einschränken ohne Rückfrage: stabsstelle erase --person " + p.ID + " --einschraenken --yes")
		}
		if !ask(in, env.Stderr, "Verarbeitung von „"+p.Name+"“ stattdessen einschränken (Art. 18)? [j/n] ") {
			return errors.New("Es wurde nichts geändert.")
		}
	}
	if err := st.Update(env.User, func(tx *store.Tx) error {
		_, err := store.RestrictPerson(tx, p.ID, "Antrag auf Löschung (Art. 17), Zahlungsbelege aufzubewahren")
		return err
	}); err != nil {
		return err
	}
	until := "der Löschlauf sie löscht"
	if !plan.Hold.Until.IsZero() {
		until = plan.Hold.Until.String() + " (dann löscht sie der Löschlauf)"
	}
	fmt.Fprintf(env.Stdout, "„%s“ ist eingeschränkt: nicht mehr in Listen, Suche und Vermittlung, gespeichert nur für die Kreiskasse bis %s.\n", p.Name, until)
	return nil
}
