package cli

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "today",
		Summary: "die Einsätze der Sprachmittlung an einem Tag",
		Usage:   "stabsstelle today [--date TT.MM.JJJJ] [--json]",
		Help: `Zeigt die Einsätze eines Tages nach Uhrzeit: Nummer, Zeit, Sprache, Sprachmittler:in,
Einrichtung, Ort und Status. Ohne --date der heutige Tag.

  --date DATUM  ein anderer Tag: 05.03.2026, 5.3., morgen, Do (nächster Donnerstag)
  --json        als JSON-Liste für Skripte: number, start, end (RFC 3339), language,
                dialect, interpreter, institution, place, setting, status, statusLabel

Beispiele:
  stabsstelle today
  stabsstelle today --date Do
  stabsstelle today --date 05.03.2026 --json | jq '.[] | select(.language=="Tigrinya")'`,
		Run: runToday,
	})
}

// TodayItem is one line of `today --json`.
type TodayItem struct {
	Number      string    `json:"number"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Language    string    `json:"language"`
	Dialect     string    `json:"dialect"`
	Interpreter string    `json:"interpreter"`
	Institution string    `json:"institution"`
	Place       string    `json:"place"`
	Setting     string    `json:"setting"`
	Status      string    `json:"status"`
	StatusLabel string    `json:"statusLabel"`
}

func runToday(env *Env, args []string) error {
	fs := flag.NewFlagSet("today", flag.ContinueOnError)
	dateArg := fs.String("date", "", "Tag")
	asJSON := fs.Bool("json", false, "JSON")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return UsageError("Unerwartetes Argument „%s“. Einen Tag bitte mit --date angeben, z. B. --date 05.03.2026", fs.Arg(0))
	}
	day := model.Today(env.Now())
	if *dateArg != "" {
		d, err := model.ParseDate(*dateArg, day)
		if err != nil {
			return UsageError("%v", err)
		}
		day = d
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var items []TodayItem
	err = st.View(func(tx *store.Tx) error {
		rows, err := store.EinsaetzeOfDay(tx, day)
		if err != nil {
			return err
		}
		names := map[string]string{}
		person := func(id string) string {
			if id == "" {
				return ""
			}
			if n, ok := names[id]; ok {
				return n
			}
			if p, err := store.People.Get(tx, id); err == nil {
				names[id] = p.Name
			}
			return names[id]
		}
		org := func(id string) string {
			if id == "" {
				return ""
			}
			if n, ok := names[id]; ok {
				return n
			}
			if o, err := store.Organisations.Get(tx, id); err == nil {
				names[id] = o.Name
			}
			return names[id]
		}
		items = make([]TodayItem, 0, len(rows))
		for _, r := range rows {
			items = append(items, TodayItem{Number: r.Number, Start: r.Start.In(model.Berlin), End: r.End.In(model.Berlin),
				Language: r.Language, Dialect: r.Dialect, Interpreter: person(r.InterpreterID),
				Institution: org(r.OrganisationID), Place: r.Place, Setting: string(r.Setting),
				Status: string(r.Status), StatusLabel: r.Status.Label()})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(items)
	}
	return printToday(env.Stdout, day, items)
}

func printToday(out io.Writer, day model.Date, items []TodayItem) error {
	// tabwriter writes every cell separately; one buffered write instead
	// of thousands of system calls.
	w := bufio.NewWriter(out)
	if err := writeToday(w, day, items); err != nil {
		return err
	}
	return w.Flush()
}

func writeToday(w io.Writer, day model.Date, items []TodayItem) error {
	title := fmt.Sprintf("Einsätze am %s, %s", day.WeekdayShort(), day)
	if name, ok := model.HolidayName(day); ok {
		title += " (" + name + ")"
	}
	if len(items) == 0 {
		_, err := fmt.Fprintf(w, "%s: keine.\n", title)
		return err
	}
	fmt.Fprintf(w, "%s: %d\n\n", title, len(items))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Zeit\tNummer\tSprache\tSprachmittler:in\tEinrichtung\tOrt\tStatus")
	for _, it := range items {
		lang := it.Language
		if it.Dialect != "" {
			lang += " (" + it.Dialect + ")"
		}
		place := it.Place
		if it.Setting == string(model.SettingPhone) || it.Setting == string(model.SettingVideo) {
			place = model.Setting(it.Setting).Label()
		}
		fmt.Fprintf(tw, "%s–%s\t%s\t%s\t%s\t%s\t%s\t%s\n", model.FormatTime(it.Start), model.FormatTime(it.End),
			it.Number, cell(lang), cell(orDash(it.Interpreter)), cell(it.Institution), cell(orDash(place)), it.StatusLabel)
	}
	return tw.Flush()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// cell keeps table cells on one line and at a readable width.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 32 {
		return string(r[:31]) + "…"
	}
	return s
}
