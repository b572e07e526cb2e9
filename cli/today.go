package cli

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/charmbracelet/x/term"

	lk "stabsstelle/lookup"
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

Auch während die Oberfläche oder stabsstelle serve auf diesem Rechner die Datei
geöffnet hat: dann fragt today das laufende Programm.

Beispiele:
  stabsstelle today
  stabsstelle today --date Do
  stabsstelle today --date 05.03.2026 --json | jq '.[] | select(.language=="Tigrinya")'`,
		Run: runToday,
	})
}

// TodayItem is one line of `today --json`.
type TodayItem = lk.TodayItem

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
	items, err := todayItems(env, day)
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

// todayItems reads the Einsätze of day from the file or, while another
// stabsstelle program holds it, from that program (askOrOpen).
func todayItems(env *Env, day model.Date) ([]TodayItem, error) {
	resp, st, err := askOrOpen(env, lk.Request{Verb: lk.VerbToday, Date: day.ISO()})
	if err != nil {
		return nil, err
	}
	if resp != nil {
		if resp.Today == nil {
			return []TodayItem{}, nil
		}
		return resp.Today, nil
	}
	var items []TodayItem
	err = st.View(func(tx *store.Tx) error {
		var err error
		items, err = lk.TodayItems(tx, day)
		return err
	})
	return items, err
}

func printToday(out io.Writer, day model.Date, items []TodayItem) error {
	// tabwriter writes every cell separately; one buffered write instead
	// of thousands of system calls.
	w := bufio.NewWriter(out)
	if err := writeToday(w, day, items, terminalWidth(out)); err != nil {
		return err
	}
	return w.Flush()
}

// terminalWidth is the width of the terminal out writes to, or 0 when it
// is a file or pipe (scripts get whole cells).
func terminalWidth(out io.Writer) int {
	f, ok := out.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0
	}
	w, _, err := term.GetSize(f.Fd())
	if err != nil {
		return 0
	}
	return w
}

// todayWidths is how long the text of each column may be so that the table
// fits width (0: no limit): the widest of the text columns is shortened
// first, down to 8 characters, so a line does not wrap on an 80-column
// terminal. Time and number are never cut.
func todayWidths(rows [][]string, width int) []int {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	if width <= 0 {
		return widths
	}
	total := 2 * (len(widths) - 1)
	for _, cw := range widths {
		total += cw
	}
	for total > width-1 {
		widest := -1
		for i := 2; i < len(widths); i++ {
			if widths[i] > 8 && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		widths[widest]--
		total--
	}
	return widths
}

func tableWidth(widths []int) int {
	total := 2 * (len(widths) - 1)
	for _, w := range widths {
		total += w
	}
	return total
}

func writeToday(w io.Writer, day model.Date, items []TodayItem, width int) error {
	title := fmt.Sprintf("Einsätze am %s, %s", day.WeekdayShort(), day)
	if name, ok := model.HolidayName(day); ok {
		title += " (" + name + ")"
	}
	if len(items) == 0 {
		_, err := fmt.Fprintf(w, "%s: keine.\n", title)
		return err
	}
	fmt.Fprintf(w, "%s: %d\n\n", title, len(items))
	rows := [][]string{{"Zeit", "Nummer", "Sprache", "Sprachmittler:in", "Einrichtung", "Ort", "Status"}}
	for _, it := range items {
		lang := it.Language
		if it.Dialect != "" {
			lang += " (" + it.Dialect + ")"
		}
		place := it.Place
		if it.Setting == string(model.SettingPhone) || it.Setting == string(model.SettingVideo) {
			place = model.Setting(it.Setting).Label()
		}
		rows = append(rows, []string{model.FormatTime(it.Start) + "–" + model.FormatTime(it.End), it.Number,
			cell(lang, width), cell(orDash(it.Interpreter), width), cell(it.Institution, width), cell(orDash(place), width), it.StatusLabel})
	}
	widths := todayWidths(rows, width)
	if width > 0 && widths[0] > 5 && tableWidth(widths) < tableWidth(todayWidths(rows, 0)) {
		// too narrow: the start time alone leaves the names more room
		for _, r := range rows[1:] {
			r[0], _, _ = strings.Cut(r[0], "–")
		}
		rows[0][0] = "Beginn"
		widths = todayWidths(rows, width)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				fmt.Fprint(tw, "\t")
			}
			fmt.Fprint(tw, cutCell(c, widths[i]))
		}
		fmt.Fprint(tw, "\n")
	}
	return tw.Flush()
}

// cutCell shortens s to n characters with "…".
func cutCell(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// cell keeps a table cell on one line; at a terminal (width > 0) also at a
// readable width. Text for a pipe or a file is never cut: scripts and
// printed lists need the whole name.
func cell(s string, width int) string {
	s = strings.Join(strings.Fields(model.SafeLine(s)), " ")
	if r := []rune(s); width > 0 && len(r) > 32 {
		return string(r[:31]) + "…"
	}
	return s
}
