package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"stabsstelle/model"
)

// Payouts holds the payout runs (A-2026-001): which claims went to the
// Kreiskasse in which file, and whether the run was executed or cancelled.
var Payouts = &Collection[model.PayoutRun, *model.PayoutRun]{
	Kind:   KindPayout,
	Label:  "Zahllauf",
	Prefix: "A",
	Digits: 3,
	Indexes: func(r *model.PayoutRun) []Index {
		return []Index{{Name: "status", Key: []byte(r.Status)}}
	},
}

// PayableRows are the "angeordnet" claims not yet in a payout run.
func PayableRows(tx *Tx) ([]ClaimRow, error) {
	rows, err := ClaimRowsByStatus(tx, model.ClaimAngeordnet)
	if err != nil {
		return nil, err
	}
	out := rows[:0]
	for _, r := range rows {
		if r.PayoutRunID == "" {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b ClaimRow) int { return strings.Compare(a.Number, b.Number) })
	return out, nil
}

// CreatePayoutRun puts the given angeordnet claims into a new payout run
// with execution date exec (moved to the next banking day). Claims stay
// "angeordnet" and are reserved for the run until it is confirmed
// (ConfirmPayoutRun → ausgezahlt) or cancelled (CancelPayoutRun → free).
// The run keeps a snapshot of names, IBANs and amounts as sent.
func CreatePayoutRun(tx *Tx, claimIDs []string, exec model.Date) (*model.PayoutRun, error) {
	if len(claimIDs) == 0 {
		return nil, fmt.Errorf("Es ist kein angeordneter Antrag ausgewählt – es gibt nichts auszuzahlen.")
	}
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return nil, err
	}
	if err := set.Account.Validate(); err != nil {
		return nil, fmt.Errorf("Das Konto des Landkreises in den Einstellungen ist unvollständig: %v", err)
	}
	if exec.IsZero() {
		exec = model.Today(tx.Now()).AddDays(1)
	}
	exec = model.NextBankingDay(exec)
	run := &model.PayoutRun{ExecutionDate: exec, Status: model.PayoutErstellt}
	funds := map[string]*model.Fund{}
	var claims []*model.Claim
	seen := map[string]bool{}
	for _, id := range claimIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		c, err := Claims.Get(tx, id)
		if err != nil {
			return nil, err
		}
		if err := c.Apply(model.ActReserve, tx.Who(), tx.Now(), "", nil); err != nil {
			return nil, err
		}
		p, err := People.Get(tx, c.PersonID)
		if err != nil {
			p = nil
		}
		if msg := model.PayoutProblem(p); msg != "" {
			return nil, fmt.Errorf("%s: %s", c.Number, msg)
		}
		if c.Total() <= 0 {
			return nil, fmt.Errorf("%s hat einen Betrag von %s und kann nicht überwiesen werden – bitte aus dem Zahllauf nehmen.", c.Number, c.Total())
		}
		it := model.PayoutItem{ClaimID: c.ID, Number: c.Number, PersonID: p.ID, Name: p.Volunteer.Holder(p.Name),
			IBAN: p.Volunteer.IBAN, BIC: p.Volunteer.BIC, Amount: c.Total(), Remittance: c.Remittance()}
		if c.FundID != "" {
			f, ok := funds[c.FundID]
			if !ok {
				f, _ = Funds.Get(tx, c.FundID)
				funds[c.FundID] = f
			}
			if f != nil {
				it.FundName, it.Haushaltsstelle = f.Name, f.Haushaltsstelle
			}
		}
		run.Items = append(run.Items, it)
		claims = append(claims, c)
	}
	if err := Payouts.Put(tx, run); err != nil {
		return nil, err
	}
	run.MsgID = model.MsgIDFor(run.Number, tx.Now())
	if err := Payouts.Put(tx, run); err != nil {
		return nil, err
	}
	for _, c := range claims {
		c.PayoutRunID = run.ID
		if err := Claims.Put(tx, c); err != nil {
			return nil, err
		}
	}
	return run, nil
}

// ConfirmPayoutRun records that the Kreiskasse executed the run: every
// claim becomes "ausgezahlt" and the Einsätze it pays "abgerechnet".
func ConfirmPayoutRun(tx *Tx, runID string) (*model.PayoutRun, error) {
	run, err := Payouts.Get(tx, runID)
	if err != nil {
		return nil, err
	}
	if run.Status != model.PayoutErstellt {
		return nil, fmt.Errorf("Der Zahllauf %s ist %s und kann nicht mehr bestätigt werden.", run.Number, run.Status.Label())
	}
	for _, it := range run.Items {
		c, err := Claims.Get(tx, it.ClaimID)
		if err != nil {
			return nil, err
		}
		if c.PayoutRunID != run.ID {
			return nil, fmt.Errorf("Der Antrag %s gehört nicht mehr zum Zahllauf %s.", c.Number, run.Number)
		}
		if err := c.Apply(model.ActPay, tx.Who(), tx.Now(), run.Number, nil); err != nil {
			return nil, err
		}
		if err := Claims.Put(tx, c); err != nil {
			return nil, err
		}
		for _, eid := range c.EinsatzIDs() {
			e, err := Einsaetze.Get(tx, eid)
			if err != nil {
				continue // deleted Einsatz: the claim is what counts
			}
			e.ClaimID = c.ID
			if e.Status != model.StatusAbgerechnet && e.Status.CanMoveTo(model.StatusAbgerechnet) {
				if err := e.Transition(model.StatusAbgerechnet, "ausgezahlt mit "+c.Number, tx.Now(), tx.Who(), model.Tariff{}); err != nil {
					return nil, err
				}
			}
			if err := Einsaetze.Put(tx, e); err != nil {
				return nil, err
			}
		}
	}
	run.Status = model.PayoutAusgefuehrt
	run.Executed = &model.Signature{By: tx.Who(), At: tx.Now()}
	return run, Payouts.Put(tx, run)
}

// CancelPayoutRun cancels a run that was not executed; its claims are
// free again for another run.
func CancelPayoutRun(tx *Tx, runID, reason string) (*model.PayoutRun, error) {
	run, err := Payouts.Get(tx, runID)
	if err != nil {
		return nil, err
	}
	if run.Status != model.PayoutErstellt {
		return nil, fmt.Errorf("Der Zahllauf %s ist %s und kann nicht storniert werden.", run.Number, run.Status.Label())
	}
	for _, it := range run.Items {
		c, err := Claims.Get(tx, it.ClaimID)
		if err != nil {
			return nil, err
		}
		if c.PayoutRunID != run.ID {
			continue
		}
		if err := c.Apply(model.ActRelease, tx.Who(), tx.Now(), "Zahllauf "+run.Number+" storniert", nil); err != nil {
			return nil, err
		}
		if err := Claims.Put(tx, c); err != nil {
			return nil, err
		}
	}
	run.Status = model.PayoutStorniert
	run.Cancelled = &model.Signature{By: tx.Who(), At: tx.Now()}
	run.CancelReason = strings.TrimSpace(reason)
	return run, Payouts.Put(tx, run)
}

// SetPayoutFile records where the run's SEPA file was written.
func SetPayoutFile(tx *Tx, runID, file string) error {
	run, err := Payouts.Get(tx, runID)
	if err != nil {
		return err
	}
	run.File = file
	return Payouts.Put(tx, run)
}

// AllPayouts returns the runs, newest first.
func AllPayouts(tx *Tx) ([]*model.PayoutRun, error) {
	rs, err := Payouts.All(tx)
	slices.Reverse(rs)
	return rs, err
}

// PayoutCSVPath is where the Kreiskasse list goes beside the SEPA file:
// the same name with .csv.
func PayoutCSVPath(xmlPath string) string {
	ext := filepath.Ext(xmlPath)
	if strings.EqualFold(ext, ".csv") {
		return xmlPath + ".csv"
	}
	return strings.TrimSuffix(xmlPath, ext) + ".csv"
}

// WritePayoutFiles writes the run's SEPA file (pain.001.001.09) to xmlPath
// and the Kreiskasse list beside it; both are written completely or not at
// all (temporary file, then rename). It returns the list's path.
func WritePayoutFiles(xmlPath string, run *model.PayoutRun, account model.Account, now time.Time) (string, error) {
	var x, c bytes.Buffer
	if err := model.WriteSEPA(&x, *run, account, now); err != nil {
		return "", err
	}
	if err := model.WriteKreiskasse(&c, *run); err != nil {
		return "", err
	}
	csvPath := PayoutCSVPath(xmlPath)
	// Never over an existing file: it may be the SEPA file of an earlier run
	// still waiting to be uploaded (two runs on one day had the same name).
	for _, p := range []string{xmlPath, csvPath} {
		if _, err := os.Stat(p); err == nil {
			return "", fmt.Errorf("Die Datei %s gibt es schon – bitte einen anderen Namen wählen. Dateien früherer Zahlläufe werden nie überschrieben.", p)
		}
	}
	if err := writeFileAtomic(xmlPath, x.Bytes()); err != nil {
		return "", err
	}
	if err := writeFileAtomic(csvPath, c.Bytes()); err != nil {
		os.Remove(xmlPath)
		return "", err
	}
	return csvPath, nil
}

func writeFileAtomic(path string, data []byte) error {
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

func fileProblem(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("Der Ordner für %s existiert nicht. Bitte den Pfad prüfen.", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("Keine Berechtigung, %s zu schreiben. Bitte einen anderen Ort wählen.", path)
	}
	return ioError(err, "Die Datei %s kann nicht geschrieben werden", path)
}
