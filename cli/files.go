package cli

import (
	"errors"
	"fmt"
	"io/fs"

	"stabsstelle/model"
)

// fileError turns an OS error about a file into one German sentence.
func fileError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &model.IOError{Msg: fmt.Sprintf("Die Datei oder der Ordner %s existiert nicht. Bitte den Pfad prüfen.", path), Err: err}
	case errors.Is(err, fs.ErrPermission):
		return &model.IOError{Msg: fmt.Sprintf("Keine Berechtigung für %s. Bitte einen anderen Ort wählen.", path), Err: err}
	}
	return model.WrapIO(err, "Die Datei %s kann nicht gelesen oder geschrieben werden", path)
}

// FileError is fileError for verbs in other files of this package and for
// reads: it says what to do in German.
func FileError(path string, err error) error { return fileError(path, err) }
