package cli

import (
	"bufio"
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
// holding them all: 100 000 Einsätze stream straight to stdout.
type jsonArray struct {
	w     *bufio.Writer
	buf   bytes.Buffer
	enc   *json.Encoder
	count int
}

func newJSONArray(w io.Writer) *jsonArray {
	a := &jsonArray{w: bufio.NewWriterSize(w, 64<<10)}
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
	if _, err := a.w.WriteString(sep); err != nil {
		return err
	}
	_, err := a.w.Write(bytes.TrimRight(a.buf.Bytes(), "\n"))
	return err
}

func (a *jsonArray) close() error {
	end := "\n]\n"
	if a.count == 0 {
		end = "[]\n"
	}
	if _, err := a.w.WriteString(end); err != nil {
		return err
	}
	return a.w.Flush()
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
