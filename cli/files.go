package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"strings"

	"stabsstelle/store"
)

// fileError turns an OS error about a file into one German sentence.
func fileError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("Die Datei oder der Ordner %s existiert nicht. Bitte den Pfad prüfen.", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("Keine Berechtigung für %s. Bitte einen anderen Ort wählen.", path)
	}
	return fmt.Errorf("Die Datei %s kann nicht geschrieben werden: %v", path, err)
}

// FileError is fileError for verbs in other files of this package and for
// reads: it says what to do in German.
func FileError(path string, err error) error { return fileError(path, err) }

// OutFile is one file a verb writes.
type OutFile struct {
	Path string
	Data []byte
}

// WriteOut writes the files of one verb, all or – where one exists and
// may not be replaced – none: with --force (force) existing files are
// replaced; at a terminal the user is asked once for all of them; in a
// script (no terminal) an existing file is an error (exit 1), never
// silently overwritten. Each file is written whole or not at all, mode
// 0600.
func WriteOut(env *Env, force bool, files ...OutFile) error {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	exist, err := store.ExistingFiles(paths...)
	if err != nil {
		return err
	}
	replace := len(exist) > 0
	if replace && !force {
		what := store.ExistsText(exist)
		if !interactive(env.Stdin) {
			return fmt.Errorf("%s Nichts geschrieben – bitte einen anderen Namen wählen oder mit --force überschreiben.", what)
		}
		if !ask(bufio.NewReader(env.Stdin), env.Stderr, what+" Überschreiben? [j/n] ") {
			return fmt.Errorf("Nichts geschrieben: %s bleibt unverändert.", strings.Join(exist, ", "))
		}
	}
	for _, f := range files {
		if err := store.WriteOutput(f.Path, f.Data, replace); err != nil {
			return err
		}
	}
	return nil
}

// forceFlag adds --force to a verb that writes files.
func forceFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("force", false, "vorhandene Dateien ohne Rückfrage überschreiben")
}
