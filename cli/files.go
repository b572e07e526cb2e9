package cli

import (
	"errors"
	"fmt"
	"io/fs"
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
