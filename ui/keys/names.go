package keys

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// namedKeys are the names Bubble Tea gives the keys that are not a
// character (tea.Key.String()).
var namedKeys = map[string]bool{
	"enter": true, "tab": true, "backspace": true, "esc": true, "space": true,
	"up": true, "down": true, "left": true, "right": true, "begin": true, "find": true,
	"insert": true, "delete": true, "select": true, "pgup": true, "pgdown": true,
	"home": true, "end": true, "menu": true, "pause": true, "printscreen": true,
}

// keyAliases are the other spellings keys.toml accepts: the German key
// caps and common English names.
var keyAliases = map[string]string{
	"eingabe": "enter", "return": "enter", "escape": "esc", "leertaste": "space", "leer": "space",
	"rücktaste": "backspace", "entf": "delete", "del": "delete", "einfg": "insert", "ins": "insert",
	"pos1": "home", "ende": "end", "bild↑": "pgup", "bildauf": "pgup", "pageup": "pgup",
	"bild↓": "pgdown", "bildab": "pgdown", "pagedown": "pgdown", "↑": "up", "↓": "down",
	"←": "left", "→": "right", "tabulator": "tab",
}

// modifiers in the order Bubble Tea writes them, with their German names.
var modifiers = []string{"ctrl", "alt", "shift", "meta", "hyper", "super"}

var modAliases = map[string]string{"strg": "ctrl", "umschalt": "shift", "umsch": "shift", "win": "super", "cmd": "super"}

// forbidden keys equal enter, tab, backspace and esc on many terminals.
var forbidden = map[string]string{"ctrl+m": "enter", "ctrl+i": "tab", "ctrl+h": "backspace", "ctrl+[": "esc"}

// Normalize turns a key as written in keys.toml into the name Bubble Tea
// gives the key press: "strg+s" → "ctrl+s", "F1" → "f1", "shift+v" → "V",
// "Entf" → "delete". A single character is taken as it is ("V" is shift+v,
// "?" is the question mark). An unknown name is an error in German.
func Normalize(s string) (string, error) {
	orig := s
	if s != " " {
		s = strings.TrimSpace(s)
	}
	if s == "" {
		return "", fmt.Errorf("eine leere Taste")
	}
	if a, ok := keyAliases[s]; ok {
		return a, nil
	}
	if s == " " || utf8.RuneCountInString(s) == 1 {
		return single(s, orig)
	}
	mods, base, err := splitModifiers(s, orig)
	if err != nil {
		return "", err
	}
	base, whole, err := baseKey(base, mods, orig)
	if err != nil || whole {
		return base, err
	}
	var b strings.Builder
	for _, m := range modifiers {
		for _, have := range mods {
			if have == m {
				b.WriteString(m + "+")
			}
		}
	}
	b.WriteString(base)
	out := b.String()
	if same, bad := forbidden[out]; bad {
		return "", fmt.Errorf("%s ist auf vielen Terminals dasselbe wie %s", out, same)
	}
	return out, nil
}

// splitModifiers takes the modifiers off the front of s ("strg+umschalt+x"
// → ctrl, shift and "x"); a modifier named twice is an error.
func splitModifiers(s, orig string) (mods []string, base string, err error) {
	for {
		i := strings.Index(s, "+")
		if i <= 0 || i == len(s)-1 {
			break
		}
		m := strings.ToLower(s[:i])
		if a, ok := modAliases[m]; ok {
			m = a
		}
		if !isModifier(m) {
			break
		}
		if slices.Contains(mods, m) {
			return nil, "", fmt.Errorf("„%s“ nennt %s zweimal", orig, m)
		}
		mods = append(mods, m)
		s = s[i+1:]
	}
	return mods, s, nil
}

// baseKey is the name of the key pressed with mods; whole is true when
// that name is already the whole answer (a character alone, or shift and a
// letter, which Bubble Tea reports as the capital letter).
func baseKey(base string, mods []string, orig string) (name string, whole bool, err error) {
	if utf8.RuneCountInString(base) != 1 {
		base = strings.ToLower(base)
		if a, ok := keyAliases[base]; ok {
			base = a
		}
		if !namedKeys[base] && !isFunctionKey(base) {
			return "", false, fmt.Errorf("unbekannte Taste „%s“", orig)
		}
		return base, false, nil
	}
	r, _ := utf8.DecodeRuneInString(base)
	if !unicode.IsPrint(r) {
		return "", false, fmt.Errorf("unbekannte Taste „%s“", orig)
	}
	if len(mods) == 0 {
		name, err := single(base, orig)
		return name, true, err
	}
	if len(mods) == 1 && mods[0] == "shift" && unicode.IsLetter(r) {
		// Bubble Tea reports shift+v as the text "V".
		return string(unicode.ToUpper(r)), true, nil
	}
	return string(unicode.ToLower(r)), false, nil
}

func single(s, orig string) (string, error) {
	if s == " " {
		return "space", nil
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsPrint(r) {
		return "", fmt.Errorf("unbekannte Taste „%s“", orig)
	}
	return s, nil
}

func isModifier(m string) bool {
	for _, x := range modifiers {
		if x == m {
			return true
		}
	}
	return false
}

func isFunctionKey(s string) bool {
	if !strings.HasPrefix(s, "f") {
		return false
	}
	n, err := strconv.Atoi(s[1:])
	return err == nil && n >= 1 && n <= 63 && s[1] != '0'
}

// labels are how the help shows a key.
var labels = map[string]string{
	"up": "↑", "down": "↓", "left": "←", "right": "→", "pgup": "bild↑", "pgdown": "bild↓",
	"delete": "entf", "home": "pos1", "end": "ende", "space": "leertaste", "insert": "einfg",
}

// Label is the text the help shows for keys: "↑/k", "f1", "ctrl+s".
func Label(keys []string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		if l, ok := labels[k]; ok {
			k = l
		}
		parts[i] = k
	}
	return strings.Join(parts, "/")
}
