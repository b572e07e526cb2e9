package store

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"stabsstelle/model"
)

// The Löschlauf applies the retention rules (model/retention.go):
// PlanRetention lists what is due on a day without changing anything,
// RunRetention does it in one transaction, through the same erasure as
// `erase` (journal redacted, ledger kept, file to be compacted).

// RetentionItem is one thing that is due.
type RetentionItem struct {
	Rule   model.RetentionKind `json:"rule"`
	Kind   string              `json:"kind"` // store kind of the record
	ID     string              `json:"id"`
	Label  string              `json:"label"` // number and title, or the person's name
	Since  model.Date          `json:"since"` // when the period began
	Due    model.Date          `json:"due"`   // first day it may go
	Action string              `json:"action"`
}

// RetentionPlan is what a Löschlauf would do on Today.
type RetentionPlan struct {
	Today model.Date           `json:"today"`
	Rules model.RetentionRules `json:"rules"`
	Items []RetentionItem      `json:"items"`
}

// Count is the number of items of rule k.
func (p *RetentionPlan) Count(k model.RetentionKind) int {
	n := 0
	for _, it := range p.Items {
		if it.Rule == k {
			n++
		}
	}
	return n
}

// Actions of the Löschlauf, as the plan says them.
const (
	actEraseEvent    = "Kontaktdaten der Anmeldungen löschen"
	actClientRef     = "Initialen/Aktenzeichen löschen"
	actErasePerson   = "Person löschen"
	actDropProfile   = "Sprachmittlungsprofil löschen (andere Rollen bleiben)"
	actRestrict      = "einschränken (Zahlungsbelege noch aufzubewahren)"
	actDeletePayment = "Beleg löschen"
)

// PlanRetention lists what is due today. It only reads.
func PlanRetention(tx *Tx) (*RetentionPlan, error) {
	rules, err := LoadRetentionRules(tx)
	if err != nil {
		return nil, err
	}
	today := model.Today(tx.Now())
	pl := &RetentionPlan{Today: today, Rules: rules, Items: []RetentionItem{}}
	add := func(rule model.RetentionKind, kind, id, label string, since model.Date, action string) {
		r := rules.Rule(rule)
		if r.Due(since, today) {
			pl.Items = append(pl.Items, RetentionItem{Rule: rule, Kind: kind, ID: id, Label: label, Since: since, Due: r.Ends(since), Action: action})
		}
	}
	// Participants' contact data: per past event not yet erased.
	if err := Events.Each(tx, func(e *model.Event) error {
		if !e.Erased.IsZero() || !e.Past(tx.Now()) {
			return nil
		}
		end := e.End
		if end.IsZero() {
			end = e.Start
		}
		add(model.RetainParticipants, KindEvent, e.ID, e.Number+" "+e.Title, model.DateOf(end), actEraseEvent)
		return nil
	}); err != nil {
		return nil, err
	}
	// Client initials on Einsätze; and the last Einsatz of each interpreter.
	last := map[string]time.Time{}
	if err := Einsaetze.Each(tx, func(e *model.Einsatz) error {
		if e.ClientRef != "" {
			add(model.RetainClientRef, KindEinsatz, e.ID, e.Number, model.DateOf(e.Start), actClientRef)
		}
		if e.InterpreterID != "" && e.Start.After(last[e.InterpreterID]) {
			last[e.InterpreterID] = e.Start
		}
		return nil
	}); err != nil {
		return nil, err
	}
	payRule := rules.Rule(model.RetainPayments)
	// Payment records past their period, and who still has records kept.
	held := map[string]bool{}
	payment := func(kind, id, number, person string, start model.Date) {
		if payRule.Due(start, today) {
			add(model.RetainPayments, kind, id, number, start, actDeletePayment)
		} else if person != "" {
			held[person] = true
		}
	}
	if err := Claims.Each(tx, func(c *model.Claim) error {
		ts := []time.Time{c.Created, c.Updated}
		for _, s := range []*model.Signature{c.Paid, c.Cancelled} {
			if s != nil {
				ts = append(ts, s.At)
			}
		}
		payment(KindClaim, c.ID, c.Number, c.PersonID, paymentStart(ts...))
		return nil
	}); err != nil {
		return nil, err
	}
	if err := Reclaims.Each(tx, func(r *model.Reclaim) error {
		payment(KindReclaim, r.ID, r.Number, r.PersonID, paymentStart(r.Created, r.Updated))
		return nil
	}); err != nil {
		return nil, err
	}
	if err := Payouts.Each(tx, func(r *model.PayoutRun) error {
		start := paymentStart(r.Created, r.Updated)
		if !payRule.Due(start, today) {
			for _, it := range r.Items {
				held[it.PersonID] = true
			}
		}
		payment(KindPayout, r.ID, r.Number, "", start)
		return nil
	}); err != nil {
		return nil, err
	}
	// Interpreters without an Einsatz for the period; restricted people
	// whose payment records have all gone.
	if err := People.Each(tx, func(p *model.Person) error {
		if p.IsRestricted() && !held[p.ID] {
			// Kept only for payment records that have all gone (or go in
			// this run): the person may go now.
			p2 := RetentionItem{Rule: model.RetainPayments, Kind: KindPerson, ID: p.ID, Label: p.Name,
				Since: model.DateOf(p.Restricted.Since), Due: today, Action: actErasePerson}
			pl.Items = append(pl.Items, p2)
			return nil
		}
		if p.Interpreter == nil {
			return nil
		}
		since := last[p.ID]
		if since.IsZero() {
			since = p.Created
		}
		action := actErasePerson
		switch {
		case held[p.ID] && p.IsRestricted():
			return nil // already restricted, kept for the Kreiskasse
		case held[p.ID]:
			action = actRestrict
		case p.Volunteer != nil || p.Network != nil:
			action = actDropProfile
		}
		add(model.RetainInterpreters, KindPerson, p.ID, p.Name, model.DateOf(since), action)
		return nil
	}); err != nil {
		return nil, err
	}
	order := map[model.RetentionKind]int{}
	for i, k := range model.RetentionKinds {
		order[k] = i
	}
	sort.SliceStable(pl.Items, func(i, j int) bool { return order[pl.Items[i].Rule] < order[pl.Items[j].Rule] })
	return pl, nil
}

// RetentionResult is what a Löschlauf did.
type RetentionResult struct {
	Done   map[model.RetentionKind]int
	Total  int
	Errors []string // items left out, with the reason (German)
}

// RunRetention does the Löschlauf: the plan of today, every item in the
// same transaction. Needs the permission for Löschläufe (Verwaltung).
func RunRetention(tx *Tx) (*RetentionPlan, RetentionResult, error) {
	res := RetentionResult{Done: map[model.RetentionKind]int{}}
	if err := tx.act(model.PermRetention); err != nil {
		return nil, res, err
	}
	defer tx.endAct()
	plan, err := PlanRetention(tx)
	if err != nil {
		return nil, res, err
	}
	why := func(it RetentionItem) string {
		return fmt.Sprintf("Löschlauf: %s, %s %s", it.Rule.Label(), model.MonthsLabel(plan.Rules.Rule(it.Rule).Months), it.Rule.From())
	}
	// Payments first: a restricted person may go once their records did.
	items := append([]RetentionItem(nil), plan.Items...)
	sort.SliceStable(items, func(i, j int) bool {
		return items[i].Rule == model.RetainPayments && items[i].Kind != KindPerson && !(items[j].Rule == model.RetainPayments && items[j].Kind != KindPerson)
	})
	for _, it := range items {
		var err error
		switch {
		case it.Action == actEraseEvent:
			_, err = EraseContactData(tx, it.ID)
		case it.Action == actClientRef:
			err = tx.eraseRecordFields(KindEinsatz, it.ID, why(it), "clientRef")
		case it.Action == actDropProfile:
			err = tx.eraseRecordFields(KindPerson, it.ID, why(it), "interpreter")
		case it.Action == actRestrict:
			_, err = RestrictPerson(tx, it.ID, why(it))
		case it.Action == actErasePerson:
			_, err = ErasePerson(tx, it.ID, why(it))
		case it.Action == actDeletePayment:
			err = tx.replay(&Erasure{ID: newID(), At: tx.now, By: tx.who, Why: why(it), Kind: it.Kind, Record: it.ID, Whole: true})
		}
		if err != nil {
			var ret *ErrRetained
			if errors.As(err, &ret) {
				res.Errors = append(res.Errors, err.Error())
				continue
			}
			return plan, res, fmt.Errorf("Löschlauf abgebrochen bei %s (%s), es wurde nichts gelöscht: %w", it.Label, it.Action, err)
		}
		res.Done[it.Rule]++
		res.Total++
	}
	if res.Total > 0 {
		if err := tx.markScrub(); err != nil {
			return plan, res, err
		}
	}
	note := fmt.Sprintf("Löschlauf: %d erledigt", res.Total)
	for _, k := range model.RetentionKinds {
		if n := res.Done[k]; n > 0 {
			note += fmt.Sprintf(", %s: %d", k.Label(), n)
		}
	}
	return plan, res, tx.Note(KindSettings, note)
}

// eraseRecordFields takes fields out of a stored record without its
// validation (old records may not meet today's rules), redacts them in
// the journal and keeps the ledger entry (the same steps as a replay).
func (tx *Tx) eraseRecordFields(kind, id, why string, fields ...string) error {
	return tx.replay(&Erasure{ID: newID(), At: tx.now, By: tx.who, Why: why, Kind: kind, Record: id, Fields: fields})
}
