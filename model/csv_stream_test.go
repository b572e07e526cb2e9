package model

import (
	"strings"
	"testing"
)

// readAll drains a stream: the rows, the bad rows and the error.
func readAll(t testing.TB, in string, required []string) ([]CSVRow, []CSVProblem, error) {
	s, err := OpenCSV(strings.NewReader(in), required)
	if err != nil {
		return nil, nil, err
	}
	var rows []CSVRow
	var bad []CSVProblem
	for {
		row, b, ok, err := s.Next()
		if err != nil {
			return rows, bad, err
		}
		if !ok {
			return rows, bad, nil
		}
		if b != nil {
			bad = append(bad, *b)
			continue
		}
		rows = append(rows, row)
	}
}

// TestCSVStreamReadsWhatReadCSVReads: the stream gives the rows, lines and
// bad rows the whole-file reader gives, for the lists Excel writes.
func TestCSVStreamReadsWhatReadCSVReads(t *testing.T) {
	for _, in := range []string{
		"\xef\xbb\xbfName;Ort\r\nAnna;Gifhorn\r\n;;\r\n\"Bernd\nZweizeilig\";Meine\r\nCem;\"Wittingen\"\r\n",
		"Name,Ort\nAnna,Gifhorn\nBernd,Meine,zu viel\n",
		"Name;Ort\nAnna;\"kaputt\nBernd;Meine\n",
	} {
		want, err := ReadCSV(strings.NewReader(in), []string{"Name"})
		if err != nil {
			t.Fatal(err)
		}
		rows, bad, err := readAll(t, in, []string{"Name"})
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if len(rows) != len(want.Rows) || len(bad) != len(want.Bad) {
			t.Fatalf("%q: %d rows %d bad, want %d %d", in, len(rows), len(bad), len(want.Rows), len(want.Bad))
		}
		for i := range rows {
			if rows[i].Line != want.Rows[i].Line || rows[i].Get("Name") != want.Rows[i].Get("Name") || rows[i].Get("Ort") != want.Rows[i].Get("Ort") {
				t.Errorf("%q row %d: %+v, want %+v", in, i, rows[i], want.Rows[i])
			}
		}
	}
}

// TestCSVStreamRefusesHostileFiles: no header column, not UTF-8, one line
// of megabytes: a German sentence, never a row.
func TestCSVStreamRefusesHostileFiles(t *testing.T) {
	cases := map[string]string{
		"":                               "leer",
		"Ort;PLZ\nGifhorn;38518\n":       "fehlen die Spalten Name",
		"Name\n\xff\xfe\n":               "UTF-8",
		"\xff\xfeN\x00a\x00m\x00e\x00\n": "UTF-8",
		"Name\n" + strings.Repeat("x", MaxCSVLine+10) + "\n": "keine Liste",
	}
	for in, want := range cases {
		_, _, err := readAll(t, in, []string{"Name"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.40q: %v, want „%s“", in, err, want)
		}
	}
}

func FuzzCSVStream(f *testing.F) {
	f.Add("Name;Sprachen\nA;\"B (C), D\"\n")
	f.Add("\xef\xbb\xbfName;Ort\r\n\"x\ny\";z\r\n")
	f.Add("Name\n\"unclosed\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, _, err := readAll(t, in, []string{"Name"})
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.Line < 2 {
				t.Fatalf("data row on line %d", r.Line)
			}
			_ = r.Get("Name")
		}
	})
}
