package keys

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/adrg/xdg"
	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// FileName is the name of the file the user changes keys in.
const FileName = "keys.toml"

// maxFileSize: a keys file is a few kilobytes; anything far larger is not
// one and is not read into memory.
const maxFileSize = 1 << 20

// DefaultPath is where keys.toml is looked for: the user's configuration
// directory ($XDG_CONFIG_HOME/stabsstelle on Linux, AppData on Windows,
// Application Support on macOS).
func DefaultPath() string {
	return filepath.Join(xdg.ConfigHome, "stabsstelle", FileName)
}

// Config is a keys.toml read and checked: the keys it sets for each action
// and, for every line that could not be used, a problem naming the line.
// Actions with a problem keep their default keys.
type Config struct {
	Path     string
	Exists   bool
	Problems []Problem
	set      map[string]entry // by folded action name
}

type entry struct {
	name string   // as written in the file
	keys []string // normalised, without duplicates
	line int
}

// Problem is one German sentence about one line of keys.toml (Line 0: the
// file as a whole).
type Problem struct {
	Line int
	Text string
}

func (p Problem) String() string {
	if p.Line == 0 {
		return FileName + ": " + p.Text
	}
	return fmt.Sprintf("%s, Zeile %d: %s", FileName, p.Line, p.Text)
}

// Keys returns the keys the file sets for action (by its name), if any.
func (c *Config) Keys(action string) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	e, ok := c.set[fold(action)]
	return e.keys, ok
}

// Load reads and checks the keys file at path against the registered
// areas. A missing file is no problem: every key keeps its default.
func Load(path string) *Config {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return &Config{Path: path}
	}
	if err != nil {
		return &Config{Path: path, Exists: true, Problems: []Problem{{Text: fmt.Sprintf("die Datei %s kann nicht gelesen werden (%v) – es gelten überall die Vorgaben.", path, err)}}}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err == nil && len(data) > maxFileSize {
		err = errors.New("größer als 1 MB")
	}
	if err != nil {
		return &Config{Path: path, Exists: true, Problems: []Problem{{Text: fmt.Sprintf("die Datei %s kann nicht gelesen werden (%v) – es gelten überall die Vorgaben.", path, err)}}}
	}
	c := Parse(data, Scopes())
	c.Path, c.Exists = path, true
	return c
}

// Parse checks the text of a keys file against scopes (the areas' default
// keys).
func Parse(data []byte, scopes []Scope) *Config {
	c := &Config{set: map[string]entry{}}
	if !utf8.Valid(data) {
		c.Problems = append(c.Problems, Problem{Text: "die Datei ist kein UTF-8-Text – bitte als UTF-8 speichern; es gelten überall die Vorgaben."})
		return c
	}
	var probe map[string]any
	if err := toml.Unmarshal(data, &probe); err != nil {
		c.Problems = append(c.Problems, syntaxProblem(data, err))
		return c
	}
	known := map[string]string{} // folded → the name as the program spells it
	for _, s := range scopes {
		for _, a := range s.Actions {
			known[fold(a.Name)] = a.Name
		}
	}
	c.resolve(c.entries(data, known), scopes)
	sort.SliceStable(c.Problems, func(i, j int) bool { return c.Problems[i].Line < c.Problems[j].Line })
	return c
}

// entries reads the lines under [keys]; every line that cannot be used is
// a problem and left out.
func (c *Config) entries(data []byte, known map[string]string) []entry {
	var entries []entry
	p := unstable.Parser{}
	p.Reset(data)
	var table []string
	tableOK := true
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table, _ = keyParts(&p, e)
			tableOK = len(table) == 1 && table[0] == "keys" && e.Kind == unstable.Table
			if !tableOK {
				_, line := keyParts(&p, e)
				c.problem(line, "der Abschnitt [%s] ist unbekannt – alle Aktionen stehen unter [keys]; der Abschnitt gilt nicht.", strings.Join(table, "."))
			}
		case unstable.KeyValue:
			parts, line := keyParts(&p, e)
			full := append(slices.Clone(table), parts...)
			if !tableOK {
				continue // the table was reported
			}
			if len(full) != 2 || full[0] != "keys" {
				c.problem(line, "„%s“ steht nicht unter [keys] – die Zeile gilt nicht.", strings.Join(full, "."))
				continue
			}
			if en, ok := c.entry(line, full[1], e.Value(), known, entries); ok {
				entries = append(entries, en)
			}
		}
	}
	return entries
}

// entry is the line "name = value": the action must be known, its keys
// valid and not given before.
func (c *Config) entry(line int, name string, value *unstable.Node, known map[string]string, before []entry) (entry, bool) {
	canon, ok := known[fold(name)]
	if !ok {
		c.problem(line, "unbekannte Aktion „%s“%s – die Zeile gilt nicht; alle Namen zeigt „stabsstelle keys“.", name, suggest(name, known))
		return entry{}, false
	}
	keys, err := values(value)
	if err != nil {
		c.problem(line, "„%s“ %v – für „%s“ gelten die Vorgaben.", name, err, canon)
		return entry{}, false
	}
	var norm []string
	for _, k := range keys {
		n, err := Normalize(k)
		if err != nil {
			c.problem(line, "%v – für „%s“ gelten die Vorgaben.", err, canon)
			return entry{}, false
		}
		if !slices.Contains(norm, n) {
			norm = append(norm, n)
		}
	}
	if canon == "sofort-beenden" && !slices.Contains(norm, "ctrl+c") {
		// ctrl+c ends the program from everywhere: no trap.
		norm = append(norm, "ctrl+c")
	}
	if prev := slices.IndexFunc(before, func(x entry) bool { return fold(x.name) == fold(name) }); prev >= 0 {
		c.problem(line, "„%s“ steht schon in Zeile %d – diese Zeile gilt nicht.", name, before[prev].line)
		return entry{}, false
	}
	return entry{name: canon, keys: norm, line: line}, true
}

func (c *Config) problem(line int, format string, args ...any) {
	c.Problems = append(c.Problems, Problem{Line: line, Text: fmt.Sprintf(format, args...)})
}

// syntaxProblem names the line of a TOML error; a name with an umlaut
// written without quotes is the likely mistake in this file.
func syntaxProblem(data []byte, err error) Problem {
	var de *toml.DecodeError
	line := 0
	msg := err.Error()
	if errors.As(err, &de) {
		line, _ = de.Position()
		msg = de.Error()
	}
	text := fmt.Sprintf("die Zeile ist kein gültiges TOML (%s)", msg)
	if line > 0 {
		lines := strings.Split(string(data), "\n")
		if line <= len(lines) {
			l := lines[line-1]
			if k, _, ok := strings.Cut(l, "="); ok && !strings.Contains(k, `"`) && strings.ContainsAny(k, "äöüßÄÖÜ") {
				text = fmt.Sprintf("Namen mit Umlaut stehen in Anführungszeichen, z. B. \"%s\" =", strings.TrimSpace(k))
			}
		}
	}
	return Problem{Line: line, Text: text + " – die Datei gilt nicht, es gelten überall die Vorgaben."}
}

// keyParts returns the parts of a key or table header and its line.
func keyParts(p *unstable.Parser, e *unstable.Node) ([]string, int) {
	var parts []string
	line := 0
	it := e.Key()
	for it.Next() {
		n := it.Node()
		if line == 0 {
			line = p.Shape(n.Raw).Start.Line
		}
		parts = append(parts, string(n.Data))
	}
	return parts, line
}

// values reads one key ("f1") or a list of keys (["f1", "?"]).
func values(v *unstable.Node) ([]string, error) {
	switch v.Kind {
	case unstable.String:
		return []string{string(v.Data)}, nil
	case unstable.Array:
		var out []string
		it := v.Children()
		for it.Next() {
			n := it.Node()
			if n.Kind != unstable.String {
				return nil, errors.New("braucht Tasten in Anführungszeichen, z. B. [\"f1\", \"?\"]")
			}
			out = append(out, string(n.Data))
		}
		if len(out) == 0 {
			return nil, errors.New("braucht mindestens eine Taste")
		}
		return out, nil
	}
	return nil, errors.New("braucht eine Taste in Anführungszeichen oder eine Liste, z. B. \"f1\" oder [\"f1\", \"?\"]")
}

// resolve keeps the entries that clash with no other key and reports the
// others: a key may be used once per screen of an area, and never by an
// area's key and a key that works everywhere (that one would win). Only
// clashes the file causes count – the defaults are as the program ships
// them. An entry that is dropped gives its keys back, so the check runs
// again until nothing changes.
func (c *Config) resolve(entries []entry, scopes []Scope) {
	accepted := map[string]entry{}
	for _, e := range entries {
		accepted[fold(e.name)] = e
	}
	eff := func(a Action) []string {
		if e, ok := accepted[fold(a.Name)]; ok {
			return e.keys
		}
		return a.Binding.Keys()
	}
	var global *Scope
	for i := range scopes {
		if scopes[i].Name == "" {
			global = &scopes[i]
		}
	}
	for {
		dropped := false
		// Later lines first: of two lines that want the same key, the
		// later one gives way.
		for _, e := range slices.Backward(entries) {
			if _, ok := accepted[fold(e.name)]; !ok {
				continue
			}
			if why := clash(e, scopes, global, eff); why != "" {
				c.problem(e.line, "%s – für „%s“ gelten die Vorgaben.", why, e.name)
				delete(accepted, fold(e.name))
				dropped = true
				break
			}
		}
		if !dropped {
			break
		}
	}
	for k, e := range accepted {
		c.set[k] = e
	}
}

// fold makes the spellings of an action name equal: case, umlauts written
// as ae/oe/ue/ss (TOML needs quotes around names with umlauts), "_" or a
// space for "-".
func fold(name string) string {
	return strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "_", "-", " ", "-").Replace(strings.ToLower(strings.TrimSpace(name)))
}

// suggest names a known action close to name: one that starts the same
// or differs in at most two letters.
func suggest(name string, known map[string]string) string {
	f := fold(name)
	var best string
	bestD := 3
	for k, canon := range known {
		d := distance(f, k)
		if strings.HasPrefix(k, f) && len(f) >= 3 {
			d = min(d, 1)
		}
		if d < bestD || (d == bestD && canon < best) {
			best, bestD = canon, d
		}
	}
	if best == "" {
		return ""
	}
	return " (gemeint: „" + best + "“?)"
}

// distance is the Levenshtein distance of two short strings.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

var (
	activeMu sync.RWMutex
	active   *Config
)

// Use makes c the keys of this program; main calls it once at start,
// before any screen is built. nil: the defaults.
func Use(c *Config) {
	activeMu.Lock()
	defer activeMu.Unlock()
	active = c
}

// Active is the configuration in use (nil: the defaults).
func Active() *Config {
	activeMu.RLock()
	defer activeMu.RUnlock()
	return active
}

// Apply sets the keys of keys.toml on the bindings of s (the defaults a
// screen was just built with). Without a keys file it changes nothing.
func Apply(s Scope) {
	ApplyConfig(Active(), s)
}

// ApplyConfig is Apply with a given configuration.
func ApplyConfig(c *Config, s Scope) {
	if c == nil {
		return
	}
	for _, a := range s.Actions {
		e, ok := c.set[fold(a.Name)]
		if !ok {
			continue
		}
		a.Binding.SetKeys(e.keys...)
		if h := a.Binding.Help(); h.Key != "" || h.Desc != "" {
			a.Binding.SetHelp(Label(e.keys), h.Desc)
		}
	}
}
