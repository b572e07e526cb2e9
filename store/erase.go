package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"stabsstelle/model"
)

// Erasing a person (Art. 17 DSGVO). The person record goes whole; the
// records of the office that name the person keep what they are about and
// lose the person:
//
//   - registrations lose the link to the person (as when an event's
//     contact data are erased), status and role stay for the counts;
//   - tasks lose their owner (name and link);
//   - Einsätze where the person was the contact at the institution lose
//     the contact's name, phone and e-mail;
//   - Einsätze the person interpreted keep the record ID of the person (a
//     number that names nobody once the person is gone), so the statistics
//     of the office stay right.
//
// Every journal entry of those records is redacted (erase_journal.go), an
// entry per record goes into the erasure ledger (erase_ledger.go) and the
// file is marked: the freed pages still hold the data until the file is
// compacted, which the callers do next (or tell the user).
//
// A person with payment records (claims, Rückforderungen, payout runs)
// whose retention period has not ended cannot be erased: *ErrRetained
// says until when; RestrictPerson (Art. 18) is what the office can do.

// ErrRetained refuses an erasure because payment records must be kept.
type ErrRetained struct {
	Name    string
	Records int        // payment records still kept
	Until   model.Date // the first day all of them may go
	Rule    model.RetentionRule
}

func (e *ErrRetained) Error() string {
	return fmt.Sprintf("%s kann noch nicht gelöscht werden: %d Zahlungsbeleg(e) müssen bis %s aufbewahrt werden (%s). Die Verarbeitung kann stattdessen eingeschränkt werden (Art. 18 DSGVO): die Person verschwindet aus Listen, Suche und Vermittlung und bleibt nur für die Kreiskasse gespeichert.",
		e.Name, e.Records, e.Until.AddDays(-1).String(), e.Rule.Basis)
}

// PaymentHold is what keeps a person's data: the payment records that name
// the person and the first day the last of them may be erased.
type PaymentHold struct {
	Records int
	Until   model.Date // zero: no payment records
	Numbers []string   // K-…, R-…, A-… numbers, for the explanation
}

// Held reports whether a record is still within its period on today.
func (h PaymentHold) Held(today model.Date) bool {
	return !h.Until.IsZero() && today.Before(h.Until)
}

// paymentStart is the day a payment record's period starts counting from
// (its year ends the period's first year): the latest of its stamps.
func paymentStart(ts ...time.Time) model.Date {
	var last time.Time
	for _, t := range ts {
		if t.After(last) {
			last = t
		}
	}
	return model.DateOf(last)
}

// PaymentHoldOf finds the payment records of person id.
func PaymentHoldOf(tx *Tx, id string, rule model.RetentionRule) (PaymentHold, error) {
	var h PaymentHold
	note := func(number string, start model.Date) {
		h.Records++
		h.Numbers = append(h.Numbers, number)
		if end := rule.Ends(start); h.Until.Before(end) {
			h.Until = end
		}
	}
	err := Claims.Each(tx, func(c *model.Claim) error {
		if c.PersonID != id {
			return nil
		}
		ts := []time.Time{c.Created, c.Updated}
		for _, s := range []*model.Signature{c.Paid, c.Cancelled} {
			if s != nil {
				ts = append(ts, s.At)
			}
		}
		note(c.Number, paymentStart(ts...))
		return nil
	})
	if err != nil {
		return h, err
	}
	if err := Reclaims.Each(tx, func(r *model.Reclaim) error {
		if r.PersonID == id {
			note(r.Number, paymentStart(r.Created, r.Updated))
		}
		return nil
	}); err != nil {
		return h, err
	}
	err = Payouts.Each(tx, func(p *model.PayoutRun) error {
		for _, it := range p.Items {
			if it.PersonID == id {
				note(p.Number, paymentStart(p.Created, p.Updated))
				return nil
			}
		}
		for _, r := range p.Reclaims {
			if r.PersonID == id {
				note(p.Number, paymentStart(p.Created, p.Updated))
				return nil
			}
		}
		return nil
	})
	return h, err
}

// ErasePlan is what erasing a person would do, for the question before it.
type ErasePlan struct {
	Person        *model.Person
	Registrations []*model.Registration
	Tasks         []*model.Task
	Contacts      []*model.Einsatz // the person is the institution's contact
	Interpreted   int              // Einsätze the person interpreted (they stay)
	Hold          PaymentHold
	Rule          model.RetentionRule
	Backups       []BackupInfo // filled by callers that know the backup folder
}

// Retained is the refusal if the payment records must still be kept.
func (p *ErasePlan) Retained(today model.Date) error {
	if !p.Hold.Held(today) {
		return nil
	}
	return &ErrRetained{Name: p.Person.Name, Records: p.Hold.Records, Until: p.Hold.Until, Rule: p.Rule}
}

// Goes lists in German what erasing removes.
func (p *ErasePlan) Goes() []string {
	out := []string{"die Person „" + p.Person.Name + "“ mit allen Angaben (Kontaktdaten, Profile, Notizen)"}
	if n := len(p.Registrations); n > 0 {
		out = append(out, fmt.Sprintf("der Name in %d Anmeldung(en) zu Veranstaltungen", n))
	}
	if n := len(p.Tasks); n > 0 {
		out = append(out, fmt.Sprintf("der Name als Zuständige:r in %d Aufgabe(n)", n))
	}
	if n := len(p.Contacts); n > 0 {
		out = append(out, fmt.Sprintf("Name, Telefon und E-Mail als Ansprechperson in %d Einsatz/Einsätzen", n))
	}
	out = append(out, "dieselben Angaben in den alten Werten des Journals; die Suche findet die Person nicht mehr")
	return out
}

// Stays lists in German what erasing keeps.
func (p *ErasePlan) Stays() []string {
	out := []string{"im Journal: wer wann was für eine Änderung gemacht hat (ohne die Werte)"}
	if p.Interpreted > 0 {
		out = append(out, fmt.Sprintf("%d Einsatz/Einsätze, die die Person gedolmetscht hat (ohne Namen, für die Statistik)", p.Interpreted))
	}
	if p.Hold.Records > 0 {
		out = append(out, fmt.Sprintf("%d Zahlungsbeleg(e) (%s)", p.Hold.Records, strings.Join(p.Hold.Numbers, ", ")))
	}
	if len(p.Registrations) > 0 {
		out = append(out, "Anmeldungen ohne Namen (Status und Rolle für die Zahlen der Veranstaltung)")
	}
	return out
}

// PlanErase reads what erasing person id would do.
func PlanErase(tx *Tx, id string) (*ErasePlan, error) {
	p, err := People.Get(tx, id)
	if err != nil {
		return nil, err
	}
	rules, err := LoadRetentionRules(tx)
	if err != nil {
		return nil, err
	}
	plan := &ErasePlan{Person: p, Rule: rules.Rule(model.RetainPayments)}
	if plan.Hold, err = PaymentHoldOf(tx, id, plan.Rule); err != nil {
		return nil, err
	}
	if err := Registrations.Scan(tx, "person", netKeyFrom(id), netKeyTo(id), func(rid string, _, _ []byte) error {
		r, err := Registrations.Get(tx, rid)
		if err == nil {
			plan.Registrations = append(plan.Registrations, r)
		}
		return err
	}); err != nil {
		return nil, err
	}
	if err := Tasks.Each(tx, func(t *model.Task) error {
		if t.OwnerPersonID == id {
			plan.Tasks = append(plan.Tasks, t)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := Einsaetze.Each(tx, func(e *model.Einsatz) error {
		if e.ContactPersonID == id {
			plan.Contacts = append(plan.Contacts, e)
		}
		if e.InterpreterID == id {
			plan.Interpreted++
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return plan, nil
}

// EraseResultPerson is what erasing a person did.
type EraseResultPerson struct {
	Name          string
	Registrations int
	Tasks         int
	Contacts      int
	Journal       int // journal entries redacted
}

// Paths erased from the records that keep existing.
var (
	regErasedFields     = []string{"personId", "gsBefore", "gsNetBefore", "createdPerson"}
	taskErasedFields    = []string{"owner", "ownerPersonId"}
	contactErasedFields = []string{"contactPersonId", "contactName", "contactPhone", "contactEmail"}
)

// ErasePerson erases person id (see above); why goes into the ledger and
// the journal ("Antrag der Person (Art. 17)", never a name). It refuses
// with *ErrRetained while payment records must be kept.
func ErasePerson(tx *Tx, id, why string) (EraseResultPerson, error) {
	if err := tx.act(model.PermErase); err != nil {
		return EraseResultPerson{}, err
	}
	defer tx.endAct()
	plan, err := PlanErase(tx, id)
	if err != nil {
		return EraseResultPerson{}, err
	}
	if err := plan.Retained(model.Today(tx.Now())); err != nil {
		return EraseResultPerson{}, err
	}
	res := EraseResultPerson{Name: plan.Person.Name}
	if err := eraseLinks(tx, plan, why, &res); err != nil {
		return res, err
	}
	if err := People.Delete(tx, id); err != nil {
		return res, err
	}
	if err := tx.eraseWhole(KindPerson, id, why, &res.Journal); err != nil {
		return res, err
	}
	if err := tx.markScrub(); err != nil {
		return res, err
	}
	return res, tx.Note(KindPerson, fmt.Sprintf("%s: 1 Person, %d Anmeldung(en), %d Aufgabe(n), %d Einsatz-Kontakt(e); %d Journaleinträge geschwärzt", ErasedNote, res.Registrations, res.Tasks, res.Contacts, res.Journal))
}

// eraseLinks takes the person out of the records that only point to them
// (registrations, tasks, Einsätze they were the contact of), each with its
// journal redacted, and counts them in res.
func eraseLinks(tx *Tx, plan *ErasePlan, why string, res *EraseResultPerson) error {
	for _, r := range plan.Registrations {
		r.PersonID, r.Erased, r.CreatedPerson = "", true, false
		r.GrundschulungBefore, r.GrundschulungNetBefore = model.Date{}, model.Date{}
		if err := Registrations.Put(tx, r); err != nil {
			return err
		}
		if err := tx.eraseFields(KindRegistration, r.ID, why, regErasedFields, setTrue, &res.Journal); err != nil {
			return err
		}
		res.Registrations++
	}
	for _, t := range plan.Tasks {
		t.Owner, t.OwnerPersonID = "", ""
		if err := Tasks.Put(tx, t); err != nil {
			return err
		}
		if err := tx.eraseFields(KindTask, t.ID, why, taskErasedFields, nil, &res.Journal); err != nil {
			return err
		}
		res.Tasks++
	}
	for _, e := range plan.Contacts {
		e.ContactPersonID, e.ContactName, e.ContactPhone, e.ContactEmail = "", "", "", ""
		if err := Einsaetze.Put(tx, e); err != nil {
			return err
		}
		if err := tx.eraseFields(KindEinsatz, e.ID, why, contactErasedFields, nil, &res.Journal); err != nil {
			return err
		}
		res.Contacts++
	}
	return nil
}

// eraseFields redacts fields of record id in the journal and records it in
// the ledger.
func (tx *Tx) eraseFields(kind, id, why string, fields []string, set map[string]json.RawMessage, journaled *int) error {
	e := &Erasure{ID: newID(), At: tx.now, By: tx.who, Why: why, Kind: kind, Record: id, Fields: fields, Set: set}
	n, err := tx.redactJournal(id, false, e.paths())
	if err != nil {
		return err
	}
	*journaled += n
	return tx.appendLedger(e)
}

// eraseWhole redacts every value of record id in the journal and records it
// in the ledger.
func (tx *Tx) eraseWhole(kind, id, why string, journaled *int) error {
	n, err := tx.redactJournal(id, true, nil)
	if err != nil {
		return err
	}
	*journaled += n
	return tx.appendLedger(&Erasure{ID: newID(), At: tx.now, By: tx.who, Why: why, Kind: kind, Record: id, Whole: true})
}

// RestrictPerson restricts the processing of person id (Art. 18): hidden
// from lists, search and matching, kept for the Kreiskasse until the
// payment records may go.
func RestrictPerson(tx *Tx, id, reason string) (*model.Person, error) {
	if err := tx.act(model.PermErase); err != nil {
		return nil, err
	}
	defer tx.endAct()
	plan, err := PlanErase(tx, id)
	if err != nil {
		return nil, err
	}
	p := plan.Person
	if p.Restricted != nil {
		return p, errors.New(p.Name + " ist bereits eingeschränkt.")
	}
	p.Restricted = &model.Restriction{Since: tx.Now(), By: tx.Who(), Until: plan.Hold.Until, Reason: reason}
	if p.Interpreter != nil {
		p.Interpreter.Active = false
	}
	return p, People.Put(tx, p)
}

// FindPeople resolves what a user typed for a person: a record ID, or a
// name (exact, case-insensitive; else every name containing it).
func FindPeople(tx *Tx, q string) ([]*model.Person, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	if p, err := People.Get(tx, q); err == nil {
		return []*model.Person{p}, nil
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	lq := strings.ToLower(strings.Join(strings.Fields(q), " "))
	var exact, part []*model.Person
	err := People.Each(tx, func(p *model.Person) error {
		n := strings.ToLower(strings.Join(strings.Fields(p.Name), " "))
		switch {
		case n == lq:
			exact = append(exact, p)
		case strings.Contains(n, lq):
			part = append(part, p)
		}
		return nil
	})
	if len(exact) > 0 {
		return exact, err
	}
	return part, err
}
