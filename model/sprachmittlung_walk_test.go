package model

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// What a user saw walking through the Sprachmittlung with the demo data.

func TestConfirmationTextsFitAndReadable(t *testing.T) {
	e := &Einsatz{Meta: Meta{Number: "E-2026-0401"}, Language: "Tigrinya", Setting: SettingOnSite,
		Address: "Torstraße 15, 38518 Gifhorn", Place: "Gifhorn", MeetingPoint: "Empfang, 2. OG",
		ClientRef: "A. T.", Topic: TopicArbeit, Start: berlinAt(2026, 11, 26, 9, 30), Duration: 90 * time.Minute,
		ContactName: "Frau Becker", ContactPhone: "05371 82-123"}
	org := &Organisation{Name: "Jobcenter Landkreis Gifhorn"}
	ip := &Person{Name: "Hiwet Nasser"}
	texts := map[string]string{
		"Einrichtung":      ConfirmationForInstitution(e, org, nil, ip, DefaultTariffs()[0], DefaultOffice),
		"Sprachmittler:in": ConfirmationForInterpreter(e, org, nil, ip, DefaultOffice),
		"Nachweis":         NachweisSheet(e, org, ip, DefaultTariffs()[0], DefaultOffice),
	}
	for name, text := range texts {
		for _, l := range strings.Split(text, "\n") {
			if n := utf8.RuneCountInString(l); n > TextWidth {
				t.Errorf("%s: line of %d characters (max %d) wraps on an 80-column screen and in mails: %q", name, n, TextWidth, l)
			}
		}
		// the address names the place already
		if strings.Contains(text, "Gifhorn, Gifhorn") {
			t.Errorf("%s: place twice:\n%s", name, text)
		}
		if name != "Sprachmittler:in" && (!strings.Contains(text, "\nSprachmittler:in: Hiwet") || !strings.Contains(text, "\nSprache:          Tigrinya")) {
			t.Errorf("%s: the value column is not aligned after the longest label:\n%s", name, text)
		}
	}
	if !strings.Contains(texts["Einrichtung"], "- Das Gespräch führt eine Fachkraft Ihrer Einrichtung; die Sprachmittler:in\n  überträgt nur.") {
		t.Errorf("a wrapped list item continues indented:\n%s", texts["Einrichtung"])
	}
	sheet := texts["Nachweis"]
	for _, bad := range []string{"Einheit(en)", TariffAssumption} {
		if strings.Contains(sheet, bad) {
			t.Errorf("the printed Einsatznachweis shows %q:\n%s", bad, sheet)
		}
	}
	if !strings.Contains(sheet, "mindestens 1 Stunde") {
		t.Errorf("the sheet should say the minimum in hours:\n%s", sheet)
	}
}

func TestTariffRulesInPlainGerman(t *testing.T) {
	tf := DefaultTariffs()[0]
	want := "15,00 € je Stunde, abgerechnet je angefangene 30 Minuten (7,50 €), mindestens 1 Stunde, " +
		"Wartezeit wird vergütet, 0,30 € je km, Absage weniger als 24 Stunden vorher: 1 Stunde Ausfallpauschale"
	if got := tf.Rules(); got != want {
		t.Errorf("Rules:\n got %s\nwant %s", got, want)
	}
	if got := tf.Summary(); !strings.HasPrefix(got, "ab 01.01.2018: 15,00 € je Stunde") || !strings.Contains(got, TariffAssumption) {
		t.Errorf("Summary: %s", got)
	}
	tf.PerStartedUnit, tf.UnitMinutes, tf.MinimumUnits, tf.CancelUnits, tf.WaitingPaid = false, 15, 3, 0, false
	if got := tf.Rules(); got != "15,00 € je Stunde, abgerechnet je volle 15 Minuten (3,75 €), mindestens 45 Minuten, 0,30 € je km" {
		t.Errorf("other tariff: %s", got)
	}
}

func TestLeadTimeWarningCountsWerktage(t *testing.T) {
	now := berlinAt(2026, 11, 22, 8, 0) // Sunday
	org := &Organisation{Kind: OrgJobcenter}
	for day, want := range map[int]string{26: "nur 4 Werktage", 23: "nur 1 Werktag –"} {
		e := &Einsatz{Start: berlinAt(2026, 11, day, 9, 30), Duration: time.Hour, Topic: TopicArbeit}
		ws := CheckIntake(e, org, DefaultIntakeRules(), now)
		if len(ws) != 1 || !strings.Contains(ws[0].Text, want) || strings.Contains(ws[0].Text, "(e)") {
			t.Errorf("%d.11.: %+v, want %q", day, ws, want)
		}
	}
}

func TestClientRefMessageFitsTheFormLine(t *testing.T) {
	for _, in := range []string{"Abebe Tesfay", strings.Repeat("x", 21)} {
		msg := ClientRefProblem(in)
		// the form shows "✗ " + message in one line of an 80-column screen
		if msg == "" || utf8.RuneCountInString(msg) > 78 {
			t.Errorf("%q: %q (%d characters)", in, msg, utf8.RuneCountInString(msg))
		}
	}
}

func TestNachweisCannotBeRecordedBeforeTheEinsatz(t *testing.T) {
	start := berlinAt(2026, 11, 26, 9, 5)
	n := Einsatznachweis{ActualStart: start, ActualEnd: start.Add(75 * time.Minute)}
	err := n.ValidateAt(berlinAt(2026, 11, 22, 8, 0))
	if err == nil || !strings.Contains(err.Error(), "noch nicht begonnen") {
		t.Errorf("a Nachweis four days ahead: %v", err)
	}
	if err := n.ValidateAt(start.Add(80 * time.Minute)); err != nil {
		t.Errorf("after the Einsatz: %v", err)
	}
	n.ActualEnd = start
	if err := n.ValidateAt(start.Add(time.Hour)); err == nil || !strings.Contains(err.Error(), "nach dem Beginn") {
		t.Errorf("the ordinary checks still apply: %v", err)
	}
}

func TestReadCSVSkipsRowsExcelLeavesEmpty(t *testing.T) {
	in := "\ufeffName;Geschlecht;Sprachen;Telefon;E-Mail;Ort\r\n" +
		"Amina Haddad;w;Arabisch;;;Gifhorn\r\n" +
		";;;;;\r\n" +
		" ; ;;;;\r\n"
	rows, problems, err := ParseInterpreterCSV(strings.NewReader(in), NewDate(2026, 11, 22))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || len(problems) != 0 {
		t.Errorf("empty rows are no bad rows: %d rows, problems %v", len(rows), problems)
	}
}

func TestParseInterpreterCSVReportsEveryProblemOfARow(t *testing.T) {
	in := "Name;Geschlecht;Sprachen;Telefon;E-Mail;Ort;Aktiv;Grundschulung\n" +
		"Kaputt Person;w;Arabisch;abc;nicht-mail;Gifhorn;vielleicht;31.02.2025\n" +
		"Sprachlos;w;Dari (;abc;;Gifhorn;;\n"
	_, problems, err := ParseInterpreterCSV(strings.NewReader(in), NewDate(2026, 11, 22))
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 2 {
		t.Fatalf("problems: %v", problems)
	}
	for _, want := range []string{"Grundschulung", "Aktiv", "Telefonnummer", "nicht-mail"} {
		if !strings.Contains(problems[0].Msg, want) {
			t.Errorf("line 2 should name %q too: %s", want, problems[0].Msg)
		}
	}
	if !strings.Contains(problems[1].Msg, "Klammer") || !strings.Contains(problems[1].Msg, "Telefonnummer") ||
		strings.Contains(problems[1].Msg, "mindestens eine Sprache") {
		t.Errorf("line 3: %s", problems[1].Msg)
	}
}

// The interpreter who just dropped out (krank) was offered first again and
// was assigned again with one enter.
func TestCandidatesRankWhoDroppedOutLast(t *testing.T) {
	now := berlinAt(2026, 11, 22, 9, 0)
	hiwet := interp("h", "Hiwet Nasser", GenderFemale, "Gifhorn", LanguageSkill{Language: "Tigrinya"})
	nour := interp("n", "Nour Al-Hassan", GenderFemale, "Wittingen", LanguageSkill{Language: "Tigrinya"})
	e := &Einsatz{Meta: Meta{ID: "e"}, Language: "Tigrinya", Setting: SettingOnSite, Place: "Gifhorn",
		Start: berlinAt(2026, 11, 26, 9, 30), Duration: time.Hour, Status: StatusVermittelt, InterpreterID: "h"}
	cs := Match(e, []*Person{hiwet, nour}, nil, now, DefaultTravelBuffer).Offered
	if len(cs) != 2 || cs[0].Person.ID != "h" {
		t.Fatalf("before: nearer Hiwet first: %+v", cs)
	}
	if err := e.Transition(StatusAbgesprungen, "krank", now, "ben", DefaultTariffs()[0]); err != nil {
		t.Fatal(err)
	}
	cs = Match(e, []*Person{hiwet, nour}, nil, now, DefaultTravelBuffer).Offered
	if len(cs) != 2 || cs[0].Person.ID != "n" || !cs[1].DroppedOut || cs[0].DroppedOut {
		t.Errorf("after Hiwet dropped out she comes last, marked: %+v", cs)
	}
}
