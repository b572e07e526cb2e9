package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/adrg/xdg"
)

// Files the program writes for people (Jahresbescheinigung, calendar,
// Verteiler, texts, payout files, reports) follow one rule: the path is
// shown before writing, a new file is proposed in the user's documents
// folder, an existing file is replaced only after the user said so, and
// the message afterwards names the full path.

// ErrFileExists is what WriteOutput's error is (errors.Is) when the file
// is there and was left alone.
var ErrFileExists = errors.New("Datei gibt es schon")

// FileExistsError names the files that were not replaced.
type FileExistsError struct{ Paths []string }

func (e *FileExistsError) Error() string {
	return ExistsText(e.Paths) + " Nichts geschrieben – bitte einen anderen Namen wählen."
}

// Is makes errors.Is(err, ErrFileExists) true.
func (e *FileExistsError) Is(target error) bool { return target == ErrFileExists }

// OutputDir is the folder a new file is proposed in: the user's documents
// folder (XDG_DOCUMENTS_DIR on Linux, "Dokumente"/"Documents" on Windows
// and macOS), else the downloads folder, else the home folder. A folder
// that does not exist is skipped: the program never creates one the user
// did not ask for.
func OutputDir() string {
	for _, d := range []string{xdg.UserDirs.Documents, xdg.UserDirs.Download} {
		if isDir(d) {
			return d
		}
	}
	if h, err := os.UserHomeDir(); err == nil && isDir(h) {
		return h
	}
	if wd, err := os.Getwd(); err == nil {
		return wd
	}
	return "."
}

func isDir(p string) bool {
	if p == "" {
		return false
	}
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// AbsPath is the full path of p for the messages that say where a file
// went.
func AbsPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// ExistingFiles returns the full paths of those of paths that exist. A
// path that is a folder is an error: it can never be written.
func ExistingFiles(paths ...string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if fi.IsDir() {
			return nil, fmt.Errorf("%s ist ein Ordner – bitte einen Dateinamen angeben.", AbsPath(p))
		}
		out = append(out, AbsPath(p))
	}
	return out, nil
}

// ExistsText is the German sentence that names existing files.
func ExistsText(paths []string) string {
	if len(paths) == 1 {
		return "Die Datei " + paths[0] + " gibt es schon."
	}
	return "Die Dateien " + strings.Join(paths, ", ") + " gibt es schon."
}

// WriteOutput writes data to path completely or not at all (a temporary
// file beside it, then renamed), readable by the user only (the files
// hold personal data). Without replace an existing file is left as it is
// and the error wraps ErrFileExists; with replace it is replaced – only
// after the user agreed.
func WriteOutput(path string, data []byte, replace bool) error {
	if !replace {
		if _, err := os.Lstat(path); err == nil {
			return &FileExistsError{Paths: []string{AbsPath(path)}}
		}
		// writeFileNew never replaces, should the file appear meanwhile.
		return writeFileNew(path, data)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s ist ein Ordner – bitte einen Dateinamen angeben.", AbsPath(path))
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".stabsstelle-*")
	if err != nil {
		return fileProblem(path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o600)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fileProblem(path, err)
	}
	return nil
}

// FreeName is path when no file has that name, else the first free one
// of name-2.ext, name-3.ext … – for files written several at a time
// without a name to edit, which are never replaced.
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
