package cli

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
)

// AbsPath is the full path of a file written, for the message that says
// where it went.
func AbsPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// checkNew makes sure none of paths exists, or that the user agreed to
// replace them: at a terminal the question is asked once for all of them;
// in a script (no terminal) an existing file is an error, never silently
// overwritten.
func checkNew(env *Env, paths ...string) error {
	var exist []string
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			if fi.IsDir() {
				return fmt.Errorf("%s ist ein Ordner – bitte einen Dateinamen angeben.", AbsPath(p))
			}
			exist = append(exist, AbsPath(p))
		}
	}
	if len(exist) == 0 {
		return nil
	}
	what := "Die Datei " + exist[0] + " gibt es schon."
	if len(exist) > 1 {
		what = fmt.Sprintf("Die Dateien %s gibt es schon.", joinComma(exist))
	}
	if !interactive(env.Stdin) {
		return fmt.Errorf("%s Bitte einen anderen Namen wählen – vorhandene Dateien werden nicht überschrieben.", what)
	}
	if ask(bufio.NewReader(env.Stdin), env.Stderr, what+" Überschreiben? [j/n] ") {
		return nil
	}
	return fmt.Errorf("Nichts geschrieben: %s bleibt unverändert.", exist[0])
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}
