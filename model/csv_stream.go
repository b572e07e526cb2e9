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

// MaxCSVLine bounds one line of a list that is read as a stream: a real
// row is a few hundred bytes; megabytes without a line break are a broken
// or hostile file, and must not be held in memory.
const MaxCSVLine = 1 << 20

// CSVStream reads a list row by row (ReadCSV's rules: Excel's German CSV,
// semicolons or commas, UTF-8 with or without BOM, quoted fields), so an
// import of any length keeps one row in memory at a time.
type CSVStream struct {
	Header []string
	cr     *csv.Reader
	cols   map[string]int
	done   bool
}

// OpenCSV reads the header of a list and checks the required columns.
func OpenCSV(r io.Reader, required []string) (*CSVStream, error) {
	br := bufio.NewReaderSize(&lineLimit{r: r}, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	// The separator is decided by the header line.
	first, err := br.Peek(br.Size())
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, csvReadError(err)
	}
	if len(bytes.TrimSpace(first)) == 0 {
		return nil, errors.New("Die Datei ist leer.")
	}
	firstLine, _, _ := bytes.Cut(first, []byte("\n"))
	if !utf8.Valid(firstLine) {
		return nil, errNotUTF8
	}
	sep := ';'
	if !bytes.ContainsRune(firstLine, ';') && bytes.ContainsRune(firstLine, ',') {
		sep = ','
	}
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, errLineTooLong) {
			return nil, csvReadError(err)
		}
		return nil, fmt.Errorf("Die Kopfzeile der Datei ist nicht lesbar: %v", err)
	}
	s := &CSVStream{cr: cr, cols: map[string]int{}}
	for i, h := range header {
		h = strings.TrimSpace(h)
		s.Header = append(s.Header, h)
		if _, dup := s.cols[normCol(h)]; !dup {
			s.cols[normCol(h)] = i
		}
	}
	var missing []string
	for _, req := range required {
		if _, ok := s.cols[normCol(req)]; !ok {
			missing = append(missing, req)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("In der Kopfzeile fehlen die Spalten %s. Erwartet wird z. B.: %s",
			strings.Join(missing, ", "), strings.Join(required, ";"))
	}
	return s, nil
}

var errNotUTF8 = errors.New("Die Datei ist nicht in UTF-8 gespeichert. Bitte in Excel „Speichern unter“ → „CSV UTF-8 (durch Trennzeichen getrennt)“ wählen.")

func csvReadError(err error) error {
	if errors.Is(err, errLineTooLong) {
		return fmt.Errorf("Die Datei hat eine Zeile von mehr als %d MB – das ist keine Liste, die importiert werden kann.", MaxCSVLine>>20)
	}
	return fmt.Errorf("Die Datei kann nicht gelesen werden: %v", err)
}

// Next returns the next data row. A row that cannot be split into fields
// comes back as bad (with its line) and the stream goes on where it can;
// ok is false at the end. err is set when the file as a whole cannot be
// read (not UTF-8, a line beyond MaxCSVLine, a read error): nothing of it
// should be imported then.
func (s *CSVStream) Next() (row CSVRow, bad *CSVProblem, ok bool, err error) {
	for !s.done {
		fields, err := s.cr.Read()
		if err == io.EOF {
			s.done = true
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(err, errLineTooLong) {
				if pe.Err != csv.ErrFieldCount {
					// encoding/csv cannot resync after a broken quote; the
					// rest of the file is unreadable and is reported as such.
					s.done = true
				}
				return CSVRow{}, &CSVProblem{Line: pe.StartLine, Msg: "Zeile ist nicht lesbar (Anführungszeichen prüfen)."}, true, nil
			}
			return CSVRow{}, nil, false, csvReadError(err)
		}
		line, _ := s.cr.FieldPos(0)
		for _, f := range fields {
			if !utf8.ValidString(f) {
				return CSVRow{}, nil, false, fmt.Errorf("Zeile %d: %w", line, errNotUTF8)
			}
		}
		if blankRow(fields) {
			continue
		}
		return CSVRow{Line: line, fields: fields, cols: s.cols}, nil, true, nil
	}
	return CSVRow{}, nil, false, nil
}

var errLineTooLong = errors.New("Zeile zu lang")

// lineLimit fails a read once more than MaxCSVLine bytes came without a
// line break.
type lineLimit struct {
	r   io.Reader
	run int
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			l.run = 0
		} else if l.run++; l.run > MaxCSVLine {
			return 0, errLineTooLong
		}
	}
	return n, err
}
