package model

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Each status gets the texts it needs, and only those.
func TestStatusTexts(t *testing.T) {
	tariff := DefaultTariffs()[0]
	start := berlinAt(2026, 3, 12, 9, 0)
	org := &Organisation{Name: "Jobcenter Gifhorn"}
	ip := &Person{Name: "Selam Haile"}
	mk := func(s Status, interp string) *Einsatz {
		return &Einsatz{Meta: Meta{Number: "E-2026-0042"}, Language: "Tigrinya", Setting: SettingOnSite, Place: "Gifhorn",
			Address: "Am Markt 1", Start: start, Duration: time.Hour, Status: s, InterpreterID: interp, ContactName: "Frau Meier",
			GenderPref: GenderFemale, GenderRequired: true}
	}
	data := func(e *Einsatz) LetterData {
		d := LetterData{Einsatz: e, Org: org, Tariff: tariff, Office: DefaultOffice}
		if e.InterpreterID != "" {
			d.Interp = ip
		}
		return d
	}
	titles := func(ls []Letter) string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Title)
		}
		return strings.Join(out, " | ")
	}
	cases := []struct {
		name   string
		e      *Einsatz
		titles string
		want   []string // in the first text
		not    []string // in no text
	}{
		{"Suche", mk(StatusSuche, ""), "Eingangsbestätigung an die Einrichtung",
			[]string{"Ihre Anfrage ist bei uns eingegangen", "nur weiblich", "noch nicht bestätigt"},
			[]string{"hiermit bestätigen", "wir bestätigen Ihre Anfrage", "Hallo"}},
		{"vermittelt", mk(StatusVermittelt, "p"),
			"Auftragsbestätigung an die Einrichtung | Auftragsbestätigung an die Sprachmittler:in | Einsatznachweis zum Ausdrucken",
			[]string{"wir bestätigen Ihre Anfrage", "Selam Haile", "weniger als 24 Stunden vorher lösen eine Ausfallpauschale von 15,00 € aus"}, nil},
		{"nicht vermittelbar", mk(StatusNichtVermittelbar, ""), "An die Einrichtung: leider niemand gefunden",
			[]string{"leider haben wir für den folgenden Termin niemanden gefunden", "Keine frei"},
			[]string{"wir bestätigen", "Hallo"}},
		{"abgelehnt", mk(StatusAbgelehnt, ""), "Absage an die Einrichtung: Anfrage abgelehnt",
			[]string{"leider können wir Ihre Anfrage nicht übernehmen", "Gericht"}, []string{"wir bestätigen"}},
	}
	cases[2].e.StatusHistory = []StatusChange{{To: StatusNichtVermittelbar, Reason: "Keine frei"}}
	cases[3].e.StatusHistory = []StatusChange{{To: StatusAbgelehnt, Reason: "Gericht"}}

	late := mk(StatusVermittelt, "p")
	if err := late.Cancel(Absage{By: CancelByKlient, Received: start.Add(-10 * time.Hour), Reason: "krank"}, start.Add(-9*time.Hour), "x", tariff); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, struct {
		name   string
		e      *Einsatz
		titles string
		want   []string
		not    []string
	}{"storniert kurzfristig", late, "Absage an die Einrichtung | Absage an die Sprachmittler:in",
		[]string{"hiermit bestätigen wir die Absage", "Klient:in", "kurzfristig", "Ausfallpauschale von 15,00 €", "informieren wir"},
		[]string{"wir bestätigen Ihre Anfrage", "Bring den Einsatznachweis"}})
	early := mk(StatusSuche, "")
	if err := early.Cancel(Absage{By: CancelByEinrichtung, Received: start.Add(-72 * time.Hour), Reason: "erledigt"}, start.Add(-72*time.Hour), "x", tariff); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, struct {
		name   string
		e      *Einsatz
		titles string
		want   []string
		not    []string
	}{"storniert ohne Sprachmittler:in", early, "Absage an die Einrichtung",
		[]string{"hiermit bestätigen wir die Absage", "noch keine Sprachmittler:in eingeteilt"},
		[]string{"Ausfallpauschale von", "Hallo"}})

	for _, c := range cases {
		ls := StatusTexts(data(c.e))
		if got := titles(ls); got != c.titles {
			t.Errorf("%s: texts %q, want %q", c.name, got, c.titles)
			continue
		}
		flat := strings.Join(strings.Fields(ls[0].Text), " ")
		for _, w := range c.want {
			if !strings.Contains(flat, w) {
				t.Errorf("%s: %q missing:\n%s", c.name, w, ls[0].Text)
			}
		}
		for _, l := range ls {
			for _, n := range c.not {
				if strings.Contains(l.Text, n) {
					t.Errorf("%s/%s: must not say %q:\n%s", c.name, l.Title, n, l.Text)
				}
			}
			for _, line := range strings.Split(l.Text, "\n") {
				if utf8.RuneCountInString(line) > TextWidth {
					t.Errorf("%s/%s: line too long: %q", c.name, l.Title, line)
				}
			}
		}
	}
	// the interpreter's Absage text names what they are paid
	ls := StatusTexts(data(late))
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if f := flat(ls[1].Text); !strings.Contains(f, "Hallo Selam") || !strings.Contains(f, "Ausfallpauschale von 15,00 €") ||
		!strings.Contains(f, "du musst nicht hingehen") {
		t.Errorf("interpreter's Absage:\n%s", ls[1].Text)
	}
	// a no-show: messages to both, with the Pauschale
	ns := mk(StatusVermittelt, "p")
	if err := ns.Transition(StatusNichtErschienen, "niemand kam", start.Add(time.Hour), "x", tariff); err != nil {
		t.Fatal(err)
	}
	ls = StatusTexts(data(ns))
	if len(ls) != 2 || !strings.Contains(ls[0].Text, "nicht erschienen") || !strings.Contains(flat(ls[1].Text), "Ausfallpauschale von 15,00 €") {
		t.Errorf("no-show texts: %q", titles(ls))
	}
}
