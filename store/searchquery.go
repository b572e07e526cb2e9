package store

import (
	"fmt"
	"strings"

	"stabsstelle/model"
)

// SearchKinds are the kinds a search can be narrowed to, by the names of
// `stabsstelle search --kind` and the German words of the TUI's search
// ("nur Einsätze").
var SearchKinds = []struct {
	Kind  string
	Words []string // folded German words, singular and plural
}{
	{KindEinsatz, []string{"einsatz", "einsatze"}},
	{KindPerson, []string{"person", "personen"}},
	{KindClaim, []string{"antrag", "antrage", "erstattung", "erstattungen"}},
	{KindEvent, []string{"veranstaltung", "veranstaltungen"}},
	{KindOrganisation, []string{"einrichtung", "einrichtungen"}},
	{KindTask, []string{"aufgabe", "aufgaben"}},
}

// ParseSearchKind checks a kind named on the command line (einsatz,
// person, claim, event, organisation, task; the German words too).
func ParseSearchKind(s string) (string, error) {
	f := FoldText(strings.TrimSpace(s))
	for _, k := range SearchKinds {
		if f == k.Kind {
			return k.Kind, nil
		}
		for _, w := range k.Words {
			if f == w {
				return k.Kind, nil
			}
		}
	}
	return "", fmt.Errorf("„%s“ ist keine Art – bitte einsatz, person, claim, event, organisation oder task", s)
}

// ParseSearchText reads the filters a person types into the search box
// along with the words: "ab 1.3." (also "von", "seit"), "bis 31.3." and
// "nur Einsätze" (Personen, Anträge, Veranstaltungen, Einrichtungen,
// Aufgaben). "Tigrinya ab 1.3." is Tigrinya from 1 March. A word that is
// not followed by a date or kind stays a search word ("von Bergen").
func ParseSearchText(text string, today model.Date) (string, SearchFilter, error) {
	var f SearchFilter
	var words []string
	fields := strings.Fields(text)
	for i := 0; i < len(fields); i++ {
		w := FoldText(fields[i])
		if i+1 < len(fields) {
			next := fields[i+1]
			switch w {
			case "ab", "von", "seit", "bis":
				if d, err := model.ParseDate(next, today); err == nil {
					if w == "bis" {
						f.To = d
					} else {
						f.From = d
					}
					i++
					continue
				}
			case "nur":
				if k, err := ParseSearchKind(next); err == nil {
					f.Kinds = append(f.Kinds, k)
					i++
					continue
				}
			}
		}
		words = append(words, fields[i])
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return "", f, fmt.Errorf("„bis %s“ liegt vor „ab %s“ – bitte die Daten tauschen.", f.To, f.From)
	}
	return strings.Join(words, " "), f, nil
}
