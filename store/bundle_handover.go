package store

import (
	"io"
	"os"
	"path/filepath"

	"filippo.io/age"
)

// While the office's database is held by another program of the same user
// (the interface or `stabsstelle serve`), `import bundle` cannot open it:
// the holder merges instead (package lookup). Only the command has the
// person's key or passphrase, so it opens the bundle and hands the holder
// a copy encrypted to a key made for this one handover: the plaintext never
// lies on the disk, and the key lives only in the request.

// Handover re-encrypts the opened bundle b, as it is (manifest and every
// line after it), into a new file in dir, to a fresh key. It returns the
// file and the key in age's text form (AGE-SECRET-KEY-1…). The caller
// removes the file when the holder has answered. Reading b to its end
// also checks it: a changed byte or a cut-off end is *ErrBundle.
func (b *Bundle) Handover(dir string) (path, key string, err error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", "", err
	}
	f, err := os.CreateTemp(dir, ".abgleich-*.stb")
	if err != nil {
		return "", "", err
	}
	path = f.Name()
	f.Close()
	w, err := createBundle(path, Protection{Recipients: []age.Recipient{id.Recipient()}})
	if err != nil {
		os.Remove(path)
		return "", "", err
	}
	if err = w.line(b.Manifest); err == nil {
		_, err = io.Copy(w.z, b.br)
	}
	if err != nil {
		w.abort()
		os.Remove(path)
		return "", "", err
	}
	if err := w.commit(true); err != nil {
		os.Remove(path)
		return "", "", err
	}
	return filepath.Clean(path), id.String(), nil
}

// OpenHandover opens a bundle written by Handover with its key.
func OpenHandover(path, key string) (*Bundle, error) {
	id, err := age.ParseX25519Identity(key)
	if err != nil {
		return nil, &ErrBundle{Path: path, Reason: "kam ohne gültigen Schlüssel"}
	}
	return OpenBundle(path, Unlock{Identities: func() ([]age.Identity, error) { return []age.Identity{id}, nil }})
}
