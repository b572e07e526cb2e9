package forms

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

var printed = model.At(model.NewDate(2026, 11, 19), 10*60)

var lh = model.Letterhead{Authority: "Landkreis Gifhorn", Office: "Stabsstelle Integration", Street: "Schlossplatz 1",
	PostalCode: "38518", Town: "Gifhorn", Email: "sprachmittlung@gifhorn.de"}

// pdfText extracts the text with pdftotext (poppler-utils): what a reader
// and a screen reader get from the file. CI installs it and sets CI=true
// (.ci/run), so there a missing pdftotext fails the test instead of
// skipping it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("keine PDF-Datei: %q", pdf[:min(len(pdf), 20)])
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext fehlt in CI: apt-get install -y poppler-utils")
		}
		t.Skip("pdftotext nicht installiert (apt-get install poppler-utils)")
	}
	f := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func wantAll(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("im PDF fehlt %q\n--- Text:\n%s", w, text)
		}
	}
}

func TestEinsatznachweisPDF(t *testing.T) {
	start := model.At(model.NewDate(2026, 11, 26), 9*60)
	e := &model.Einsatz{Language: "Arabisch", Dialect: "Syrisch", Setting: model.SettingOnSite, Address: "Straße der Einheit 5",
		Place: "Gifhorn", Start: start, Duration: 90 * time.Minute, ClientRef: "A. K."}
	e.Number = "E-2026-0042"
	org := &model.Organisation{Name: "Grundschule Müller-Weiß", City: "Gifhorn"}
	in := &model.Person{Name: "Олена Шевченко"}
	var buf bytes.Buffer
	if err := Einsatznachweis(&buf, lh, e, org, in, model.DefaultTariffs()[0], printed); err != nil {
		t.Fatal(err)
	}
	txt := pdfText(t, buf.Bytes())
	wantAll(t, txt, "Landkreis Gifhorn", "Stabsstelle Integration", "Schlossplatz 1, 38518 Gifhorn",
		"Einsatznachweis Sprachmittlung · Nr. E-2026-0042", "Grundschule Müller-Weiß", "Arabisch (Syrisch)",
		"Donnerstag, 26.11.2026, 09:00–10:30 Uhr", "Straße der Einheit 5", "Олена Шевченко",
		"Tatsächlicher Beginn", "Unterschrift Sprachmittler:in", "Fachkraft (Einrichtung)", "Seite 1 von 1")

	// With the Nachweis recorded the sheet shows the figures instead of blanks.
	n := model.Einsatznachweis{ActualStart: start.Add(5 * time.Minute), ActualEnd: start.Add(100 * time.Minute), Km: 12}
	if err := e.RecordNachweis(n, model.DefaultTariffs()[0]); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := Einsatznachweis(&buf, lh, e, org, in, model.DefaultTariffs()[0], printed); err != nil {
		t.Fatal(err)
	}
	// 1:35 h → 4 × 30 min à 7,50 € = 30,00 €, 12 km à 0,30 € = 3,60 €
	wantAll(t, pdfText(t, buf.Bytes()), "26.11.2026 09:05", "30,00 €", "3,60 €", "33,60 €")
}

func TestSignInSheetPDF(t *testing.T) {
	ev := &model.Event{Title: "Arbeitskreis Bildung – Übergänge", Start: model.At(model.NewDate(2026, 12, 3), 14*60),
		End: model.At(model.NewDate(2026, 12, 3), 16*60), Venue: "Kreishaus I", Room: "Sitzungssaal 1"}
	ev.Number = "V-2026-003"
	var rows []model.SignInRow
	for i := 0; i < 30; i++ {
		rows = append(rows, model.SignInRow{Name: "Jürgen Weiß", Organisation: "Caritas Gifhorn", Role: model.RoleEhrenamt})
	}
	rows[0].Name = "Özlem Şahin"
	var buf bytes.Buffer
	if err := SignInSheet(&buf, lh, ev, rows, 10, printed); err != nil {
		t.Fatal(err)
	}
	txt := pdfText(t, buf.Bytes())
	wantAll(t, txt, "Teilnehmer- und Unterschriftenliste", "V-2026-003 · Arbeitskreis Bildung – Übergänge", "Do 03.12.2026 14:00–16:00",
		"Özlem Şahin", "Jürgen Weiß", "Caritas Gifhorn", "Unterschrift", "Seite 1 von 2", "Seite 2 von 2")
	// 30 people and 10 blank rows for walk-ins: numbered 1 … 40.
	if !regexp.MustCompile(`(?m)^\s*40\s*$`).MatchString(txt) {
		t.Error("die leeren Zeilen für Spontane fehlen (Nr. 40)")
	}
	if regexp.MustCompile(`(?m)^\s*41\s*$`).MatchString(txt) {
		t.Error("mehr leere Zeilen als verlangt")
	}
	// The header repeats on the second page.
	if strings.Count(txt, "Einrichtung") < 2 {
		t.Error("der Tabellenkopf steht nicht auf jeder Seite")
	}
}

func TestJahresbescheinigungPDF(t *testing.T) {
	p := &model.Person{Name: "Jürgen Weiß", Street: "Lindenweg 3", PostalCode: "38518", City: "Gifhorn"}
	p.ID = "p1"
	paid := func(n string, amt model.Money) *model.Claim {
		c := &model.Claim{PersonID: "p1", PeriodFrom: model.NewDate(2026, 3, 1), PeriodTo: model.NewDate(2026, 3, 31), Status: model.ClaimAusgezahlt,
			Lines: []model.ClaimLine{{Kind: model.LinePauschale, Amount: amt}, {Kind: model.LineFahrt, Amount: 999}}, Paid: &model.Signature{By: "k", At: printed}}
		c.Number = n
		return c
	}
	cert := model.NewCertificate(p, 2026, []*model.Claim{paid("K-2026-0001", 45000), paid("K-2026-0002", 60000)}, model.DefaultLimits)
	other := model.NewCertificate(&model.Person{Name: "Anna Schmidt"}, 2026, nil, model.DefaultLimits)
	var buf bytes.Buffer
	if err := Jahresbescheinigung(&buf, lh, []model.Certificate{cert, other}, printed); err != nil {
		t.Fatal(err)
	}
	txt := pdfText(t, buf.Bytes())
	// 450 € + 600 € = 1.050 € (the km lines are Auslagenersatz, not counted),
	// 90 € over the Ehrenamtspauschale of 960 €.
	wantAll(t, txt, "Bescheinigung über Aufwandsentschädigungen im Kalenderjahr 2026", "Jürgen Weiß", "Lindenweg 3",
		"K-2026-0001", "450,00 €", "1.050,00 €", "um 90,00 €", "Anna Schmidt", "Seite 2 von 2")
}

func TestProtokollPDFAndMarkdown(t *testing.T) {
	ev := &model.Event{Title: "Steuerungsgruppe Netzwerk Integration", Type: model.EventSteuerung, Gremium: "Steuerungsgruppe",
		Start: model.At(model.NewDate(2026, 10, 8), 10*60), Protokoll: "Begrüßung durch den Landrat.\nBericht über die Sprachmittlung: Bedarf größer als gedacht.",
		Decisions: []string{"Der Pool wird um Dari und Paschtu erweitert."}}
	ev.Number = "V-2026-041"
	task := &model.Task{Text: "Anfrage an die VHS wegen Räumen für die Grundschulung", Owner: "Frau Öztürk", Due: model.NewDate(2026, 11, 30), Status: model.TaskOffen}
	p := model.Protokoll{Event: ev, Counts: model.AttendanceCounts{Teilgenommen: 12, Hauptamt: 8, Ehrenamt: 4, NichtErschienen: 2},
		Organisations: []string{"Caritas Gifhorn", "Jobcenter Gifhorn"}, Tasks: []*model.Task{task}}
	var buf bytes.Buffer
	if err := Protokoll(&buf, lh, p, printed); err != nil {
		t.Fatal(err)
	}
	txt := pdfText(t, buf.Bytes())
	wantAll(t, txt, "Protokoll: Steuerungsgruppe Netzwerk Integration", "V-2026-041", "12 anwesend (8 Hauptamt, 4 Ehrenamt), 2 nicht erschienen",
		"Begrüßung durch den Landrat.", "1. Der Pool wird um Dari und Paschtu erweitert.", "Frau Öztürk", "bis 30.11.2026", "Caritas Gifhorn, Jobcenter Gifhorn")
	md := p.Markdown(lh, printed)
	for _, w := range []string{"# Protokoll: Steuerungsgruppe Netzwerk Integration", "| Nr. | V-2026-041 |", "## Beschlüsse",
		"1. Der Pool wird um Dari und Paschtu erweitert.", "| Anfrage an die VHS wegen Räumen für die Grundschulung | Frau Öztürk | 30.11.2026 | offen |"} {
		if !strings.Contains(md, w) {
			t.Errorf("im Markdown fehlt %q:\n%s", w, md)
		}
	}
}
