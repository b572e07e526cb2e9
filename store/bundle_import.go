package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"stabsstelle/model"
)

// Making the laptop copy: a snapshot bundle becomes a new database file.
// It is built in a temporary file beside the target and renamed into place
// only after the whole bundle was read (and so checked by age): a damaged
// bundle leaves nothing behind, and an existing database is never
// overwritten.

// CopyResult says what CreateCopy made.
type CopyResult struct {
	Copy   LaptopCopy
	Counts []KindCount
	// Already: the target is a copy of this very bundle (nothing changed).
	Already bool
}

// ErrTargetInUse: the target database exists and is not a copy of this
// bundle.
type ErrTargetInUse struct {
	Path string
	Copy *LaptopCopy // the copy the target is, nil for another database
}

func (e *ErrTargetInUse) Error() string {
	if e.Copy != nil {
		return fmt.Sprintf("%s ist schon eine andere %s und wird nicht überschrieben. Bitte mit --db eine neue Datei angeben (oder die alte Außenkopie erst zurückgeben und löschen).",
			e.Path, describeCopy(e.Copy.Label, e.Copy.Taken))
	}
	return fmt.Sprintf("%s ist eine Datenbank mit Daten und wird nicht überschrieben. Eine Außenkopie entsteht immer in einer neuen Datei: bitte mit --db einen neuen Dateinamen angeben, z. B. --db laptop.db.", e.Path)
}

// CreateCopy makes the laptop copy of a snapshot bundle at dbPath.
func (b *Bundle) CreateCopy(dbPath, who string, now func() time.Time) (*CopyResult, error) {
	m := b.Manifest
	if m.Kind != BundleSnapshot {
		return nil, errors.New("Dieses Paket enthält Änderungen einer Außenkopie; es wird in der Datenbank des Büros eingespielt: stabsstelle import bundle DATEI (ohne --db laptop.db).")
	}
	if now == nil {
		now = time.Now
	}
	if res, err := existingCopy(dbPath, m, now); res != nil || err != nil {
		return res, err
	}
	dir := filepath.Dir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("Der Ordner %s kann nicht angelegt werden: %w", dir, err)
	}
	// The copy grows in a folder of its own beside the target and is
	// renamed into place when it is complete. An event copy is made by
	// Open (which creates only a file that does not exist yet).
	tmpDir, err := os.MkdirTemp(dir, ".aussenkopie-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("In den Ordner %s kann keine Datenbank geschrieben werden: %w", dir, err)
	}
	defer os.RemoveAll(tmpDir)
	tmpName := filepath.Join(tmpDir, "aussenkopie.db")
	if m.All {
		if err := b.unpackWholeFile(tmpName, dir); err != nil {
			return nil, err
		}
	}
	st, err := Open(tmpName, Options{Now: now})
	if err != nil {
		return nil, fmt.Errorf("Die Datenbank im Paket %s ist nicht lesbar (%w) – es wurde nichts angelegt.", b.Path, err)
	}
	res := &CopyResult{}
	err = b.setUpCopy(st, who, res)
	if err == nil && m.All {
		res.Counts = kindCounts(st)
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := os.Rename(tmpName, dbPath); err != nil {
		return nil, fmt.Errorf("Die Außenkopie konnte nicht unter %s abgelegt werden: %w", dbPath, err)
	}
	syncDir(dir)
	return res, nil
}

// unpackWholeFile writes the database file of a whole-database bundle to
// tmpName, a file that must not exist yet.
func (b *Bundle) unpackWholeFile(tmpName, dir string) error {
	tmp, err := os.OpenFile(tmpName, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("In den Ordner %s kann keine Datenbank geschrieben werden: %w", dir, err)
	}
	err = b.copyFile(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	return err
}

// setUpCopy fills an event copy with the bundle's records (a whole copy
// must be the database its manifest names) and marks st as the laptop
// copy, in one transaction.
func (b *Bundle) setUpCopy(st *Store, who string, res *CopyResult) error {
	m := b.Manifest
	write := st.Update
	if !m.All {
		write = st.Bulk
	}
	return write(who, func(tx *Tx) error {
		if !m.All {
			counts, err := b.fillCopy(tx)
			if err != nil {
				return err
			}
			res.Counts = counts
		} else if id, err := DatabaseID(tx); err != nil {
			return err
		} else if IsLaptopCopy(tx) || id != m.DB {
			return &ErrBundle{Path: b.Path, Reason: "enthält nicht die Datenbank, die sein Kopf nennt"}
		}
		if err := tx.Note(KindAussenkopie, fmt.Sprintf("Außenkopie %s angelegt (Stand %s, mitgenommen von %s, Paket %s)",
			m.Label, model.FormatDateTime(m.Taken), m.TakenBy, m.Bundle)); err != nil {
			return err
		}
		res.Copy = LaptopCopy{ID: m.Copy, DB: m.DB, Label: m.Label, EventIDs: m.EventIDs, All: m.All,
			Taken: m.Taken, TakenBy: m.TakenBy, Imported: tx.Now(), Base: lastJournalSeq(tx)}
		return setLaptopCopy(tx, &res.Copy)
	})
}

// kindCounts counts the records of every kind in st (a whole copy).
func kindCounts(st *Store) []KindCount {
	var counts []KindCount
	_ = st.View(func(tx *Tx) error {
		for _, k := range Kinds() {
			if bk, ok := k.(interface{ Count(*Tx) int }); ok {
				if n := bk.Count(tx); n > 0 {
					counts = append(counts, KindCount{Kind: k.KindName(), Label: k.KindLabel(), Count: n})
				}
			}
		}
		return nil
	})
	return counts
}

// existingCopy decides about a target that exists: an empty file is
// fine, a copy of this bundle is "already done", anything else is refused.
func existingCopy(dbPath string, m Manifest, now func() time.Time) (*CopyResult, error) {
	fi, err := os.Stat(dbPath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("Die Datei %s kann nicht gelesen werden: %w", dbPath, err)
	case fi.IsDir():
		return nil, fmt.Errorf("%s ist ein Ordner, keine Datenbankdatei. Bitte mit --db eine Datei angeben.", dbPath)
	case fi.Size() == 0:
		return nil, nil
	}
	st, err := Open(dbPath, Options{Now: now})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var cp *LaptopCopy
	empty := false
	if err := st.View(func(tx *Tx) error {
		cp, err = LaptopCopyOf(tx)
		empty = cp == nil && IsEmpty(tx)
		return err
	}); err != nil {
		return nil, err
	}
	if empty {
		return nil, nil
	}
	if cp != nil && cp.ID == m.Copy {
		return &CopyResult{Copy: *cp, Already: true}, nil
	}
	return nil, &ErrTargetInUse{Path: dbPath, Copy: cp}
}

// fillCopy writes the records of an event snapshot into a fresh copy.
func (b *Bundle) fillCopy(tx *Tx) ([]KindCount, error) {
	allowed := map[string]bool{}
	for _, k := range copyKinds {
		allowed[k] = true
	}
	n := map[string]int{}
	for {
		raw, err := b.next()
		if err != nil {
			return nil, err
		}
		if raw == nil {
			break
		}
		var l struct {
			Kind  string          `json:"k"`
			Value json.RawMessage `json:"v"`
		}
		if err := json.Unmarshal(raw, &l); err != nil || !allowed[l.Kind] {
			return nil, &ErrBundle{Path: b.Path, Reason: fmt.Sprintf("enthält in Zeile %d etwas, das in eine Außenkopie nicht gehört", b.lines+1)}
		}
		bk, _ := bundleKindOf(l.Kind)
		if err := bk.putAsIs(tx, l.Value); err != nil {
			return nil, &ErrBundle{Path: b.Path, Reason: fmt.Sprintf("ist in Zeile %d fehlerhaft (%v)", b.lines+1, err)}
		}
		n[l.Kind]++
	}
	if err := b.finish(); err != nil {
		return nil, err
	}
	var out []KindCount
	for _, k := range copyKinds {
		if n[k] > 0 {
			kk, _ := KindOf(k)
			out = append(out, KindCount{Kind: k, Label: kk.KindLabel(), Count: n[k]})
		}
	}
	return out, nil
}

// copyFile writes the database file of a snapshot of everything.
func (b *Bundle) copyFile(f *os.File) error {
	size := b.Manifest.Size
	if size <= 0 {
		return &ErrBundle{Path: b.Path, Reason: "hat einen unvollständigen Kopf"}
	}
	n, err := io.CopyN(f, b.br, size)
	if err != nil {
		if n < size && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
			return &ErrBundle{Path: b.Path, Reason: "ist unvollständig"}
		}
		var be *ErrBundle
		if errors.As(err, &be) {
			return err
		}
		return fmt.Errorf("Die Außenkopie kann nicht geschrieben werden (%w). Ist das Laufwerk voll?", err)
	}
	if err := b.finish(); err != nil {
		return err
	}
	return f.Sync()
}
