package forms

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FreeName returns path if no file of that name exists, else the first of
// "name-2.ext", "name-3.ext" … that does not: the screens never replace a
// form printed before (it may be signed and scanned already).
func FreeName(path string) string {
	if _, err := os.Lstat(path); err != nil {
		return path
	}
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	for i := 2; ; i++ {
		p := fmt.Sprintf("%s-%d%s", base, i, ext)
		if _, err := os.Lstat(p); err != nil {
			return p
		}
	}
}

// WriteNew writes data to a new file (mode 0600: forms carry personal
// data) at FreeName(path) and returns the full path written.
func WriteNew(path string, data []byte) (string, error) {
	p := FreeName(path)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("Die Datei %s kann nicht geschrieben werden (%v). Bitte Schreibrechte im Ordner prüfen.", p, err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(p)
		return "", fmt.Errorf("Die Datei %s kann nicht geschrieben werden (%v).", p, err)
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return p, nil
}
