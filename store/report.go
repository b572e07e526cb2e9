package store

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// LoadReportInput reads everything the reports of period p need: the
// Einsätze starting in it (decoded once into compact facts), the payments of
// the Fördertöpfe (KostenPayments), the events with their counts and the
// open tasks. The Berichte view keeps the result and recomputes from it on
// every filter change; `report monitoring` computes once.
func LoadReportInput(tx *Tx, p model.ReportPeriod) (*model.ReportInput, error) {
	return LoadReportInputProgress(tx, p, nil)
}

// Progress is how far a long read is: done of total records, safe to read
// from another goroutine (the screen) while the read runs. A nil Progress
// counts nothing.
type Progress struct{ done, total atomic.Int64 }

// Get returns how many of how many records are read (0, 0 before the
// total is known).
func (p *Progress) Get() (done, total int) {
	if p == nil {
		return 0, 0
	}
	return int(p.done.Load()), int(p.total.Load())
}

func (p *Progress) start(total int) {
	if p != nil {
		p.total.Store(int64(total))
	}
}

func (p *Progress) add(n int) {
	if p != nil {
		p.done.Add(int64(n))
	}
}

// LoadReportInputProgress is LoadReportInput that counts the Einsätze it
// decodes in prog (the Berichte tab shows it).
func LoadReportInputProgress(tx *Tx, p model.ReportPeriod, prog *Progress) (*model.ReportInput, error) {
	in := &model.ReportInput{Period: p, Today: model.Today(tx.Now()), Organisations: map[string]string{}}
	var err error
	if in.Einsaetze, err = loadEinsatzFacts(tx, p, prog); err != nil {
		return nil, err
	}
	if err := Organisations.Each(tx, func(o *model.Organisation) error {
		in.Organisations[o.ID] = o.Name
		return nil
	}); err != nil {
		return nil, err
	}
	k, err := KostenPayments(tx, p)
	if err != nil {
		return nil, err
	}
	in.Payments, in.Reclaims, in.Committed, in.Funds, in.Limits = k.Payments, k.Reclaims, k.Committed, k.Funds, k.Limits
	if in.Events, err = LoadEventFacts(tx, p); err != nil {
		return nil, err
	}
	if in.Tasks, err = LoadTaskFacts(tx); err != nil {
		return nil, err
	}
	return in, nil
}

// leadWorkingDays is the intake rule's minimum lead time (0 = no rule).
func leadWorkingDays(tx *Tx) int {
	set, err := LoadSprachmittlungSettings(tx)
	if err != nil {
		return model.DefaultIntakeRules().LeadWorkingDays
	}
	return set.Intake.LeadWorkingDays
}

// LoadEinsatzFacts reads the facts of the Einsätze starting in p, in start
// order, from the start index and the report's facts index
// (einsatz_facts.go): no record is decoded, which made the first open of a
// year of the large demo (33 000 Einsätze) take a second. Repeated strings
// (languages, places, the IDs of institutions and interpreters) are shared
// between the facts. An Einsatz whose facts entry is missing or unreadable
// (check names such a file) is read from its record.
func LoadEinsatzFacts(tx *Tx, p model.ReportPeriod) ([]model.EinsatzFact, error) {
	return loadEinsatzFacts(tx, p, nil)
}

func loadEinsatzFacts(tx *Tx, p model.ReportPeriod, prog *Progress) ([]model.EinsatzFact, error) {
	// No pages are given back while it reads (dropWhile): the two indexes
	// of a year are ≈ 6 MB, and faulting them in again every 10 ms cost
	// more than reading them; readsMuch drops them once the reads are over.
	tx.readsMuch()
	lead := leadWorkingDays(tx)
	b := tx.btx.Bucket(Einsaetze.recBucket())
	if b == nil {
		return nil, nil
	}
	var at []int      // where in out the Einsätze read from their records go
	var raws [][]byte // their records, checked against their seals
	holes := false
	bucket := Einsaetze.recBucket()
	out, err := factsFromIndexes(tx, []byte(startKey(p.Start())), []byte(startKey(p.End())), lead, func(i int, id []byte) error {
		holes = true
		raw, err := tx.get(b, bucket, id)
		if err != nil || raw == nil {
			return err
		}
		at, raws = append(at, i), append(raws, raw)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if holes {
		read, err := decodeFacts(raws, lead, nil)
		if err != nil {
			return nil, err
		}
		for k, i := range at {
			out[i] = read[k]
		}
		// A row without a record (never so in a file check passes)
		// leaves no fact behind.
		out = slices.DeleteFunc(out, func(f model.EinsatzFact) bool { return f.ID == "" })
	}
	prog.start(len(out))
	prog.add(len(out))
	return out, nil
}

// decodeFacts turns raw Einsatz records into facts on every core.
func decodeFacts(raws [][]byte, lead int, prog *Progress) ([]model.EinsatzFact, error) {
	out := make([]model.EinsatzFact, len(raws))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(raws)/500+1))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			in := interner{}
			for i := w; i < len(raws); i += workers {
				e, err := decodeReportEinsatz(raws[i])
				if err != nil {
					errs[w] = err
					return
				}
				f := model.FactOf(e, lead)
				f.Language, f.Place = in.get([]byte(f.Language)), in.get([]byte(f.Place))
				f.OrganisationID, f.InterpreterID = in.get([]byte(f.OrganisationID)), in.get([]byte(f.InterpreterID))
				f.Status = model.Status(in.get([]byte(f.Status)))
				out[i] = f
				if n := i / workers; n%512 == 511 {
					prog.add(512)
				}
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EinsatzFactsByID decodes the given Einsätze (those a change event names)
// into facts; deleted ones are left out.
func EinsatzFactsByID(tx *Tx, ids []string) ([]model.EinsatzFact, error) {
	lead := leadWorkingDays(tx)
	var out []model.EinsatzFact
	for _, id := range ids {
		e, err := Einsaetze.Get(tx, id)
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, model.FactOf(e, lead))
	}
	return out, nil
}

// KostenFacts are the Kostenerstattungen side of a report.
type KostenFacts struct {
	Payments  []model.PaymentFact    // bookings in the period, by date
	Reclaims  []model.ReclaimFact    // every Rückforderung, by number
	Committed map[string]model.Money // per fund: handed in, not yet paid
	Funds     []*model.Fund
	Limits    []model.LimitFact // people with allowances in the period's last year
}

// KostenPayments is the one place that says what a Fördertopf paid: the
// bookings of model.PaymentFact dated in period p – every claim the
// Kreiskasse paid (its Antragssumme, on the execution day of its payout
// run) and every part of a Rückforderung that came back (netted in a run,
// or paid back), negative, on the Topf of the claim that paid too much –
// so that the sum of a Topf's bookings is its net spending. The monitoring,
// the burn-down and the Verwendungsnachweis all read it.
func KostenPayments(tx *Tx, p model.ReportPeriod) (KostenFacts, error) {
	rows, err := loadClaimRows(tx, false)
	if err != nil {
		return KostenFacts{}, err
	}
	k, err := kostenFacts(tx, rows, p.Contains, func(r *ClaimRow) bool { return r.Year >= p.From.Year && r.Year <= p.To.Year })
	if err != nil {
		return k, err
	}
	k.Limits, err = limitFacts(tx, rows, p.To.Year)
	return k, err
}

// kostenFacts collects from the claims' rows the bookings dated on days
// in, the committed sums of the claims committed names, the
// Rückforderungen and the funds.
func kostenFacts(tx *Tx, rows []ClaimRow, in func(model.Date) bool, committed func(*ClaimRow) bool) (KostenFacts, error) {
	k := KostenFacts{Committed: map[string]model.Money{}}
	funds, err := AllFunds(tx)
	if err != nil {
		return k, err
	}
	k.Funds = funds
	days, err := executionDays(tx)
	if err != nil {
		return k, err
	}
	claims := make(map[string]*ClaimRow, len(rows))
	for i := range rows {
		r := &rows[i]
		claims[r.ID] = r
		switch {
		case r.Status == model.ClaimAusgezahlt:
		case r.Status.Committed() && r.Total > 0:
			if committed(r) {
				k.Committed[r.FundID] += r.Total
			}
			continue
		default:
			continue // Entwurf, storniert, verbucht: no money of their own
		}
		pay, err := paymentOf(tx, r, days)
		if err != nil {
			return k, err
		}
		if !pay.Date.IsZero() && in(pay.Date) {
			k.Payments = append(k.Payments, pay)
		}
	}
	err = Reclaims.Each(tx, func(r *model.Reclaim) error {
		var orig ClaimRow // the claim that paid too much: its Topf and project
		if c := claims[r.ClaimID]; c != nil {
			orig = *c
		}
		k.Reclaims = append(k.Reclaims, reclaimFact(r, orig.FundID))
		for _, s := range r.Settlements {
			if s.Amount <= 0 || !in(s.Date) {
				continue
			}
			k.Payments = append(k.Payments, settlementPayment(r, s, orig))
		}
		return nil
	})
	if err != nil {
		return k, err
	}
	slices.SortFunc(k.Reclaims, func(a, b model.ReclaimFact) int { return compareNumbers(a.Number, b.Number) })
	slices.SortFunc(k.Payments, func(a, b model.PaymentFact) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return compareNumbers(a.Number, b.Number)
	})
	return k, nil
}

// executionDays maps every executed payout run to its execution day: the
// day its claims were paid.
func executionDays(tx *Tx) (map[string]model.Date, error) {
	days := map[string]model.Date{}
	recs := tx.btx.Bucket(Payouts.recBucket())
	if recs == nil {
		return days, nil
	}
	err := Payouts.Scan(tx, "status", []byte(model.PayoutAusgefuehrt), []byte(string(model.PayoutAusgefuehrt)+"\xff"), func(id string, _, _ []byte) error {
		// Only the day: a run of the large demo lists hundreds of claims.
		var run struct {
			ExecutionDate model.Date `json:"executionDate"`
		}
		raw, err := tx.get(recs, Payouts.recBucket(), []byte(id))
		if err != nil {
			return err
		}
		if err := decodeLean(raw, &run); err != nil {
			return fmt.Errorf("Ein Datensatz (%s) ist nicht lesbar: %w. Bitte „stabsstelle check“ ausführen.", Payouts.Label, err)
		}
		days[id] = run.ExecutionDate
		return nil
	})
	return days, err
}

// paymentOf is the Auszahlung of the paid claim r: its Antragssumme on the
// execution day of its payout run. A claim paid without a run (recorded
// by an older version) counts on the day it was marked paid.
func paymentOf(tx *Tx, r *ClaimRow, days map[string]model.Date) (model.PaymentFact, error) {
	pay := model.PaymentFact{ClaimID: r.ID, Number: r.Number, PersonID: r.PersonID, Payee: r.PersonName,
		FundID: r.FundID, Project: r.Project, Amount: r.Total, Kind: model.PaymentAuszahlung}
	if d, ok := days[r.PayoutRunID]; ok && r.PayoutRunID != "" && r.Kind == model.ClaimNormal {
		pay.Date = d
		return pay, nil
	}
	// A Korrektur (paid with its claim or alone) or a claim without a run:
	// the record says which claim it corrects and when it was paid.
	c, err := Claims.Get(tx, r.ID)
	if err != nil {
		return pay, err
	}
	pay.Corrects = c.CorrectsNumber
	if d, ok := days[c.PayoutRunID]; ok && c.PayoutRunID != "" {
		pay.Date = d
	} else if c.Paid != nil {
		pay.Date = model.DateOf(c.Paid.At)
	}
	return pay, nil
}

// reclaimFact is the report's view of Rückforderung r; fundID is the Topf
// of the claim that paid too much.
func reclaimFact(r *model.Reclaim, fundID string) model.ReclaimFact {
	f := model.ReclaimFact{Number: r.Number, Date: model.DateOf(r.Created), PersonID: r.PersonID, Payee: r.PersonName,
		FundID: fundID, ClaimNumber: r.ClaimNumber, CorrectionNumber: r.CorrectionNumber, Reason: r.Reason,
		Amount: r.Amount, Left: r.Left(), Status: r.Status, Due: r.Due}
	for _, s := range r.Settlements {
		switch s.Kind {
		case model.ReclaimVerrechnet:
			f.Netted += s.Amount
		case model.ReclaimZurueckgezahlt:
			f.PaidBack += s.Amount
		}
		f.Back = append(f.Back, model.DatedMoney{Date: s.Date, Amount: s.Amount})
	}
	return f
}

// settlementPayment is the booking of money that came back on a
// Rückforderung: negative, on the Topf and project of orig, the claim that
// paid too much.
func settlementPayment(r *model.Reclaim, s model.ReclaimSettlement, orig ClaimRow) model.PaymentFact {
	purpose := "Rückforderung zu " + r.ClaimNumber + " (" + r.CorrectionNumber + ")"
	if s.Kind == model.ReclaimVerrechnet {
		purpose += ", verrechnet im Zahllauf " + s.RunNumber
	} else {
		purpose += ", zurückgezahlt"
	}
	return model.PaymentFact{ClaimID: r.ClaimID, ReclaimID: r.ID, Number: r.Number, Date: s.Date, PersonID: r.PersonID, Payee: r.PersonName,
		FundID: orig.FundID, Project: orig.Project, Purpose: purpose, Amount: -s.Amount, Kind: model.PaymentRueckforderung,
		Corrects: r.ClaimNumber, Settlement: s.Kind}
}

// limitFacts lists the people with counted allowances in year and their
// tax-free limit.
func limitFacts(tx *Tx, rows []ClaimRow, year int) ([]model.LimitFact, error) {
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return nil, err
	}
	used := PersonAllowances(rows, year)
	names := map[string]string{}
	for _, r := range rows {
		names[r.PersonID] = r.PersonName
	}
	floor := set.Limits.For(model.LimitEhrenamt, year)
	var out []model.LimitFact
	for id, u := range used {
		if !model.LimitNear(u, floor) {
			continue // below 90 % of the Ehrenamtspauschale, the smaller limit
		}
		kind := model.LimitEhrenamt
		if p, err := People.Get(tx, id); err == nil && p.Volunteer != nil {
			kind = p.Volunteer.LimitKind.Or()
		}
		out = append(out, model.LimitFact{PersonID: id, Name: names[id], Used: u, Limit: set.Limits.For(kind, year)})
	}
	return out, nil
}

// LoadEventFacts reads the events starting in p with their counts and the
// organisations of their registrations.
func LoadEventFacts(tx *Tx, p model.ReportPeriod) ([]model.EventFact, error) {
	rows, err := EventRows(tx, p.Start(), p.End())
	if err != nil {
		return nil, err
	}
	out := make([]model.EventFact, 0, len(rows))
	regs := tx.btx.Bucket(Registrations.recBucket())
	for _, r := range rows {
		f := model.EventFact{ID: r.ID, Number: r.Number, Title: r.Title, Start: r.Start, Type: r.Type, Themen: r.Themen,
			Gremium: r.Gremium, Region: r.Region, Status: r.Status}
		ev, err := Events.Get(tx, r.ID)
		if err != nil {
			return nil, err
		}
		if ev.CountsAfterErase != nil {
			f.Counts = *ev.CountsAfterErase
		}
		orgs := map[string]bool{}
		err = Registrations.Scan(tx, "event", netKeyFrom(r.ID), netKeyTo(r.ID), func(id string, _, val []byte) error {
			if ev.CountsAfterErase == nil {
				st, role, _ := strings.Cut(string(val), "\x00")
				f.Counts.Add(model.RegStatus(st), model.Role(role))
			}
			reg, err := registrationOrg(tx, regs, id)
			if err != nil {
				return err
			}
			if reg.OrganisationID != "" && reg.Status != model.RegAbgemeldet && reg.Status != model.RegWarteliste {
				orgs[reg.OrganisationID] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for o := range orgs {
			f.Organisations = append(f.Organisations, o)
		}
		slices.Sort(f.Organisations)
		out = append(out, f)
	}
	return out, nil
}

// registrationOrg reads only the organisation and status of registration
// id (bucket b) with the report's lean decoder: a year of the large demo's
// events has thousands of registrations, and decoding each whole was a
// fifth of the first open of Berichte.
func registrationOrg(tx *Tx, b *bolt.Bucket, id string) (model.Registration, error) {
	var reg model.Registration
	raw, err := tx.get(b, Registrations.recBucket(), []byte(id))
	if err != nil {
		return reg, err
	}
	if raw == nil {
		return reg, ErrNotFound
	}
	var lean struct {
		OrganisationID string          `json:"organisationId"`
		Status         model.RegStatus `json:"status"`
	}
	if err := decodeLean(raw, &lean); err != nil {
		return reg, fmt.Errorf("Ein Datensatz (%s) ist nicht lesbar: %v. Bitte „stabsstelle check“ ausführen.", Registrations.Label, err)
	}
	reg.OrganisationID, reg.Status = lean.OrganisationID, lean.Status
	return reg, nil
}

// LoadTaskFacts reads the open tasks with the Gremium of the event they
// came from (an Arbeitskreis event without a Gremium counts for the
// Arbeitskreis of its first Themenfeld).
func LoadTaskFacts(tx *Tx) ([]model.TaskFact, error) {
	tasks, err := OpenTasks(tx)
	if err != nil {
		return nil, err
	}
	gremien := map[string]string{}
	out := make([]model.TaskFact, 0, len(tasks))
	for _, t := range tasks {
		g, ok := gremien[t.EventID]
		if !ok && t.EventID != "" {
			if ev, err := Events.Get(tx, t.EventID); err == nil {
				g = ev.Gremium
				if g == "" && ev.Type == model.EventArbeitskreis && len(ev.Themenfelder) > 0 {
					g = model.ArbeitskreisFor(ev.Themenfelder[0])
				}
			}
			gremien[t.EventID] = g
		}
		out = append(out, model.TaskFact{ID: t.ID, Text: t.Text, EventID: t.EventID, Gremium: g, Due: t.Due, Open: t.Status == model.TaskOffen})
	}
	return out, nil
}

// Monitoring computes the report of period p under filter f in one read.
func Monitoring(tx *Tx, p model.ReportPeriod, f model.ReportFilter) (*model.Monitoring, error) {
	in, err := LoadReportInput(tx, p)
	if err != nil {
		return nil, err
	}
	return model.ComputeMonitoring(in, f), nil
}

// FundByName finds the Fördertopf of year named name: the exact name
// ("Sprachmittlung 2026"), else the only fund of that year whose name
// starts with it ("Sprachmittlung"). The error says which names exist.
func FundByName(tx *Tx, name string, year int) (*model.Fund, error) {
	funds, err := AllFunds(tx)
	if err != nil {
		return nil, err
	}
	want := strings.ToLower(strings.TrimSpace(name))
	var prefix []*model.Fund
	var names []string
	for _, f := range funds {
		if f.Year != year {
			continue
		}
		names = append(names, "„"+f.Name+"“")
		n := strings.ToLower(f.Name)
		if n == want {
			return f, nil
		}
		if strings.HasPrefix(n, want) {
			prefix = append(prefix, f)
		}
	}
	switch {
	case len(prefix) == 1:
		return prefix[0], nil
	case len(names) == 0:
		return nil, fmt.Errorf("Für %d gibt es keinen Fördertopf. Bitte das Jahr prüfen.", year)
	case len(prefix) > 1:
		return nil, fmt.Errorf("„%s“ passt auf mehrere Fördertöpfe %d: %s. Bitte den vollen Namen angeben.", name, year, strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("Einen Fördertopf „%s“ gibt es %d nicht. Vorhanden: %s.", name, year, strings.Join(names, ", "))
}

// Verwendungsnachweis collects every booking on fund f, whatever its day
// (see model.Verwendungsnachweis), with the purpose of each claim, and the
// Rückforderungen of the fund's claims.
func Verwendungsnachweis(tx *Tx, f *model.Fund) (*model.Verwendungsnachweis, error) {
	rows, err := LoadClaimRows(tx)
	if err != nil {
		return nil, err
	}
	k, err := kostenFacts(tx, rows, func(model.Date) bool { return true }, func(*ClaimRow) bool { return false })
	if err != nil {
		return nil, err
	}
	vn := model.NewVerwendungsnachweis(f, k.Payments, k.Reclaims)
	for i := range vn.Payments {
		p := &vn.Payments[i]
		if p.Kind != model.PaymentAuszahlung {
			continue
		}
		c, err := Claims.Get(tx, p.ClaimID)
		if err != nil {
			return nil, err
		}
		if p.Purpose = c.Purpose; p.Purpose == "" {
			p.Purpose = c.Remittance()
		}
		if c.CorrectsNumber != "" {
			p.Purpose = c.Kind.Label() + " zu " + c.CorrectsNumber + ": " + p.Purpose
		}
	}
	return vn, nil
}

// CertificateOf is the Jahresbescheinigung content of one person.
func CertificateOf(tx *Tx, personID string, year int) (model.Certificate, error) {
	p, err := People.Get(tx, personID)
	if err != nil {
		return model.Certificate{}, err
	}
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return model.Certificate{}, err
	}
	claims, err := PersonClaims(tx, personID, year)
	if err != nil {
		return model.Certificate{}, err
	}
	return model.NewCertificate(p, year, claims, set.Limits), nil
}

// Certificates are the Jahresbescheinigungen of everybody who received
// allowances in year, by name.
func Certificates(tx *Tx, year int) ([]model.Certificate, error) {
	rows, err := LoadClaimRows(tx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []model.Certificate
	for _, r := range rows {
		if r.Year != year || r.Allowance == 0 || seen[r.PersonID] {
			continue
		}
		// the claims model.NewCertificate lists
		if !r.Status.Settled() && !(r.Kind == model.ClaimStorno && r.Status == model.ClaimAngeordnet) {
			continue
		}
		seen[r.PersonID] = true
		c, err := CertificateOf(tx, r.PersonID, year)
		if err != nil {
			return nil, err
		}
		if len(c.Rows) > 0 {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b model.Certificate) int {
		return strings.Compare(strings.ToLower(a.Person.Name), strings.ToLower(b.Person.Name))
	})
	return out, nil
}

// ProtokollOf collects what the minutes of event id print: counts, the
// organisations of the people present and the event's tasks.
func ProtokollOf(tx *Tx, id string) (model.Protokoll, error) {
	ev, err := Events.Get(tx, id)
	if err != nil {
		return model.Protokoll{}, err
	}
	p := model.Protokoll{Event: ev}
	if ev.CountsAfterErase != nil {
		p.Counts = *ev.CountsAfterErase
	}
	regs, err := RegistrationsOf(tx, id)
	if err != nil {
		return p, err
	}
	orgs := map[string]bool{}
	for _, r := range regs {
		if ev.CountsAfterErase == nil {
			p.Counts.Add(r.Status, r.Role)
		}
		if r.Status == model.RegTeilgenommen && r.OrganisationID != "" && !orgs[r.OrganisationID] {
			orgs[r.OrganisationID] = true
			if o, err := Organisations.Get(tx, r.OrganisationID); err == nil {
				p.Organisations = append(p.Organisations, o.Name)
			}
		}
	}
	slices.Sort(p.Organisations)
	p.Tasks, err = TasksOf(tx, id)
	return p, err
}

// EinsatzForm is what the printed Einsatznachweis of Einsatz id needs.
type EinsatzForm struct {
	Einsatz      *model.Einsatz
	Organisation *model.Organisation
	Interpreter  *model.Person
	Tariff       model.Tariff
	Letterhead   model.Letterhead
}

// EinsatzFormOf loads the Einsatz with its institution, interpreter, the
// tariff of its day (or the one its Nachweis was computed with) and the
// letterhead.
func EinsatzFormOf(tx *Tx, id string) (EinsatzForm, error) {
	e, err := Einsaetze.Get(tx, id)
	if err != nil {
		return EinsatzForm{}, err
	}
	f := EinsatzForm{Einsatz: e}
	if e.OrganisationID != "" {
		f.Organisation, _ = Organisations.Get(tx, e.OrganisationID)
	}
	if e.InterpreterID != "" {
		f.Interpreter, _ = People.Get(tx, e.InterpreterID)
	}
	set, err := LoadSprachmittlungSettings(tx)
	if err != nil {
		return f, err
	}
	f.Tariff = set.TariffAt(model.DateOf(e.Start))
	if e.Nachweis != nil && !e.Nachweis.Tariff.ValidFrom.IsZero() {
		f.Tariff = e.Nachweis.Tariff
	}
	f.Letterhead, err = LoadLetterhead(tx)
	return f, err
}
