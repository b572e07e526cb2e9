package store

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

func isWindows() bool { return runtime.GOOS == "windows" }

// syncFolders are path parts of folders that a sync client copies around
// behind the program's back; bbolt's file lock does not reach the other
// computers and a half-synced copy is damaged.
var syncFolders = []struct{ part, name string }{
	{"onedrive", "OneDrive"},
	{"dropbox", "Dropbox"},
	{"icloud", "iCloud"},
	{"mobile documents", "iCloud"},
	{"google drive", "Google Drive"},
	{"googledrive", "Google Drive"},
	{"my drive", "Google Drive"},
	{"meine ablage", "Google Drive"},
	{"nextcloud", "Nextcloud"},
	{"owncloud", "ownCloud"},
	{"seafile", "Seafile"},
	{"magentacloud", "MagentaCLOUD"},
	{"syncthing", "Syncthing"},
	{"pcloud", "pCloud"},
	{"tresorit", "Tresorit"},
	{"megasync", "MEGA"},
}

// LocationWarning returns a German warning when the database at path lies
// in a sync folder (OneDrive, Dropbox, iCloud, Google Drive, Nextcloud …) or
// on a network drive (UNC path, NFS, SMB/CIFS, sshfs), where file locking
// does not protect it and copies get damaged; "" when the place is fine.
func LocationWarning(path string) string {
	p := path
	if a, err := filepath.Abs(path); err == nil {
		p = a
	}
	if name := syncFolder(p); name != "" {
		return "Achtung: Die Datenbank liegt in einem " + name + "-Ordner (" + p + "). " +
			"Die Synchronisierung kann die Datei beschädigen und zwei Rechner könnten gleichzeitig schreiben. " +
			"Bitte die Datei auf die lokale Festplatte legen (--db) und für das Team „stabsstelle serve“ nutzen."
	}
	if isUNC(path) || isUNC(p) {
		return networkWarning(p, "Netzlaufwerk")
	}
	if fs := networkFS(filepath.Dir(p)); fs != "" {
		return networkWarning(p, fs)
	}
	return ""
}

func networkWarning(p, what string) string {
	return "Achtung: Die Datenbank liegt auf einem " + what + " (" + p + "). " +
		"Dort schützt die Dateisperre nicht vor gleichzeitigem Schreiben von mehreren Rechnern, und die Datei kann beschädigt werden. " +
		"Bitte die Datei auf die lokale Festplatte legen (--db) und für das Team „stabsstelle serve“ nutzen."
}

func syncFolder(p string) string {
	parts := strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return r == '/' || r == '\\' })
	for _, part := range parts {
		for _, f := range syncFolders {
			// "OneDrive - Landkreis Gifhorn", "Dropbox (Privat)", "iCloud Drive"
			if part == f.part || strings.HasPrefix(part, f.part+" ") || strings.HasPrefix(part, f.part+"-") ||
				strings.HasPrefix(part, f.part+"(") || strings.HasPrefix(part, f.part+"_") {
				return f.name
			}
		}
	}
	for _, part := range parts {
		// macOS: ~/Library/CloudStorage/<Anbieter>-<Konto>
		if part == "cloudstorage" {
			return "Cloud-Speicher"
		}
	}
	return ""
}

// isUNC: \\server\share\… (or //server/share) is a Windows network share.
func isUNC(p string) bool {
	return strings.HasPrefix(p, `\\`) && !strings.HasPrefix(p, `\\?\`) && !strings.HasPrefix(p, `\\.\`) ||
		strings.HasPrefix(p, "//") && isWindows()
}

// PermissionWarning returns a German warning when the database file can be
// read by other users of the computer (not on Windows, where modes say
// little); "" when it is private or does not exist yet.
func PermissionWarning(path string) string {
	if isWindows() {
		return ""
	}
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o077 == 0 {
		return ""
	}
	// Behind a link to a file elsewhere, chmod would change that file – it
	// may belong to somebody else or to another program. No advice to
	// change it then, only what was found.
	if li, err := os.Lstat(path); err == nil && li.Mode()&os.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return ""
		}
		dir := filepath.Dir(path)
		if d, err := filepath.EvalSymlinks(dir); err == nil {
			dir = d
		}
		if filepath.Dir(target) != dir {
			return fmt.Sprintf("Achtung: Die Datenbank %s ist ein Verweis auf %s außerhalb ihres Ordners, und diese Datei ist auch für andere Benutzer lesbar (Rechte %04o). Bitte prüfen, wem die Datei gehört und ob sie die richtige ist; besser liegt die Datenbank selbst im eigenen Datenordner.", path, target, fi.Mode().Perm())
		}
	}
	return fmt.Sprintf("Achtung: Die Datenbank %s ist auch für andere Benutzer dieses Rechners lesbar (Rechte %04o). Bitte schützen: chmod 600 %s", path, fi.Mode().Perm(), path)
}
