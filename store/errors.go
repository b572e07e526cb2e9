package store

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"stabsstelle/model"
)

// ErrLocked: another process (a second window, or `stabsstelle serve`) has
// the file. bbolt allows one writer process per file.
type ErrLocked struct{ Path string }

func (e *ErrLocked) Error() string {
	return fmt.Sprintf("Die Datenbank %s ist bereits geöffnet – in einem anderen Fenster oder vom Team-Server (stabsstelle serve). Bitte das andere Programm beenden oder dort weiterarbeiten.", e.Path)
}

// ErrNotOurs: the file is not a stabsstelle database (or no file at all:
// a directory, a device, a dangling link). It was not changed. Why, if
// set, is the whole sentence for a case that needs its own words.
type ErrNotOurs struct{ Path, Why string }

func (e *ErrNotOurs) Error() string {
	if e.Why != "" {
		return e.Why
	}
	return fmt.Sprintf("Die Datei %s ist keine Datenbank von stabsstelle und wurde nicht verändert. Bitte mit --db eine andere Datei angeben.", e.Path)
}

// ErrEmpty: an empty (0-byte) file lies where the database should be – a
// copy or a sync that went wrong, a full disk, or a file an editor
// emptied. It is never taken for a new database (that would quietly start
// over, and the daily backups would then push the good ones out); it stays
// untouched until the user restores a backup or starts anew on purpose.
type ErrEmpty struct{ Path string }

func (e *ErrEmpty) Error() string {
	return e.Reason() + " Bitte eine Sicherung zurückspielen: stabsstelle restore --list, dann stabsstelle restore DATEI."
}

// Reason is the plain German part, as ErrDamaged.Reason.
func (e *ErrEmpty) Reason() string {
	return fmt.Sprintf("Die Datenbank %s ist leer (0 Byte) – die Daten fehlen; vielleicht ist beim Kopieren oder Synchronisieren etwas schiefgegangen. Sie wurde nicht verändert.", e.Path)
}

// errLockTimeout: lockFile gave up waiting for another program's lock.
var errLockTimeout = errors.New("Zeit für die Dateisperre abgelaufen")

// ioError is model.WrapIO for the store: an operating-system error as one
// German sentence, the original kept for errors.Is and --verbose.
func ioError(err error, format string, args ...any) error {
	return model.WrapIO(err, format, args...)
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
	if e, ok := r.(interface{ Addr() uintptr }); ok && e != nil {
		// A fault on bbolt's memory map (SetPanicOnFault, see safely).
		return fmt.Sprintf("Lesezugriff außerhalb der Datei (Adresse %#x)", e.Addr())
	}
	s := fmt.Sprint(r)
	if i := strings.Index(s, "goroutine "); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "panic:"))
	return shortLine(s, maxDetail)
}

// longHex is a run of hex digits too long to be useful in a message.
var longHex = regexp.MustCompile(`[0-9a-fA-F]{24,}`)

// shortLine makes s one short line a terminal can show as it is: valid
// UTF-8, no control characters, runs of spaces joined, long runs of hex
// digits (bbolt prints keys in hex) shortened, at most max characters.
func shortLine(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	s = longHex.ReplaceAllStringFunc(s, func(h string) string { return h[:16] + "…" })
	if utf8.RuneCountInString(s) > max {
		s = strings.TrimSpace(string([]rune(s)[:max-1])) + "…"
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
