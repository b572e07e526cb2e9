package cli

import (
	"bytes"
	"flag"
	"fmt"
	"sort"
	"strings"

	"stabsstelle/forms"
	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "export teilnehmer",
		Summary: "Teilnehmerliste einer Veranstaltung (CSV für Excel, Unterschriftenliste als PDF und Text)",
		Usage:   "stabsstelle export teilnehmer V-2026-003 --out DATEI.csv [--leer N] [--force]",
		Help: `Schreibt drei Dateien:
  DATEI.csv   alle Anmeldungen (ohne Abmeldungen) für Excel: Semikolon, UTF-8 mit BOM
              Spalten: Nr.;Name;Einrichtung;Rolle;Status;Angemeldet am;Anwesend seit;E-Mail
  DATEI.pdf   die Teilnehmer- und Unterschriftenliste zum Ausdrucken (A4, Briefkopf des
              Landkreises): angemeldete und anwesende Personen, dazu leere Zeilen für Spontane
  DATEI.txt   dieselbe Liste als Text (für Drucker ohne PDF)

  --leer N    so viele leere Zeilen am Ende der Unterschriftenliste (Standard 10)
  --force     vorhandene Dateien ohne Rückfrage überschreiben (sonst fragt der Befehl im
              Terminal und bricht im Skript mit 1 ab)

Nach dem Löschen der Kontaktdaten gibt es keine Namen mehr, nur noch Zahlen.

Beispiel:
  stabsstelle export teilnehmer V-2026-003 --out ak-bildung.csv
  → ak-bildung.csv, ak-bildung.pdf und ak-bildung.txt`,
		Run: runExportTeilnehmer,
	})
}

func runExportTeilnehmer(env *Env, args []string) error {
	fs := flag.NewFlagSet("export teilnehmer", flag.ContinueOnError)
	out := fs.String("out", "", "Zieldatei")
	blank := fs.Int("leer", 10, "leere Zeilen")
	force := forceFlag(fs)
	number, err := teilnehmerArgs(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		return UsageError("Bitte mit --out angeben, wohin die Liste geschrieben wird, z. B. --out liste.csv")
	}
	if *blank < 0 || *blank > 200 {
		return UsageError("--leer muss zwischen 0 und 200 liegen.")
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	ev, att, lh, err := loadTeilnehmer(st, number)
	if err != nil {
		return err
	}
	SortAttendees(att)
	var csvBuf, txtBuf bytes.Buffer
	if err := WriteTeilnehmerCSV(&csvBuf, att); err != nil {
		return err
	}
	rows := signInRows(att)
	if err := model.WriteSignInSheet(&txtBuf, ev, rows, *blank, env.Now()); err != nil {
		return err
	}
	var pdfBuf bytes.Buffer
	if err := forms.SignInSheet(&pdfBuf, lh, ev, rows, *blank, env.Now()); err != nil {
		return err
	}
	txtPath, pdfPath := SignInPath(*out), SignInPDFPath(*out)
	if err := checkNew(env, *force, *out, pdfPath, txtPath); err != nil {
		return err
	}
	for _, f := range []struct {
		path string
		data []byte
	}{{*out, csvBuf.Bytes()}, {pdfPath, pdfBuf.Bytes()}, {txtPath, txtBuf.Bytes()}} {
		if err := WriteFile(f.path, f.data); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "%s: %d Anmeldungen nach %s,\nUnterschriftenliste (%d Personen, %d leere Zeilen) nach %s und %s geschrieben.\n",
		ev.Number, len(att)-countStatus(att, model.RegAbgemeldet), AbsPath(*out), len(rows), *blank, AbsPath(pdfPath), AbsPath(txtPath))
	return nil
}

// teilnehmerArgs parses the flags and the one event number, which may
// stand before or after them.
func teilnehmerArgs(fs *flag.FlagSet, args []string) (string, error) {
	var number string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		number, args = args[0], args[1:]
	}
	if err := ParseFlags(fs, args); err != nil {
		return "", err
	}
	if number == "" && fs.NArg() > 0 {
		number = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return "", UsageError("Bitte nur eine Veranstaltungsnummer angeben, nicht „%s“.", strings.Join(fs.Args(), " "))
	}
	if number == "" {
		return "", UsageError("Bitte die Nummer der Veranstaltung angeben, z. B. stabsstelle export teilnehmer V-2026-003 --out liste.csv")
	}
	return number, nil
}

// loadTeilnehmer reads the event with the given number, its attendees and
// the letterhead. An event whose contact data were erased has no names
// left: that is an error that still says the counts.
func loadTeilnehmer(st *store.Store, number string) (*model.Event, []store.Attendee, model.Letterhead, error) {
	var err error
	var ev *model.Event
	var att []store.Attendee
	var lh model.Letterhead
	err = st.View(func(tx *store.Tx) error {
		if ev, err = eventByNumber(tx, number); err != nil {
			return err
		}
		if lh, err = store.LoadLetterhead(tx); err != nil {
			return err
		}
		att, err = store.Attendees(tx, ev.ID)
		return err
	})
	if err != nil {
		return nil, nil, lh, err
	}
	if !ev.Erased.IsZero() {
		c := ev.CountsAfterErase
		if c == nil {
			c = &model.AttendanceCounts{}
		}
		return nil, nil, lh, fmt.Errorf("Die Kontaktdaten von %s wurden am %s gelöscht; es gibt keine Namen mehr (teilgenommen: %d, angemeldet: %d, Warteliste: %d).",
			ev.Number, model.FormatDate(ev.Erased), c.Teilgenommen, c.Angemeldet, c.Warteliste)
	}
	return ev, att, lh, nil
}

// signInRows are the people on the sign-in sheet: those who hold a place.
func signInRows(att []store.Attendee) []model.SignInRow {
	var rows []model.SignInRow
	for _, a := range att {
		if a.Reg.Status.HoldsPlace() {
			rows = append(rows, model.SignInRow{Name: a.Name, Organisation: a.Organisation, Role: a.Reg.Role})
		}
	}
	return rows
}

// SignInPath is where the printable list goes beside the CSV: liste.csv →
// liste.txt, liste → liste.txt.
func SignInPath(csvPath string) string {
	base := csvPath
	if strings.HasSuffix(strings.ToLower(base), ".csv") {
		base = base[:len(base)-4]
	}
	return base + ".txt"
}

// SignInPDFPath is where the PDF sign-in sheet goes: liste.csv → liste.pdf.
func SignInPDFPath(csvPath string) string {
	return strings.TrimSuffix(SignInPath(csvPath), ".txt") + ".pdf"
}

func countStatus(att []store.Attendee, st model.RegStatus) int {
	n := 0
	for _, a := range att {
		if a.Reg.Status == st {
			n++
		}
	}
	return n
}

// SortAttendees orders by name as a German reader expects (ä with a, ß as
// ss), so the printed list can be searched at the door.
func SortAttendees(att []store.Attendee) {
	sort.SliceStable(att, func(i, j int) bool { return germanKey(att[i].Name) < germanKey(att[j].Name) })
}

var germanFold = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss", "é", "e", "è", "e", "ç", "c", "ı", "i", "ş", "s", "ğ", "g")

// germanKey is DIN 5007-1 ordering (umlauts as their base letter), enough
// for names on a door list without a collation library.
func germanKey(s string) string { return germanFold.Replace(strings.ToLower(s)) }

// WriteTeilnehmerCSV writes the attendance list for German Excel; cancelled
// registrations are left out. Column order is stable between versions.
func WriteTeilnehmerCSV(w *bytes.Buffer, att []store.Attendee) error {
	cw := model.NewExcelCSV(w)
	if err := cw.Write("Nr.", "Name", "Einrichtung", "Rolle", "Status", "Angemeldet am", "Anwesend seit", "E-Mail"); err != nil {
		return err
	}
	n := 0
	for _, a := range att {
		if a.Reg.Status == model.RegAbgemeldet {
			continue
		}
		n++
		role := string(a.Reg.Role)
		if err := cw.Write(fmt.Sprint(n), a.Name, a.Organisation, role, string(a.Reg.Status),
			model.FormatDateTime(a.Reg.RegisteredAt), model.FormatTime(a.Reg.CheckedInAt), a.Email); err != nil {
			return err
		}
	}
	return cw.Flush()
}
