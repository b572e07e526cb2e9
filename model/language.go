package model

import (
	"sort"
	"strings"
)

// LanguageInfo is one language of the pool with the dialects or variants
// that matter when booking (domain.md §1.7: Kurmandschi ≠ Sorani, Dari ≠
// Farsi, Syrian ≠ Palestinian Arabic) and the usual countries of origin of
// its speakers.
type LanguageInfo struct {
	Name      string
	Dialects  []string
	Countries []string
}

// Languages is the list offered in forms and pickers. Free input stays
// possible (a pool grows), but the names here are the canonical spelling.
var Languages = []LanguageInfo{
	{"Albanisch", []string{"Gegisch", "Toskisch", "Kosovarisch"}, []string{"Albanien", "Kosovo", "Nordmazedonien"}},
	{"Amharisch", nil, []string{"Äthiopien"}},
	{"Arabisch", []string{"Syrisch", "Irakisch", "Palästinensisch", "Libanesisch", "Ägyptisch", "Sudanesisch", "Jemenitisch", "Maghrebinisch", "Hocharabisch"}, []string{"Syrien", "Irak", "Palästina", "Libanon", "Ägypten", "Sudan", "Jemen", "Marokko", "Algerien", "Tunesien", "Libyen"}},
	{"Armenisch", []string{"Ostarmenisch", "Westarmenisch"}, []string{"Armenien"}},
	{"Aserbaidschanisch", nil, []string{"Aserbaidschan", "Iran"}},
	{"Badini", nil, []string{"Irak"}},
	{"Bengali", nil, []string{"Bangladesch", "Indien"}},
	{"Bulgarisch", nil, []string{"Bulgarien"}},
	{"Chinesisch", []string{"Mandarin", "Kantonesisch"}, []string{"China", "Taiwan"}},
	{"Dari", nil, []string{"Afghanistan"}},
	{"Englisch", nil, []string{"Nigeria", "Ghana", "Gambia", "Kamerun", "Indien", "Pakistan"}},
	{"Farsi", nil, []string{"Iran"}},
	{"Französisch", nil, []string{"Guinea", "Kamerun", "Elfenbeinküste", "DR Kongo", "Senegal", "Mali"}},
	{"Gebärdensprache", []string{"DGS", "Ukrainisch", "Russisch"}, nil},
	{"Georgisch", nil, []string{"Georgien"}},
	{"Griechisch", nil, []string{"Griechenland"}},
	{"Hindi", nil, []string{"Indien"}},
	{"Italienisch", nil, []string{"Italien"}},
	{"Kurmandschi", nil, []string{"Türkei", "Syrien", "Irak"}},
	{"Mazedonisch", nil, []string{"Nordmazedonien"}},
	{"Oromo", nil, []string{"Äthiopien"}},
	{"Paschtu", nil, []string{"Afghanistan", "Pakistan"}},
	{"Polnisch", nil, []string{"Polen"}},
	{"Portugiesisch", []string{"Brasilianisch", "Europäisch", "Afrikanisch"}, []string{"Brasilien", "Portugal", "Angola", "Guinea-Bissau"}},
	{"Romanes", []string{"Balkan-Romanes", "Kalderasch"}, []string{"Serbien", "Nordmazedonien", "Rumänien", "Kosovo"}},
	{"Rumänisch", nil, []string{"Rumänien", "Moldau"}},
	{"Russisch", nil, []string{"Russland", "Ukraine", "Kasachstan", "Moldau", "Belarus"}},
	{"Serbisch/Kroatisch/Bosnisch", []string{"Serbisch", "Kroatisch", "Bosnisch"}, []string{"Serbien", "Kroatien", "Bosnien und Herzegowina", "Montenegro"}},
	{"Somali", nil, []string{"Somalia"}},
	{"Sorani", nil, []string{"Irak", "Iran"}},
	{"Spanisch", nil, []string{"Spanien", "Venezuela", "Kolumbien"}},
	{"Tigrinya", nil, []string{"Eritrea", "Äthiopien"}},
	{"Türkisch", nil, []string{"Türkei"}},
	{"Ukrainisch", nil, []string{"Ukraine"}},
	{"Urdu", nil, []string{"Pakistan"}},
	{"Vietnamesisch", nil, []string{"Vietnam"}},
}

// LanguageNames returns the canonical language names in alphabetical order.
func LanguageNames() []string {
	out := make([]string, len(Languages))
	for i, l := range Languages {
		out[i] = l.Name
	}
	return out
}

// LookupLanguage finds a language by name, ignoring case, surrounding
// space and a few common alternative spellings (Kurdisch-Kurmandschi,
// Persisch, Pashto, Tigrinisch …).
func LookupLanguage(name string) (LanguageInfo, bool) {
	n := normLang(name)
	if alias, ok := languageAliases[n]; ok {
		n = normLang(alias)
	}
	for _, l := range Languages {
		if normLang(l.Name) == n {
			return l, true
		}
	}
	return LanguageInfo{}, false
}

// CanonicalLanguage returns the list's spelling of name, or the trimmed
// input when the language is not in the list.
func CanonicalLanguage(name string) string {
	if l, ok := LookupLanguage(name); ok {
		return l.Name
	}
	return strings.TrimSpace(name)
}

// DialectsOf lists the known dialects of a language (nil if none).
func DialectsOf(language string) []string {
	l, _ := LookupLanguage(language)
	return l.Dialects
}

// Countries is every country of origin named in Languages, sorted, for the
// optional "Herkunftsland" field.
func Countries() []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range Languages {
		for _, c := range l.Countries {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	sort.Strings(out)
	return out
}

var languageAliases = map[string]string{
	"kurdisch":               "Kurmandschi",
	"kurdisch-kurmandschi":   "Kurmandschi",
	"kurdisch (kurmandschi)": "Kurmandschi",
	"kurmanci":               "Kurmandschi",
	"kurmandji":              "Kurmandschi",
	"kurdisch-sorani":        "Sorani",
	"kurdisch (sorani)":      "Sorani",
	"kurdisch-badini":        "Badini",
	"persisch":               "Farsi",
	"pashto":                 "Paschtu",
	"paschto":                "Paschtu",
	"tigrinisch":             "Tigrinya",
	"tigrigna":               "Tigrinya",
	"serbisch":               "Serbisch/Kroatisch/Bosnisch",
	"kroatisch":              "Serbisch/Kroatisch/Bosnisch",
	"bosnisch":               "Serbisch/Kroatisch/Bosnisch",
	"bks":                    "Serbisch/Kroatisch/Bosnisch",
	"mandarin":               "Chinesisch",
	"romani":                 "Romanes",
	"dgs":                    "Gebärdensprache",
	"azerbaidschanisch":      "Aserbaidschanisch",
	"aserbeidschanisch":      "Aserbaidschanisch",
	"bengalisch":             "Bengali",
	"somalisch":              "Somali",
	"amharic":                "Amharisch",
	"arabic":                 "Arabisch",
	"english":                "Englisch",
	"french":                 "Französisch",
	"russian":                "Russisch",
	"turkish":                "Türkisch",
	"ukrainian":              "Ukrainisch",
}

func normLang(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
