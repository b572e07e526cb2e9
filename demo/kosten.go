package demo

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() { Register(Step{Order: 40, Name: "Kostenerstattungen", Run: genKosten}) }

// Demo users who sign claims: two different people, so the four-eyes rule
// shows in the data.
var kostenUsers = []string{"mueller", "yilmaz", "schroeder"}

// anordnungUser orders the payments: by § 42 (4) KomHKVO not one of those
// who signed the claim sachlich or rechnerisch richtig.
const anordnungUser = "becker"

// demoBLZ are Bankleitzahlen of the region and of large direct banks.
var demoBLZ = []string{"26951311", "26991066", "25050180", "12030000", "10010010", "50010517", "27062290"}

// DemoIBAN builds a syntactically valid German IBAN from a Bankleitzahl and
// an account number by computing the check digits (ISO 7064 MOD 97-10).
func DemoIBAN(blz string, account uint64) model.IBAN {
	bban := blz + fmt.Sprintf("%010d", account%10_000_000_000)
	rem := 0
	for _, c := range bban + "131400" { // D=13, E=14, check digits 00
		rem = (rem*10 + int(c-'0')) % 97
	}
	return model.IBAN(fmt.Sprintf("DE%02d%s", 98-rem, bban))
}

var kostenPlaces = []string{"Gifhorn", "Wittingen", "Meinersen", "Sassenburg", "Hankensbüttel", "Wesendorf", "Isenbüttel", "Brome", "Boldecker Land", "Papenteich"}

type demoClaim struct {
	c           *model.Claim
	created     time.Time
	near        bool // the volunteer close to the yearly limit
	noIBAN      bool // cannot be approved
	target      model.ClaimStatus
	pendingNear bool // their claim waiting for approval
}

func genKosten(g *Gen) error {
	nVol, nClaims := 40, 100
	if g.Large {
		nVol, nClaims = 300, 20000
	}
	today := model.Today(g.Now)
	vols, interps := kostenPeople(g, nVol)
	if len(vols) == 0 {
		return fmt.Errorf("keine Personen für Engagierte vorhanden")
	}
	funds, err := genVolunteersAndFunds(g, vols, interps, today.Year)
	if err != nil {
		return err
	}
	claims := randomClaims(g, vols, funds, today, nClaims)
	claims = append(claims, nearLimitClaims(g, vols[0], funds, today)...)
	slices.SortStableFunc(claims, func(a, b demoClaim) int { return a.created.Compare(b.created) })
	showEveryStatus(claims)
	if err := storeDemoClaims(g, claims); err != nil {
		return err
	}
	return genInterpreterClaims(g)
}

// kostenPeople: the volunteers are people without an employer or
// interpreter role; interpreters are paid through claims too.
func kostenPeople(g *Gen, nVol int) (vols, interps []*model.Person) {
	for _, p := range g.People {
		switch {
		case p.Interpreter != nil:
			interps = append(interps, p)
		case p.OrganisationID == "" && len(vols) < nVol:
			vols = append(vols, p)
		}
	}
	return vols, interps
}

// genVolunteersAndFunds gives the volunteers and interpreters their bank
// details and projects (vols and interps are replaced by what was stored)
// and writes three Fördertöpfe for each of the last three years.
func genVolunteersAndFunds(g *Gen, vols, interps []*model.Person, year int) (map[int][]*model.Fund, error) {
	funds := map[int][]*model.Fund{}
	err := g.Batch(func(tx *store.Tx) error {
		for i, p0 := range vols {
			p, err := store.People.Get(tx, p0.ID)
			if err != nil {
				return err
			}
			p.Volunteer = demoVolunteerProfile(g, i)
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
			vols[i] = p
		}
		for i, p0 := range interps {
			p, err := store.People.Get(tx, p0.ID)
			if err != nil {
				return err
			}
			if p.Volunteer == nil {
				p.Volunteer = &model.VolunteerProfile{LimitKind: model.LimitEhrenamt, Projects: []string{"Sprachmittlung"},
					IBAN: DemoIBAN(Pick(g, demoBLZ), uint64(g.Rand.Int64N(9_999_999_999))+1)}
				if err := store.People.Put(tx, p); err != nil {
					return err
				}
			}
			interps[i] = p
		}
		for y := year - 2; y <= year; y++ {
			for _, f := range demoFunds(g, y) {
				if err := store.Funds.Put(tx, f); err != nil {
					return err
				}
				funds[y] = append(funds[y], f)
			}
		}
		return tx.Note("demo", fmt.Sprintf("%d Engagierte und %d Fördertöpfe erzeugt", len(vols), len(funds)*3))
	})
	return funds, err
}

// demoVolunteerProfile is the i-th volunteer's profile: vols[0] is the one
// near the yearly limit, 3 and 11 are new and have no bank details yet.
func demoVolunteerProfile(g *Gen, i int) *model.VolunteerProfile {
	vp := &model.VolunteerProfile{LimitKind: model.LimitEhrenamt,
		IBAN:     DemoIBAN(Pick(g, demoBLZ), uint64(g.Rand.Int64N(9_999_999_999))+1),
		Projects: []string{Pick(g, model.VolunteerProjects)}}
	if g.Chance(0.3) {
		vp.Projects = append(vp.Projects, Pick(g, model.VolunteerProjects))
		slices.Sort(vp.Projects)
		vp.Projects = slices.Compact(vp.Projects)
	}
	if slices.Contains(vp.Projects, "Offene Deutschkurse") && g.Chance(0.4) {
		vp.LimitKind = model.LimitUebungsleiter
	}
	if i == 0 {
		vp.LimitKind = model.LimitEhrenamt
	}
	if i == 3 || i == 11 { // someone new, bank details still missing
		vp.IBAN = ""
	}
	if g.Chance(0.15) {
		vp.BIC = "NOLADE21GFW"
	}
	return vp
}

// demoFunds are the three Fördertöpfe of year y (twenty times larger in the
// large demo, except the interpreters').
func demoFunds(g *Gen, y int) []*model.Fund {
	scale := model.Money(1)
	if g.Large {
		scale = 20
	}
	fs := []*model.Fund{
		{Name: fmt.Sprintf("Bürgerschaftliches Engagement %d", y), Year: y, Amount: 2_100_000 * scale, Haushaltsstelle: "1.3110.531800",
			Notes: "Richtlinie des Landkreises zur Förderung des bürgerschaftlichen Engagements"},
		{Name: fmt.Sprintf("Integrationslotsen %d", y), Year: y, Amount: 1_400_000 * scale, Haushaltsstelle: "1.3110.531810",
			AllowedKinds: []model.LineKind{model.LineFahrt, model.LineBeleg, model.LinePauschale}},
		// Only the interpreters' claims are booked here, as many in the
		// large demo as in the small one (demo/abrechnung.go).
		{Name: fmt.Sprintf("Sprachmittlung %d", y), Year: y, Amount: 3_000_000, Haushaltsstelle: "1.3110.531820",
			AllowedKinds: []model.LineKind{model.LineFahrt, model.LinePauschale}},
	}
	for _, f := range fs {
		f.Created = model.Date{Year: y, Month: 1, Day: 2}.Midnight().Add(9 * time.Hour)
		if f.Created.After(g.Now) {
			f.Created = g.Now
		}
	}
	return fs
}

// randomClaims are n claims over the three years up to today.
func randomClaims(g *Gen, vols []*model.Person, funds map[int][]*model.Fund, today model.Date, n int) []demoClaim {
	start := today.AddDays(-3 * 365)
	span := start.DaysUntil(today)
	claims := make([]demoClaim, 0, n+8)
	allow := map[string]model.Money{} // person|year → counted allowances
	for range n {
		p := vols[1+g.Rand.IntN(len(vols)-1)] // vols[0] is the one near the limit
		from := start.AddDays(g.Rand.IntN(span))
		from = model.Date{Year: from.Year, Month: from.Month, Day: 1}
		to := model.NewDate(from.Year, from.Month+1, 0)
		if to.After(today) {
			to = today
		}
		c := &model.Claim{PersonID: p.ID, PersonName: p.Name, PeriodFrom: from, PeriodTo: to,
			Project: p.Volunteer.Projects[0], Purpose: "Auslagen " + p.Volunteer.Projects[0] + " " + monthName(from.Month)}
		fs := funds[from.Year]
		if len(fs) > 0 {
			c.FundID = fs[g.Rand.IntN(2)].ID
		}
		days := from.DaysUntil(to) + 1
		for range 1 + g.Rand.IntN(3) {
			addRandomLine(g, c, p, from.AddDays(g.Rand.IntN(days)), allow)
		}
		if len(c.Lines) == 0 {
			c.Lines = append(c.Lines, model.ClaimLine{Kind: model.LineBeleg, Date: from, ReceiptNo: "1", Description: "Kopien", Amount: 480})
		}
		claims = append(claims, demoClaim{c: c, created: to.Midnight().Add(time.Duration(8+g.Rand.IntN(9)) * time.Hour), noIBAN: p.Volunteer.IBAN == ""})
	}
	return claims
}

// addRandomLine adds a trip, a receipt or an allowance on day d; the
// allowances of a person stay well under the yearly limit (allow counts
// them per person and year).
func addRandomLine(g *Gen, c *model.Claim, p *model.Person, d model.Date, allow map[string]model.Money) {
	switch g.Rand.IntN(3) {
	case 0:
		c.Lines = append(c.Lines, model.ClaimLine{Kind: model.LineFahrt, Date: d, From: orDefault(p.City, "Gifhorn"),
			To: Pick(g, kostenPlaces), Km: model.Km(20 + g.Rand.IntN(600)), Vehicle: Pick(g, []model.Vehicle{model.VehicleAuto, model.VehicleAuto, model.VehicleFahrrad})})
	case 1:
		c.Lines = append(c.Lines, model.ClaimLine{Kind: model.LineBeleg, Date: d, ReceiptNo: strconv.Itoa(1000 + g.Rand.IntN(9000)),
			Description: Pick(g, []string{"Arbeitshefte", "Kopien", "Kaffee und Tee Willkommenscafé", "Bastelmaterial", "Fahrkarte Bus", "Porto", "Wörterbücher"}),
			Amount:      model.Money(300 + g.Rand.IntN(6000))})
	default:
		amt := model.Money(1000 + 500*g.Rand.IntN(5))
		key := c.PersonID + "|" + strconv.Itoa(c.PeriodFrom.Year)
		if allow[key]+amt > 60000 { // keep the random ones well under the limit
			amt = 0
		}
		if amt > 0 {
			allow[key] += amt
			c.Lines = append(c.Lines, model.ClaimLine{Kind: model.LinePauschale, Date: d, Description: "Aufwandsentschädigung " + c.Project, Amount: amt})
		}
	}
}

// nearLimitClaims: someone close to the Ehrenamtspauschale this year: 900 €
// paid, a new claim of 80 € waiting for approval (the warning shows there).
func nearLimitClaims(g *Gen, near *model.Person, funds map[int][]*model.Fund, today model.Date) []demoClaim {
	year := today.Year
	var claims []demoClaim
	near.Volunteer.LimitKind = model.LimitEhrenamt
	for i, amt := range []model.Money{30000, 30000, 30000} {
		m := time.Month(1 + i*2)
		if model.NewDate(year, m, 1).After(today) {
			m = today.Month
		}
		from := model.Date{Year: year, Month: m, Day: 1}
		c := &model.Claim{PersonID: near.ID, PersonName: near.Name, PeriodFrom: from, PeriodTo: minDate(model.NewDate(year, m+1, 0), today),
			Project: near.Volunteer.Projects[0], Purpose: "Aufwandsentschädigung " + monthName(m),
			Lines: []model.ClaimLine{{Kind: model.LinePauschale, Date: from, Description: "Aufwandsentschädigung " + monthName(m), Amount: amt}}}
		if fs := funds[year]; len(fs) > 0 {
			c.FundID = fs[0].ID
		}
		claims = append(claims, demoClaim{c: c, created: c.PeriodTo.Midnight().Add(10 * time.Hour), near: true})
	}
	pending := &model.Claim{PersonID: near.ID, PersonName: near.Name, PeriodFrom: model.Date{Year: year, Month: today.Month, Day: 1}, PeriodTo: today,
		Project: near.Volunteer.Projects[0], Purpose: "Aufwandsentschädigung " + monthName(today.Month),
		Lines: []model.ClaimLine{
			{Kind: model.LinePauschale, Date: today, Description: "Aufwandsentschädigung " + monthName(today.Month), Amount: 8000},
			{Kind: model.LineFahrt, Date: today, From: orDefault(near.City, "Gifhorn"), To: "Wittingen", Km: 312, Vehicle: model.VehicleAuto}}}
	if fs := funds[year]; len(fs) > 0 {
		pending.FundID = fs[0].ID
	}
	return append(claims, demoClaim{c: pending, created: g.Now.Add(-2 * time.Hour), pendingNear: true})
}

// showEveryStatus: the newest claims show every status, so each step can
// be tried.
func showEveryStatus(claims []demoClaim) {
	j := 0
	for i := len(claims) - 1; i >= 0 && j < 24; i-- {
		if !claims[i].near && !claims[i].pendingNear && !claims[i].noIBAN {
			claims[i].target = model.ClaimStatuses[j%len(model.ClaimStatuses)]
			j++
		}
	}
}

// storeDemoClaims gives the claims their statuses and writes them, then
// the payout runs. Statuses first: every paid claim names the payout run
// that paid it, so the runs are planned before the claims are stored.
func storeDemoClaims(g *Gen, claims []demoClaim) error {
	var paid []*model.Claim
	for _, dc := range claims {
		c := dc.c
		if err := c.Compute(model.DefaultKmRates); err != nil {
			return err
		}
		c.Created = dc.created
		setDemoStatus(g, c, dc, dc.created.Sub(g.Now))
		if c.Status == model.ClaimAusgezahlt {
			paid = append(paid, c)
		}
	}
	runs := planPayoutRuns(paid)
	for i := 0; i < len(claims); i += kostenBatch {
		batch := claims[i:min(i+kostenBatch, len(claims))]
		cs := make([]*model.Claim, len(batch))
		for k, dc := range batch {
			cs[k] = dc.c
		}
		err := g.Batch(func(tx *store.Tx) error {
			// PutMany: compressed on both cores while the claims before
			// are written, stored as Put stores each.
			if err := store.Claims.PutMany(tx, cs); err != nil {
				return err
			}
			return tx.Note("demo", fmt.Sprintf("%d Kostenerstattungen erzeugt", len(batch)))
		})
		if err != nil {
			return err
		}
		g.Progress("Kostenerstattungen", i+len(batch), len(claims))
	}
	// Executed payout runs: one per month of paid claims.
	return genPayoutRuns(g, runs)
}

func setDemoStatus(g *Gen, c *model.Claim, dc demoClaim, age time.Duration) {
	sign := func(a model.ClaimAction, who string, at time.Time) {
		c.Steps = append(c.Steps, model.ClaimStep{Action: a, By: who, At: at.UTC()})
	}
	var target model.ClaimStatus
	days := int(-age.Hours() / 24)
	switch {
	case dc.pendingNear:
		target = model.ClaimEingereicht
	case dc.near:
		target = model.ClaimAusgezahlt
	case dc.target != "":
		target = dc.target
	case days > 60:
		target = model.ClaimAusgezahlt
		if g.Chance(0.03) {
			target = model.ClaimEntwurf
			c.Rejection = "Beleg fehlt – bitte nachreichen."
		}
	default:
		target = model.ClaimStatuses[g.Rand.IntN(len(model.ClaimStatuses))]
	}
	if dc.noIBAN && target.Rank() > model.ClaimEingereicht.Rank() {
		target = model.ClaimEingereicht
	}
	at := dc.created
	c.Status = model.ClaimEntwurf
	step := func(a model.ClaimAction, st model.ClaimStatus, who string) *model.Signature {
		at = at.Add(time.Duration(1+g.Rand.IntN(72)) * time.Hour)
		if at.After(g.Now) {
			at = g.Now
		}
		sign(a, who, at)
		c.Status = st
		return &model.Signature{By: who, At: at.UTC()}
	}
	r := target.Rank()
	if r >= 1 {
		c.Submitted = step(model.ActSubmit, model.ClaimEingereicht, "demo")
	}
	first := kostenUsers[g.Rand.IntN(len(kostenUsers))]
	second := kostenUsers[(slices.Index(kostenUsers, first)+1+g.Rand.IntN(len(kostenUsers)-1))%len(kostenUsers)]
	if r >= 2 {
		c.Sachlich = step(model.ActSachlich, model.ClaimSachlich, first)
	}
	if r >= 3 {
		c.Rechnerisch = step(model.ActRechnerisch, model.ClaimRechnerisch, second)
	}
	if r >= 4 {
		c.Angeordnet = step(model.ActAnordnen, model.ClaimAngeordnet, anordnungUser)
	}
	if r >= 5 {
		c.Paid = step(model.ActPay, model.ClaimAusgezahlt, "kasse")
	}
}

// plannedRun is the executed payout run of one month's paid claims.
type plannedRun struct {
	id     string
	month  string
	claims []*model.Claim
}

// planPayoutRuns groups the paid claims by the month they were paid into
// one run each and marks every claim with its run's ID (the runs are
// stored after the claims, with these IDs).
func planPayoutRuns(paid []*model.Claim) []*plannedRun {
	byMonth := map[string]*plannedRun{}
	var out []*plannedRun
	for _, c := range paid {
		k := model.DateOf(c.Paid.At).ISO()[:7]
		r, ok := byMonth[k]
		if !ok {
			r = &plannedRun{id: uuid.Must(uuid.NewV7()).String(), month: k}
			byMonth[k] = r
			out = append(out, r)
		}
		r.claims = append(r.claims, c)
		c.PayoutRunID = r.id
	}
	slices.SortFunc(out, func(a, b *plannedRun) int { return strings.Compare(a.month, b.month) })
	return out
}

// genPayoutRuns stores the planned runs, executed, each with its claims as
// items (paid claims all belong to people with a valid IBAN).
func genPayoutRuns(g *Gen, planned []*plannedRun) error {
	return g.Batch(func(tx *store.Tx) error {
		people := map[string]*model.Person{}
		fundByID := map[string]*model.Fund{}
		fs, err := store.AllFunds(tx)
		if err != nil {
			return err
		}
		for _, f := range fs {
			fundByID[f.ID] = f
		}
		for _, pr := range planned {
			run := &model.PayoutRun{Status: model.PayoutAusgefuehrt}
			run.ID = pr.id
			last := pr.claims[0].Paid.At
			for _, c := range pr.claims {
				if c.Paid.At.After(last) {
					last = c.Paid.At
				}
				p, ok := people[c.PersonID]
				if !ok {
					if p, err = store.People.Get(tx, c.PersonID); err != nil {
						return err
					}
					people[c.PersonID] = p
				}
				if p.Volunteer == nil || !p.Volunteer.IBAN.Valid() || c.Total() <= 0 {
					return fmt.Errorf("%s ist ausgezahlt, aber %s hat keine gültige Bankverbindung", c.Number, p.Name)
				}
				it := model.PayoutItem{ClaimID: c.ID, Number: c.Number, PersonID: p.ID, Name: p.Volunteer.Holder(p.Name),
					IBAN: p.Volunteer.IBAN, BIC: p.Volunteer.BIC, Gross: c.Total(), Amount: c.Total(), Remittance: c.Remittance()}
				if f := fundByID[c.FundID]; f != nil {
					it.FundName, it.Haushaltsstelle = f.Name, f.Haushaltsstelle
				}
				run.Items = append(run.Items, it)
			}
			run.Created = last
			run.ExecutionDate = model.NextBankingDay(model.DateOf(last))
			run.MsgID = "DEMO-" + pr.month
			run.Executed = &model.Signature{By: "kasse", At: last}
			if err := store.Payouts.Put(tx, run); err != nil {
				return err
			}
		}
		return tx.Note("demo", fmt.Sprintf("%d Zahlläufe erzeugt", len(planned)))
	})
}

func monthName(m time.Month) string {
	return [...]string{"", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}[m]
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func minDate(a, b model.Date) model.Date {
	if a.After(b) {
		return b
	}
	return a
}

// kostenBatch is the number of claims per bulk transaction.
var kostenBatch = 4000
