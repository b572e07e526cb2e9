package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"golang.org/x/crypto/ssh"
)

// The keys of bundles. A bundle is encrypted to the public keys of the
// team, one per line of a key file — an SSH authorized_keys file (ssh-ed25519
// and ssh-rsa keys; options before the key are allowed) or age's own
// recipients (age1…). A laptop opens it with its own private key: an SSH
// key (~/.ssh/id_ed25519 unless --identity names another, also one with a
// passphrase) or an age identity file (AGE-SECRET-KEY-…).

// maxKeyFile bounds a key file: a team's keys are a few kilobytes.
const maxKeyFile = 1 << 20

// ReadRecipients reads the public keys of a key file.
func ReadRecipients(path string) ([]age.Recipient, error) {
	raw, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	var out []age.Recipient
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 64<<10), maxKeyFile)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var r age.Recipient
		if strings.HasPrefix(line, "age1") {
			r, err = age.ParseX25519Recipient(strings.Fields(line)[0])
		} else {
			r, err = agessh.ParseRecipient(line)
		}
		if err != nil {
			return nil, fmt.Errorf("Zeile %d der Schlüsseldatei %s ist kein nutzbarer öffentlicher Schlüssel (erlaubt sind ssh-ed25519, ssh-rsa und age1…). Bitte die Zeile entfernen oder korrigieren.", n, path)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("Die Schlüsseldatei %s ist nicht lesbar: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("In der Schlüsseldatei %s steht kein öffentlicher Schlüssel. Erwartet wird z. B. eine Zeile „ssh-ed25519 AAAA… name@laptop“ je Person.", path)
	}
	return out, nil
}

// DefaultIdentity is the private key a laptop opens bundles with unless
// --identity names another: ~/.ssh/id_ed25519, else ~/.ssh/id_rsa.
func DefaultIdentity() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	first := filepath.Join(home, ".ssh", "id_ed25519")
	if _, err := os.Stat(first); err != nil {
		if rsa := filepath.Join(home, ".ssh", "id_rsa"); fileExists(rsa) {
			return rsa
		}
	}
	return first
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// ReadIdentity reads a private key. A passphrase-protected SSH key asks
// for its passphrase through ask, and only when a bundle needs the key.
func ReadIdentity(path string, ask func(prompt string) (string, error)) ([]age.Identity, error) {
	raw, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(raw, []byte("AGE-SECRET-KEY-")) {
		ids, err := age.ParseIdentities(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("Die Schlüsseldatei %s ist kein lesbarer age-Schlüssel: %w", path, err)
		}
		return ids, nil
	}
	id, err := agessh.ParseIdentity(raw)
	var missing *ssh.PassphraseMissingError
	switch {
	case err == nil:
		return []age.Identity{id}, nil
	case errors.As(err, &missing):
		pub := missing.PublicKey
		if pub == nil {
			if pubRaw, err := readKeyFile(path + ".pub"); err == nil {
				pub, _, _, _, _ = ssh.ParseAuthorizedKey(pubRaw)
			}
		}
		if pub == nil {
			return nil, fmt.Errorf("Der Schlüssel %s ist mit einem Passwort geschützt, und %s.pub fehlt. Bitte die .pub-Datei daneben legen.", path, path)
		}
		enc, err := agessh.NewEncryptedSSHIdentity(pub, raw, func() ([]byte, error) {
			if ask == nil {
				return nil, fmt.Errorf("Der Schlüssel %s ist mit einem Passwort geschützt; hier kann keins eingegeben werden.", path)
			}
			pw, err := ask("Passwort des SSH-Schlüssels " + path + ": ")
			return []byte(pw), err
		})
		if err != nil {
			return nil, fmt.Errorf("Der Schlüssel %s ist nicht nutzbar: %w", path, err)
		}
		return []age.Identity{enc}, nil
	}
	return nil, fmt.Errorf("%s ist kein privater SSH-Schlüssel, den stabsstelle lesen kann (ssh-ed25519 oder ssh-rsa): %w", path, err)
}

func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("Die Schlüsseldatei %s gibt es nicht. Bitte den Pfad prüfen.", path)
		}
		return nil, fmt.Errorf("Die Schlüsseldatei %s ist nicht lesbar: %w", path, err)
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("Die Schlüsseldatei %s ist nicht lesbar: %w", path, err)
	}
	if len(raw) > maxKeyFile {
		return nil, fmt.Errorf("%s ist zu groß für eine Schlüsseldatei.", path)
	}
	return raw, nil
}
