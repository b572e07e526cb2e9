package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

const interpreterCSV = "\ufeffName;Geschlecht;Sprachen;Telefon;E-Mail;Ort;Grundschulung;Aktiv\n" +
	"Amina Haddad;w;Arabisch (Syrisch), Kurmandschi;0170 1234567;amina@example.org;Gifhorn;12.03.2025;ja\n" +
	"\"Tesfaye, Yonas\";m;\"Tigrinya, Amharisch: gut\";05371 4711;;Wittingen;;\n" +
	";w;Farsi;;;Meine;;\n" +
	"Olena Kowalenko;x-y;Ukrainisch;;;Gifhorn;;\n" +
	"Reza Ahmadi;m;Dari (;;;Gifhorn;;\n" +
	"Jana Novak;w;Serbisch;+49 5371 1;jana@@example;Brome;;\n" +
	"Amina Haddad;w;Arabisch;;;Gifhorn;;\n" +
	"Sara Mehari;w;Tigrinya;;;Gifhorn;31.02.2025;\n" +
	"Ali Hassan;m;Sorani;;;Isenbüttel;;nein\n"

func TestParseInterpreterCSV(t *testing.T) {
	rows, problems, err := ParseInterpreterCSV(strings.NewReader(interpreterCSV), NewDate(2026, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rows {
		names = append(names, r.Person.Name)
	}
	if got := strings.Join(names, "|"); got != "Amina Haddad|Tesfaye, Yonas|Ali Hassan" {
		t.Errorf("good rows: %s", got)
	}
	var lines []int
	for _, p := range problems {
		lines = append(lines, p.Line)
	}
	want := []int{4, 5, 6, 7, 8, 9}
	if len(lines) != len(want) {
		t.Fatalf("problems %v", problems)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("problem lines %v, want %v (%v)", lines, want, problems)
			break
		}
	}
	if !strings.Contains(problems[4].Msg, "Zeile 2") {
		t.Errorf("duplicate message: %s", problems[4].Msg)
	}
	a := rows[0].Person
	if a.Gender != GenderFemale || a.Interpreter.HomePlace != "Gifhorn" || a.Interpreter.Grundschulung != NewDate(2025, 3, 12) || !a.Interpreter.Active {
		t.Errorf("%+v %+v", a, a.Interpreter)
	}
	if got := a.Interpreter.LanguagesText(); got != "Arabisch (Syrisch), Kurmandschi" {
		t.Error(got)
	}
	y := rows[1].Person.Interpreter
	if len(y.Languages) != 2 || y.Languages[1].Language != "Amharisch" || y.Languages[1].Level != LevelGood {
		t.Errorf("%+v", y.Languages)
	}
	if rows[2].Person.Interpreter.Active {
		t.Error("Aktiv nein")
	}
}

func TestParseInterpreterCSVHeader(t *testing.T) {
	_, _, err := ParseInterpreterCSV(strings.NewReader("Name;Sprachen\nA;B\n"), Date{})
	if err == nil || !strings.Contains(err.Error(), "Geschlecht") {
		t.Errorf("%v", err)
	}
}

func TestParseLanguageList(t *testing.T) {
	cases := map[string]string{
		"Arabisch (Syrisch), Kurmandschi":        "Arabisch (Syrisch), Kurmandschi",
		"arabisch (Syrisch/Irakisch); persisch":  "Arabisch (Syrisch), Arabisch (Irakisch), Farsi",
		"Kurdisch (Sorani/Kurmandschi)":          "Sorani, Kurmandschi",
		"Tigrinya: Muttersprache, Englisch: gut": "Tigrinya, Englisch",
	}
	for in, want := range cases {
		ls, err := ParseLanguageList(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		p := &InterpreterProfile{Languages: ls}
		if got := p.LanguagesText(); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"", "Arabisch (Syrisch", "Arabisch) (", "(Syrisch)", "Dari: perfekt"} {
		if _, err := ParseLanguageList(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzInterpreterCSV(f *testing.F) {
	f.Add([]byte(interpreterCSV))
	f.Add([]byte("Name;Geschlecht;Sprachen;Telefon;E-Mail;Ort\n\"A;B\";w;\"((\";;;\n"))
	f.Add([]byte("Name,Geschlecht,Sprachen,Telefon,E-Mail,Ort\nX,m,Dari,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, problems, err := ParseInterpreterCSV(strings.NewReader(string(data)), NewDate(2026, 3, 1))
		if err != nil {
			if !utf8.ValidString(err.Error()) {
				t.Fatal("error not UTF-8")
			}
			return
		}
		for _, r := range rows {
			if r.Line < 2 {
				t.Fatalf("line %d", r.Line)
			}
			if err := r.Person.Validate(); err != nil {
				t.Fatalf("accepted invalid person: %v", err)
			}
			if len(r.Person.Interpreter.Languages) == 0 {
				t.Fatal("no languages")
			}
		}
		for _, p := range problems {
			if p.Line < 1 || p.Msg == "" {
				t.Fatalf("problem %+v", p)
			}
		}
	})
}
