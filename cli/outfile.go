package cli

import (
	"bufio"
	"flag"
	"fmt"
	"strings"

	"stabsstelle/store"
)

// Files a verb writes: --out names the place (a short name is in the
// current folder), an existing file is replaced only when the user says
// so – asked once for all files at a terminal, --force in a script, else
// exit 1 –, every file is written whole or not at all with mode 0600, and
// the message afterwards names the full path (AbsPath).

// AbsPath is the full path of a file written, for the message that says
// where it went.
func AbsPath(p string) string { return store.AbsPath(p) }

// forceFlag adds --force to a verb that writes files.
func forceFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("force", false, "vorhandene Dateien ohne Rückfrage überschreiben")
}

// checkNew makes sure none of paths exists, or that the user agreed to
// replace them: with --force (force) they are replaced; at a terminal the
// question is asked once for all of them; in a script (no terminal) an
// existing file is an error (exit 1), never silently overwritten. A path
// that is a folder is always an error.
func checkNew(env *Env, force bool, paths ...string) error {
	exist, err := store.ExistingFiles(paths...)
	if err != nil || len(exist) == 0 || force {
		return err
	}
	what := store.ExistsText(exist)
	if !interactive(env.Stdin) {
		return fmt.Errorf("%s Nichts geschrieben – bitte einen anderen Namen wählen oder mit --force überschreiben.", what)
	}
	if ask(bufio.NewReader(env.Stdin), env.Stderr, what+" Überschreiben? [j/n] ") {
		return nil
	}
	return fmt.Errorf("Nichts geschrieben: %s bleibt unverändert.", strings.Join(exist, ", "))
}

// WriteFile writes data to path whole or not at all (a temporary file
// beside it, then renamed), mode 0600 (the files carry personal data). It
// replaces a file: call checkNew first.
func WriteFile(path string, data []byte) error {
	return store.WriteOutput(path, data, true)
}

// OutFile is one file a verb writes.
type OutFile struct {
	Path string
	Data []byte
}

// WriteOut is checkNew for all files, then each written.
func WriteOut(env *Env, force bool, files ...OutFile) error {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	if err := checkNew(env, force, paths...); err != nil {
		return err
	}
	for _, f := range files {
		if err := WriteFile(f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}
