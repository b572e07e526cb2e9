package model

import (
	"sort"
	"strings"
	"sync"
)

// LanguageInfo is one language of the pool with the dialects or variants
// that matter when booking (docs/DOMAIN.md §1.7: Kurmandschi ≠ Sorani, Dari ≠
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
	idx := languageIndex()
	if i, ok := idx[name]; ok { // the list's own spelling: most calls
		return Languages[i], true
	}
	n := normLang(name)
	if alias, ok := languageAliases[n]; ok {
		n = normLang(alias)
	}
	if i, ok := idx[n]; ok {
		return Languages[i], true
	}
	return LanguageInfo{}, false
}

// languageIndex maps each language's name, as listed and normalised, to
// its place in Languages. Matching asks for the language of every skill of
// every interpreter; walking and lowering the list each time was 7 % of
// writing the large demo.
var languageIndex = sync.OnceValue(func() map[string]int {
	idx := make(map[string]int, 2*len(Languages))
	for i, l := range Languages {
		for _, k := range []string{normLang(l.Name), l.Name} {
			if _, ok := idx[k]; !ok { // the first of the list wins, as before
				idx[k] = i
			}
		}
	}
	return idx
})

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

// SuggestLanguages returns up to three names close to the unknown input
// name, best first: languages of the list, their dialects (as "Arabisch
// (Syrisch)"), the alternative spellings and extra (e.g. the languages the
// pool speaks). Close means a common start of at least four letters or a
// few typing errors (edit distance up to a third of the length, at least 2).
func SuggestLanguages(name string, extra []string) []string {
	in := normLang(name)
	if in == "" {
		return nil
	}
	limit := max(2, len([]rune(in))/3)
	best := map[string]int{}
	for _, c := range languageCandidates(extra) {
		d := editDistance(in, c.key)
		if len([]rune(in)) >= 4 && (strings.HasPrefix(c.key, in) || strings.HasPrefix(in, c.key) && len([]rune(c.key)) >= 4) {
			d = min(d, 1)
		}
		if d > limit {
			continue
		}
		d *= 2
		if c.dialect {
			d++
		}
		if old, ok := best[c.show]; !ok || d < old {
			best[c.show] = d
		}
	}
	return closestThree(best)
}

// languageCandidate is a name SuggestLanguages may offer: key is compared
// with the input, show is offered.
type languageCandidate struct {
	key, show string
	dialect   bool // ranks behind a language as close
}

// languageCandidates are the languages of the list, their dialects, the
// alternative spellings and extra.
func languageCandidates(extra []string) []languageCandidate {
	var cands []languageCandidate
	for _, l := range Languages {
		cands = append(cands, languageCandidate{normLang(l.Name), l.Name, false})
		for _, d := range l.Dialects {
			cands = append(cands, languageCandidate{normLang(d), l.Name + " (" + d + ")", true})
		}
	}
	for alias, canon := range languageAliases {
		cands = append(cands, languageCandidate{alias, canon, false})
	}
	for _, x := range extra {
		cands = append(cands, languageCandidate{normLang(x), strings.TrimSpace(x), false})
	}
	return cands
}

// closestThree are the (at most) three names of best with the lowest
// distance, ties by name.
func closestThree(best map[string]int) []string {
	out := make([]string, 0, len(best))
	for s := range best {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if best[out[i]] != best[out[j]] {
			return best[out[i]] < best[out[j]]
		}
		return out[i] < out[j]
	})
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// editDistance is the Levenshtein distance of a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
