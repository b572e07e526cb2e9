package keys_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"stabsstelle/ui/keys"
	// the areas register their keys
	_ "stabsstelle/ui/berichte"
	_ "stabsstelle/ui/history"
	_ "stabsstelle/ui/kosten"
	_ "stabsstelle/ui/netzwerk"
	_ "stabsstelle/ui/settings"
	_ "stabsstelle/ui/sprachmittlung"
	_ "stabsstelle/ui/table"
)

func parse(t *testing.T, text string) *keys.Config {
	t.Helper()
	return keys.Parse([]byte(text), keys.Scopes())
}

// keysOf applies c to fresh defaults and returns the keys of the action
// name in the area scope.
func keysOf(t *testing.T, c *keys.Config, scope, name string) []string {
	t.Helper()
	for _, s := range keys.Scopes() {
		if s.Name != scope {
			continue
		}
		keys.ApplyConfig(c, s)
		for _, a := range s.Actions {
			if a.Name == name {
				return a.Binding.Keys()
			}
		}
	}
	t.Fatalf("no action %q in %q", name, scope)
	return nil
}

func wantProblem(t *testing.T, c *keys.Config, line int, parts ...string) {
	t.Helper()
	for _, p := range c.Problems {
		if p.Line != line {
			continue
		}
		s := p.String()
		ok := strings.HasPrefix(s, "keys.toml")
		for _, part := range parts {
			ok = ok && strings.Contains(s, part)
		}
		if ok {
			return
		}
	}
	t.Errorf("no problem on line %d with %q; got %v", line, parts, c.Problems)
}

func TestMissingFileKeepsEveryDefault(t *testing.T) {
	c := keys.Load(filepath.Join(t.TempDir(), "keys.toml"))
	if c.Exists || len(c.Problems) != 0 {
		t.Fatalf("missing file: %+v", c)
	}
	if got := keysOf(t, c, "", "hilfe"); !slices.Equal(got, []string{"?"}) {
		t.Errorf("hilfe = %v", got)
	}
}

func TestHelpOnF1AndListsAndUmlauts(t *testing.T) {
	c := parse(t, `# meine Tasten
[keys]
hilfe = "F1"
"rückgängig" = ["ctrl+u", "Strg+Z"]
sortierung_umkehren = "umschalt+y"
kontaktdaten-loeschen = "ctrl+l"
suchen = "ctrl+f"
`)
	if len(c.Problems) != 0 {
		t.Fatalf("problems: %v", c.Problems)
	}
	for _, tc := range []struct {
		scope, name string
		want        []string
	}{
		{"", "hilfe", []string{"f1"}},
		{"", "rückgängig", []string{"ctrl+u", "ctrl+z"}},
		{"tabelle", "sortierung-umkehren", []string{"Y"}},
		{"netzwerk", "kontaktdaten-löschen", []string{"ctrl+l"}},
		{"", "suchen", []string{"ctrl+f"}},
		{"", "beenden", []string{"q"}}, // untouched
	} {
		if got := keysOf(t, c, tc.scope, tc.name); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// the help shows the new key
	for _, s := range keys.Scopes() {
		if s.Name == "" {
			keys.ApplyConfig(c, s)
			for _, a := range s.Actions {
				if a.Name == "hilfe" && (a.Binding.Help().Key != "f1" || a.Binding.Help().Desc != "Hilfe") {
					t.Errorf("help of hilfe: %+v", a.Binding.Help())
				}
			}
		}
	}
}

// TestOneNameChangesEveryArea: "hoch" works in lists, tables, Verlauf and
// Regeln; one line changes all of them.
func TestOneNameChangesEveryArea(t *testing.T) {
	c := parse(t, "[keys]\nhoch = [\"up\", \"k\", \"ctrl+p\"]\n")
	if len(c.Problems) != 0 {
		t.Fatalf("problems: %v", c.Problems)
	}
	for _, scope := range []string{"liste", "tabelle", "verlaufsansicht", "regelansicht"} {
		if got := keysOf(t, c, scope, "hoch"); !slices.Equal(got, []string{"up", "k", "ctrl+p"}) {
			t.Errorf("%s: %v", scope, got)
		}
	}
}

// TestEveryErrorNamesItsLineAndKeepsTheDefault: each broken line is one
// German sentence with its line number; that action keeps its defaults,
// the good lines around it apply.
func TestEveryErrorNamesItsLineAndKeepsTheDefault(t *testing.T) {
	c := parse(t, `[keys]
hilfe = "fn1"
beenden = "ctrl+m"
hilf = "f2"
suchen = 5
verlauf = []
personen = ["p", 3]
regeln = "F2"
zeichnen = "x"
fahrt = "F3"
"einreichen" = "I"
storno = "I"
Regeln = "f4"
reiter-1 = "ctrl+shift+shift+x"
reiter-2 = "f64"
`)
	wantProblem(t, c, 2, "keys.toml, Zeile 2: unbekannte Taste „fn1“ – für „hilfe“ gelten die Vorgaben.")
	wantProblem(t, c, 3, "ctrl+m ist auf vielen Terminals dasselbe wie enter – für „beenden“ gelten die Vorgaben.")
	wantProblem(t, c, 4, "unbekannte Aktion „hilf“", "„hilfe“?")
	wantProblem(t, c, 5, "„suchen“", "Anführungszeichen")
	wantProblem(t, c, 6, "„verlauf“", "mindestens eine Taste")
	wantProblem(t, c, 7, "„personen“", "Anführungszeichen")
	// zeichnen = x clashes with ablehnen's x on the claim screen
	wantProblem(t, c, 9, "„x“ ist in Kostenerstattungen schon „ablehnen“", "„zeichnen“ gelten die Vorgaben")
	// two actions of one screen on the same new key: the later line loses
	wantProblem(t, c, 12, "„I“", "„einreichen“", "„storno“")
	wantProblem(t, c, 13, "„Regeln“ steht schon in Zeile 8")
	wantProblem(t, c, 14, "shift zweimal")
	wantProblem(t, c, 15, "unbekannte Taste „f64“")
	if len(c.Problems) != 11 {
		t.Errorf("%d problems, want 11: %v", len(c.Problems), c.Problems)
	}
	for _, tc := range []struct {
		scope, name string
		want        []string
	}{
		{"", "hilfe", []string{"?"}},
		{"", "beenden", []string{"q"}},
		{"", "suchen", []string{"ctrl+k"}},
		{"", "verlauf", []string{"V"}},
		{"", "personen", []string{"p"}},
		{"", "regeln", []string{"f2"}}, // good line
		{"kostenerstattungen", "zeichnen", []string{"r"}},
		{"kostenerstattungen", "fahrt", []string{"f3"}},
		{"kostenerstattungen", "einreichen", []string{"I"}},
		{"kostenerstattungen", "storno", []string{"o"}},
		{"", "reiter-1", []string{"1"}},
	} {
		if got := keysOf(t, c, tc.scope, tc.name); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestClashesWithKeysThatWorkEverywhere(t *testing.T) {
	// a global key that a list uses: the list's key would be unreachable
	c := parse(t, "[keys]\nhilfe = \"n\"\n")
	wantProblem(t, c, 2, "„n“", "Listen", "„neu“", "verdeckt")
	if got := keysOf(t, c, "", "hilfe"); !slices.Equal(got, []string{"?"}) {
		t.Errorf("hilfe: %v", got)
	}
	// an area's key that is global: never reached
	c = parse(t, "[keys]\nzeichnen = \"q\"\n")
	wantProblem(t, c, 2, "„q“ ist schon „beenden“ (gilt überall)")
	// inside a form the global keys do not work: no clash there
	c = parse(t, "[keys]\nkopfdaten = \"q\"\n")
	if len(c.Problems) != 0 {
		t.Errorf("editor key q: %v", c.Problems)
	}
	// an overlay takes every key first: no clash with the global keys
	// (the same name in Berichte, a tab, does clash)
	c = parse(t, "[keys]\n\"nächster-bereich\" = \"?\"\n")
	wantProblem(t, c, 2, "„?“ ist schon „hilfe“ (gilt überall)")
	var noTab []keys.Scope
	for _, s := range keys.Scopes() {
		if s.Name != "berichte" {
			noTab = append(noTab, s)
		}
	}
	if c = keys.Parse([]byte("[keys]\n\"nächster-bereich\" = \"?\"\n"), noTab); len(c.Problems) != 0 {
		t.Errorf("Regeln key ?: %v", c.Problems)
	}
	// keys of different screens of an area may be the same
	c = parse(t, "[keys]\nstatusfilter = \"b\"\n")
	if len(c.Problems) != 0 {
		t.Errorf("statusfilter b (b is used on other screens only): %v", c.Problems)
	}
}

// TestSwappedKeysAreNoClash: two actions exchanging their keys in one
// file is fine; a dropped line gives its key back and the rest is checked
// again.
func TestSwappedKeysAreNoClash(t *testing.T) {
	c := parse(t, "[keys]\nhilfe = \"q\"\nbeenden = \"?\"\n")
	if len(c.Problems) != 0 {
		t.Fatalf("swap: %v", c.Problems)
	}
	if got := keysOf(t, c, "", "beenden"); !slices.Equal(got, []string{"?"}) {
		t.Errorf("beenden: %v", got)
	}
	// beenden gets a bad key and keeps q: hilfe = q now clashes
	c = parse(t, "[keys]\nhilfe = \"q\"\nbeenden = \"nix\"\n")
	wantProblem(t, c, 3, "unbekannte Taste „nix“")
	wantProblem(t, c, 2, "„q“", "„beenden“")
}

func TestSyntaxAndSectionErrors(t *testing.T) {
	c := parse(t, "[keys]\nhilfe = \"f1\"\nrückgängig = \"ctrl+u\"\n")
	wantProblem(t, c, 3, "Anführungszeichen", `"rückgängig"`, "die Datei gilt nicht")
	if got := keysOf(t, c, "", "hilfe"); !slices.Equal(got, []string{"?"}) {
		t.Errorf("a broken file changes nothing: hilfe %v", got)
	}
	c = parse(t, "[keys]\nhilfe = \"f1\n")
	wantProblem(t, c, 2, "kein gültiges TOML")
	c = parse(t, "[keys]\nhilfe = \"f1\"\nhilfe = \"f2\"\n")
	wantProblem(t, c, 3, "kein gültiges TOML")
	c = parse(t, "[farben]\nhilfe = \"f1\"\n[keys.kosten]\nzeichnen = \"y\"\n[keys]\nbeenden = \"ctrl+q\"\n")
	wantProblem(t, c, 1, "[farben]", "unter [keys]")
	wantProblem(t, c, 3, "[keys.kosten]")
	if got := keysOf(t, c, "", "hilfe"); !slices.Equal(got, []string{"?"}) {
		t.Errorf("hilfe under [farben] must not count: %v", got)
	}
	if got := keysOf(t, c, "", "beenden"); !slices.Equal(got, []string{"ctrl+q"}) {
		t.Errorf("beenden: %v", got)
	}
	c = parse(t, "hilfe = \"f1\"\nkeys.beenden = \"f10\"\n")
	wantProblem(t, c, 1, "„hilfe“ steht nicht unter [keys]")
	if got := keysOf(t, c, "", "beenden"); !slices.Equal(got, []string{"f10"}) {
		t.Errorf("dotted keys.beenden: %v", got)
	}
	c = keys.Parse([]byte("[keys]\nhilfe = \"\xff\"\n"), keys.Scopes())
	wantProblem(t, c, 0, "UTF-8")
}

func TestCtrlCAlwaysQuits(t *testing.T) {
	c := parse(t, "[keys]\nsofort-beenden = \"ctrl+q\"\n")
	if got := keysOf(t, c, "", "sofort-beenden"); !slices.Equal(got, []string{"ctrl+q", "ctrl+c"}) {
		t.Errorf("sofort-beenden: %v", got)
	}
}

func TestLoadReadsTheFileAndNamesUnreadableOnes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keys.toml")
	if err := os.WriteFile(path, []byte("[keys]\nhilfe = \"f1\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := keys.Load(path)
	if !c.Exists || len(c.Problems) != 0 {
		t.Fatalf("%+v", c)
	}
	if got, _ := c.Keys("hilfe"); !slices.Equal(got, []string{"f1"}) {
		t.Errorf("hilfe: %v", got)
	}
	c = keys.Load(dir) // a directory
	wantProblem(t, c, 0, "kann nicht gelesen werden", "Vorgaben")
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, make([]byte, 2<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	wantProblem(t, keys.Load(big), 0, "größer als 1 MB")
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"F1": "f1", "f12": "f12", "Strg+S": "ctrl+s", "ctrl+S": "ctrl+s", "shift+v": "V", "umschalt+tab": "shift+tab",
		"alt+ctrl+x": "ctrl+alt+x", "Entf": "delete", "Pos1": "home", "leertaste": "space", " ": "space",
		"?": "?", "V": "V", "ä": "ä", "bild↓": "pgdown", "↑": "up", "Esc": "esc", "ctrl++": "ctrl++",
	} {
		got, err := keys.Normalize(in)
		if err != nil || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "fn", "f0", "f64", "ctrl+m", "Strg+I", "ctrl+h", "ctrl+[", "hyper+hyper+a", "\x01", "ctrl+nix"} {
		if got, err := keys.Normalize(in); err == nil {
			t.Errorf("Normalize(%q) = %q, want an error", in, got)
		}
	}
}

func TestDefaultFileChangesNothingAndListingMarksChanges(t *testing.T) {
	text := keys.DefaultFile()
	c := parse(t, text)
	if len(c.Problems) != 0 {
		t.Fatalf("the default file has problems: %v", c.Problems)
	}
	for _, s := range keys.Scopes() {
		for _, a := range s.Actions {
			if _, ok := c.Keys(a.Name); ok {
				t.Errorf("the default file sets %s", a.Name)
			}
		}
	}
	// uncommenting a line of it works as it says
	text = strings.Replace(text, `# hilfe = "?"`, `hilfe = "f1"`, 1)
	c = parse(t, text)
	if got, _ := c.Keys("hilfe"); len(c.Problems) != 0 || !slices.Equal(got, []string{"f1"}) {
		t.Fatalf("uncommented hilfe: %v %v", got, c.Problems)
	}
	list := keys.Listing(c)
	if !strings.Contains(list, "* f1") || !strings.Contains(list, "Hilfe") || !strings.Contains(list, "Kostenerstattungen") {
		t.Errorf("listing:\n%s", list)
	}
	for _, name := range []string{`"rückgängig" =`, "# zeichnen =", "# erledigt =", "# sortieren ="} {
		if !strings.Contains(keys.DefaultFile(), name) {
			t.Errorf("default file lacks %s", name)
		}
	}
}
