package model

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

// TestWrapIOSaysItInGerman: full disk, no permission, missing file and a
// read-only disk each become one German sentence with what to do; the
// original stays reachable for errors.Is and --verbose.
func TestWrapIOSaysItInGerman(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{syscall.ENOSPC, "das Laufwerk ist voll. Bitte Platz schaffen"},
		{syscall.EACCES, "keine Berechtigung. Bitte die Rechte"},
		{syscall.ENOENT, "existiert nicht. Bitte den Pfad prüfen."},
		{syscall.EROFS, "schreibgeschützt"},
		{syscall.ENOTDIR, "kein Ordner"},
	}
	for _, c := range cases {
		orig := &fs.PathError{Op: "write", Path: "/x/y.db", Err: c.err}
		err := WrapIO(orig, "Die Sicherung kann nicht geschrieben werden")
		msg := err.Error()
		if !strings.HasPrefix(msg, "Die Sicherung kann nicht geschrieben werden: ") || !strings.Contains(msg, c.want) {
			t.Errorf("%v: %q, want %q", c.err, msg, c.want)
		}
		if strings.Contains(msg, orig.Err.Error()) || strings.Contains(msg, "write ") {
			t.Errorf("English in %q", msg)
		}
		if !errors.Is(err, c.err) || Original(err) != orig.Error() {
			t.Errorf("%v: original lost: Is=%v Original=%q", c.err, errors.Is(err, c.err), Original(err))
		}
	}
	if err := WrapIO(&fs.PathError{Op: "write", Path: "/x", Err: syscall.ENOSPC}, "x"); !errors.Is(err, ErrDiskFull) {
		t.Error("a full disk is not ErrDiskFull")
	}
	if WrapIO(nil, "x") != nil {
		t.Error("nil became an error")
	}
}

// TestGermanOSReplacesEnglish: an OS error that came into a message with
// %v is said in German, Go's "open /path:" included.
func TestGermanOSReplacesEnglish(t *testing.T) {
	for in, want := range map[string]string{
		"Die Datei kann nicht gelesen werden: open /home/a/x.db: permission denied":   "Die Datei kann nicht gelesen werden: /home/a/x.db: keine Berechtigung",
		"Fehler (write /tmp/s.db: no space left on device). Ist das Laufwerk voll?":   "Fehler (/tmp/s.db: das Laufwerk ist voll). Ist das Laufwerk voll?",
		"stat /nix: no such file or directory":                                        "/nix: die Datei oder der Ordner existiert nicht",
		"Alles gut.":                                                                  "Alles gut.",
		"mkdir /etc/passwd/x: not a directory; rename a b: Read-only file system now": "/etc/passwd/x: ein Teil des Pfades ist kein Ordner; rename a b: das Laufwerk ist schreibgeschützt now",
	} {
		if got := GermanOS(in); got != want {
			t.Errorf("GermanOS(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}
