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
	pr := &retentionPlanner{
		tx: tx, rules: rules, today: today, payRule: rules.Rule(model.RetainPayments),
		pl:   &RetentionPlan{Today: today, Rules: rules, Items: []RetentionItem{}},
		last: map[string]time.Time{}, held: map[string]bool{},
	}
	// The steps fill pr in this order: the people come last, they need
	// every interpreter's last Einsatz and who still has payment records.
	for _, step := range []func() error{pr.events, pr.einsaetze, pr.claims, pr.reclaims, pr.payouts, pr.people} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	order := map[model.RetentionKind]int{}
	for i, k := range model.RetentionKinds {
		order[k] = i
	}
	pl := pr.pl
	sort.SliceStable(pl.Items, func(i, j int) bool { return order[pl.Items[i].Rule] < order[pl.Items[j].Rule] })
	return pl, nil
}

// retentionPlanner is one PlanRetention under way: the plan so far, the
// last Einsatz of each interpreter and the people who still have payment
// records kept.
type retentionPlanner struct {
	tx      *Tx
	rules   model.RetentionRules
	today   model.Date
	payRule model.RetentionRule
	pl      *RetentionPlan
	last    map[string]time.Time // interpreter ID → start of the last Einsatz
	held    map[string]bool      // person ID → payment records still kept
}

// add plans the item if its rule's period, begun on since, is over.
func (pr *retentionPlanner) add(rule model.RetentionKind, kind, id, label string, since model.Date, action string) {
	r := pr.rules.Rule(rule)
	if r.Due(since, pr.today) {
		pr.pl.Items = append(pr.pl.Items, RetentionItem{Rule: rule, Kind: kind, ID: id, Label: label, Since: since, Due: r.Ends(since), Action: action})
	}
}

// events plans the participants' contact data: per past event not yet
// erased.
func (pr *retentionPlanner) events() error {
	return Events.Each(pr.tx, func(e *model.Event) error {
		if !e.Erased.IsZero() || !e.Past(pr.tx.Now()) {
			return nil
		}
		end := e.End
		if end.IsZero() {
			end = e.Start
		}
		pr.add(model.RetainParticipants, KindEvent, e.ID, e.Number+" "+e.Title, model.DateOf(end), actEraseEvent)
		return nil
	})
}

// einsaetze plans the client initials on Einsätze and notes the last
// Einsatz of each interpreter.
func (pr *retentionPlanner) einsaetze() error {
	return Einsaetze.Each(pr.tx, func(e *model.Einsatz) error {
		if e.ClientRef != "" {
			pr.add(model.RetainClientRef, KindEinsatz, e.ID, e.Number, model.DateOf(e.Start), actClientRef)
		}
		if e.InterpreterID != "" && e.Start.After(pr.last[e.InterpreterID]) {
			pr.last[e.InterpreterID] = e.Start
		}
		return nil
	})
}

// payment plans a payment record past its period, or notes that its
// person still has records kept.
func (pr *retentionPlanner) payment(kind, id, number, person string, start model.Date) {
	if pr.payRule.Due(start, pr.today) {
		pr.add(model.RetainPayments, kind, id, number, start, actDeletePayment)
	} else if person != "" {
		pr.held[person] = true
	}
}

func (pr *retentionPlanner) claims() error {
	return Claims.Each(pr.tx, func(c *model.Claim) error {
		ts := []time.Time{c.Created, c.Updated}
		for _, s := range []*model.Signature{c.Paid, c.Cancelled} {
			if s != nil {
				ts = append(ts, s.At)
			}
		}
		pr.payment(KindClaim, c.ID, c.Number, c.PersonID, paymentStart(ts...))
		return nil
	})
}

func (pr *retentionPlanner) reclaims() error {
	return Reclaims.Each(pr.tx, func(r *model.Reclaim) error {
		pr.payment(KindReclaim, r.ID, r.Number, r.PersonID, paymentStart(r.Created, r.Updated))
		return nil
	})
}

// payouts plans the payout runs; a run still kept holds every person it
// paid.
func (pr *retentionPlanner) payouts() error {
	return Payouts.Each(pr.tx, func(r *model.PayoutRun) error {
		start := paymentStart(r.Created, r.Updated)
		if !pr.payRule.Due(start, pr.today) {
			for _, it := range r.Items {
				pr.held[it.PersonID] = true
			}
		}
		pr.payment(KindPayout, r.ID, r.Number, "", start)
		return nil
	})
}

// people plans interpreters without an Einsatz for the period, and
// restricted people whose payment records have all gone.
func (pr *retentionPlanner) people() error {
	return People.Each(pr.tx, func(p *model.Person) error {
		held := pr.held[p.ID]
		if p.IsRestricted() && !held {
			// Kept only for payment records that have all gone (or go in
			// this run): the person may go now.
			p2 := RetentionItem{Rule: model.RetainPayments, Kind: KindPerson, ID: p.ID, Label: p.Name,
				Since: model.DateOf(p.Restricted.Since), Due: pr.today, Action: actErasePerson}
			pr.pl.Items = append(pr.pl.Items, p2)
			return nil
		}
		if p.Interpreter == nil {
			return nil
		}
		since := pr.last[p.ID]
		if since.IsZero() {
			since = p.Created
		}
		action := actErasePerson
		switch {
		case held && p.IsRestricted():
			return nil // already restricted, kept for the Kreiskasse
		case held:
			action = actRestrict
		case p.Volunteer != nil || p.Network != nil:
			action = actDropProfile
		}
		pr.add(model.RetainInterpreters, KindPerson, p.ID, p.Name, model.DateOf(since), action)
		return nil
	})
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
		err := runRetentionItem(tx, it, why(it))
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
	return plan, res, tx.Note(KindSettings, retentionNote(res))
}

// runRetentionItem does one item of the plan; why is the reason the
// journal and the ledger keep.
func runRetentionItem(tx *Tx, it RetentionItem, why string) error {
	var err error
	switch {
	case it.Action == actEraseEvent:
		_, err = EraseContactData(tx, it.ID)
	case it.Action == actClientRef:
		err = tx.eraseRecordFields(KindEinsatz, it.ID, why, "clientRef")
	case it.Action == actDropProfile:
		err = tx.eraseRecordFields(KindPerson, it.ID, why, "interpreter")
	case it.Action == actRestrict:
		_, err = RestrictPerson(tx, it.ID, why)
	case it.Action == actErasePerson:
		_, err = ErasePerson(tx, it.ID, why)
	case it.Action == actDeletePayment:
		err = tx.replay(&Erasure{ID: newID(), At: tx.now, By: tx.who, Why: why, Kind: it.Kind, Record: it.ID, Whole: true})
	}
	return err
}

// retentionNote is the journal's note of a Löschlauf: how many items, and
// per rule how many.
func retentionNote(res RetentionResult) string {
	note := fmt.Sprintf("Löschlauf: %d erledigt", res.Total)
	for _, k := range model.RetentionKinds {
		if n := res.Done[k]; n > 0 {
			note += fmt.Sprintf(", %s: %d", k.Label(), n)
		}
	}
	return note
}

// eraseRecordFields takes fields out of a stored record without its
// validation (old records may not meet today's rules), redacts them in
// the journal and keeps the ledger entry (the same steps as a replay).
func (tx *Tx) eraseRecordFields(kind, id, why string, fields ...string) error {
	return tx.replay(&Erasure{ID: newID(), At: tx.now, By: tx.who, Why: why, Kind: kind, Record: id, Fields: fields})
}
