package model

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// Interpreter lists from Excel: the columns, the language list of a cell,
// and the person of one row.

// InterpreterCSVColumns are the columns an interpreter list must have.
var InterpreterCSVColumns = []string{"Name", "Geschlecht", "Sprachen", "Telefon", "E-Mail", "Ort"}

// ParseLanguageList reads "Arabisch (Syrisch), Kurmandschi, Farsi: fließend":
// comma-separated languages, dialect in brackets (several as
// "Arabisch (Syrisch/Irakisch)"), an optional level after a colon.
func ParseLanguageList(s string) ([]LanguageSkill, error) {
	parts, err := splitLanguageList(s)
	if err != nil {
		return nil, err
	}
	var out []LanguageSkill
	for _, part := range parts {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		skills, err := parseLanguageItem(part)
		if err != nil {
			return nil, err
		}
		out = append(out, skills...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("Keine Sprache angegeben.")
	}
	return out, nil
}

// splitLanguageList splits the list at commas and semicolons outside
// brackets (inside, they separate dialects).
func splitLanguageList(s string) ([]string, error) {
	depth, startIdx := 0, 0
	var parts []string
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return nil, fmt.Errorf("In „%s“ steht eine schließende Klammer ohne öffnende.", s)
			}
			depth--
		case ',', ';':
			if depth == 0 {
				parts = append(parts, s[startIdx:i])
				startIdx = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("In „%s“ fehlt eine schließende Klammer.", s)
	}
	return append(parts, s[startIdx:]), nil
}

// parseLanguageItem reads one item, "Arabisch (Syrisch/Irakisch): gut": a
// skill per dialect, or one without a dialect.
func parseLanguageItem(part string) ([]LanguageSkill, error) {
	level, part, err := cutLevel(part)
	if err != nil {
		return nil, err
	}
	name, dialects := part, ""
	if i := strings.IndexByte(part, '('); i >= 0 {
		j := strings.LastIndexByte(part, ')')
		if j < i || strings.TrimSpace(part[j+1:]) != "" {
			return nil, fmt.Errorf("„%s“ ist nicht lesbar; der Dialekt steht in Klammern hinter der Sprache, z. B. Arabisch (Syrisch).", part)
		}
		name, dialects = strings.TrimSpace(part[:i]), part[i+1:j]
	}
	if name == "" {
		return nil, fmt.Errorf("In „%s“ fehlt der Name der Sprache.", part)
	}
	if utf8.RuneCountInString(name) > 60 || utf8.RuneCountInString(dialects) > 120 {
		return nil, fmt.Errorf("Der Sprachname „%s“ ist zu lang.", truncate(name, 30))
	}
	return dialectSkills(name, dialects, level), nil
}

// cutLevel takes the level after the last colon off an item ("…: gut"),
// unless the colon is inside the brackets.
func cutLevel(part string) (Level, string, error) {
	i := strings.LastIndexByte(part, ':')
	if i < 0 || strings.Contains(part[i:], ")") {
		return "", part, nil
	}
	l, ok := ParseLevel(part[i+1:])
	if !ok {
		return "", "", fmt.Errorf("Unbekanntes Sprachniveau „%s“ – möglich sind Muttersprache, fließend, gut, Grundkenntnisse.", strings.TrimSpace(part[i+1:]))
	}
	return l, strings.TrimSpace(part[:i]), nil
}

// dialectSkills is a skill of the language name per dialect of dialects
// ("Syrisch/Irakisch"), or one without a dialect. For Kurdisch a "dialect"
// that is a language of its own (Sorani) becomes that language.
func dialectSkills(name, dialects string, level Level) []LanguageSkill {
	var out []LanguageSkill
	kurdish := strings.EqualFold(name, "Kurdisch")
	name = CanonicalLanguage(name)
	ds := strings.FieldsFunc(dialects, func(r rune) bool { return r == '/' || r == ',' || r == ';' })
	added := false
	for _, d := range ds {
		if d = strings.TrimSpace(d); d == "" {
			continue
		}
		added = true
		if l, ok := LookupLanguage(d); ok && kurdish {
			// "Kurdisch (Sorani)": the "dialect" is a language of its own.
			out = append(out, LanguageSkill{Language: l.Name, Level: level})
			continue
		}
		out = append(out, LanguageSkill{Language: name, Dialect: d, Level: level})
	}
	if !added {
		out = append(out, LanguageSkill{Language: name, Level: level})
	}
	return out
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// InterpreterRow is one good row of an imported interpreter list.
type InterpreterRow struct {
	Line   int
	Person *Person
}

// ParseInterpreterCSV reads an interpreter list as Excel saves it (see
// ReadCSV), with at least the columns InterpreterCSVColumns and optionally
// Straße, PLZ, Einsatzformen, Samtgemeinden, Mobilität, Schweigepflicht,
// Führungszeugnis, Führungszeugnis gültig bis, Grundschulung,
// Ehrenamtsvereinbarung, Aktiv, Notizen. Good rows become people with an
// interpreter profile; bad rows are reported with their line number. It
// never panics on broken or hostile input.
func ParseInterpreterCSV(r io.Reader, today Date) ([]InterpreterRow, []CSVProblem, error) {
	t, err := ReadCSV(r, InterpreterCSVColumns)
	if err != nil {
		return nil, nil, err
	}
	problems := append([]CSVProblem(nil), t.Bad...)
	var out []InterpreterRow
	seen := map[string]int{}
	for _, row := range t.Rows {
		p, msgs := interpreterFromRow(row, today)
		if len(msgs) == 0 {
			key := strings.ToLower(strings.Join(strings.Fields(p.Name), " "))
			if first, dup := seen[key]; dup {
				msgs = append(msgs, fmt.Sprintf("%s steht schon in Zeile %d.", p.Name, first))
			} else {
				seen[key] = row.Line
			}
		}
		if len(msgs) > 0 {
			problems = append(problems, CSVProblem{Line: row.Line, Msg: strings.Join(msgs, " ")})
			continue
		}
		out = append(out, InterpreterRow{Line: row.Line, Person: p})
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	return out, problems, nil
}

// InterpreterFromRow makes the person with interpreter profile of one row
// of an interpreter list, or says in German sentences what is wrong.
func InterpreterFromRow(row CSVRow, today Date) (*Person, []string) {
	return interpreterFromRow(row, today)
}

func interpreterFromRow(row CSVRow, today Date) (*Person, []string) {
	var msgs []string
	g, ok := ParseGender(row.Get("Geschlecht"))
	if !ok {
		msgs = append(msgs, "Geschlecht „"+truncate(row.Get("Geschlecht"), 20)+"“ ist unbekannt (w, m, d oder leer).")
	}
	langs, langErr := ParseLanguageList(row.Get("Sprachen"))
	if langErr != nil {
		msgs = append(msgs, langErr.Error())
	}
	place := row.Get("Ort")
	ip := &InterpreterProfile{Languages: langs, HomePlace: place, Active: true, Notes: row.Get("Notizen")}
	msgs = append(msgs, ip.readRow(row, today)...)
	p := &Person{Name: strings.Join(strings.Fields(row.Get("Name")), " "), Gender: g, Phone: row.Get("Telefon"),
		Email: row.Get("E-Mail"), Street: row.Get("Straße"), PostalCode: row.Get("PLZ"), City: place, Interpreter: ip}
	// Every problem of the row at once (phone, e-mail … too), so one
	// correction round is enough; the language list was judged above.
	if err := p.Validate(); err != nil {
		var ve ValidationError
		if !errors.As(err, &ve) {
			return p, append(msgs, err.Error())
		}
		for _, fe := range ve {
			if langErr != nil && strings.Contains(fe.Field, "languages") {
				continue
			}
			msgs = append(msgs, fe.Msg)
		}
	}
	for _, fe := range CheckText(p, nil) {
		msgs = append(msgs, fe.Msg)
	}
	return p, msgs
}

// readRow reads the optional columns of an interpreter list into p:
// settings, Samtgemeinden, mobility, the dates of the documents and
// whether the person is active. It returns what is wrong, in column order.
func (p *InterpreterProfile) readRow(row CSVRow, today Date) []string {
	var msgs []string
	if s := row.Get("Einsatzformen"); s != "" {
		var bad []string
		p.Settings, bad = parseSettings(s)
		msgs = append(msgs, bad...)
	}
	if s := row.Get("Samtgemeinden"); s != "" {
		for _, f := range strings.Split(s, ",") {
			if f = strings.TrimSpace(f); f != "" {
				p.Samtgemeinden = append(p.Samtgemeinden, f)
			}
		}
	}
	if s := row.Get("Mobilität"); s != "" {
		found := false
		for _, m := range Mobilities {
			if strings.EqualFold(m.Label(), s) || strings.EqualFold(string(m), s) {
				p.Mobility, found = m, true
			}
		}
		if !found {
			msgs = append(msgs, "Mobilität „"+truncate(s, 20)+"“ ist unbekannt (Auto, ÖPNV, Fahrrad, keine).")
		}
	}
	msgs = append(msgs, p.readDates(row, today)...)
	switch strings.ToLower(row.Get("Aktiv")) {
	case "", "ja", "j", "x", "1", "aktiv":
	case "nein", "n", "0", "pausiert":
		p.Active = false
	default:
		msgs = append(msgs, "Aktiv: bitte ja oder nein.")
	}
	return msgs
}

// parseSettings reads the Einsatzformen column: a list of vor Ort,
// Telefon and Video, separated by commas or slashes.
func parseSettings(s string) ([]Setting, []string) {
	var out []Setting
	var msgs []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '/' }) {
		switch strings.ToLower(strings.TrimSpace(f)) {
		case "vor ort", "vor_ort", "präsenz":
			out = append(out, SettingOnSite)
		case "telefon", "telefonisch":
			out = append(out, SettingPhone)
		case "video":
			out = append(out, SettingVideo)
		case "":
		default:
			msgs = append(msgs, "Einsatzform „"+truncate(strings.TrimSpace(f), 20)+"“ ist unbekannt (vor Ort, Telefon, Video).")
		}
	}
	return out, msgs
}

// readDates reads the columns of the documents' dates; an empty cell
// leaves the date unset.
func (p *InterpreterProfile) readDates(row CSVRow, today Date) []string {
	var msgs []string
	for _, d := range []struct {
		col string
		dst *Date
	}{
		{"Schweigepflicht", &p.Schweigepflicht}, {"Führungszeugnis", &p.FuehrungszeugnisSeen},
		{"Führungszeugnis gültig bis", &p.FuehrungszeugnisValidUntil}, {"Grundschulung", &p.Grundschulung},
		{"Ehrenamtsvereinbarung", &p.Ehrenamtsvereinbarung},
	} {
		if s := row.Get(d.col); s != "" {
			v, err := ParseDate(s, today)
			if err != nil {
				msgs = append(msgs, d.col+": „"+truncate(s, 20)+"“ ist kein Datum (TT.MM.JJJJ).")
				continue
			}
			*d.dst = v
		}
	}
	return msgs
}
