package cli

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	lk "stabsstelle/lookup"
	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "candidates",
		Summary: "wer könnte dolmetschen – und warum die anderen nicht",
		Usage:   "stabsstelle candidates --language SPRACHE --date TT.MM.JJJJ --time HH:MM [--duration MIN] [--place ORT] [--gender w|m] [--json]",
		Help: `Für einen Anruf: Wer aus dem Pool kann diese Sprache zu diesem Termin übernehmen?
Die Antwort ist dieselbe wie „Sprachmittler:in suchen“ in der Oberfläche: alle, die die
Sprache sprechen – die buchbaren in der Reihenfolge der Suche (Dialekt, gewünschtes
Geschlecht, wenigste Einsätze im Monat, Entfernung) mit den Gründen dafür, alle anderen
darunter mit dem einen Grund, warum sie nicht angeboten werden (pausiert, Unterlagen
fehlen oder abgelaufen, nicht geschult, außerhalb der Region, belegt mit E-Nummer …).

  --language SPRACHE  z. B. Tigrinya, Kurdisch, "Arabisch (Syrisch)" (Dialekt in Klammern)
  --date DATUM        05.03.2026, 5.3., heute, morgen, Do (nächster Donnerstag)
  --time HH:MM        Beginn, z. B. 9:30
  --duration MIN      Dauer in Minuten (Standard 60)
  --place ORT         Ort des Einsatzes vor Ort, z. B. Wittingen – für Entfernung und
                      Einsatzgebiete; ohne --place zählt beides nicht
  --gender w|m        nur Sprachmittlerinnen (w) bzw. Sprachmittler (m) anbieten – eine
                      Bedingung wie „nur weiblich“ in der Anfrage; die anderen stehen mit
                      dem Grund unter „nicht angeboten“
  --json              als JSON: {"offered":[{"name","rank","reasons":[…]}],
                      "excluded":[{"name","reason"}]}

Auch während die Oberfläche oder stabsstelle serve auf diesem Rechner die Datei
geöffnet hat: dann fragt candidates das laufende Programm.

Beispiele:
  stabsstelle candidates --language Tigrinya --date morgen --time 10:00
  stabsstelle candidates --language "Arabisch (Syrisch)" --date morgen --time 9:30 --duration 90 --place Wittingen --gender w
  stabsstelle candidates --language Dari --date morgen --time 14:00 --json | jq -r '.offered[0].name'`,
		Run: runCandidates,
	})
}

func runCandidates(env *Env, args []string) error {
	fs := flag.NewFlagSet("candidates", flag.ContinueOnError)
	language := fs.String("language", "", "Sprache")
	dateArg := fs.String("date", "", "Tag")
	timeArg := fs.String("time", "", "Beginn")
	duration := fs.Int("duration", lk.DefaultMinutes, "Minuten")
	place := fs.String("place", "", "Ort")
	gender := fs.String("gender", "", "w oder m")
	asJSON := fs.Bool("json", false, "JSON")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	const help = candidatesHelpHint
	switch {
	case fs.NArg() > 0:
		return UsageError("Unerwartetes Argument „%s“. Die Sprache bitte mit --language angeben, z. B. --language Tigrinya."+help, fs.Arg(0))
	case strings.TrimSpace(*language) == "":
		return UsageError("Bitte die Sprache mit --language angeben, z. B. --language Tigrinya." + help)
	case strings.TrimSpace(*dateArg) == "":
		return UsageError("Bitte den Tag mit --date angeben, z. B. --date 05.03.2026 oder --date morgen." + help)
	case strings.TrimSpace(*timeArg) == "":
		return UsageError("Bitte den Beginn mit --time angeben, z. B. --time 10:00." + help)
	case *duration < 1 || *duration > 12*60:
		return UsageError("--duration ist die Dauer in Minuten zwischen 1 und 720, nicht %d."+help, *duration)
	}
	q, err := candidatesQuery(env, *language, *dateArg, *timeArg, *place, *gender, *duration)
	if err != nil {
		return err
	}
	e, err := q.Einsatz()
	if err != nil {
		return UsageError("%v%s", err, help)
	}
	if _, known := model.LookupPlace(q.Place); q.Place != "" && !known {
		fmt.Fprintf(env.Stderr, "Hinweis: Den Ort „%s“ kennt stabsstelle nicht – Entfernung und Einsatzgebiete zählen nicht.\n", q.Place)
	}
	r, err := candidates(env, q)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	w := bufio.NewWriter(env.Stdout)
	writeCandidates(w, e, r, terminalWidth(env.Stdout))
	return w.Flush()
}

// candidatesHelpHint ends every usage error of candidates.
const candidatesHelpHint = "\nHilfe: stabsstelle candidates --help"

// candidatesQuery reads language, day, time and gender as typed into the
// question to the pool; a value that cannot be read is a usage error.
func candidatesQuery(env *Env, language, dateArg, timeArg, place, gender string, duration int) (lk.CandidatesQuery, error) {
	const help = candidatesHelpHint
	q := lk.CandidatesQuery{Minutes: duration, Place: strings.TrimSpace(place)}
	lang, dialect, err := lk.ParseLanguage(language)
	if err != nil {
		return q, UsageError("%v%s", err, help)
	}
	q.Language = lang
	if dialect != "" {
		q.Language += " (" + dialect + ")"
	}
	day, err := model.ParseDate(dateArg, model.Today(env.Now()))
	if err != nil {
		return q, UsageError("--date: %v%s", err, help)
	}
	q.Date = day.ISO()
	clock, err := model.ParseClock(timeArg)
	if err != nil {
		return q, UsageError("--time: %v%s", err, help)
	}
	q.Time = clock.String()
	switch g, ok := model.ParseGender(gender); {
	case !ok || g == model.GenderDiverse:
		return q, UsageError("--gender ist w oder m, nicht „%s“."+help, gender)
	default:
		q.Gender = string(g)
	}
	return q, nil
}

// candidates asks the program holding the file, or reads it (askOrOpen).
func candidates(env *Env, q lk.CandidatesQuery) (lk.CandidatesResult, error) {
	resp, st, err := askOrOpen(env, lk.Request{Verb: lk.VerbCandidates, Candidates: &q})
	if err != nil {
		return lk.CandidatesResult{}, err
	}
	if resp != nil {
		if resp.Candidates == nil {
			return lk.CandidatesResult{}, fmt.Errorf("Das laufende Programm hat keine Liste geschickt – bitte noch einmal versuchen.")
		}
		return *resp.Candidates, nil
	}
	var r lk.CandidatesResult
	err = st.View(func(tx *store.Tx) error {
		var err error
		r, err = lk.Candidates(tx, q)
		return err
	})
	return r, err
}

// writeCandidates prints the answer for a terminal: a header with the
// request, the offered ones with their reasons, then everybody else with
// the reason; width 0 (a pipe) leaves lines whole.
func writeCandidates(w io.Writer, e *model.Einsatz, r lk.CandidatesResult, width int) {
	day := model.DateOf(e.Start)
	head := []string{e.LanguageLabel(), fmt.Sprintf("%s %s, %s–%s", day.WeekdayShort(), day, model.FormatTime(e.Start), model.FormatTime(e.End()))}
	if e.Place != "" {
		head = append(head, "vor Ort in "+e.Place)
	}
	if e.GenderPref != model.GenderUnknown {
		head = append(head, e.GenderWish())
	}
	fmt.Fprintln(w, strings.Join(head, " · "))
	fmt.Fprintln(w)
	if len(r.Offered) == 0 && len(r.Excluded) == 0 {
		fmt.Fprintf(w, "Niemand im Pool spricht %s.\n", e.Language)
		return
	}
	if len(r.Offered) == 0 {
		fmt.Fprintln(w, "Angeboten: niemand – die Gründe stehen unten.")
	} else {
		fmt.Fprintf(w, "Angeboten (%d), die beste Wahl zuerst:\n", len(r.Offered))
		for _, o := range r.Offered {
			fmt.Fprintf(w, "%3d. %s\n", o.Rank, o.Name)
			for _, l := range wrapJoined(o.Reasons, " · ", width-5) {
				fmt.Fprintf(w, "     %s\n", l)
			}
		}
	}
	if len(r.Excluded) > 0 {
		fmt.Fprintf(w, "\nNicht angeboten (%d):\n", len(r.Excluded))
		for _, x := range r.Excluded {
			for i, l := range wrapJoined(strings.Fields(x.Name+" – "+x.Reason), " ", width-5) {
				if i == 0 {
					fmt.Fprintf(w, "  %s\n", l)
				} else {
					fmt.Fprintf(w, "     %s\n", l)
				}
			}
		}
	}
}

// wrapJoined joins parts with sep into lines of at most width runes
// (width ≤ 0: one line); a part longer than width stays whole.
func wrapJoined(parts []string, sep string, width int) []string {
	if width <= 0 {
		return []string{strings.Join(parts, sep)}
	}
	var out []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case len([]rune(cur))+len([]rune(sep))+len([]rune(p)) <= width:
			cur += sep + p
		default:
			out = append(out, cur)
			cur = p
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}
