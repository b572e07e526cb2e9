package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stabsstelle/model"
)

// writeTables writes the given tables as a workbook.
func writeTables(t *testing.T, title string, tables ...*table) []byte {
	t.Helper()
	b, _ := newBook()
	for _, tb := range tables {
		if err := b.addTable(tb); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := b.write(&buf, title); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wellFormed reads every part of the package as XML and checks that each
// part the content types and relationships name is there: what Excel's
// "repair" dialog complains about first.
func wellFormed(t *testing.T, data []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		parts[f.Name] = string(b)
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s ist kein wohlgeformtes XML: %v", f.Name, err)
			}
		}
	}
	for name, content := range parts {
		for _, attr := range []string{`PartName="/`, `Target="`} {
			for _, rest := range strings.Split(content, attr)[1:] {
				target := rest[:strings.IndexByte(rest, '"')]
				if attr == `Target="` {
					dir := name[:strings.LastIndex(name, "_rels/")]
					target = strings.TrimPrefix(dir+target, "/")
					for strings.Contains(target, "../") {
						i := strings.Index(target, "../")
						j := strings.LastIndex(target[:max(i-1, 0)], "/")
						target = target[:j+1] + target[i+3:]
					}
				}
				if _, ok := parts[target]; !ok {
					t.Errorf("%s nennt %s, das fehlt", name, target)
				}
			}
		}
	}
	return parts
}

func TestWorkbookStylesWidthsAndProperties(t *testing.T) {
	tb := &table{Sheet: "Belege", Name: "Belege",
		Cols: []col{{Head: "Text", Width: 30}, {Head: "Betrag", Kind: kEuro, Sum: true}, {Head: "Tag", Kind: kDate, Width: 12},
			{Head: "Anzahl", Kind: kCount, Sum: true}, {Head: "Stunden", Kind: kHours}, {Head: "Anteil", Kind: kPct}},
		Rows: [][]cell{
			{"a", model.Money(1050), model.NewDate(2000, 1, 1), 3, 1.5, 12.5},
			{"b", model.Money(-5), model.Date{}, 4, 0.25, nil},
		},
		Totals: []cell{model.Money(1045), 7},
		Notes:  []string{"Quelle: von Hand"}}
	data := writeTables(t, "Prüfung & Test", tb)
	parts := wellFormed(t, data)
	if !strings.Contains(parts["xl/worksheets/sheet1.xml"], `<c r="C2" s="3"><v>36526</v></c>`) {
		// 1 January 2000 is day 36 526 of Excel's 1900 date system.
		t.Errorf("Datum nicht als Excel-Tag 36526 geschrieben:\n%s", parts["xl/worksheets/sheet1.xml"])
	}

	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct{ ref, want string }{
		{"A1", "Text"}, {"B2", "10.50 €"}, {"B3", "-0.05 €"}, {"C2", "01.01.2000"}, {"D2", "3"}, {"E2", "1.5"}, {"F2", "12.5 %"},
		{"A4", "Summe"}, {"A6", "Quelle: von Hand"},
	} {
		if got, _ := f.GetCellValue("Belege", c.ref); got != c.want && strings.ReplaceAll(got, ",", ".") != c.want {
			t.Errorf("%s = %q, erwartet %q", c.ref, got, c.want)
		}
	}
	if got := calc(t, f, "Belege", "B4"); got != 1045 {
		t.Errorf("Summe B4 = %s, von Hand 10,45 €", got)
	}
	style := func(ref string) *excelize.Style {
		id, err := f.GetCellStyle("Belege", ref)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// excelize names colours only with a theme part, which these files
	// do without: the grey is checked in styles.xml.
	if s := style("A1"); s.Font == nil || !s.Font.Bold || s.Fill.Pattern != 1 || len(s.Border) != 1 || s.Border[0].Type != "bottom" ||
		!strings.Contains(parts["xl/styles.xml"], `<fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/>`) {
		t.Errorf("Kopfzeile nicht fett auf Grau mit Linie darunter: %+v", s)
	}
	if s := style("B2"); s.CustomNumFmt == nil || *s.CustomNumFmt != fmtEuro {
		t.Errorf("Betrag ohne Euro-Format: %+v", s)
	}
	if s := style("B4"); s.Font == nil || !s.Font.Bold || len(s.Border) != 1 || s.Border[0].Type != "top" {
		t.Errorf("Summe nicht fett mit Linie darüber: %+v", s)
	}
	for col, want := range map[string]float64{"A": 30, "B": 14, "C": 12} {
		if w, _ := f.GetColWidth("Belege", col); w != want {
			t.Errorf("Spalte %s: Breite %v, erwartet %v", col, w, want)
		}
	}
	props, err := f.GetDocProps()
	if err != nil || props.Title != "Prüfung & Test" || props.Creator != "stabsstelle" || props.Language != "de-DE" {
		t.Errorf("Dokumenteigenschaften %+v, %v", props, err)
	}
	if tabs, _ := f.GetTables("Belege"); len(tabs) != 1 || tabs[0].Range != "A1:F3" || tabs[0].Name != "Belege" {
		t.Errorf("Tabelle %+v, erwartet Belege über A1:F3", tabs)
	}

	// The same tables twice are the same file (no time stamps inside).
	if again := writeTables(t, "Prüfung & Test", tb); !bytes.Equal(again, data) {
		t.Error("zweimal geschrieben, zwei verschiedene Dateien")
	}
}

// A name typed with a control character, markup or broken UTF-8 must not
// make a workbook that Excel refuses to open.
func TestWorkbookTextIsEscaped(t *testing.T) {
	long := strings.Repeat("x", maxCellCh+10)
	tb := &table{Sheet: "Namen", Name: "Namen", Cols: []col{{Head: "Name <&> \"A\""}, {Head: "Lang"}},
		Rows: [][]cell{{"Ann\x01a <b>&amp;</b>\r\n\xff Şahin", long}}}
	data := writeTables(t, "Titel mit <Klammer>", tb)
	wellFormed(t, data)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, _ := f.GetCellValue("Namen", "A2"); got != "Anna <b>&amp;</b>\r\n Şahin" {
		t.Errorf("A2 = %q", got)
	}
	if got, _ := f.GetCellValue("Namen", "A1"); got != `Name <&> "A"` {
		t.Errorf("Kopf = %q", got)
	}
	if got, _ := f.GetCellValue("Namen", "B2"); len(got) != maxCellCh {
		t.Errorf("langer Text: %d Zeichen, Excel fasst %d", len(got), maxCellCh)
	}
}

func TestColumnNames(t *testing.T) {
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 53: "BA", 702: "ZZ", 703: "AAA"} {
		if got := colName(n); got != want {
			t.Errorf("Spalte %d = %s, erwartet %s", n, got, want)
		}
	}
	if got := excelDate(time.Date(1900, 3, 1, 15, 0, 0, 0, time.UTC)); got != 61 {
		t.Errorf("1. März 1900 = Tag %v, Excel zählt 61", got)
	}
}

// Excel "repairs" a table whose head cells are empty or repeat; the
// writer refuses such a table instead of writing a file that warns.
func TestTableHeadsMustBeUniqueForExcel(t *testing.T) {
	b, _ := newBook()
	err := b.addTable(&table{Sheet: "X", Name: "X", Cols: []col{{Head: "Betrag"}, {Head: "betrag"}}, Rows: [][]cell{{1, 2}}})
	if err == nil {
		t.Error("doppelter Spaltenkopf angenommen")
	}
	for _, tb := range append(MonitoringTables(model.ComputeMonitoring(sampleInput(), model.ReportFilter{})),
		VerwendungsnachweisTables(model.NewVerwendungsnachweis(sampleInput().Funds[0], nil, nil), PayeeFull)...) {
		if err := checkTableHeads(tb); err != nil {
			t.Error(err)
		}
	}
}
