package model

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
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
	// Normalised on the stack: an import asks each of 200 000 rows for a
	// dozen columns, and normCol's strings were 4 % of it.
	var buf [64]byte
	i, ok := r.cols[string(appendNormCol(buf[:0], col))]
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
	// Encoding names the character set the file was read in, for the
	// import's summary: "UTF-8", "UTF-8 mit BOM" or "Windows-1252".
	Encoding string
}

// CSVProblem names a line of a file and what is wrong with it.
type CSVProblem struct {
	Line int
	Msg  string
}

func (p CSVProblem) String() string { return fmt.Sprintf("Zeile %d: %s", p.Line, p.Msg) }

func normCol(s string) string { return string(appendNormCol(nil, s)) }

// appendNormCol appends the header name s as columns are matched: without
// the spaces, in lower case.
func appendNormCol(dst []byte, s string) []byte {
	for _, r := range strings.TrimSpace(s) {
		if r == ' ' {
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// ReadCSV reads a list as Excel writes it in Germany: semicolon-separated,
// UTF-8 with or without BOM, or Windows-1252 (what Excel's plain "CSV"
// writes), quoted fields that may contain semicolons and line breaks. A
// comma-separated file is accepted too when its header has no semicolon.
// required lists the header names that must be present. A row with a
// control character in a cell (other than a line break or tab) is bad: it
// is reported with its line and column and never imported.
func ReadCSV(r io.Reader, required []string) (*CSVTable, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCSVBytes+1))
	if err != nil {
		return nil, fmt.Errorf("Die Datei kann nicht gelesen werden: %w", err)
	}
	if len(data) > MaxCSVBytes {
		return nil, fmt.Errorf("Die Datei ist größer als %d MB – das ist keine Liste, die importiert werden kann.", MaxCSVBytes>>20)
	}
	data, encoding, err := decodeCSV(data)
	if err != nil {
		return nil, err
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
	t := &CSVTable{Encoding: encoding}
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("Die Kopfzeile der Datei ist nicht lesbar: %w", err)
	}
	cols, err := t.readHeader(header, required)
	if err != nil {
		return nil, err
	}
	if err := t.readRows(cr, cols); err != nil {
		return nil, err
	}
	return t, nil
}

// readHeader takes the header into t and returns the column of each name
// (normalised; of a name given twice, the first). Every required column
// must be there.
func (t *CSVTable) readHeader(header, required []string) (map[string]int, error) {
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
	return cols, nil
}

// readRows reads the rows after the header: good rows into t.Rows, bad
// ones with their line into t.Bad.
func (t *CSVTable) readRows(cr *csv.Reader, cols map[string]int) error {
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
			return fmt.Errorf("Die Datei kann nicht gelesen werden: %w", err)
		}
		if blankRow(fields) {
			continue // an empty line, or one Excel wrote as ";;;;" for formatted empty cells
		}
		startLine, _ := cr.FieldPos(0)
		if msg := controlInRow(fields, t.Header); msg != "" {
			t.Bad = append(t.Bad, CSVProblem{Line: startLine, Msg: msg})
			continue
		}
		t.Rows = append(t.Rows, CSVRow{Line: startLine, fields: fields, cols: cols})
	}
	return nil
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

// Write adds one row. Every cell is made safe on its own (DefuseCell):
// no control characters, and no cell that Excel or LibreOffice would run
// as a formula (CSV injection).
func (e *ExcelCSV) Write(fields ...string) error {
	if e.bomErr != nil {
		return e.bomErr
	}
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = DefuseCell(f)
	}
	return e.w.Write(out)
}

// DefuseCell makes one cell of a CSV file the program writes safe to open
// in a spreadsheet (the OWASP rule for CSV injection): a cell that starts
// with = + - @, a tab or a carriage return gets an apostrophe in front, so
// it is shown as text instead of run as a formula – except a plain number
// such as "-12,50" or "+3", which stays a number. Control characters are
// made visible (SafeText).
func DefuseCell(f string) string {
	if f == "" || !strings.ContainsRune("=+-@\t\r", rune(f[0])) || plainNumber(f) {
		return SafeText(f)
	}
	return "'" + SafeText(f)
}

// plainNumber: an optional sign, digits (with German thousands dots) and
// at most one decimal comma or point – nothing a spreadsheet could run.
func plainNumber(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	digits, sep := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == ',':
			if i == 0 || i == len(s)-1 {
				return false
			}
			if c == ',' {
				if sep {
					return false
				}
				sep = true
			}
		default:
			return false
		}
	}
	return digits > 0
}

// Flush writes buffered rows and reports any write error.
func (e *ExcelCSV) Flush() error {
	e.w.Flush()
	return e.w.Error()
}

// controlInRow reports the first cell of a row that holds a control
// character (line breaks and tabs are left to the field's own rules).
func controlInRow(fields, header []string) string {
	for i, f := range fields {
		if r := badRune(f, true); r >= 0 {
			col := fmt.Sprintf("Spalte %d", i+1)
			if i < len(header) && header[i] != "" {
				col = header[i]
			}
			return TextProblem(col, f, true)
		}
	}
	return ""
}

// The encodings a list may come in, as the import's summary names them.
const (
	EncodingUTF8    = "UTF-8"
	EncodingUTF8BOM = "UTF-8 mit BOM"
	Encoding1252    = "Windows-1252"
)

var (
	errBOMNotUTF8 = errors.New("Die Datei beginnt wie UTF-8, enthält aber Bytes, die kein UTF-8 sind. Bitte in Excel „Speichern unter“ → „CSV UTF-8 (durch Trennzeichen getrennt)“ wählen.")
	errUTF16      = errors.New("Die Datei ist als „Unicode-Text“ (UTF-16) gespeichert. Bitte in Excel „Speichern unter“ → „CSV UTF-8 (durch Trennzeichen getrennt)“ oder „CSV (Trennzeichen-getrennt)“ wählen.")
	errNo1252     = errors.New("Die Datei ist weder UTF-8 noch Windows-1252 (der Zeichensatz von Excel). Bitte in Excel „Speichern unter“ → „CSV UTF-8 (durch Trennzeichen getrennt)“ wählen.")
)

// unused1252 reports the five bytes Windows-1252 leaves undefined.
func unused1252(b byte) bool {
	switch b {
	case 0x81, 0x8d, 0x8f, 0x90, 0x9d:
		return true
	}
	return false
}

// decodeCSV turns the bytes of a list into UTF-8 text and names the
// character set they were in. UTF-8 (with or without BOM) is taken as it
// is. Anything else that is not UTF-8 is read as Windows-1252, the
// character set of German Excel's plain "CSV": every byte is a character
// there, except five unused ones and the control range, which no list
// holds – then the file is refused. UTF-16 ("Unicode-Text") is refused
// with the way to save it right. (SniffCSV decides the same for a list
// read as a stream.)
func decodeCSV(data []byte) ([]byte, string, error) {
	if rest, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf")); ok {
		if !utf8.Valid(rest) {
			return nil, "", errBOMNotUTF8
		}
		return rest, EncodingUTF8BOM, nil
	}
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return nil, "", errUTF16
	}
	if utf8.Valid(data) {
		return data, EncodingUTF8, nil
	}
	for _, b := range data {
		if unused1252(b) {
			return nil, "", errNo1252
		}
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return nil, "", errNo1252
	}
	return out, Encoding1252, nil
}

// CSVEncoding names the character set ReadCSV would read data in ("" when
// it would refuse the file), for an import to say what it read.
func CSVEncoding(data []byte) string {
	_, enc, err := decodeCSV(data)
	if err != nil {
		return ""
	}
	return enc
}
