package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// DefaultHostKeyPath is where serve keeps the server's host key when
// --host-key is not given: beside the database, so a backup of the folder
// keeps it and clients never see it change.
func DefaultHostKeyPath(db string) string {
	return strings.TrimSuffix(db, filepath.Ext(db)) + ".hostkey"
}

// HostKey loads the host key at path, creating an Ed25519 key (mode 0600)
// the first time. created is true when the key was just made.
func HostKey(path string) (signer gossh.Signer, created bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if err := createHostKey(path); err != nil && !errors.Is(err, os.ErrExist) {
			return nil, false, err
		} else if err == nil {
			created = true
		}
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, false, fmt.Errorf("Der Host-Schlüssel %s kann nicht gelesen werden: %w", path, err)
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		var pp *gossh.PassphraseMissingError
		if errors.As(err, &pp) {
			return nil, false, fmt.Errorf("Der Host-Schlüssel %s ist mit einer Passphrase geschützt. Bitte einen Schlüssel ohne Passphrase angeben oder die Datei löschen (dann wird ein neuer erzeugt – die Mitglieder sehen dann eine Warnung).", path)
		}
		return nil, false, fmt.Errorf("Der Host-Schlüssel %s ist kein gültiger privater SSH-Schlüssel: %w. Bitte eine andere Datei mit --host-key angeben.", path, err)
	}
	return signer, created, nil
}

func createHostKey(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("Der Ordner für den Host-Schlüssel %s kann nicht angelegt werden: %w", filepath.Dir(path), err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("Der Host-Schlüssel kann nicht erzeugt werden: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "stabsstelle host key")
	if err != nil {
		return fmt.Errorf("Der Host-Schlüssel kann nicht erzeugt werden: %w", err)
	}
	// O_EXCL: never overwrite a key another process made meanwhile.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return err
		}
		return fmt.Errorf("Der Host-Schlüssel %s kann nicht geschrieben werden: %w", path, err)
	}
	if err := pem.Encode(f, block); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("Der Host-Schlüssel %s kann nicht geschrieben werden: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("Der Host-Schlüssel %s kann nicht geschrieben werden: %w", path, err)
	}
	return f.Close()
}
