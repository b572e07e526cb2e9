package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/klauspost/compress/s2"
)

// A bundle (.stb) is one age-encrypted file (filippo.io/age: to SSH or age
// public keys, or with a passphrase). Inside, s2-compressed:
//
//	line 1:   the manifest (JSON): what the bundle is, whose database it
//	          comes from, which copy it belongs to
//	then:     a snapshot of events: one record per line {"k":kind,"v":record}
//	          a snapshot of everything: the database file itself (Size bytes)
//	          changes: one changed record per line (bundle_changes.go)
//	last:     {"end":N}, the number of record lines (not after a file)
//
// age authenticates every 64 KiB chunk and marks the last one: a flipped
// byte or a cut-off file fails when the damaged chunk is read. Plaintext
// comes out before the end is checked, so nothing read from a bundle is
// committed before the reader reached the end (finish).

const (
	bundleFormat  = "stabsstelle-bundle"
	bundleVersion = 1
	// BundleSnapshot is a copy for a laptop, BundleChanges what changed
	// on the laptop since.
	BundleSnapshot = "snapshot"
	BundleChanges  = "changes"
)

// Manifest is the first line of a bundle.
type Manifest struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Kind    string `json:"kind"`
	// Bundle is this file's ID; Copy the copy it belongs to (for a
	// snapshot the same); DB the office database the copy was taken from.
	Bundle   string    `json:"bundle"`
	Copy     string    `json:"copy"`
	DB       string    `json:"db"`
	Label    string    `json:"label"`
	EventIDs []string  `json:"events,omitempty"`
	All      bool      `json:"all,omitempty"`
	Taken    time.Time `json:"taken"`
	TakenBy  string    `json:"takenBy"`
	Created  time.Time `json:"created"`
	By       string    `json:"by"`
	Schema   uint64    `json:"schema"`
	// Base (snapshot of everything): the office journal's last entry at
	// the snapshot. Upto (changes): the laptop journal's last entry.
	Base uint64 `json:"base,omitempty"`
	Upto uint64 `json:"upto,omitempty"`
	// Size is the length of the database file of a snapshot of everything.
	Size    int64 `json:"size,omitempty"`
	Records int   `json:"records"`
	// Warnings: what a change bundle could not carry (German).
	Warnings []string `json:"warnings,omitempty"`
}

// Protection says how a bundle is encrypted: to the public keys in
// Recipients, or with Passphrase (then alone: age allows nothing else
// beside a passphrase).
type Protection struct {
	Recipients []age.Recipient
	Passphrase string
}

// Unlock opens a bundle. Only what the bundle needs is asked for: the
// passphrase of a passphrase bundle, the private keys of a key bundle.
type Unlock struct {
	Passphrase func() (string, error)
	Identities func() ([]age.Identity, error)
}

// ScryptWorkFactor is the cost of a bundle's passphrase (2^18: about a
// second and 256 MB, age's own default). Tests lower it.
var ScryptWorkFactor = 18

// maxScryptWorkFactor caps the cost a bundle may demand: a hostile file
// could ask for minutes of work and gigabytes of memory.
const maxScryptWorkFactor = 18

// Size limits of what a bundle may hold: a line is one record (16 MB is
// the store's own limit of a value), the manifest is small.
const (
	maxManifest   = 1 << 20
	maxBundleLine = maxValueSize + 1<<20
)

// ErrBundle: the file is not a bundle, or damaged. Nothing was changed.
type ErrBundle struct {
	Path   string
	Reason string
}

func (e *ErrBundle) Error() string {
	return fmt.Sprintf("Das Paket %s %s – es wurde nichts eingespielt.", e.Path, e.Reason)
}

// ErrWrongKey: the bundle is not encrypted to any of the given keys, or
// the passphrase is wrong.
type ErrWrongKey struct {
	Path       string
	Passphrase bool
}

func (e *ErrWrongKey) Error() string {
	if e.Passphrase {
		return fmt.Sprintf("Das Passwort für %s ist falsch. Bitte noch einmal versuchen – es wurde nichts eingespielt.", e.Path)
	}
	return fmt.Sprintf("Das Paket %s ist nicht für diesen Schlüssel verschlüsselt. Bitte mit --identity den passenden privaten SSH-Schlüssel angeben oder das Büro bitten, das Paket für Ihren öffentlichen Schlüssel zu schreiben.", e.Path)
}

// bundleWriter writes a bundle into a temporary file beside its target and
// renames it into place only when everything is written: a failed export
// leaves no half file behind.
type bundleWriter struct {
	path, tmp string
	f         *os.File
	enc       io.WriteCloser
	z         *s2.Writer
	lines     int
}

func createBundle(path string, p Protection) (*bundleWriter, error) {
	var rs []age.Recipient
	switch {
	case p.Passphrase != "":
		r, err := age.NewScryptRecipient(p.Passphrase)
		if err != nil {
			return nil, err
		}
		r.SetWorkFactor(ScryptWorkFactor)
		rs = []age.Recipient{r}
	case len(p.Recipients) > 0:
		rs = p.Recipients
	default:
		return nil, errors.New("Ein Paket wird immer verschlüsselt: bitte --to SCHLÜSSELDATEI oder --passphrase angeben.")
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".paket-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("In den Ordner %s kann kein Paket geschrieben werden: %w", dir, err)
	}
	w := &bundleWriter{path: path, tmp: f.Name(), f: f}
	if w.enc, err = age.Encrypt(f, rs...); err != nil {
		w.abort()
		return nil, err
	}
	w.z = s2.NewWriter(w.enc, s2.WriterConcurrency(1))
	return w, nil
}

// line writes one JSON line.
func (w *bundleWriter) line(v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	raw = append(raw, '\n')
	_, err = w.z.Write(raw)
	return err
}

// record writes a record line and counts it.
func (w *bundleWriter) record(v any) error {
	w.lines++
	return w.line(v)
}

// commit ends the bundle (with the end line unless noEnd), flushes and
// encrypts the last chunk, syncs and renames the file into place.
func (w *bundleWriter) commit(noEnd bool) error {
	var err error
	if !noEnd {
		err = w.line(map[string]int{"end": w.lines})
	}
	if err == nil {
		err = w.z.Close()
	}
	if err == nil {
		err = w.enc.Close()
	}
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.tmp, w.path)
	}
	if err != nil {
		os.Remove(w.tmp)
		return fmt.Errorf("Das Paket %s konnte nicht geschrieben werden (%w). Ist das Laufwerk voll?", w.path, err)
	}
	syncDir(filepath.Dir(w.path))
	return nil
}

func (w *bundleWriter) abort() {
	w.f.Close()
	os.Remove(w.tmp)
}

// Bundle is an opened bundle: its manifest is read and checked, the rest
// follows. Close it when done.
type Bundle struct {
	Manifest Manifest
	Path     string
	f        *os.File
	br       *bufio.Reader
	lines    int
	ended    bool
}

// OpenBundle decrypts the bundle at path and reads its manifest. A wrong
// key or passphrase is *ErrWrongKey, a file that is not a bundle or is
// damaged *ErrBundle.
func OpenBundle(path string, u Unlock) (*Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	b := &Bundle{Path: path, f: f}
	if err := b.open(u); err != nil {
		f.Close()
		return nil, err
	}
	return b, nil
}

func (b *Bundle) open(u Unlock) error {
	hdr, err := age.ExtractHeader(b.f)
	if err != nil {
		return &ErrBundle{Path: b.Path, Reason: "ist keine Paketdatei von stabsstelle (oder unvollständig)"}
	}
	if _, err := b.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	passphrase := bytes.Contains(hdr, []byte("\n-> scrypt "))
	ids, err := b.identities(u, passphrase)
	if err != nil {
		return err
	}
	dec, err := age.Decrypt(b.f, ids...)
	if err != nil {
		return b.ageError(err, passphrase)
	}
	b.br = bufio.NewReaderSize(&ageReader{r: s2.NewReader(dec, s2.ReaderMaxBlockSize(4<<20)), b: b}, 256<<10)
	return b.readManifest()
}

// identities asks u for what opens the bundle: the passphrase or the
// SSH keys it is encrypted for.
func (b *Bundle) identities(u Unlock, passphrase bool) ([]age.Identity, error) {
	if passphrase {
		if u.Passphrase == nil {
			return nil, fmt.Errorf("Das Paket %s ist mit einem Passwort geschützt. Bitte das Passwort eingeben (oder STABSSTELLE_PASSPHRASE setzen).", b.Path)
		}
		pw, err := u.Passphrase()
		if err != nil {
			return nil, err
		}
		id, err := age.NewScryptIdentity(pw)
		if err != nil {
			return nil, err
		}
		id.SetMaxWorkFactor(maxScryptWorkFactor)
		return []age.Identity{id}, nil
	}
	if u.Identities == nil {
		return nil, fmt.Errorf("Das Paket %s ist für SSH-Schlüssel verschlüsselt. Bitte mit --identity den privaten Schlüssel angeben.", b.Path)
	}
	return u.Identities()
}

// readManifest reads and checks the bundle's first line.
func (b *Bundle) readManifest() error {
	line, err := b.readLine(maxManifest)
	if err != nil {
		return err
	}
	var m Manifest
	if json.Unmarshal(line, &m) != nil || m.Format != bundleFormat {
		return &ErrBundle{Path: b.Path, Reason: "ist keine Paketdatei von stabsstelle"}
	}
	if m.Version > bundleVersion || m.Schema > SchemaVersion() {
		return fmt.Errorf("Das Paket %s stammt von einer neueren Version von stabsstelle. Bitte das Programm aktualisieren – es wurde nichts eingespielt.", b.Path)
	}
	if (m.Kind != BundleSnapshot && m.Kind != BundleChanges) || !validID(m.Bundle) || !validID(m.Copy) || !validID(m.DB) {
		return &ErrBundle{Path: b.Path, Reason: "hat einen unvollständigen Kopf"}
	}
	b.Manifest = m
	return nil
}

// ageError turns age's errors into German.
func (b *Bundle) ageError(err error, passphrase bool) error {
	var nomatch *age.NoIdentityMatchError
	switch {
	case errors.As(err, &nomatch), errors.Is(err, age.ErrIncorrectIdentity):
		return &ErrWrongKey{Path: b.Path, Passphrase: passphrase}
	case strings.Contains(err.Error(), "work factor"): // age has no error value for it (scrypt.go, v1.3.2)
		return &ErrBundle{Path: b.Path, Reason: "verlangt für das Passwort einen ungewöhnlich hohen Rechenaufwand und wird deshalb nicht geöffnet"}
	}
	return &ErrBundle{Path: b.Path, Reason: "ist beschädigt oder unvollständig"}
}

// ageReader turns read errors of the decrypted stream (a changed byte, a
// cut-off end) into ErrBundle.
type ageReader struct {
	r io.Reader
	b *Bundle
}

func (a *ageReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if err != nil && err != io.EOF {
		err = &ErrBundle{Path: a.b.Path, Reason: "ist beschädigt oder unvollständig (eine Prüfsumme stimmt nicht)"}
	}
	return n, err
}

// readLine reads one line of at most limit bytes (without the newline).
func (b *Bundle) readLine(limit int) ([]byte, error) {
	var out []byte
	for {
		chunk, err := b.br.ReadSlice('\n')
		out = append(out, chunk...)
		if len(out) > limit {
			return nil, &ErrBundle{Path: b.Path, Reason: "enthält eine zu lange Zeile"}
		}
		switch {
		case err == nil:
			return out[:len(out)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return nil, &ErrBundle{Path: b.Path, Reason: "ist unvollständig"}
		default:
			return nil, err
		}
	}
}

// next returns the next record line, nil after the end line (whose count
// must match).
func (b *Bundle) next() (json.RawMessage, error) {
	if b.ended {
		return nil, nil
	}
	line, err := b.readLine(maxBundleLine)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(line, []byte(`{"end":`)) {
		var e struct {
			End int `json:"end"`
		}
		if json.Unmarshal(line, &e) != nil || e.End != b.lines {
			return nil, &ErrBundle{Path: b.Path, Reason: "ist unvollständig (die Zahl der Datensätze stimmt nicht)"}
		}
		b.ended = true
		return nil, nil
	}
	b.lines++
	return line, nil
}

// finish reads the bundle to its end: only then has age checked every
// chunk. Anything after the end line is damage.
func (b *Bundle) finish() error {
	n, err := io.Copy(io.Discard, b.br)
	if err != nil {
		return err
	}
	if n > 0 || (!b.ended && b.Manifest.Size == 0) {
		return &ErrBundle{Path: b.Path, Reason: "hat unerwartete Daten am Ende"}
	}
	return nil
}

// Close releases the file.
func (b *Bundle) Close() error { return b.f.Close() }
