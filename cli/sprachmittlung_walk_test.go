package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"stabsstelle/model"
)

// What a user saw with `make demo` and the handbook's commands.

func TestTodayTableFitsAnEightyColumnTerminal(t *testing.T) {
	at := func(hh, mm int) time.Time { return model.At(model.NewDate(2026, 11, 26), model.Clock(hh*60+mm)) }
	items := []TodayItem{
		{Number: "E-2026-0291", Start: at(9, 30), End: at(10, 15), Language: "Ukrainisch", Interpreter: "",
			Institution: "Jobcenter Gifhorn, Geschäftsstelle Wittingen", Place: "Wittingen", Setting: "vor_ort", StatusLabel: "Suche"},
		{Number: "E-2026-0290", Start: at(8, 45), End: at(9, 15), Language: "Arabisch", Dialect: "Jemenitisch",
			Interpreter: "Rezan Al-Hassan", Institution: "Agentur für Arbeit Gifhorn", Place: "Gifhorn", Setting: "vor_ort",
			StatusLabel: "storniert (rechtzeitig)"},
	}
	var b bytes.Buffer
	if err := writeToday(&b, model.NewDate(2026, 11, 26), items, 80); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if n := utf8.RuneCountInString(l); n > 79 {
			t.Errorf("line of %d characters wraps on an 80-column terminal: %q", n, l)
		}
	}
	if !strings.Contains(b.String(), "09:30   E-2026-0291") || !strings.Contains(b.String(), "Rezan Al") ||
		!strings.Contains(b.String(), "Suche") || !strings.Contains(b.String(), "storniert") {
		t.Errorf("numbers and names stay readable:\n%s", b.String())
	}
	// a pipe or file gets the whole cells
	b.Reset()
	_ = writeToday(&b, model.NewDate(2026, 11, 26), items, 0)
	if !strings.Contains(b.String(), "Arabisch (Jemenitisch)") || !strings.Contains(b.String(), "storniert (rechtzeitig)") {
		t.Errorf("without a terminal nothing is cut:\n%s", b.String())
	}
}

// TestTodayForAFileNeverCuts: names longer than the 32 characters a
// terminal column shows reach a pipe or a file whole (the handbook promises
// complete output for scripts).
func TestTodayForAFileNeverCuts(t *testing.T) {
	at := func(hh, mm int) time.Time { return model.At(model.NewDate(2026, 11, 26), model.Clock(hh*60+mm)) }
	long := "Kreisverwaltung Gifhorn, Fachbereich Migration und Teilhabe, Außenstelle Wittingen"
	name := "Maria-Magdalena Alexandrovna Kowalczyk-Schmidtbauer"
	items := []TodayItem{{Number: "E-2026-0300", Start: at(9, 0), End: at(10, 0), Language: "Russisch",
		Interpreter: name, Institution: long, Place: "Wittingen", Setting: "vor_ort", StatusLabel: "vermittelt"}}
	var b bytes.Buffer
	if err := writeToday(&b, model.NewDate(2026, 11, 26), items, 0); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), long) || !strings.Contains(b.String(), name) || strings.Contains(b.String(), "…") {
		t.Errorf("a file gets every name whole:\n%s", b.String())
	}
	// the same through the verb, with stdout a file
	path := filepath.Join(t.TempDir(), "t.db")
	if code, _, errOut := smRun("--db", path, "demo"); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "today.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if code := Run([]string{"--db", path, "today", "--date", "05.03.2026"}, f, &b); code != 0 {
		t.Fatalf("today into a file: exit %d %s", code, b.String())
	}
	data, _ := os.ReadFile(f.Name())
	if strings.Contains(string(data), "…") {
		t.Errorf("today into a file cut a cell:\n%s", data)
	}
}

func TestSearchNamesEveryKindInGermanAndSaysWhenCut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errOut := smRun("--db", path, "demo"); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	code, out, errOut := smRun("--db", path, "search", "jobcenter", "--limit", "500")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		kind := strings.Fields(l)[0]
		switch kind {
		case "Einsatz", "Person", "Einrichtung", "Antrag", "Veranstaltung", "Aufgabe", "Fördertopf", "Zahllauf":
		default:
			t.Errorf("hit kind %q is not German: %q", kind, l)
		}
	}
	if !strings.Contains(out, "Veranstaltung") {
		t.Errorf("the demo's Arbeitskreis „Job-Turbo des Jobcenters“ should be found:\n%s", out)
	}
	code, out, errOut = smRun("--db", path, "search", "gifhorn", "--limit", "5")
	if code != 0 || strings.Count(strings.TrimSpace(out), "\n") != 4 || !strings.Contains(errOut, "Nur die ersten 5 Treffer") {
		t.Errorf("cut list: %d\n%s\n%s", code, out, errOut)
	}
	if _, _, errOut := smRun("--db", path, "search", "E-2026-0042"); errOut != "" {
		t.Errorf("a complete list has no notice: %q", errOut)
	}
}

// The file as German Excel saves "CSV UTF-8": BOM, CRLF, semicolons,
// quoted fields (one with a semicolon, one with a line break), one bad row
// and the empty rows Excel writes for formatted cells.
func TestImportSprachmittlerAsExcelSavesIt(t *testing.T) {
	dir := t.TempDir()
	db, csv := filepath.Join(dir, "i.db"), filepath.Join(dir, "pool.csv")
	data := "\xef\xbb\xbfName;Geschlecht;Sprachen;Telefon;E-Mail;Ort;Einsatzformen;Aktiv;Notizen\r\n" +
		"Amina Haddad;w;Arabisch (Syrisch), Kurmandschi;0170 1234567;amina@example.org;Gifhorn;vor Ort, Telefon;ja;\"Nur vormittags; kein Auto\"\r\n" +
		"\"Yonas Tesfaye\";m;\"Tigrinya, Amharisch: gut\";05371 4711;;Wittingen;;ja;\"zwei\r\nZeilen\"\r\n" +
		"Reza Ahmadi;m;Kurdisch (Sorani/Kurmandschi), Farsi: fließend;;;Meine;;;\r\n" +
		"Kaputt Person;w;Klingonisch;abc;nicht-mail;Nirgendwo;;vielleicht;\r\n" +
		";;;;;;;;\r\n"
	if err := os.WriteFile(csv, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := smRun("--db", db, "import", "sprachmittler", csv)
	if code != 1 {
		t.Errorf("exit %d, want 1 (a row was skipped)", code)
	}
	if strings.TrimSpace(out) != "3 Sprachmittler:innen importiert, 1 Zeile übersprungen; gelesen als UTF-8 mit BOM." {
		t.Errorf("summary: %q", out)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "Zeile 6: ") || !strings.Contains(lines[1], "1 Zeile der Datei") {
		t.Fatalf("exactly the bad row (file line 6), not the empty one:\n%s", errOut)
	}
	for _, want := range []string{"Telefonnummer", "nicht-mail", "Aktiv"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("every problem of the row at once, %q missing: %s", want, lines[0])
		}
	}
}

func TestExportICSLocationNamesThePlaceOnce(t *testing.T) {
	e := &model.Einsatz{Meta: model.Meta{ID: "x", Number: "E-2026-0401"}, Language: "Tigrinya", Setting: model.SettingOnSite,
		Address: "Torstraße 15, 38518 Gifhorn", Place: "Gifhorn", Start: time.Now(), Duration: time.Hour}
	ev := interpreterEvent(e, "Jobcenter", "CONFIRMED", time.Now())
	if ev.Location != "Torstraße 15, 38518 Gifhorn" {
		t.Errorf("LOCATION %q", ev.Location)
	}
	e.Address = "Schlossplatz 1"
	if ev := interpreterEvent(e, "", "CONFIRMED", time.Now()); ev.Location != "Schlossplatz 1, Gifhorn" {
		t.Errorf("LOCATION %q", ev.Location)
	}
}

// `make demo` printed "Sprachmittlung 0 %" for steps that are only headings.
func TestDemoProgressShowsNoStuckZeroPercent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	code, out, errOut := smRun("--db", path, "demo")
	if code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	if !regexp.MustCompile(`geschrieben \(\d+,\d s\)`).MatchString(out) {
		t.Errorf("the time taken is not written the German way: %q", out)
	}
	for _, l := range strings.Split(errOut, "\n") {
		parts := strings.Split(l, "\r")
		last := strings.TrimSpace(parts[len(parts)-1])
		if strings.HasSuffix(last, " 0 %") {
			t.Errorf("a finished step shows 0 %%: %q", l)
		}
	}
	if !strings.Contains(errOut, "Einsätze") || !strings.Contains(errOut, "100 %") {
		t.Errorf("progress: %q", errOut)
	}
	// Not a terminal (a log, a pipe): one line per finished step, no
	// carriage returns rewriting a line thousands of times.
	if strings.Contains(errOut, "\r") {
		t.Errorf("progress in a log rewrites lines: %q", errOut)
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(errOut), "\n") {
		step := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l), "100 %"))
		if strings.HasPrefix(l, "Demodaten in ") {
			continue
		}
		if seen[step] {
			t.Errorf("step %q listed twice:\n%s", step, errOut)
		}
		seen[step] = true
	}
}
