package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	lk "stabsstelle/lookup"
	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "search",
		Summary: "überall suchen: Einsätze, Personen, Einrichtungen …",
		Usage:   "stabsstelle search TEXT [--kind ART] [--from DATUM] [--to DATUM] [--json] [--limit N]",
		Help: `Sucht in allen Bereichen nach allen angegebenen Wörtern (Groß-/Kleinschreibung egal):
Einsatznummer, Sprache, Dialekt, Sprachmittler:in, Einrichtung, Ort, Status, Namen von
Personen und Einrichtungen. Eine genaue Nummer (E-2026-0042) steht immer oben; ohne
Buchstaben (2026-0042) findet sie Einsatz, Antrag und Veranstaltung dieser Nummer.

  --json         als JSON-Liste: kind, id, number oder name, summary
  --limit N      höchstens N Treffer (Standard 50)
  --kind ART     nur eine Art: einsatz, person, claim (Anträge), event (Veranstaltungen),
                 organisation, task; mehrere mit Komma (--kind einsatz,event)
  --from DATUM   nur Einträge ab diesem Tag (05.03.2026, 1.3., heute, Mo)
  --to DATUM     nur Einträge bis zu diesem Tag (einschließlich)

Mit --from oder --to zählt das Datum des Eintrags: Beginn eines Einsatzes, Zeitraum
eines Antrags, Tag einer Veranstaltung, Fälligkeit einer Aufgabe. Personen und
Einrichtungen haben kein Datum und fallen dann weg.

Auch während die Oberfläche oder stabsstelle serve auf diesem Rechner die Datei
geöffnet hat: dann fragt search das laufende Programm.

Beispiele:
  stabsstelle search E-2026-0042
  stabsstelle search 2026-0042
  stabsstelle search tigrinya jobcenter
  stabsstelle search tigrinya --kind einsatz --from heute
  stabsstelle search jobcenter --kind event,claim --from 01.01.2026 --to 31.12.2026
  stabsstelle search "Amina" --json`,
		Run: runSearch,
	})
}

func runSearch(env *Env, args []string) error {
	o, err := parseSearchArgs(args, model.Today(env.Now()))
	if err != nil {
		return err
	}
	q, f, limit := o.query, o.filter, o.limit
	resp, st, err := askOrOpen(env, lk.Request{Verb: lk.VerbSearch, Text: q, Limit: limit}.WithFilter(f))
	if err != nil {
		return err
	}
	var hits []store.Hit
	if resp != nil {
		hits = resp.Hits
	} else if err := st.View(func(tx *store.Tx) error {
		hits, err = store.SearchFiltered(tx, q, limit, f)
		return err
	}); err != nil {
		return err
	}
	if hits == nil {
		hits = []store.Hit{}
	}
	if o.asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(hits); err != nil {
			return err
		}
		moreHits(env, len(hits), limit)
		return nil
	}
	if len(hits) == 0 {
		_, err := fmt.Fprintf(env.Stdout, "Nichts gefunden für „%s“%s.\n", model.SafeLine(q), filterText(f))
		return err
	}
	if err := writeHits(env, hits); err != nil {
		return err
	}
	moreHits(env, len(hits), limit)
	return nil
}

// searchOptions is what the command line of search asks for.
type searchOptions struct {
	query  string // the words, joined
	asJSON bool
	limit  int
	filter store.SearchFilter
}

// parseSearchArgs reads the words and options of search; every mistake is
// a usage error (exit 2).
func parseSearchArgs(args []string, today model.Date) (searchOptions, error) {
	o := searchOptions{limit: 50}
	args, after := splitAtDashDash(args)
	var words []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || a == "-" {
			words = append(words, a)
			continue
		}
		switch name {
		case "json":
			o.asJSON = true
			continue
		case "limit", "from", "to", "kind":
		default:
			return o, UsageError("Unbekannte Option %s. Hilfe: stabsstelle search --help", a)
		}
		v, n, err := searchOptionValue(args, i, name)
		if err != nil {
			return o, err
		}
		i += n
		if err := o.set(name, v, today); err != nil {
			return o, err
		}
	}
	f := o.filter
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return o, UsageError("--to %s liegt vor --from %s – bitte die Daten tauschen.", f.To, f.From)
	}
	o.query = strings.TrimSpace(strings.Join(append(words, after...), " "))
	if o.query == "" {
		return o, UsageError("Bitte angeben, wonach gesucht wird, z. B.: stabsstelle search tigrinya")
	}
	return o, nil
}

// searchOptionValue returns the value of option name at args[i] ("--to X"
// or "--to=X") and how many more arguments it took.
func searchOptionValue(args []string, i int, name string) (string, int, error) {
	a := args[i]
	if v, ok := strings.CutPrefix(strings.TrimLeft(a, "-"), name+"="); ok {
		return v, 0, nil
	}
	if i+1 >= len(args) {
		return "", 0, UsageError("Die Option --%s braucht einen Wert, z. B. %s.", name, map[string]string{
			"limit": "--limit 20", "from": "--from 01.03.2026", "to": "--to 31.03.2026", "kind": "--kind einsatz"}[name])
	}
	return args[i+1], 1, nil
}

// set takes the value v of the option name (limit, from, to or kind).
func (o *searchOptions) set(name, v string, today model.Date) error {
	switch name {
	case "limit":
		l, err := strconv.Atoi(v)
		if err != nil || l < 1 || l > 10000 {
			return UsageError("--limit erwartet eine Zahl zwischen 1 und 10000, nicht „%s“.", v)
		}
		o.limit = l
	case "from", "to":
		d, err := model.ParseDate(v, today)
		if err != nil {
			return UsageError("--%s: %v", name, err)
		}
		if name == "from" {
			o.filter.From = d
		} else {
			o.filter.To = d
		}
	case "kind":
		for _, k := range strings.Split(v, ",") {
			kind, err := store.ParseSearchKind(k)
			if err != nil {
				return UsageError("--kind: %v.", err)
			}
			o.filter.Kinds = append(o.filter.Kinds, kind)
		}
	}
	return nil
}

// writeHits prints the hits as a table: kind and summary, one per line.
func writeHits(env *Env, hits []store.Hit) error {
	bw := bufio.NewWriter(env.Stdout)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	for _, h := range hits {
		kind := h.Kind
		if k, ok := store.KindOf(h.Kind); ok {
			kind = k.KindLabel()
		}
		fmt.Fprintf(tw, "%s\t%s\n", kind, strings.Join(strings.Fields(model.SafeLine(h.Summary)), " "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// moreHits tells on stderr that the list stopped at the limit: without it
// the list looks complete.
func moreHits(env *Env, n, limit int) {
	if n >= limit && limit < 10000 {
		fmt.Fprintf(env.Stderr, "Nur die ersten %d Treffer – genauer suchen oder mehr mit --limit %d.\n", limit, min(limit*4, 10000))
	}
}

// filterText says in German what a search was narrowed to.
func filterText(f store.SearchFilter) string {
	var parts []string
	if len(f.Kinds) > 0 {
		var labels []string
		for _, k := range f.Kinds {
			if kind, ok := store.KindOf(k); ok {
				labels = append(labels, kind.KindLabel())
			}
		}
		parts = append(parts, "nur "+strings.Join(labels, ", "))
	}
	if !f.From.IsZero() {
		parts = append(parts, "ab "+f.From.String())
	}
	if !f.To.IsZero() {
		parts = append(parts, "bis "+f.To.String())
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
