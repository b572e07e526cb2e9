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
		Usage:   "stabsstelle search TEXT [--json] [--limit N]",
		Help: `Sucht in allen Bereichen nach allen angegebenen Wörtern (Groß-/Kleinschreibung egal):
Einsatznummer, Sprache, Dialekt, Sprachmittler:in, Einrichtung, Ort, Status, Namen von
Personen und Einrichtungen. Eine genaue Nummer (E-2026-0042) steht immer oben.

  --json      als JSON-Liste: kind, id, number oder name, summary
  --limit N   höchstens N Treffer (Standard 50)

Auch während die Oberfläche oder stabsstelle serve auf diesem Rechner die Datei
geöffnet hat: dann fragt search das laufende Programm.

Beispiele:
  stabsstelle search E-2026-0042
  stabsstelle search tigrinya jobcenter
  stabsstelle search "Amina" --json`,
		Run: runSearch,
	})
}

func runSearch(env *Env, args []string) error {
	asJSON, limit := false, 50
	var words []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--json" || a == "-json":
			asJSON = true
		case a == "--limit" || a == "-limit":
			if i+1 >= len(args) {
				return UsageError("Die Option --limit braucht eine Zahl, z. B. --limit 20.")
			}
			i++
			n, err := strconv.Atoi(args[i])
			if err != nil || n < 1 || n > 10000 {
				return UsageError("--limit erwartet eine Zahl zwischen 1 und 10000, nicht „%s“.", args[i])
			}
			limit = n
		case strings.HasPrefix(a, "--limit="):
			n, err := strconv.Atoi(strings.TrimPrefix(a, "--limit="))
			if err != nil || n < 1 || n > 10000 {
				return UsageError("--limit erwartet eine Zahl zwischen 1 und 10000.")
			}
			limit = n
		case strings.HasPrefix(a, "--") && len(a) > 2:
			return UsageError("Unbekannte Option %s. Hilfe: stabsstelle search --help", a)
		default:
			words = append(words, a)
		}
	}
	q := strings.TrimSpace(strings.Join(words, " "))
	if q == "" {
		return UsageError("Bitte angeben, wonach gesucht wird, z. B.: stabsstelle search tigrinya")
	}
	resp, st, err := askOrOpen(env, lk.Request{Verb: lk.VerbSearch, Text: q, Limit: limit})
	if err != nil {
		return err
	}
	var hits []store.Hit
	if resp != nil {
		hits = resp.Hits
	} else if err := st.View(func(tx *store.Tx) error {
		hits, err = store.Search(tx, q, limit)
		return err
	}); err != nil {
		return err
	}
	if hits == nil {
		hits = []store.Hit{}
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(hits); err != nil {
			return err
		}
		moreHits(env, len(hits), limit)
		return nil
	}
	if len(hits) == 0 {
		_, err := fmt.Fprintf(env.Stdout, "Nichts gefunden für „%s“.\n", model.SafeLine(q))
		return err
	}
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
	if err := bw.Flush(); err != nil {
		return err
	}
	moreHits(env, len(hits), limit)
	return nil
}

// moreHits tells on stderr that the list stopped at the limit: without it
// the list looks complete.
func moreHits(env *Env, n, limit int) {
	if n >= limit && limit < 10000 {
		fmt.Fprintf(env.Stderr, "Nur die ersten %d Treffer – genauer suchen oder mehr mit --limit %d.\n", limit, min(limit*4, 10000))
	}
}
