package cli

import (
	"flag"
	"fmt"

	"stabsstelle/ui/keys"
)

func init() {
	Register(Verb{
		Name:    "keys",
		Summary: "die Tasten der Oberfläche und wo sie geändert werden (keys.toml)",
		Usage:   "stabsstelle keys [--defaults]",
		Help: `Zeigt, wo die Datei keys.toml liegt, und jede Aktion mit ihren Tasten, nach Bereichen.
Tasten aus der Datei sind mit * markiert. Was in der Datei nicht passt (unbekannte Taste,
unbekannte Aktion, eine Taste doppelt), steht mit der Zeile auf dem Fehlerkanal; der
Befehl endet dann mit 1, die Oberfläche startet für diese Aktionen mit den Vorgaben.

  --defaults   eine Vorlage für keys.toml ausgeben: jede Aktion mit ihrer Vorgabe,
               auskommentiert, und die Namen der Tasten

Beispiele:
  stabsstelle keys
  stabsstelle keys --defaults > keys.toml
  mkdir -p ~/.config/stabsstelle && printf '[keys]\nhilfe = "f1"\n' > ~/.config/stabsstelle/keys.toml && stabsstelle keys`,
		Run: runKeys,
	})
}

func runKeys(env *Env, args []string) error {
	fs := flag.NewFlagSet("keys", flag.ContinueOnError)
	defaults := fs.Bool("defaults", false, "Vorlage")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return UsageError("Unerwartetes Argument „%s“. Aufruf: stabsstelle keys [--defaults]", fs.Arg(0))
	}
	if *defaults {
		_, err := fmt.Fprint(env.Stdout, keys.DefaultFile())
		return err
	}
	c := keys.Load(keys.DefaultPath())
	if _, err := fmt.Fprint(env.Stdout, keys.Listing(c)); err != nil {
		return err
	}
	if len(c.Problems) == 0 {
		return nil
	}
	for _, p := range c.Problems {
		fmt.Fprintln(env.Stderr, p.String())
	}
	if len(c.Problems) == 1 {
		return fmt.Errorf("Eine Zeile in %s gilt nicht (oben genannt); bitte dort berichtigen.", c.Path)
	}
	return fmt.Errorf("%d Zeilen in %s gelten nicht (oben genannt); bitte dort berichtigen.", len(c.Problems), c.Path)
}

// UseKeys reads keys.toml from the user's configuration directory and
// makes it the keys of every screen built afterwards; it returns what in
// the file cannot be used (those actions keep their defaults). The
// terminal interface and the team server call it before the first screen.
func UseKeys() []keys.Problem {
	c := keys.Load(keys.DefaultPath())
	keys.Use(c)
	return c.Problems
}
