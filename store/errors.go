package store

import (
	"errors"
	"fmt"
	"strings"
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
// Detail is the database library's own words, cut to one short line (see
// damageDetail): for a bug report or a repair, shown small after the German
// sentence, never instead of it.
type ErrDamaged struct {
	Path   string
	Detail string
}

func (e *ErrDamaged) Error() string {
	s := e.Reason() + " Bitte eine Sicherung zurückspielen: stabsstelle restore --list, dann stabsstelle restore DATEI."
	if e.Detail != "" {
		s += " (Technische Angabe: " + e.Detail + ")"
	}
	return s
}

// Reason is the plain German part of the message, without the way out and
// without the technical detail, for screens that show those separately.
func (e *ErrDamaged) Reason() string {
	return fmt.Sprintf("Die Datenbank %s ist beschädigt und kann nicht gelesen werden. Sie wurde nicht verändert.", e.Path)
}

// maxDetail bounds ErrDamaged.Detail: enough for bbolt's "page 28 already
// freed", too little for a wall of text under a German sentence.
const maxDetail = 100

// damageDetail turns what bbolt panicked with on a broken page into
// ErrDamaged.Detail: the first line only (a recovered value carries no
// stack, but a wrapped error might carry more lines), nothing from a
// "goroutine …" dump, no "panic:" prefix, at most maxDetail characters.
func damageDetail(r any) string {
	s := fmt.Sprint(r)
	if i := strings.Index(s, "goroutine "); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "panic:"))
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxDetail {
		s = strings.TrimSpace(string(r[:maxDetail-1])) + "…"
	}
	return s
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
