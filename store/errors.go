package store

import (
	"errors"
	"fmt"
	"time"
)

// ErrLocked: another process (a second window, or `stabsstelle serve`) has
// the file. bbolt allows one writer process per file.
type ErrLocked struct{ Path string }

func (e *ErrLocked) Error() string {
	return fmt.Sprintf("Die Datenbank %s ist bereits geöffnet – in einem anderen Fenster oder vom Team-Server (stabsstelle serve). Bitte das andere Programm beenden oder dort weiterarbeiten.", e.Path)
}

// ErrNotOurs: the file is not a stabsstelle database. It was not changed.
type ErrNotOurs struct{ Path string }

func (e *ErrNotOurs) Error() string {
	return fmt.Sprintf("Die Datei %s ist keine Datenbank von stabsstelle und wurde nicht verändert. Bitte mit --db eine andere Datei angeben.", e.Path)
}

// ErrDamaged: the file looks like ours but cannot be read. It was not changed.
type ErrDamaged struct {
	Path   string
	Detail string
}

func (e *ErrDamaged) Error() string {
	return fmt.Sprintf("Die Datenbank %s ist beschädigt und kann nicht gelesen werden (%s). Sie wurde nicht verändert. Bitte eine Sicherung zurückspielen (stabsstelle restore DATEI).", e.Path, e.Detail)
}

// ErrTooNew: written by a newer program; opening it could destroy data.
type ErrTooNew struct {
	Path          string
	File, Program uint64
}

func (e *ErrTooNew) Error() string {
	return fmt.Sprintf("Die Datenbank %s stammt von einer neueren Version von stabsstelle (Schema %d, dieses Programm kennt bis %d). Bitte stabsstelle aktualisieren.", e.Path, e.File, e.Program)
}

// ErrConflict: someone saved the record after it was loaded for editing.
type ErrConflict struct {
	Kind, Number string
	By           string
	At           time.Time
}

func (e *ErrConflict) Error() string {
	what := e.Number
	if what == "" {
		what = "Der Datensatz"
	}
	return fmt.Sprintf("%s wurde inzwischen von %s geändert (%s). Bitte neu laden und die Änderung noch einmal eingeben.", what, e.By, e.At.In(berlin()).Format("02.01.2006 15:04"))
}

// ErrNotFound: the record does not exist (any more).
var ErrNotFound = errors.New("Der Datensatz wurde nicht gefunden – vielleicht wurde er inzwischen gelöscht.")
