package model

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"runtime"
	"strings"
	"syscall"
)

// IOError is a failure of the operating system (full disk, no permission,
// missing file …) told in one German sentence: what failed, why, and what
// to do. The original error stays reachable with errors.Is/As and is what
// `--verbose` shows; it never appears in the sentence itself.
type IOError struct {
	Msg string // the German sentence
	Err error  // the original error
}

func (e *IOError) Error() string { return e.Msg }
func (e *IOError) Unwrap() error { return e.Err }

// ErrDiskFull is matched by errors.Is for every "disk full" error of any
// platform, so callers can tell it apart (the backup names the drive).
var ErrDiskFull = errors.New("Das Laufwerk ist voll.")

// Is lets errors.Is(err, ErrDiskFull) find a full disk behind an IOError.
func (e *IOError) Is(target error) bool {
	return target == ErrDiskFull && diskFull(e.Err)
}

// WrapIO describes err, an operating-system error, in German after the
// sentence start what ("Die Sicherung kann nicht geschrieben werden"):
// "…: das Laufwerk ist voll. Bitte Platz schaffen …". nil stays nil; an
// error that already is a German sentence (IOError) keeps its sentence.
func WrapIO(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	what := fmt.Sprintf(format, args...)
	var io *IOError
	if errors.As(err, &io) {
		return &IOError{Msg: strings.TrimSuffix(what, ".") + ". " + io.Msg, Err: err}
	}
	reason, advice := OSReason(err)
	return &IOError{Msg: strings.TrimSuffix(what, ".") + ": " + reason + ". " + advice, Err: err}
}

// OSReason names what went wrong in an operating-system error in German
// (lower case, for after a colon) and what to do about it.
func OSReason(err error) (reason, advice string) {
	switch {
	case diskFull(err):
		return "das Laufwerk ist voll", "Bitte Platz schaffen (z. B. alte Dateien oder Sicherungen löschen) und noch einmal versuchen."
	case errors.Is(err, syscall.EROFS):
		return "das Laufwerk ist schreibgeschützt", "Bitte einen anderen Ort wählen."
	case errors.Is(err, fs.ErrPermission):
		return "keine Berechtigung", "Bitte die Rechte der Datei und ihres Ordners prüfen oder einen anderen Ort wählen."
	case errors.Is(err, syscall.EISDIR):
		return "das ist ein Ordner, keine Datei", "Bitte eine Datei angeben."
	case errors.Is(err, syscall.ENOTDIR):
		return "ein Teil des Pfades ist kein Ordner", "Bitte den Pfad prüfen."
	case errors.Is(err, fs.ErrNotExist):
		return "die Datei oder der Ordner existiert nicht", "Bitte den Pfad prüfen."
	case errors.Is(err, fs.ErrExist):
		return "die Datei gibt es schon", "Bitte einen anderen Namen wählen."
	case errors.Is(err, syscall.ENAMETOOLONG):
		return "der Pfad ist zu lang", "Bitte einen kürzeren Pfad wählen."
	case errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE):
		return "zu viele Dateien sind gleichzeitig geöffnet", "Bitte andere Programme schließen und noch einmal versuchen."
	case errors.Is(err, syscall.EIO):
		return "das Laufwerk meldet einen Lese- oder Schreibfehler", "Bitte das Laufwerk prüfen; die Daten sind in den Sicherungen (stabsstelle restore --list)."
	case errors.Is(err, syscall.EBUSY), errors.Is(err, syscall.ETXTBSY):
		return "die Datei wird gerade von einem anderen Programm benutzt", "Bitte das andere Programm beenden und noch einmal versuchen."
	case errors.Is(err, syscall.ELOOP):
		return "die Verweise (symbolische Links) führen im Kreis", "Bitte den Pfad prüfen."
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "die Datei endet zu früh (abgeschnitten?)", "Bitte eine vollständige Datei angeben."
	case errors.Is(err, fs.ErrClosed):
		return "die Datei war schon geschlossen", "Bitte noch einmal versuchen."
	}
	return "ein Fehler des Betriebssystems", "Bitte noch einmal versuchen; die genaue Meldung zeigt --verbose."
}

// diskFull reports a full disk or an exceeded quota, on any platform.
func diskFull(err error) bool {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	var errno syscall.Errno
	// Windows: ERROR_HANDLE_DISK_FULL (39), ERROR_DISK_FULL (112).
	return runtime.GOOS == "windows" && errors.As(err, &errno) && (errno == 39 || errno == 112)
}

// englishOS are texts of operating-system errors (Linux, macOS, Go's own)
// that must never reach a person: GermanOS replaces them.
var englishOS = []struct {
	text string
	err  error
}{
	{"no space left on device", syscall.ENOSPC},
	{"disk quota exceeded", syscall.EDQUOT},
	{"read-only file system", syscall.EROFS},
	{"permission denied", fs.ErrPermission},
	{"operation not permitted", fs.ErrPermission},
	{"access is denied", fs.ErrPermission},
	{"is a directory", syscall.EISDIR},
	{"not a directory", syscall.ENOTDIR},
	{"no such file or directory", fs.ErrNotExist},
	{"the system cannot find the file specified", fs.ErrNotExist},
	{"the system cannot find the path specified", fs.ErrNotExist},
	{"file exists", fs.ErrExist},
	{"file name too long", syscall.ENAMETOOLONG},
	{"too many open files", syscall.EMFILE},
	{"input/output error", syscall.EIO},
	{"device or resource busy", syscall.EBUSY},
	{"text file busy", syscall.ETXTBSY},
	{"too many levels of symbolic links", syscall.ELOOP},
	{"unexpected eof", io.ErrUnexpectedEOF},
	{"file already closed", fs.ErrClosed},
}

// osPrefix matches what Go puts before an OS error ("open /x/y: ",
// "write /x: "), so the English verb goes with the English reason.
var osPrefix = regexp.MustCompile(`(?i)\b(open|read|write|stat|lstat|fstat|mkdir|mkdirat|rename|remove|unlinkat|sync|fsync|fdatasync|truncate|chmod|fchmod|readdirent|close|seek|readlink|symlink|link|flock|mmap|munmap)\s+(\S+):\s*$`)

// GermanOS replaces the English texts of operating-system errors in msg
// by their German reason (and drops Go's "open /path:" before them), for
// messages that carried an OS error through a %v. It is the last line of
// defence where a message is printed; errors made with WrapIO never need
// it.
func GermanOS(msg string) string {
	low := strings.ToLower(msg)
	for _, e := range englishOS {
		for {
			i := strings.Index(low, e.text)
			if i < 0 {
				break
			}
			reason, _ := OSReason(e.err)
			before := msg[:i]
			if m := osPrefix.FindStringSubmatchIndex(before); m != nil {
				path := before[m[4]:m[5]]
				before = before[:m[0]] + path + ": "
			}
			msg = before + reason + msg[i+len(e.text):]
			low = strings.ToLower(msg)
		}
	}
	return msg
}

// Original is the operating system's or library's own words behind err,
// for `--verbose`: the failed call with its path (a *fs.PathError, an
// *os.LinkError, an *os.SyscallError) if the chain holds one, else its
// innermost error. It is "" when that says nothing more than err.
func Original(err error) string {
	if err == nil {
		return ""
	}
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	switch {
	case errors.As(err, &pe):
		return pe.Error()
	case errors.As(err, &le):
		return le.Error()
	case errors.As(err, &se):
		return se.Error()
	}
	inner := err
	for {
		next := errors.Unwrap(inner)
		if next == nil {
			break
		}
		inner = next
	}
	if inner == err || inner.Error() == err.Error() {
		return ""
	}
	return inner.Error()
}
