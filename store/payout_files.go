package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"stabsstelle/model"
)

// The files of a payout run: the SEPA file and the Kreiskasse list beside
// it, written after the run's transaction committed (MakePayoutRun) and
// never over an existing file.

// PayoutCSVPath is where the Kreiskasse list goes beside the SEPA file:
// the same name with .csv.
func PayoutCSVPath(xmlPath string) string {
	ext := filepath.Ext(xmlPath)
	if strings.EqualFold(ext, ".csv") {
		return xmlPath + ".csv"
	}
	return strings.TrimSuffix(xmlPath, ext) + ".csv"
}

// PayoutFiles are where a run's files went. XML is empty when the run
// transfers nothing (everything netted): then there is only the list.
type PayoutFiles struct{ XML, CSV string }

// checkPayoutPaths refuses paths that exist already: never over an existing
// file, it may be the SEPA file of an earlier run still waiting to be
// uploaded (two runs on one day used to get the same name).
func checkPayoutPaths(xmlPath string) error {
	for _, p := range []string{xmlPath, PayoutCSVPath(xmlPath)} {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("Die Datei %s gibt es schon – bitte einen anderen Namen wählen. Dateien früherer Zahlläufe werden nie überschrieben.", p)
		}
	}
	dir := filepath.Dir(xmlPath)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("Der Ordner %s existiert nicht. Bitte den Pfad prüfen.", dir)
	}
	return nil
}

// WritePayoutFiles writes the run's SEPA file (pain.001.001.09) to xmlPath
// and the Kreiskasse list beside it; each is written completely or not at
// all (temporary file, then linked to its name), and neither ever replaces
// an existing file. A run without any transfer gets only the list.
func WritePayoutFiles(xmlPath string, run *model.PayoutRun, account model.Account, now time.Time) (PayoutFiles, error) {
	files := PayoutFiles{CSV: PayoutCSVPath(xmlPath)}
	var x, c bytes.Buffer
	if len(run.Transfers()) > 0 {
		if err := model.WriteSEPA(&x, *run, account, now); err != nil {
			return PayoutFiles{}, err
		}
		files.XML = xmlPath
	}
	if err := model.WriteKreiskasse(&c, *run); err != nil {
		return PayoutFiles{}, err
	}
	if err := checkPayoutPaths(xmlPath); err != nil {
		return PayoutFiles{}, err
	}
	if files.XML != "" {
		if err := writeFileNew(files.XML, x.Bytes()); err != nil {
			return PayoutFiles{}, err
		}
	}
	if err := writeFileNew(files.CSV, c.Bytes()); err != nil {
		if files.XML != "" {
			os.Remove(files.XML)
		}
		return PayoutFiles{}, err
	}
	return files, nil
}

// MakePayoutRun is the payout step of the TUI and of `export sepa`: it
// checks that the files can be written, creates the run (CreatePayoutRun;
// claimIDs nil = every payable claim) in one write transaction, and writes
// the files only after that transaction has committed – writing them
// inside it would hold every other team member's writes for as long as the
// disk takes. If the files cannot be written then, the run is cancelled in
// a second transaction and its claims and Rückforderungen are free again.
func MakePayoutRun(s *Store, who string, claimIDs []string, exec model.Date, xmlPath string) (*model.PayoutRun, PayoutFiles, error) {
	if err := checkPayoutPaths(xmlPath); err != nil {
		return nil, PayoutFiles{}, err
	}
	var run *model.PayoutRun
	var account model.Account
	err := s.Update(who, func(tx *Tx) error {
		ids := claimIDs
		if ids == nil {
			pay, err := PayableRows(tx)
			if err != nil {
				return err
			}
			for _, p := range pay {
				ids = append(ids, p.ID)
			}
			if len(ids) == 0 {
				return fmt.Errorf("Es gibt keine angeordneten Anträge, die noch nicht in einem Zahllauf sind – es wurde keine Datei geschrieben.")
			}
		}
		set, err := LoadKostenSettings(tx)
		if err != nil {
			return err
		}
		account = set.Account
		if run, err = CreatePayoutRun(tx, ids, exec); err != nil {
			return err
		}
		// The name is recorded with the run; the files follow the commit.
		run.File = xmlPath
		return Payouts.Put(tx, run)
	})
	if err != nil {
		return nil, PayoutFiles{}, err
	}
	files, werr := WritePayoutFiles(xmlPath, run, account, run.Created)
	if werr == nil {
		return run, files, nil
	}
	if err := s.Update(who, func(tx *Tx) error {
		_, err := CancelPayoutRun(tx, run.ID, "Dateien konnten nicht geschrieben werden: "+werr.Error())
		return err
	}); err != nil {
		return nil, PayoutFiles{}, fmt.Errorf("%v Der Zahllauf %s konnte nicht wieder storniert werden (%v) – bitte unter Zahlläufe stornieren.", werr, run.Number, err)
	}
	return nil, PayoutFiles{}, fmt.Errorf("%v Der Zahllauf %s wurde deshalb storniert; die Anträge sind wieder frei.", werr, run.Number)
}

// writeFileNew writes data to path completely or not at all and never
// over an existing file: into a temporary file first, then linked to its
// name (a link fails where the name exists, a rename would replace it). On
// a file system without hard links the file is created exclusively.
func writeFileNew(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".stabsstelle-*")
	if err != nil {
		return fileProblem(path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
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
	if err != nil {
		return fileProblem(path, err)
	}
	lerr := os.Link(tmp, path)
	switch {
	case lerr == nil:
		return nil
	case errors.Is(lerr, fs.ErrExist):
		return fmt.Errorf("Die Datei %s gibt es schon – bitte einen anderen Namen wählen. Dateien früherer Zahlläufe werden nie überschrieben.", path)
	}
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("Die Datei %s gibt es schon – bitte einen anderen Namen wählen. Dateien früherer Zahlläufe werden nie überschrieben.", path)
	}
	if err != nil {
		return fileProblem(path, err)
	}
	_, err = out.Write(data)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fileProblem(path, err)
	}
	return nil
}

func fileProblem(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("Der Ordner für %s existiert nicht. Bitte den Pfad prüfen.", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("Keine Berechtigung, %s zu schreiben. Bitte einen anderen Ort wählen.", path)
	}
	return ioError(err, "Die Datei %s kann nicht geschrieben werden", path)
}
