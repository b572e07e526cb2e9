package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"strconv"
	"strings"
	"time"

	"stabsstelle/model"
)

// The JSON exports (einsaetze, claims) share their flags and their output:
// a JSON array on stdout, one record per line, UTF-8, amounts in integer
// cents, times in RFC 3339 (Europe/Berlin with offset), empty strings for
// what a record does not have. They only read.

// exportFlags parses --json (required: the only format so far) and
// --year JJJJ (0 = all years).
func exportFlags(verb, example string, args []string) (year int, err error) {
	fs := flag.NewFlagSet(verb, flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "JSON")
	yearArg := fs.String("year", "", "Jahr")
	if err := ParseFlags(fs, args); err != nil {
		return 0, err
	}
	if fs.NArg() > 0 {
		return 0, UsageError("Unerwartetes Argument „%s“. Hilfe: stabsstelle %s --help", fs.Arg(0), verb)
	}
	if !*asJSON {
		return 0, UsageError("Bitte --json angeben (die Ausgabe gibt es nur als JSON), z. B. %s", example)
	}
	if *yearArg != "" {
		y, err := strconv.Atoi(strings.TrimSpace(*yearArg))
		if err != nil || y < 2000 || y > 2199 {
			return 0, UsageError("--year: bitte ein Jahr wie 2026 angeben, nicht „%s“.", *yearArg)
		}
		year = y
	}
	return year, nil
}

// jsonArray writes records as one JSON array, a record per line, without
// holding them all: 100 000 Einsätze stream straight to stdout. Output goes
// out only in whole records, so when a damaged record stops the export
// midway, what a script has received ends at a record's end (never inside
// a character), and the exit code 1 says the array is incomplete.
type jsonArray struct {
	w     io.Writer
	out   []byte // whole records not yet written
	buf   bytes.Buffer
	enc   *json.Encoder
	count int
}

// jsonFlushSize is how much is gathered before it is written.
const jsonFlushSize = 64 << 10

func newJSONArray(w io.Writer) *jsonArray {
	a := &jsonArray{w: w, out: make([]byte, 0, jsonFlushSize+4096)}
	a.enc = json.NewEncoder(&a.buf)
	a.enc.SetEscapeHTML(false) // "&" stays "&" in names
	return a
}

func (a *jsonArray) add(v any) error {
	a.buf.Reset()
	if err := a.enc.Encode(v); err != nil {
		return err
	}
	sep := ",\n"
	if a.count == 0 {
		sep = "[\n"
	}
	a.count++
	a.out = append(a.out, sep...)
	a.out = append(a.out, bytes.TrimRight(a.buf.Bytes(), "\n")...)
	if len(a.out) >= jsonFlushSize {
		return a.flush()
	}
	return nil
}

func (a *jsonArray) flush() error {
	_, err := a.w.Write(a.out)
	a.out = a.out[:0]
	return err
}

func (a *jsonArray) close() error {
	end := "\n]\n"
	if a.count == 0 {
		end = "[]\n"
	}
	a.out = append(a.out, end...)
	return a.flush()
}

// rfc3339 is t in Berlin time with offset, or "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(model.Berlin).Format(time.RFC3339)
}

// isoDate is 2026-11-03, or "" for no date.
func isoDate(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.ISO()
}

// yearBounds are the first instants of year and of the next one (Berlin).
func yearBounds(year int) (time.Time, time.Time) {
	return model.Date{Year: year, Month: 1, Day: 1}.Midnight(), model.Date{Year: year + 1, Month: 1, Day: 1}.Midnight()
}
