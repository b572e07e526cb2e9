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
	if _, err := ReadCSV(bytes.NewReader([]byte("Name\n\xff\xfe\n")), nil); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("latin-1 file: %v", err)
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
