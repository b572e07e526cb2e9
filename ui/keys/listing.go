package keys

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Listing is what `stabsstelle keys` prints: the file's path, then every
// area with each action, its keys (changed ones marked with *) and what it
// does.
func Listing(c *Config) string {
	var b strings.Builder
	switch {
	case c.Exists:
		fmt.Fprintf(&b, "Tastenbelegung aus %s\n", c.Path)
	default:
		fmt.Fprintf(&b, "Tastenbelegung: die Vorgaben (%s gibt es nicht; eine Vorlage schreibt\n  stabsstelle keys --defaults > %s)\n", c.Path, c.Path)
	}
	changed := false
	for _, s := range Scopes() {
		ApplyConfig(c, s)
		fmt.Fprintf(&b, "\n%s\n", s.Title)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, a := range s.Actions {
			mark := " "
			if _, ok := c.Keys(a.Name); ok {
				mark, changed = "*", true
			}
			fmt.Fprintf(tw, "  %s\t%s %s\t%s\n", a.Name, mark, strings.Join(a.Binding.Keys(), ", "), a.Binding.Help().Desc)
		}
		tw.Flush()
	}
	if changed {
		b.WriteString("\n* aus der Datei, sonst die Vorgabe.\n")
	}
	return b.String()
}

// DefaultFile is a keys.toml that changes nothing: every action with its
// default keys, commented out, and how to change them.
func DefaultFile() string {
	var b strings.Builder
	b.WriteString(`# keys.toml – die Tasten von stabsstelle
#
# Ablage: ` + DefaultPath() + `
# (Linux: $XDG_CONFIG_HOME/stabsstelle/keys.toml, sonst ~/.config/stabsstelle/keys.toml;
# Windows: %AppData%\stabsstelle\keys.toml; macOS: ~/Library/Application Support/stabsstelle/keys.toml)
#
# Eine Aktion bekommt eine Taste oder eine Liste von Tasten:
#   hilfe = "f1"
#   hilfe = ["f1", "?"]
# Das # am Zeilenanfang entfernen, um eine Zeile gelten zu lassen. Namen mit
# Umlaut stehen in Anführungszeichen ("rückgängig" = "ctrl+z") oder mit ae/oe/ue
# (rueckgaengig = "ctrl+z").
#
# Tasten: a … z, A … Z (mit Umschalt), 0 … 9, Zeichen wie ? / + [ ],
#   enter, esc, tab, space (leertaste), backspace, up down left right (↑ ↓ ← →),
#   pgup pgdown (bild↑ bild↓), home end (pos1 ende), insert delete (einfg entf),
#   f1 … f12, und mit ctrl+ (strg+), alt+, shift+ (umschalt+) davor: ctrl+s, alt+x.
#   ctrl+m, ctrl+i, ctrl+h und ctrl+[ gehen nicht: viele Terminals senden sie
#   für enter, tab, backspace und esc. ctrl+c beendet immer.
#
# Eine Taste darf in einem Bereich je Ansicht nur eine Aktion haben und nicht
# zugleich eine Taste sein, die überall gilt. Was nicht passt, meldet das
# Programm beim Start mit der Zeile; für diese Aktion gelten dann die Vorgaben.
# Prüfen: stabsstelle keys

[keys]
`)
	seen := map[string]bool{}
	for _, s := range Scopes() {
		fmt.Fprintf(&b, "\n# %s\n", s.Title)
		for _, a := range s.Actions {
			if seen[a.Name] {
				continue
			}
			seen[a.Name] = true
			name := a.Name
			if strings.ContainsFunc(name, func(r rune) bool { return r > 127 }) {
				name = strconv.Quote(name)
			}
			keys := make([]string, len(a.Binding.Keys()))
			for i, k := range a.Binding.Keys() {
				keys[i] = strconv.Quote(k)
			}
			val := keys[0]
			if len(keys) > 1 {
				val = "[" + strings.Join(keys, ", ") + "]"
			}
			line := fmt.Sprintf("# %s = %s", name, val)
			fmt.Fprintf(&b, "%-40s # %s%s\n", line, a.Binding.Help().Desc, alsoIn(a.Name, s.Name))
		}
	}
	return b.String()
}

// alsoIn names the other areas where an action of the same name works.
func alsoIn(name, scope string) string {
	var in []string
	for _, s := range Scopes() {
		if s.Name == scope {
			continue
		}
		for _, a := range s.Actions {
			if a.Name == name {
				in = append(in, s.Title)
				break
			}
		}
	}
	if len(in) == 0 {
		return ""
	}
	return " (auch: " + strings.Join(in, ", ") + ")"
}
