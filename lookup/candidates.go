package lookup

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"stabsstelle/model"
	"stabsstelle/store"
)

// CandidatesQuery is the question of `stabsstelle candidates`: who could
// interpret Language on Date at Time for Minutes, at Place, and – when
// Gender is "w" or "m" – only interpreters of that gender (a requirement).
type CandidatesQuery struct {
	Language string `json:"language"`          // "Tigrinya" or "Arabisch (Syrisch)"
	Date     string `json:"date"`              // JJJJ-MM-TT
	Time     string `json:"time"`              // HH:MM, Berlin
	Minutes  int    `json:"minutes,omitempty"` // 0 means 60
	Place    string `json:"place,omitempty"`   // empty: on site, place unknown
	Gender   string `json:"gender,omitempty"`  // "", "w" or "m"
}

// Offered is a bookable interpreter with the rank (1 = best) and the
// reasons of that rank; Excluded one who is not offered, with the reason.
// Field names and order are the output of `candidates --json`.
type (
	Offered struct {
		Name    string   `json:"name"`
		Rank    int      `json:"rank"`
		Reasons []string `json:"reasons"`
	}
	Excluded struct {
		Name   string `json:"name"`
		Reason string `json:"reason"`
	}
	// CandidatesResult lists every interpreter of the language; both lists
	// are never nil (JSON [] rather than null).
	CandidatesResult struct {
		Offered  []Offered  `json:"offered"`
		Excluded []Excluded `json:"excluded"`
	}
)

// DefaultMinutes is the duration when the question names none.
const DefaultMinutes = 60

// Einsatz turns the query into the request the matching looks at. The
// language may carry a dialect in brackets. Errors are German sentences
// about the field at fault; the query may come from a socket and is not
// trusted.
func (q CandidatesQuery) Einsatz() (*model.Einsatz, error) {
	lang, dialect, err := ParseLanguage(q.Language)
	if err != nil {
		return nil, err
	}
	day, err := model.ParseISODate(q.Date)
	if err != nil {
		return nil, fmt.Errorf("Das Datum „%s“ ist nicht lesbar: %w", cutText(q.Date, 20), err)
	}
	clock, err := model.ParseClock(q.Time)
	if err != nil {
		return nil, fmt.Errorf("Die Uhrzeit „%s“ ist nicht lesbar: %w", cutText(q.Time, 20), err)
	}
	minutes := q.Minutes
	if minutes == 0 {
		minutes = DefaultMinutes
	}
	if minutes < 1 || minutes > 12*60 {
		return nil, fmt.Errorf("Die Dauer liegt zwischen 1 und 720 Minuten, nicht %d.", q.Minutes)
	}
	place := strings.TrimSpace(q.Place)
	if utf8.RuneCountInString(place) > 200 || strings.ContainsAny(place, "\n\r\t") {
		return nil, fmt.Errorf("Der Ort ist zu lang oder enthält Zeilenumbrüche.")
	}
	e := &model.Einsatz{Language: lang, Dialect: dialect, Setting: model.SettingOnSite, Place: place,
		Start: model.At(day, clock).UTC(), Duration: time.Duration(minutes) * time.Minute}
	switch q.Gender {
	case "":
	case string(model.GenderFemale), string(model.GenderMale):
		e.GenderPref, e.GenderRequired = model.Gender(q.Gender), true
	default:
		return nil, fmt.Errorf("Das Geschlecht ist w oder m, nicht „%s“.", cutText(q.Gender, 10))
	}
	return e, nil
}

// ParseLanguage reads "Tigrinya" or "Arabisch (Syrisch)" into the list's
// spelling of the language and the dialect.
func ParseLanguage(s string) (lang, dialect string, err error) {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 80 || strings.ContainsAny(s, "\n\r\t") {
		return "", "", fmt.Errorf("Bitte eine Sprache angeben, z. B. Tigrinya oder „Arabisch (Syrisch)“.")
	}
	skills, err := model.ParseLanguageList(s)
	if err != nil {
		return "", "", err
	}
	if len(skills) != 1 {
		return "", "", fmt.Errorf("Bitte genau eine Sprache angeben (höchstens ein Dialekt in Klammern), nicht „%s“.", s)
	}
	return skills[0].Language, skills[0].Dialect, nil
}

// Candidates answers q inside one read transaction: every interpreter who
// speaks the language, offered (ranked) or excluded (with the reason), as
// the search in the interface shows them. A language that is neither in
// the list nor spoken by anybody in the pool is an error that suggests
// close names.
func Candidates(tx *store.Tx, q CandidatesQuery) (CandidatesResult, error) {
	e, err := q.Einsatz()
	if err != nil {
		return CandidatesResult{}, err
	}
	if err := knownLanguage(tx, e.Language); err != nil {
		return CandidatesResult{}, err
	}
	m, err := store.MatchCandidates(tx, e)
	if err != nil {
		return CandidatesResult{}, err
	}
	r := CandidatesResult{Offered: make([]Offered, 0, len(m.Offered)), Excluded: make([]Excluded, 0, len(m.Excluded))}
	for i, c := range m.Offered {
		r.Offered = append(r.Offered, Offered{Name: c.Person.Name, Rank: i + 1, Reasons: c.Reasons(e)})
	}
	for _, x := range m.Excluded {
		r.Excluded = append(r.Excluded, Excluded{Name: x.Person.Name, Reason: x.Reason})
	}
	return r, nil
}

// knownLanguage accepts a language of the list or one somebody in the pool
// speaks; otherwise the error names close spellings.
func knownLanguage(tx *store.Tx, lang string) error {
	if _, ok := model.LookupLanguage(lang); ok {
		return nil
	}
	ps, err := store.Interpreters(tx)
	if err != nil {
		return err
	}
	var spoken []string
	for _, p := range ps {
		if len(p.Interpreter.SkillsIn(lang)) > 0 {
			return nil
		}
		for _, s := range p.Interpreter.Languages {
			spoken = append(spoken, s.Language)
		}
	}
	msg := fmt.Sprintf("Die Sprache „%s“ kennt stabsstelle nicht, und niemand im Pool spricht sie.", cutText(lang, 40))
	if sug := model.SuggestLanguages(lang, spoken); len(sug) > 0 {
		msg += " Meinten Sie " + strings.Join(quote(sug), " oder ") + "?"
	} else {
		msg += " Die Sprachen der Liste zeigt die Oberfläche im Formular „Neue Anfrage“."
	}
	return fmt.Errorf("%s", msg)
}

func quote(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "„" + s + "“"
	}
	return out
}

func cutText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
