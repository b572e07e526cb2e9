package report

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// This file writes the SpreadsheetML package (ECMA-376, the .xlsx format)
// the reports need and nothing more: sheets of styled cells (text, numbers,
// dates, SUM formulas with cached values), column widths, a frozen head
// row, one Excel table (filter buttons) per sheet, fixed styles and the
// document properties.
//
// Why not excelize, which wrote these files before: its package
// initialisation compiles dozens of regular expressions and builds large
// tables on every start of the program, whatever the verb – measured 17 ms
// CPU and 580 page faults of the 36 ms of a whole `today` process
// (docs/PERFORMANCE.md, „Programmstart“). The reports use a small, fixed
// part of the format; excelize stays as the independent reader in the
// tests, which open every workbook written here, compute its formulas and
// check styles, panes and tables.

// xcell is one cell as the sheet XML holds it: a style index into
// cellXfs (styles.xml below), a value (nil, string, int, float64 or
// time.Time for a date) and, for a sum, the formula whose cached result
// the value is.
type xcell struct {
	style   int
	value   any
	formula string
}

// xsheet is one worksheet: its name, column widths, the XML of its rows
// so far and the Excel table over its head and data rows ("" for none).
type xsheet struct {
	name     string
	widths   []float64
	rows     strings.Builder
	tableRef string
	heads    []string
	table    string
}

// Style indexes into cellXfs, in the order styles.xml lists them.
const (
	sDefault = iota
	sHead
	sEuro
	sDate
	sCount
	sHours
	sPct
	sSumLabel
	sSumEuro
	sSumCount
	sSumHours
)

// stylesXML holds the number formats (xlsx.go), the bold font, the grey
// head fill, the thin borders and the cell formats indexed by the
// constants above.
var stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="5">` + numFmt(164, fmtEuro) + numFmt(165, fmtDate) + numFmt(166, fmtCount) +
	numFmt(167, fmtHours) + numFmt(168, fmtPct) + `</numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/></patternFill></fill></fills>` +
	`<borders count="3"><border><left/><right/><top/><bottom/><diagonal/></border>` +
	`<border><left/><right/><top/><bottom style="thin"><color rgb="FF000000"/></bottom><diagonal/></border>` +
	`<border><left/><right/><top style="thin"><color rgb="FF000000"/></top><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="11">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment horizontal="left"/></xf>` +
	`<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="2" xfId="0" applyFont="1" applyBorder="1"/>` +
	`<xf numFmtId="164" fontId="1" fillId="0" borderId="2" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>` +
	`<xf numFmtId="166" fontId="1" fillId="0" borderId="2" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>` +
	`<xf numFmtId="167" fontId="1" fillId="0" borderId="2" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>` +
	`</cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>` +
	`</styleSheet>`

const (
	xmlHead   = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain    = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRel     = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	nsPkgRel  = `http://schemas.openxmlformats.org/package/2006/relationships`
	ctSheet   = `application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml`
	ctTable   = `application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml`
	relSheet  = nsRel + `/worksheet`
	relTable  = nsRel + `/table`
	maxCellCh = 32767 // Excel's limit of characters in a cell
)

func numFmt(id int, code string) string {
	return fmt.Sprintf(`<numFmt numFmtId="%d" formatCode="%s"/>`, id, xmlText(code))
}

// colName is the letter name of column n (1-based): 1 → A, 27 → AA.
func colName(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}

// cellRef is the A1 reference of column c and row r (both 1-based).
func cellRef(c, r int) string { return colName(c) + strconv.Itoa(r) }

// addRow writes row r (1-based) of the sheet; cells start at column A.
func (s *xsheet) addRow(r int, cells []xcell) {
	fmt.Fprintf(&s.rows, `<row r="%d">`, r)
	for i, c := range cells {
		writeCell(&s.rows, cellRef(i+1, r), c)
	}
	s.rows.WriteString(`</row>`)
}

// writeCell writes one <c> element. Text goes in as an inline string, so
// the workbook needs no shared-string table.
func writeCell(w *strings.Builder, ref string, c xcell) {
	fmt.Fprintf(w, `<c r="%s"`, ref)
	if c.style != sDefault {
		fmt.Fprintf(w, ` s="%d"`, c.style)
	}
	var v string
	switch x := c.value.(type) {
	case nil:
		if c.formula == "" {
			w.WriteString(`/>`)
			return
		}
	case string:
		if c.formula == "" {
			w.WriteString(` t="inlineStr"><is><t xml:space="preserve">`)
			w.WriteString(xmlText(x))
			w.WriteString(`</t></is></c>`)
			return
		}
		w.WriteString(` t="str"`)
		v = xmlText(x)
	case int:
		v = strconv.Itoa(x)
	case float64:
		v = number(x)
	case time.Time:
		v = number(excelDate(x))
	default:
		panic(fmt.Sprintf("report: Zellwert %T", c.value)) // only with a new kind in xlsx.go
	}
	w.WriteString(`>`)
	if c.formula != "" {
		w.WriteString(`<f>` + xmlText(c.formula) + `</f>`)
	}
	if v != "" {
		w.WriteString(`<v>` + v + `</v>`)
	}
	w.WriteString(`</c>`)
}

// number writes a float the way Excel reads it back exactly (shortest
// round-trip form); NaN and infinities, which the format cannot hold,
// become 0.
func number(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// excelDate is the serial day number of t's calendar day in Excel's 1900
// date system (day 1 = 1 January 1900, with Excel's phantom 29 February
// 1900, so days since 30 December 1899 for every date after February 1900).
func excelDate(t time.Time) float64 {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return float64(day.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
}

// xmlText escapes s for element and attribute text and drops what XML 1.0
// cannot carry at all (control characters other than tab and newline,
// invalid UTF-8), so a name typed with a stray control character still
// gives a workbook Excel opens. Longer text is cut at Excel's cell limit.
func xmlText(s string) string {
	var b strings.Builder
	n := 0
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				continue
			}
		}
		if n == maxCellCh {
			break
		}
		n++
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case r == '\r':
			b.WriteString("&#13;")
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			n--
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sheetXML is the whole worksheet part: frozen head row, column widths,
// the rows and the link to its table.
func (s *xsheet) sheetXML(first bool) string {
	var w strings.Builder
	w.WriteString(xmlHead)
	fmt.Fprintf(&w, `<worksheet xmlns="%s" xmlns:r="%s">`, nsMain, nsRel)
	selected := ""
	if first {
		selected = ` tabSelected="1"`
	}
	fmt.Fprintf(&w, `<sheetViews><sheetView%s workbookViewId="0">`+
		`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`+
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`, selected)
	w.WriteString(`<sheetFormatPr defaultRowHeight="15"/>`)
	if len(s.widths) > 0 {
		w.WriteString(`<cols>`)
		for i, wd := range s.widths {
			fmt.Fprintf(&w, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, number(wd))
		}
		w.WriteString(`</cols>`)
	}
	w.WriteString(`<sheetData>`)
	w.WriteString(s.rows.String())
	w.WriteString(`</sheetData>`)
	if s.table != "" {
		w.WriteString(`<tableParts count="1"><tablePart r:id="rId1"/></tableParts>`)
	}
	w.WriteString(`</worksheet>`)
	return w.String()
}

// tableXML is the Excel table (a ListObject: filter buttons, the light
// style without stripes) over ref; its column names are the head cells,
// which Excel requires to match exactly.
func (s *xsheet) tableXML(id int) string {
	var w strings.Builder
	w.WriteString(xmlHead)
	fmt.Fprintf(&w, `<table xmlns="%s" id="%d" name="%s" displayName="%s" ref="%s">`, nsMain, id, xmlText(s.table), xmlText(s.table), s.tableRef)
	fmt.Fprintf(&w, `<autoFilter ref="%s"/><tableColumns count="%d">`, s.tableRef, len(s.heads))
	for i, h := range s.heads {
		fmt.Fprintf(&w, `<tableColumn id="%d" name="%s"/>`, i+1, xmlText(h))
	}
	w.WriteString(`</tableColumns><tableStyleInfo name="TableStyleLight1" showFirstColumn="0" showLastColumn="0" showRowStripes="0" showColumnStripes="0"/></table>`)
	return w.String()
}

// writePackage writes the workbook as a zip package: content types,
// relationships, workbook, styles, sheets, tables and the document
// properties (title, creator "stabsstelle", language de-DE).
func writePackage(out io.Writer, sheets []*xsheet, title string) error {
	z := zip.NewWriter(out)
	add := func(name, content string) error {
		w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, content)
		return err
	}
	parts := []struct{ name, content string }{
		{"[Content_Types].xml", contentTypes(sheets)},
		{"_rels/.rels", xmlHead + `<Relationships xmlns="` + nsPkgRel + `">` +
			`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/>` +
			`<Relationship Id="rId2" Type="` + nsPkgRel + `/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="` + nsRel + `/extended-properties" Target="docProps/app.xml"/></Relationships>`},
		{"docProps/core.xml", coreProps(title)},
		{"docProps/app.xml", xmlHead + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
			`<Application>stabsstelle</Application></Properties>`},
		{"xl/workbook.xml", workbookXML(sheets)},
		{"xl/_rels/workbook.xml.rels", workbookRels(sheets)},
		{"xl/styles.xml", stylesXML},
	}
	table := 0
	for i, s := range sheets {
		parts = append(parts, struct{ name, content string }{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), s.sheetXML(i == 0)})
		if s.table == "" {
			continue
		}
		table++
		parts = append(parts,
			struct{ name, content string }{fmt.Sprintf("xl/worksheets/_rels/sheet%d.xml.rels", i+1), xmlHead +
				`<Relationships xmlns="` + nsPkgRel + `"><Relationship Id="rId1" Type="` + relTable +
				fmt.Sprintf(`" Target="../tables/table%d.xml"/></Relationships>`, table)},
			struct{ name, content string }{fmt.Sprintf("xl/tables/table%d.xml", table), s.tableXML(table)})
	}
	for _, p := range parts {
		if err := add(p.name, p.content); err != nil {
			return err
		}
	}
	return z.Close()
}

func contentTypes(sheets []*xsheet) string {
	var w strings.Builder
	w.WriteString(xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	table := 0
	for i, s := range sheets {
		fmt.Fprintf(&w, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="%s"/>`, i+1, ctSheet)
		if s.table != "" {
			table++
			fmt.Fprintf(&w, `<Override PartName="/xl/tables/table%d.xml" ContentType="%s"/>`, table, ctTable)
		}
	}
	w.WriteString(`</Types>`)
	return w.String()
}

func workbookXML(sheets []*xsheet) string {
	var w strings.Builder
	fmt.Fprintf(&w, xmlHead+`<workbook xmlns="%s" xmlns:r="%s"><bookViews><workbookView activeTab="0"/></bookViews><sheets>`, nsMain, nsRel)
	for i, s := range sheets {
		fmt.Fprintf(&w, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, xmlText(s.name), i+1, i+2)
	}
	w.WriteString(`</sheets><calcPr calcId="191029"/></workbook>`)
	return w.String()
}

// workbookRels links the styles (rId1) and the sheets (rId2 …).
func workbookRels(sheets []*xsheet) string {
	var w strings.Builder
	w.WriteString(xmlHead + `<Relationships xmlns="` + nsPkgRel + `">` +
		`<Relationship Id="rId1" Type="` + nsRel + `/styles" Target="styles.xml"/>`)
	for i := range sheets {
		fmt.Fprintf(&w, `<Relationship Id="rId%d" Type="%s" Target="worksheets/sheet%d.xml"/>`, i+2, relSheet, i+1)
	}
	w.WriteString(`</Relationships>`)
	return w.String()
}

// coreProps has no creation time: the same report twice is the same file.
func coreProps(title string) string {
	return xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + xmlText(title) + `</dc:title>` +
		`<dc:creator>stabsstelle</dc:creator><dc:language>de-DE</dc:language></cp:coreProperties>`
}
