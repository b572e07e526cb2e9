package model

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
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
		"Name;Ort\nAnna;Gifh\x1b[31morn\nBernd;Meine\n", // a control character: a bad row
		"Name;Ort\nJ\xfcrgen Wei\xdf;Gifhorn\n",         // Windows-1252
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
		for i := range bad {
			if bad[i] != want.Bad[i] {
				t.Errorf("%q bad row %d: %v, want %v", in, i, bad[i], want.Bad[i])
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
		"Name\n\x81\xfe\n":               "weder UTF-8 noch Windows-1252",
		"\xef\xbb\xbfName\nJ\xfcrgen\n":  "beginnt wie UTF-8",
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

// TestCSVStreamWindows1252: a list Excel saved as plain "CSV" (Windows-1252)
// is read with its umlauts and € even when the first of them comes after
// the first 64 KB; the stream names the encoding, and a row with a control
// character is bad with its line and column.
func TestCSVStreamWindows1252(t *testing.T) {
	var b strings.Builder
	b.WriteString("Name;Ort\n")
	for b.Len() < 100<<10 {
		b.WriteString("Anna Beispiel;Gifhorn\n")
	}
	b.WriteString("Jürgen Weiß;Wittingen 12 €\n")
	b.WriteString("Cem\x07;Meine\n")
	in, err := charmap.Windows1252.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenCSV(strings.NewReader(in), []string{"Name"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Encoding != Encoding1252 {
		t.Errorf("encoding %q", s.Encoding)
	}
	rows, bad, err := readAll(t, in, []string{"Name"})
	if err != nil {
		t.Fatal(err)
	}
	last := rows[len(rows)-1]
	if last.Get("Name") != "Jürgen Weiß" || last.Get("Ort") != "Wittingen 12 €" {
		t.Errorf("last row %q %q", last.Get("Name"), last.Get("Ort"))
	}
	if len(bad) != 1 || bad[0].Line != last.Line+1 || !strings.Contains(bad[0].Msg, "„Name“") || !strings.Contains(bad[0].Msg, "Steuerzeichen") {
		t.Errorf("bad rows %v, want line %d naming „Name“", bad, last.Line+1)
	}
	// UTF-8 whose runes straddle the chunks SniffCSV reads.
	if enc, err := SniffCSV(strings.NewReader("Name\n" + strings.Repeat("Jürgen Weiß ä€\n", 30000))); err != nil || enc != EncodingUTF8 {
		t.Errorf("long UTF-8: %q, %v", enc, err)
	}
	// The same list in UTF-8, with and without BOM.
	for _, c := range []struct{ in, enc string }{{b.String(), EncodingUTF8}, {"\xef\xbb\xbf" + b.String(), EncodingUTF8BOM}} {
		s, err := OpenCSV(strings.NewReader(c.in), []string{"Name"})
		if err != nil || s.Encoding != c.enc {
			t.Errorf("%s: %v, encoding %q", c.enc, err, s.Encoding)
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
