package store

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Search text is compared folded: lower case, accents and umlauts as their
// base letters (ä → a, é → e, ş → s, ß → ss), so "Muller" finds "Müller"
// and "Ayse" finds "Ayşe" – the same folding as the check-in at the door.
// Words are split at everything that is neither letter nor digit; a hyphen
// inside a word is kept out of the token ("Al-Hassan" → "alhassan", and
// the parts "al" and "hassan" are indexed too), so human numbers are one
// token ("E-2026-0042" → "e20260042") and a number prefix finds them.

// foldRunes maps the accented Latin letters of names in the county's
// communities to their base letters (German, Turkish, Kurdish in Latin
// script, Slavic and Romance names).
var foldRunes = map[rune]string{
	'ä': "a", 'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c", 'ĉ': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ı': "i", 'ī': "i", 'į': "i",
	'ł': "l", 'ñ': "n", 'ń': "n", 'ň': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o",
	'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe", 'ř': "r", 'ś': "s", 'ş': "s", 'š': "s", 'ș': "s",
	'ß': "ss", 'ţ': "t", 'ť': "t", 'ț': "t", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u",
	'ů': "u", 'ű': "u", 'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

// FoldText is s in lower case with accents folded (see above); other
// characters are kept.
func FoldText(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := foldRunes[r]; ok {
			b.WriteString(f)
			continue
		}
		if unicode.Is(unicode.Mn, r) { // combining accents of decomposed text
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// searchWords splits text into its folded words; a word is a run of
// letters, digits and inner hyphens. Hyphens are dropped from the word.
func searchWords(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(FoldText(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	}) {
		if j := strings.ReplaceAll(w, "-", ""); j != "" && utf8.RuneCountInString(j) <= maxTokenRunes {
			out = append(out, j)
		}
	}
	return out
}

// maxTokenRunes bounds one token: longer "words" (a pasted hash, base64)
// are not worth an index entry.
const maxTokenRunes = 40

// textTokens are the index tokens of free text: every word, and the parts
// of hyphenated words.
func textTokens(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(FoldText(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	}) {
		parts := strings.FieldsFunc(w, func(r rune) bool { return r == '-' })
		if j := strings.Join(parts, ""); j != "" && utf8.RuneCountInString(j) <= maxTokenRunes {
			out = append(out, j)
		}
		if len(parts) > 1 {
			for _, p := range parts {
				if utf8.RuneCountInString(p) <= maxTokenRunes {
					out = append(out, p)
				}
			}
		}
	}
	return out
}
