package model

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxCSVBytes bounds what an import reads: a real interpreter or volunteer
// list is a few hundred kilobytes; a larger file is a mistake or hostile.
const MaxCSVBytes = 20 << 20

// CSVRow is one data row of an imported list, with the line it started on so
// that messages can name it ("Zeile 7: …").
type CSVRow struct {
	Line   int
	fields []string
	cols   map[string]int
}

// Get returns the trimmed value of a column by its header name (matched
// case-insensitively), or "" if the row or the file lacks it.
func (r CSVRow) Get(col string) string {
	i, ok := r.cols[normCol(col)]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// CSVTable is an imported list: its header and rows. Rows that cannot be
// split into fields at all are in Bad with their line number, so one broken
// line never stops the good ones.
type CSVTable struct {
	Header []string
	Rows   []CSVRow
	Bad    []CSVProblem
}

// CSVProblem names a line of a file and what is wrong with it.
type CSVProblem struct {
	Line int
	Msg  string
}

func (p CSVProblem) String() string { return fmt.Sprintf("Zeile %d: %s", p.Line, p.Msg) }

func normCol(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}

// ReadCSV reads a list as Excel writes it in Germany: semicolon-separated,
// UTF-8 with or without BOM, quoted fields that may contain semicolons and
// line breaks. A comma-separated file is accepted too when its header has no
// semicolon. required lists the header names that must be present.
func ReadCSV(r io.Reader, required []string) (*CSVTable, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCSVBytes+1))
	if err != nil {
		return nil, fmt.Errorf("Die Datei kann nicht gelesen werden: %v", err)
	}
	if len(data) > MaxCSVBytes {
		return nil, fmt.Errorf("Die Datei ist größer als %d MB – das ist keine Liste, die importiert werden kann.", MaxCSVBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, errors.New("Die Datei ist nicht in UTF-8 gespeichert. Bitte in Excel „Speichern unter“ → „CSV UTF-8 (durch Trennzeichen getrennt)“ wählen.")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("Die Datei ist leer.")
	}
	firstLine, _, _ := bytes.Cut(data, []byte("\n"))
	sep := ';'
	if !bytes.ContainsRune(firstLine, ';') && bytes.ContainsRune(firstLine, ',') {
		sep = ','
	}
	cr := csv.NewReader(bufio.NewReader(bytes.NewReader(data)))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	t := &CSVTable{}
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("Die Kopfzeile der Datei ist nicht lesbar: %v", err)
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		t.Header = append(t.Header, h)
		if _, dup := cols[normCol(h)]; !dup {
			cols[normCol(h)] = i
		}
	}
	var missing []string
	for _, req := range required {
		if _, ok := cols[normCol(req)]; !ok {
			missing = append(missing, req)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("In der Kopfzeile fehlen die Spalten %s. Erwartet wird z. B.: %s",
			strings.Join(missing, ", "), strings.Join(required, ";"))
	}
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				t.Bad = append(t.Bad, CSVProblem{Line: pe.StartLine, Msg: "Zeile ist nicht lesbar (Anführungszeichen prüfen)."})
				if pe.Err == csv.ErrFieldCount {
					continue
				}
				// encoding/csv cannot resync after a broken quote; the rest
				// of the file is unreadable and is reported as such.
				break
			}
			return nil, fmt.Errorf("Die Datei kann nicht gelesen werden: %v", err)
		}
		if blankRow(fields) {
			continue // an empty line, or one Excel wrote as ";;;;" for formatted empty cells
		}
		startLine, _ := cr.FieldPos(0)
		t.Rows = append(t.Rows, CSVRow{Line: startLine, fields: fields, cols: cols})
	}
	return t, nil
}

func blankRow(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// ExcelCSV writes lists that German Excel opens correctly on a double click:
// UTF-8 with BOM, semicolons, CRLF. Amounts go in as Money.Plain() (decimal
// comma) and dates as Date.String() (TT.MM.JJJJ).
type ExcelCSV struct {
	w      *csv.Writer
	bomErr error
}

// NewExcelCSV starts a list on w and writes the BOM.
func NewExcelCSV(w io.Writer) *ExcelCSV {
	_, err := w.Write([]byte("\xef\xbb\xbf"))
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &ExcelCSV{w: cw, bomErr: err}
}

// Write adds one row. Fields starting with = + - @ are prefixed with an
// apostrophe so Excel does not run them as formulas (CSV injection).
func (e *ExcelCSV) Write(fields ...string) error {
	if e.bomErr != nil {
		return e.bomErr
	}
	out := make([]string, len(fields))
	for i, f := range fields {
		if f != "" && strings.ContainsRune("=+@\t\r", rune(f[0])) {
			f = "'" + f
		}
		out[i] = f
	}
	return e.w.Write(out)
}

// Flush writes buffered rows and reports any write error.
func (e *ExcelCSV) Flush() error {
	e.w.Flush()
	return e.w.Error()
}
