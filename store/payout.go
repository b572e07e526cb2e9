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

// The rules for what goes into a payout run live here, in one place; the
// TUI and `stabsstelle export sepa` both go through MakePayoutRun.
//
//   - A run takes "angeordnet" claims that are in no other run. A Storno
//     never goes into a run (it takes effect when it is angeordnet), nor
//     does a claim that was storniert – or one whose Storno an older
//     version left angeordnet without effect.
//   - A Korrektur of a claim not yet paid is paid together with that claim,
//     in the same transfer (claim + difference); a Korrektur of a paid claim
//     pays its difference on its own if it is over 0 € (a negative one has
//     become a Rückforderung when it was angeordnet).
//   - Open Rückforderungen marked for netting are netted against the
//     transfers to the same person, oldest due first. A transfer netted to
//     0 € is left out of the SEPA file (never a zero or negative transfer)
//     and stays on the Kreiskasse list; what the payout cannot cover stays
//     open.
//   - The list names every open Rückforderung in a section of its own.

// Payable is a claim a new payout run can take.
type Payable struct {
	ClaimRow
	// Gross is the claim's total with the Korrekturen paid together with it.
	Gross model.Money
	// Joined are those Korrekturen (angeordnet, of this unpaid claim).
	Joined []ClaimRow
}

// Payables lists the claims a new payout run can take, by number: see the
// rules above. Claims whose amount (with Korrekturen) is not over 0 € are
// in skipped: they cannot be transferred.
func Payables(tx *Tx) (pay []Payable, skipped []ClaimRow, err error) {
	rows, err := ClaimRowsByStatus(tx, model.ClaimAngeordnet)
	if err != nil {
		return nil, nil, err
	}
	joined := map[string][]ClaimRow{} // unpaid claim ID → its Korrekturen
	stornoed := map[string]bool{}     // claims with a Storno an older version left without effect
	var normal []ClaimRow
	for _, r := range rows {
		if r.PayoutRunID != "" {
			continue
		}
		switch r.Kind {
		case model.ClaimNormal:
			normal = append(normal, r)
		case model.ClaimStorno:
			if c, err := Claims.Get(tx, r.ID); err == nil {
				stornoed[c.CorrectsID] = true
			}
		case model.ClaimKorrektur:
			c, err := Claims.Get(tx, r.ID)
			if err != nil {
				return nil, nil, err
			}
			orig, err := Claims.Get(tx, c.CorrectsID)
			if err != nil {
				continue // without its original a Korrektur is never paid
			}
			switch {
			case orig.Status == model.ClaimAngeordnet:
				joined[orig.ID] = append(joined[orig.ID], r)
			case orig.Status.Settled() && r.Total > 0:
				pay = append(pay, Payable{ClaimRow: r, Gross: r.Total})
			case orig.Status.Settled():
				skipped = append(skipped, r)
			}
		}
	}
	for _, r := range normal {
		if stornoed[r.ID] {
			skipped = append(skipped, r) // never pay a claim with a Storno
			continue
		}
		p := Payable{ClaimRow: r, Gross: r.Total, Joined: joined[r.ID]}
		for _, j := range p.Joined {
			p.Gross += j.Total
		}
		if p.Gross <= 0 {
			skipped = append(skipped, r)
			continue
		}
		pay = append(pay, p)
	}
	slices.SortFunc(pay, func(a, b Payable) int { return compareNumbers(a.Number, b.Number) })
	return pay, skipped, nil
}

// PayableRows are the claims a new run can take (Payables without the
// skipped ones).
func PayableRows(tx *Tx) ([]Payable, error) {
	pay, _, err := Payables(tx)
	return pay, err
}

// CreatePayoutRun puts the given payable claims into a new payout run
// with execution date exec (moved to the next banking day) and nets open
// Rückforderungen of the same people (the rules above). Claims stay
// "angeordnet" and Rückforderungen "offen"; both are reserved for the run
// until it is confirmed (ConfirmPayoutRun → ausgezahlt, verrechnet) or
// cancelled (CancelPayoutRun → free again). The run keeps a snapshot of
// names, IBANs and amounts as sent.
func CreatePayoutRun(tx *Tx, claimIDs []string, exec model.Date) (*model.PayoutRun, error) {
	if err := tx.act(model.PermPayout); err != nil {
		return nil, err
	}
	defer tx.endAct()
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
	pays, _, err := Payables(tx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]Payable, len(pays))
	for _, p := range pays {
		byID[p.ID] = p
	}
	run := &model.PayoutRun{ExecutionDate: exec, Status: model.PayoutErstellt}
	funds := map[string]*model.Fund{}
	var claims []*model.Claim // every claim reserved: chosen and joined
	seen := map[string]bool{}
	var chosen []Payable
	for _, id := range claimIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		p, ok := byID[id]
		if !ok {
			return nil, notPayable(tx, id)
		}
		chosen = append(chosen, p)
	}
	slices.SortFunc(chosen, func(a, b Payable) int { return compareNumbers(a.Number, b.Number) })
	for _, pa := range chosen {
		c, err := Claims.Get(tx, pa.ID)
		if err != nil {
			return nil, err
		}
		p, err := People.Get(tx, c.PersonID)
		if err != nil {
			p = nil
		}
		if msg := model.PayoutProblem(p); msg != "" {
			return nil, fmt.Errorf("%s: %s", c.Number, msg)
		}
		it := model.PayoutItem{ClaimID: c.ID, Number: c.Number, PersonID: p.ID, Name: p.Volunteer.Holder(p.Name),
			IBAN: p.Volunteer.IBAN, BIC: p.Volunteer.BIC, Gross: pa.Gross, Amount: pa.Gross, Remittance: c.Remittance()}
		reserve := []*model.Claim{c}
		for _, j := range pa.Joined {
			jc, err := Claims.Get(tx, j.ID)
			if err != nil {
				return nil, err
			}
			reserve = append(reserve, jc)
			it.JoinedIDs = append(it.JoinedIDs, jc.ID)
			it.JoinedNumbers = append(it.JoinedNumbers, jc.Number)
		}
		if len(it.JoinedNumbers) > 0 {
			it.Remittance += " mit Korrektur " + strings.Join(it.JoinedNumbers, ", ")
		}
		for _, rc := range reserve {
			if err := rc.Apply(model.ActReserve, tx.Who(), tx.Now(), "", nil); err != nil {
				return nil, err
			}
		}
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
		claims = append(claims, reserve...)
	}
	netted, err := netReclaims(tx, run)
	if err != nil {
		return nil, err
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
	for _, r := range netted {
		r.PayoutRunID = run.ID
		if err := Reclaims.Put(tx, r); err != nil {
			return nil, err
		}
	}
	return run, nil
}

// notPayable says why claim id cannot go into a payout run.
func notPayable(tx *Tx, id string) error {
	c, err := Claims.Get(tx, id)
	if err != nil {
		return err
	}
	switch {
	case c.Status != model.ClaimAngeordnet:
		return fmt.Errorf("%s ist %s – in einen Zahllauf kommen nur angeordnete Anträge.", c.Number, c.Status.Label())
	case c.PayoutRunID != "":
		return fmt.Errorf("%s steckt schon in einem anderen Zahllauf.", c.Number)
	case c.Kind == model.ClaimStorno:
		return fmt.Errorf("%s ist ein Storno und wird nie überwiesen.", c.Number)
	case c.Kind == model.ClaimKorrektur:
		return fmt.Errorf("Die Korrektur %s wird mit dem Antrag %s ausgezahlt, nicht allein.", c.Number, c.CorrectsNumber)
	}
	return fmt.Errorf("%s hat einen Betrag von %s und kann nicht überwiesen werden – bitte aus dem Zahllauf nehmen.", c.Number, c.Total())
}

// netReclaims nets the open Rückforderungen marked for netting against the
// run's transfers to the same person (oldest due first, then by number;
// the person's claims in number order) and records every open
// Rückforderung on the run for the list. It returns those netted, with
// Pending set; the caller stores them.
func netReclaims(tx *Tx, run *model.PayoutRun) ([]*model.Reclaim, error) {
	open, err := OpenReclaims(tx)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(open, func(a, b *model.Reclaim) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return compareNumbers(a.Number, b.Number)
	})
	var netted []*model.Reclaim
	for _, r := range open {
		snap := model.PayoutReclaim{ReclaimID: r.ID, Number: r.Number, PersonID: r.PersonID, Name: r.PersonName,
			ClaimNumber: r.ClaimNumber, Reason: r.Reason, Amount: r.Amount, Left: r.Left() - r.Pending, Due: r.Due}
		if r.Net && r.PayoutRunID == "" {
			for i := range run.Items {
				it := &run.Items[i]
				if it.PersonID != r.PersonID || it.Amount <= 0 || snap.Left <= 0 {
					continue
				}
				n := min(it.Amount, snap.Left)
				it.Amount -= n
				it.Netted += n
				it.Reclaims = append(it.Reclaims, r.Number)
				snap.Netted += n
				snap.Left -= n
			}
		}
		if snap.Netted > 0 {
			r.Pending = snap.Netted
			netted = append(netted, r)
		}
		run.Reclaims = append(run.Reclaims, snap)
	}
	for i := range run.Items {
		it := &run.Items[i]
		if it.Netted > 0 {
			it.Remittance += fmt.Sprintf(", verrechnet mit Rückforderung %s: %s", strings.Join(it.Reclaims, ", "), it.Netted.Plain())
		}
	}
	return netted, nil
}

// ConfirmPayoutRun records that the Kreiskasse executed the run: every
// claim becomes "ausgezahlt" (with the Korrekturen paid with it), the
// Einsätze it pays "abgerechnet", and what was netted is settled on the
// Rückforderungen (closed when nothing is left).
func ConfirmPayoutRun(tx *Tx, runID string) (*model.PayoutRun, error) {
	if err := tx.act(model.PermPayout); err != nil {
		return nil, err
	}
	defer tx.endAct()
	run, err := Payouts.Get(tx, runID)
	if err != nil {
		return nil, err
	}
	if run.Status != model.PayoutErstellt {
		return nil, fmt.Errorf("Der Zahllauf %s ist %s und kann nicht mehr bestätigt werden.", run.Number, run.Status.Label())
	}
	for _, it := range run.Items {
		for _, id := range append([]string{it.ClaimID}, it.JoinedIDs...) {
			c, err := Claims.Get(tx, id)
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
			if err := billEinsaetze(tx, c); err != nil {
				return nil, err
			}
		}
	}
	for _, rs := range run.Reclaims {
		if rs.Netted <= 0 {
			continue
		}
		r, err := Reclaims.Get(tx, rs.ReclaimID)
		if err != nil {
			return nil, err
		}
		if r.PayoutRunID != run.ID {
			return nil, fmt.Errorf("Die Rückforderung %s gehört nicht mehr zum Zahllauf %s.", r.Number, run.Number)
		}
		r.Netted(r.Pending, run.ID, run.Number, run.ExecutionDate, tx.Who(), tx.Now())
		r.PayoutRunID, r.Pending = "", 0
		if err := Reclaims.Put(tx, r); err != nil {
			return nil, err
		}
	}
	run.Status = model.PayoutAusgefuehrt
	run.Executed = &model.Signature{By: tx.Who(), At: tx.Now()}
	return run, Payouts.Put(tx, run)
}

// billEinsaetze moves the Einsätze paid by c to "abgerechnet".
func billEinsaetze(tx *Tx, c *model.Claim) error {
	for _, eid := range c.EinsatzIDs() {
		e, err := Einsaetze.Get(tx, eid)
		if err != nil {
			continue // deleted Einsatz: the claim is what counts
		}
		e.ClaimID = c.ID
		if e.Status != model.StatusAbgerechnet && e.Status.CanMoveTo(model.StatusAbgerechnet) {
			if err := e.Transition(model.StatusAbgerechnet, "ausgezahlt mit "+c.Number, tx.Now(), tx.Who(), model.Tariff{}); err != nil {
				return err
			}
		}
		if err := Einsaetze.Put(tx, e); err != nil {
			return err
		}
	}
	return nil
}

// CancelPayoutRun cancels a run that was not executed; its claims and the
// Rückforderungen it netted are free again for another run.
func CancelPayoutRun(tx *Tx, runID, reason string) (*model.PayoutRun, error) {
	if err := tx.act(model.PermPayout); err != nil {
		return nil, err
	}
	defer tx.endAct()
	run, err := Payouts.Get(tx, runID)
	if err != nil {
		return nil, err
	}
	if run.Status != model.PayoutErstellt {
		return nil, fmt.Errorf("Der Zahllauf %s ist %s und kann nicht storniert werden.", run.Number, run.Status.Label())
	}
	for _, it := range run.Items {
		for _, id := range append([]string{it.ClaimID}, it.JoinedIDs...) {
			c, err := Claims.Get(tx, id)
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
	}
	for _, rs := range run.Reclaims {
		if rs.Netted <= 0 {
			continue
		}
		r, err := Reclaims.Get(tx, rs.ReclaimID)
		if err != nil || r.PayoutRunID != run.ID {
			continue
		}
		r.PayoutRunID, r.Pending = "", 0
		if err := Reclaims.Put(tx, r); err != nil {
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
	if err := tx.act(model.PermPayout); err != nil {
		return err
	}
	defer tx.endAct()
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
