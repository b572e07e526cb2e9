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

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// MaxCSVLine bounds one line of a list that is read as a stream: a real
// row is a few hundred bytes; megabytes without a line break are a broken
// or hostile file, and must not be held in memory.
const MaxCSVLine = 1 << 20

// CSVStream reads a list row by row (ReadCSV's rules: Excel's German CSV,
// semicolons or commas, UTF-8 with or without BOM or Windows-1252, quoted
// fields, no control characters in a cell), so an import of any length
// keeps one row in memory at a time.
type CSVStream struct {
	Header []string
	// Encoding is the character set the list is read in (EncodingUTF8,
	// EncodingUTF8BOM, Encoding1252), for the import's summary.
	Encoding string
	cr       *csv.Reader
	cols     map[string]int
	done     bool
}

// OpenCSV reads the header of a list and checks the required columns.
// The character set is decided first from the whole file (SniffCSV), as
// ReadCSV decides it: a Windows-1252 list may have its first umlaut in its
// last row. r is then read again from where it stood.
func OpenCSV(r io.ReadSeeker, required []string) (*CSVStream, error) {
	br, enc, err := decodedCSV(r)
	if err != nil {
		return nil, err
	}
	sep, err := headerSeparator(br)
	if err != nil {
		return nil, err
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
		return nil, fmt.Errorf("Die Kopfzeile der Datei ist nicht lesbar: %w", err)
	}
	s := &CSVStream{Encoding: enc, cr: cr, cols: map[string]int{}}
	for i, h := range header {
		h = strings.TrimSpace(h)
		s.Header = append(s.Header, h)
		if _, dup := s.cols[normCol(h)]; !dup {
			s.cols[normCol(h)] = i
		}
	}
	if err := s.checkRequired(required); err != nil {
		return nil, err
	}
	return s, nil
}

// decodedCSV sniffs the character set of r from where it stands to its
// end, goes back there and returns a reader of UTF-8 text (no byte order
// mark) with the line limit, and the character set it found.
func decodedCSV(r io.ReadSeeker) (*bufio.Reader, string, error) {
	start, err := r.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, "", csvReadError(err)
	}
	enc, err := SniffCSV(r)
	if err != nil {
		return nil, "", err
	}
	if _, err := r.Seek(start, io.SeekStart); err != nil {
		return nil, "", csvReadError(err)
	}
	var src io.Reader = r
	if enc == Encoding1252 {
		src = transform.NewReader(r, charmap.Windows1252.NewDecoder())
	}
	br := bufio.NewReaderSize(&lineLimit{r: src}, 64<<10)
	if enc == EncodingUTF8BOM {
		br.Discard(3)
	}
	return br, enc, nil
}

// headerSeparator decides the separator by the header line: ';' unless the
// line has only commas. An empty file or a header that is not UTF-8 is an
// error.
func headerSeparator(br *bufio.Reader) (rune, error) {
	first, err := br.Peek(br.Size())
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return 0, csvReadError(err)
	}
	if len(bytes.TrimSpace(first)) == 0 {
		return 0, errors.New("Die Datei ist leer.")
	}
	firstLine, _, _ := bytes.Cut(first, []byte("\n"))
	if !utf8.Valid(firstLine) {
		return 0, errNotUTF8
	}
	if !bytes.ContainsRune(firstLine, ';') && bytes.ContainsRune(firstLine, ',') {
		return ',', nil
	}
	return ';', nil
}

// checkRequired names the required columns the header does not have.
func (s *CSVStream) checkRequired(required []string) error {
	var missing []string
	for _, req := range required {
		if _, ok := s.cols[normCol(req)]; !ok {
			missing = append(missing, req)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("In der Kopfzeile fehlen die Spalten %s. Erwartet wird z. B.: %s",
			strings.Join(missing, ", "), strings.Join(required, ";"))
	}
	return nil
}

var errNotUTF8 = errors.New("Die Datei ist nicht in UTF-8 gespeichert. Bitte in Excel „Speichern unter“ → „CSV UTF-8 (durch Trennzeichen getrennt)“ wählen.")

func csvReadError(err error) error {
	if errors.Is(err, errLineTooLong) {
		return fmt.Errorf("Die Datei hat eine Zeile von mehr als %d MB – das ist keine Liste, die importiert werden kann.", MaxCSVLine>>20)
	}
	return fmt.Errorf("Die Datei kann nicht gelesen werden: %w", err)
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
		if msg := controlInRow(fields, s.Header); msg != "" {
			return CSVRow{}, &CSVProblem{Line: line, Msg: msg}, true, nil
		}
		return CSVRow{Line: line, fields: fields, cols: s.cols}, nil, true, nil
	}
	return CSVRow{}, nil, false, nil
}

var errLineTooLong = errors.New("Zeile zu lang")

// SniffCSV reads a list once to the end and names its character set by
// decodeCSV's rules (EncodingUTF8BOM, EncodingUTF8, Encoding1252), or says
// in German why it cannot be read. It holds 64 KB at a time.
func SniffCSV(r io.Reader) (string, error) {
	buf := make([]byte, 64<<10)
	n, err := io.ReadFull(r, buf[:3])
	head := buf[:n]
	bom := bytes.Equal(head, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		return "", errUTF16
	}
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return "", csvReadError(err)
	}
	carry := 0 // bytes of a rune cut at the end of the last chunk, kept at buf[0:]
	if !bom {
		carry = n
	}
	valid, unused := true, false
	done := err != nil // a file of fewer than 3 bytes
	for {
		m := 0
		if !done {
			if m, err = r.Read(buf[carry:]); err != nil {
				if !errors.Is(err, io.EOF) {
					return "", csvReadError(err)
				}
				done = true
			}
		}
		chunk := buf[:carry+m]
		unused = unused || hasUnused1252(chunk)
		if valid {
			cut := len(chunk) - cutRune(chunk)
			valid = utf8.Valid(chunk[:cut])
			carry = copy(buf, chunk[cut:])
		} else {
			carry = 0
		}
		if done {
			break
		}
	}
	return sniffedEncoding(bom, valid && carry == 0, unused)
}

// hasUnused1252 reports whether b has a byte that Windows-1252 leaves
// unused, so that the file cannot be in it.
func hasUnused1252(b []byte) bool {
	for _, c := range b {
		if unused1252(c) {
			return true
		}
	}
	return false
}

// sniffedEncoding names the character set of a file that starts with a
// byte order mark (bom), is valid UTF-8 (valid) and has bytes Windows-1252
// leaves unused (unused), or says why it cannot be read.
func sniffedEncoding(bom, valid, unused bool) (string, error) {
	switch {
	case bom && !valid:
		return "", errBOMNotUTF8
	case bom:
		return EncodingUTF8BOM, nil
	case valid:
		return EncodingUTF8, nil
	case unused:
		return "", errNo1252
	}
	return Encoding1252, nil
}

// cutRune is how many bytes at the end of b begin a UTF-8 sequence that
// is not complete yet (0–3).
func cutRune(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return 0
			}
			return len(b) - i
		}
	}
	return 0
}

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
