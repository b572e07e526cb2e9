package model

import (
	"bytes"
	"strings"
	"testing"
)

func TestReadCSVGermanExcel(t *testing.T) {
	in := "\xef\xbb\xbfName;Geschlecht;Sprachen;Ort\r\n" +
		"Amina Haddad;w;\"Arabisch (Syrisch), Kurmandschi\";Gifhorn\r\n" +
		"\r\n" +
		"\"Müller; Anna\";w;Russisch;\"Wittingen\nOT Knesebeck\"\r\n" +
		"Omar Aziz;m;Dari;Meine\r\n"
	tab, err := ReadCSV(strings.NewReader(in), []string{"Name", "Sprachen"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 3 {
		t.Fatalf("rows = %d, want 3", len(tab.Rows))
	}
	if got := tab.Rows[0].Get("sprachen"); got != "Arabisch (Syrisch), Kurmandschi" {
		t.Errorf("quoted field with comma = %q", got)
	}
	if got := tab.Rows[1].Get("Name"); got != "Müller; Anna" {
		t.Errorf("quoted field with semicolon = %q", got)
	}
	// Line numbers are where the row starts in the file, for messages.
	if tab.Rows[0].Line != 2 || tab.Rows[1].Line != 4 || tab.Rows[2].Line != 6 {
		t.Errorf("lines = %d %d %d, want 2 4 6", tab.Rows[0].Line, tab.Rows[1].Line, tab.Rows[2].Line)
	}
	if tab.Rows[2].Get("Fehlt") != "" {
		t.Error("unknown column must read as empty")
	}
}

func TestReadCSVMissingColumnsAndBadFiles(t *testing.T) {
	_, err := ReadCSV(strings.NewReader("Name;Telefon\nA;1\n"), []string{"Name", "Sprachen", "Ort"})
	if err == nil || !strings.Contains(err.Error(), "Sprachen, Ort") {
		t.Errorf("missing columns: %v", err)
	}
	if _, err := ReadCSV(strings.NewReader(""), nil); err == nil || !strings.Contains(err.Error(), "leer") {
		t.Errorf("empty file: %v", err)
	}
	if _, err := ReadCSV(bytes.NewReader([]byte("\xff\xfeN\x00a\x00m\x00e\x00\n\x00")), nil); err == nil || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("UTF-16 file: %v", err)
	}
	if _, err := ReadCSV(bytes.NewReader([]byte("Name\nA\x81B\n")), nil); err == nil || !strings.Contains(err.Error(), "weder UTF-8 noch Windows-1252") {
		t.Errorf("file in no known character set: %v", err)
	}
	// A comma-separated export is accepted too.
	tab, err := ReadCSV(strings.NewReader("Name,Ort\nA,Gifhorn\n"), []string{"Name"})
	if err != nil || tab.Rows[0].Get("Ort") != "Gifhorn" {
		t.Errorf("comma file: %v %+v", err, tab)
	}
}

func TestExcelCSVHasBOMSemicolonsCRLFAndNoFormulas(t *testing.T) {
	var buf bytes.Buffer
	w := NewExcelCSV(&buf)
	w.Write("Nr.", "Betrag", "Text")
	w.Write("K-2026-0001", Money(123456).Plain(), "=HYPERLINK(\"x\")")
	w.Write("K-2026-0002", Money(-500).Plain(), "a;b")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\xef\xbb\xbfNr.;Betrag;Text\r\nK-2026-0001;1.234,56;\"'=HYPERLINK(\"\"x\"\")\"\r\nK-2026-0002;-5,00;\"a;b\"\r\n"
	if buf.String() != want {
		t.Errorf("got %q\nwant %q", buf.String(), want)
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add("Name;Sprachen\nA;\"B (C), D\"\n")
	f.Add("\xef\xbb\xbfName;Ort\r\n\"x\ny\";z\r\n")
	f.Add("Name\n\"unclosed\n")
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := ReadCSV(strings.NewReader(in), []string{"Name"})
		if err != nil {
			return
		}
		for _, r := range tab.Rows {
			if r.Line < 2 {
				t.Fatalf("data row on line %d", r.Line)
			}
			_ = r.Get("Name")
		}
	})
}

// TestReadCSVWindows1252 reads a list as German Excel saves a plain "CSV"
// (Windows-1252, umlauts and € as single bytes) and names the encoding;
// UTF-8 with and without BOM still read as before.
func TestReadCSVWindows1252(t *testing.T) {
	// "Name;Ort;Betrag\nJürgen Weiß;Gifhorn;12 €\n" in Windows-1252.
	cp1252 := []byte("Name;Ort;Betrag\nJ\xfcrgen Wei\xdf;Gifhorn;12 \x80\n")
	tab, err := ReadCSV(bytes.NewReader(cp1252), []string{"Name"})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Encoding != "Windows-1252" || tab.Rows[0].Get("Name") != "Jürgen Weiß" || tab.Rows[0].Get("Betrag") != "12 €" {
		t.Errorf("encoding %q, row %q %q", tab.Encoding, tab.Rows[0].Get("Name"), tab.Rows[0].Get("Betrag"))
	}
	for _, c := range []struct{ in, enc string }{
		{"Name;Ort\nJürgen Weiß;Gifhorn\n", "UTF-8"},
		{"\xef\xbb\xbfName;Ort\nJürgen Weiß;Gifhorn\n", "UTF-8 mit BOM"},
	} {
		tab, err := ReadCSV(strings.NewReader(c.in), []string{"Name"})
		if err != nil || tab.Encoding != c.enc || tab.Rows[0].Get("Name") != "Jürgen Weiß" {
			t.Errorf("%q: %v %+v", c.in, err, tab)
		}
	}
}

// TestReadCSVRefusesControlCharacters: a cell with ESC, BEL or NUL makes
// its row bad, named by line and column; the other rows stay good.
func TestReadCSVRefusesControlCharacters(t *testing.T) {
	in := "Name;Notizen\nAmina;gut\n\"Evil\x1b]0;pwned\x07\";x\nBen;\"zwei\nZeilen\"\nNul\x00l;y\n"
	tab, err := ReadCSV(strings.NewReader(in), []string{"Name"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 2 || tab.Rows[0].Get("Name") != "Amina" || tab.Rows[1].Get("Name") != "Ben" {
		t.Errorf("good rows %+v", tab.Rows)
	}
	if len(tab.Bad) != 2 || tab.Bad[0].Line != 3 || !strings.Contains(tab.Bad[0].Msg, "„Name“") || !strings.Contains(tab.Bad[0].Msg, "ESC") ||
		tab.Bad[1].Line != 6 || !strings.Contains(tab.Bad[1].Msg, "NUL") {
		t.Errorf("bad rows %+v", tab.Bad)
	}
}

// TestDefuseCell: the OWASP rule for every cell the program writes; plain
// numbers (negative amounts) stay numbers.
func TestDefuseCell(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1":            "'=1+1",
		"+49 5371 1":      "'+49 5371 1",
		"-2+3":            "'-2+3",
		"-cmd|' /C calc'": "'-cmd|' /C calc'",
		"@SUM(A1)":        "'@SUM(A1)",
		"\t=1":            "'\t=1",
		"\r=1":            "' =1",
		"-12,50":          "-12,50",
		"-1.234,56":       "-1.234,56",
		"+3":              "+3",
		"-":               "'-",
		"Anna":            "Anna",
		"a\x1b[31mb":      "a␛[31mb",
		"":                "",
	} {
		if got := DefuseCell(in); got != want {
			t.Errorf("DefuseCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// Header names match as before the column lookup stopped making strings:
// without spaces, lower case, whatever the letters.
func TestColumnNamesNormaliseAsBefore(t *testing.T) {
	for _, s := range []string{"Name", " E-Mail ", "Straße", "ÄRZTIN Nr", "PLZ / Ort", "\u00a0Ort\t", "İstanbul", "ǅemal", "a\xffb", "", "   "} {
		want := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
		if got := normCol(s); got != want {
			t.Errorf("normCol(%q) = %q, want %q", s, got, want)
		}
	}
}
