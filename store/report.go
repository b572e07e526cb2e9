package store

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"stabsstelle/model"
)

// LoadReportInput reads everything the reports of period p need: the
// Einsätze starting in it (decoded once into compact facts), the payments of
// the Fördertöpfe (KostenPayments), the events with their counts and the
// open tasks. The Berichte view keeps the result and recomputes from it on
// every filter change; `report monitoring` computes once.
func LoadReportInput(tx *Tx, p model.ReportPeriod) (*model.ReportInput, error) {
	in := &model.ReportInput{Period: p, Today: model.Today(tx.Now()), Organisations: map[string]string{}}
	var err error
	if in.Einsaetze, err = LoadEinsatzFacts(tx, p); err != nil {
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
	in.Payments, in.Committed, in.Funds, in.Limits = k.Payments, k.Committed, k.Funds, k.Limits
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

// LoadEinsatzFacts decodes the Einsätze starting in p into report facts,
// in start order. The start index names them; their records are decoded
// on every core straight from the file's pages (valid while the
// transaction is open), since decoding a year of the large demo (33 000
// records) is most of the work. Repeated strings (languages, places, the
// IDs of institutions and interpreters) are shared between the facts.
func LoadEinsatzFacts(tx *Tx, p model.ReportPeriod) ([]model.EinsatzFact, error) {
	tx.readsMuch()
	lead := leadWorkingDays(tx)
	b := tx.btx.Bucket(Einsaetze.recBucket())
	if b == nil {
		return nil, nil
	}
	var raws [][]byte
	var out []model.EinsatzFact
	var err error
	dropWhile(tx.btx, func() {
		err = scanRaw(tx, IdxEinsatzStart, []byte(startKey(p.Start())), []byte(startKey(p.End())), false, func(id, _ []byte) bool {
			if raw := b.Get(id); raw != nil {
				raws = append(raws, raw)
			}
			return true
		})
		if err == nil {
			out, err = decodeFacts(raws, lead)
		}
	})
	return out, err
}

// decodeFacts turns raw Einsatz records into facts on every core.
func decodeFacts(raws [][]byte, lead int) ([]model.EinsatzFact, error) {
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
	Payments  []model.PaymentFact
	Committed map[string]model.Money // per fund: handed in, not yet paid
	Funds     []*model.Fund
	Limits    []model.LimitFact // people with allowances in the period's last year
}

// KostenPayments is the one place that says what a Fördertopf paid: every
// claim paid in period p (Auszahlung, dated by its payout) and every
// Rückforderung (a Storno or correction below zero, dated by its order),
// so that the sum of a fund's payments is its net spending. The monitoring,
// the burn-down and the Verwendungsnachweis all read it.
func KostenPayments(tx *Tx, p model.ReportPeriod) (KostenFacts, error) {
	k := KostenFacts{Committed: map[string]model.Money{}}
	funds, err := AllFunds(tx)
	if err != nil {
		return k, err
	}
	k.Funds = funds
	rows, err := LoadClaimRows(tx)
	if err != nil {
		return k, err
	}
	people := map[string]string{}
	for _, r := range rows {
		if r.Year < p.From.Year || r.Year > p.To.Year {
			continue
		}
		switch {
		case r.Status == model.ClaimAusgezahlt, r.Status == model.ClaimAngeordnet && r.Total < 0:
		case r.Status.Committed() && r.Total > 0:
			k.Committed[r.FundID] += r.Total
			continue
		default:
			continue
		}
		c, err := Claims.Get(tx, r.ID)
		if err != nil {
			return k, err
		}
		pay, ok := paymentOf(c)
		if !ok || !p.Contains(pay.Date) {
			continue
		}
		people[c.PersonID] = c.PersonName
		k.Payments = append(k.Payments, pay)
	}
	slices.SortFunc(k.Payments, func(a, b model.PaymentFact) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return compareNumbers(a.Number, b.Number)
	})
	k.Limits, err = limitFacts(tx, rows, p.To.Year)
	return k, err
}

// paymentOf says how claim c moved money: paid out (positive, on the day of
// its payout) or claimed back (negative, on the day it was ordered). ok is
// false for claims that moved none.
func paymentOf(c *model.Claim) (model.PaymentFact, bool) {
	pay := model.PaymentFact{ClaimID: c.ID, Number: c.Number, PersonID: c.PersonID, Payee: c.PersonName,
		FundID: c.FundID, Project: c.Project, Purpose: c.Purpose, Amount: c.Total(), Allowance: c.AllowanceTotal(),
		Corrects: c.CorrectsNumber}
	if pay.Purpose == "" {
		pay.Purpose = c.Remittance()
	}
	total := c.Total()
	switch {
	case total < 0 && (c.Status == model.ClaimAngeordnet || c.Status == model.ClaimAusgezahlt):
		pay.Kind = model.PaymentRueckforderung
		switch {
		case c.Angeordnet != nil:
			pay.Date = model.DateOf(c.Angeordnet.At)
		case c.Paid != nil:
			pay.Date = model.DateOf(c.Paid.At)
		}
	case total > 0 && c.Status == model.ClaimAusgezahlt && c.Paid != nil:
		pay.Kind = model.PaymentAuszahlung
		pay.Date = model.DateOf(c.Paid.At)
	default:
		return pay, false
	}
	return pay, !pay.Date.IsZero()
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
			reg, err := Registrations.Get(tx, id)
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

// Verwendungsnachweis collects the payments of fund f in its year.
func Verwendungsnachweis(tx *Tx, f *model.Fund) (*model.Verwendungsnachweis, error) {
	p := model.YearPeriod(f.Year)
	k, err := KostenPayments(tx, p)
	if err != nil {
		return nil, err
	}
	return model.NewVerwendungsnachweis(f, p, k.Payments), nil
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
		if r.Status != model.ClaimAusgezahlt && !(r.Kind != model.ClaimNormal && r.Status == model.ClaimAngeordnet) {
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
