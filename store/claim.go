package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
)

// Kinds of the Kostenerstattungen area.
const (
	KindClaim  = "claim"
	KindFund   = "fund"
	KindPayout = "payout"
)

// Index names of the claims.
const (
	IdxClaimStatus  = "status"  // key: status; value: ClaimRow
	IdxClaimPerson  = "person"  // key: person ID + "|" + year; value: ClaimRow
	IdxClaimEinsatz = "einsatz" // key: Einsatz ID; value: claim number
)

// Claims holds the volunteers' claims (K-2026-0017).
var Claims = &Collection[model.Claim, *model.Claim]{
	Kind:    KindClaim,
	Label:   "Antrag",
	Prefix:  "K",
	Digits:  4,
	Indexes: claimIndexes,
}

// Funds holds the Fördertöpfe.
var Funds = &Collection[model.Fund, *model.Fund]{
	Kind:  KindFund,
	Label: "Fördertopf",
	Indexes: func(f *model.Fund) []Index {
		return []Index{{Name: "year", Key: []byte(fmt.Sprintf("%04d|%s", f.Year, strings.ToLower(f.Name)))}}
	},
}

// ClaimRow is the compact copy of a claim kept in its indexes, so lists,
// budgets and limits never decode whole claims.
type ClaimRow struct {
	ID          string
	Number      string
	Status      model.ClaimStatus
	Kind        model.ClaimKind
	PersonID    string
	PersonName  string
	FundID      string
	Project     string
	Total       model.Money
	Allowance   model.Money
	Year        int
	PeriodFrom  model.Date
	PeriodTo    model.Date
	PayoutRunID string
	Lines       int
}

// RowOfClaim makes the compact row.
func RowOfClaim(c *model.Claim) ClaimRow {
	return ClaimRow{ID: c.ID, Number: c.Number, Status: c.Status, Kind: c.Kind, PersonID: c.PersonID,
		PersonName: c.PersonName, FundID: c.FundID, Project: c.Project, Total: c.Total(),
		Allowance: c.AllowanceTotal(), Year: c.Year(), PeriodFrom: c.PeriodFrom, PeriodTo: c.PeriodTo,
		PayoutRunID: c.PayoutRunID, Lines: len(c.Lines)}
}

const claimRowSep = "\x1f"

func encodeClaimRow(r ClaimRow) []byte {
	return []byte(strings.Join([]string{r.Number, string(r.Status), string(r.Kind), r.PersonID, r.PersonName,
		r.FundID, r.Project, strconv.FormatInt(int64(r.Total), 10), strconv.FormatInt(int64(r.Allowance), 10),
		strconv.Itoa(r.Year), r.PeriodFrom.ISO(), r.PeriodTo.ISO(), r.PayoutRunID, strconv.Itoa(r.Lines)}, claimRowSep))
}

func decodeClaimRow(id string, val []byte) (ClaimRow, bool) {
	f := strings.Split(string(val), claimRowSep)
	if len(f) != 14 {
		return ClaimRow{}, false
	}
	total, _ := strconv.ParseInt(f[7], 10, 64)
	allow, _ := strconv.ParseInt(f[8], 10, 64)
	year, _ := strconv.Atoi(f[9])
	from, _ := model.ParseISODate(f[10])
	to, _ := model.ParseISODate(f[11])
	lines, _ := strconv.Atoi(f[13])
	return ClaimRow{ID: id, Number: f[0], Status: model.ClaimStatus(f[1]), Kind: model.ClaimKind(f[2]),
		PersonID: f[3], PersonName: f[4], FundID: f[5], Project: f[6], Total: model.Money(total),
		Allowance: model.Money(allow), Year: year, PeriodFrom: from, PeriodTo: to, PayoutRunID: f[12], Lines: lines}, true
}

func personYearKey(personID string, year int) string { return fmt.Sprintf("%s|%04d", personID, year) }

func claimIndexes(c *model.Claim) []Index {
	row := encodeClaimRow(RowOfClaim(c))
	out := []Index{
		{Name: IdxClaimStatus, Key: []byte(c.Status), Value: row},
		{Name: IdxClaimPerson, Key: []byte(personYearKey(c.PersonID, c.Year())), Value: row},
	}
	// A storniert claim, or a paid one a Storno took back in full, pays no
	// Einsatz any more: they can be claimed again.
	if c.Status != model.ClaimStorniert && c.ReversedBy == "" {
		for _, e := range c.EinsatzIDs() {
			out = append(out, Index{Name: IdxClaimEinsatz, Key: []byte(e), Value: []byte(c.Number)})
		}
	}
	return out
}

func prefixRange(p string) (from, to []byte) {
	return []byte(p + "\x00"), []byte(p + "\x01")
}

// LoadClaimRows returns every claim's row in number order. The status
// index holds every claim once, so it doubles as the list.
func LoadClaimRows(tx *Tx) ([]ClaimRow, error) { return loadClaimRows(tx, true) }

// loadClaimRows is LoadClaimRows; drop gives the pages back as the scan
// goes, like EachEinsatzRow (the lists at start). The reports read the
// index (≈ 7 MB of the large demo) without: dropping every page of the
// file every 10 ms while they read cost them 60 ms of faulting in again
// what they had just read; readsMuch drops it all a second after.
func loadClaimRows(tx *Tx, drop bool) ([]ClaimRow, error) {
	tx.readsMuch()
	var out []ClaimRow
	var err error
	scan := dropWhile
	if !drop {
		scan = func(_ *bolt.Tx, fn func()) { fn() }
	}
	scan(tx.btx, func() {
		// Counted over the index's keys first (not Count: it walks every
		// record page): growing the slice of rows as it filled was a
		// quarter of reading them.
		if b := tx.btx.Bucket(Claims.idxBucket(IdxClaimStatus)); b != nil {
			n, c := 0, b.Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				n++
			}
			out = make([]ClaimRow, 0, n)
		}
		err = Claims.Scan(tx, IdxClaimStatus, nil, nil, func(id string, _, val []byte) error {
			if r, ok := decodeClaimRow(id, val); ok {
				out = append(out, r)
			}
			return nil
		})
	})
	return sortClaimRows(out), err
}

// sortClaimRows puts rows in number order. It sorts their positions and
// copies each row once: moving the rows themselves (200 bytes each) while
// sorting was a tenth of the first open of Berichte.
func sortClaimRows(rows []ClaimRow) []ClaimRow {
	at := make([]int32, len(rows))
	for i := range at {
		at[i] = int32(i)
	}
	slices.SortFunc(at, func(a, b int32) int { return compareNumbers(rows[a].Number, rows[b].Number) })
	out := make([]ClaimRow, len(rows))
	for i, j := range at {
		out[i] = rows[j]
	}
	return out
}

// compareNumbers orders K-2026-0017 by year, then counter (the counter may
// outgrow its digits).
func compareNumbers(a, b string) int {
	if len(a) != len(b) && len(a) > 7 && len(b) > 7 && a[:7] == b[:7] {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// ClaimRowsByStatus returns the rows of one status.
func ClaimRowsByStatus(tx *Tx, s model.ClaimStatus) ([]ClaimRow, error) {
	var out []ClaimRow
	from, to := prefixRange(string(s))
	err := Claims.Scan(tx, IdxClaimStatus, from, to, func(id string, _, val []byte) error {
		if r, ok := decodeClaimRow(id, val); ok {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// ClaimRowsOfPerson returns a person's claims of one year.
func ClaimRowsOfPerson(tx *Tx, personID string, year int) ([]ClaimRow, error) {
	var out []ClaimRow
	from, to := prefixRange(personYearKey(personID, year))
	err := Claims.Scan(tx, IdxClaimPerson, from, to, func(id string, _, val []byte) error {
		if r, ok := decodeClaimRow(id, val); ok {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// ClaimPaying returns the number and ID of the claim that pays Einsatz
// einsatzID ("" if none).
func ClaimPaying(tx *Tx, einsatzID string) (number, id string, err error) {
	from, to := prefixRange(einsatzID)
	err = Claims.Scan(tx, IdxClaimEinsatz, from, to, func(cid string, _, val []byte) error {
		number, id = string(val), cid
		return errStopScan
	})
	if err == errStopScan {
		err = nil
	}
	return number, id, err
}

var errStopScan = fmt.Errorf("stop")

// ErrPaidTwice: an Einsatz is already paid by another claim.
type ErrPaidTwice struct{ Einsatz, Claim string }

func (e *ErrPaidTwice) Error() string {
	return fmt.Sprintf("Der Einsatz %s wird schon mit dem Antrag %s abgerechnet – ein Einsatz kann nur einmal bezahlt werden.", e.Einsatz, e.Claim)
}

// KostenSettings are the area's rules as data: the county's account for
// payouts, the dated mileage table, the dated yearly limits and, per year,
// the Fördertopf that pays the Sprachmittlung.
type KostenSettings struct {
	Account model.Account `json:"account"`
	KmRates model.KmRates `json:"kmRates"`
	Limits  model.Limits  `json:"limits"`
	// SprachmittlungFunds is the "Topf für Sprachmittlung" of each year: a
	// claim made from Einsätze is booked on it.
	SprachmittlungFunds []YearFund `json:"sprachmittlungFunds,omitempty"`
}

// YearFund names the Fördertopf of one year.
type YearFund struct {
	Year   int    `json:"year"`
	FundID string `json:"fundId"`
}

// SprachmittlungFund is the ID of the Topf für Sprachmittlung of year, or "".
func (s KostenSettings) SprachmittlungFund(year int) string {
	for _, y := range s.SprachmittlungFunds {
		if y.Year == year {
			return y.FundID
		}
	}
	return ""
}

// SetSprachmittlungFund makes fundID the Topf für Sprachmittlung of year
// ("" removes it).
func (s *KostenSettings) SetSprachmittlungFund(year int, fundID string) {
	out := s.SprachmittlungFunds[:0:0]
	for _, y := range s.SprachmittlungFunds {
		if y.Year != year {
			out = append(out, y)
		}
	}
	if fundID != "" {
		out = append(out, YearFund{Year: year, FundID: fundID})
	}
	slices.SortFunc(out, func(a, b YearFund) int { return a.Year - b.Year })
	s.SprachmittlungFunds = out
}

// SetSprachmittlungFund stores fund as the Topf für Sprachmittlung of its
// year (journaled like every settings change).
func SetSprachmittlungFund(tx *Tx, fundID string) (*model.Fund, error) {
	if err := tx.act(model.PermSettings); err != nil {
		return nil, err
	}
	defer tx.endAct()
	f, err := Funds.Get(tx, fundID)
	if err != nil {
		return nil, fmt.Errorf("Der Fördertopf wurde nicht gefunden – bitte die Liste neu laden.")
	}
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return nil, err
	}
	set.SetSprachmittlungFund(f.Year, f.ID)
	return f, SaveKostenSettings(tx, set)
}

// DefaultKostenSettings are used until the office saves its own; the
// account is a demo (a public example IBAN, not the county's).
func DefaultKostenSettings() KostenSettings {
	return KostenSettings{
		Account: model.Account{Name: "Landkreis Gifhorn", IBAN: "DE02120300000000202051",
			Street: "Schlossplatz", BuildingNo: "1", PostalCode: "38518", Town: "Gifhorn", Country: "DE"},
		KmRates: slices.Clone(model.DefaultKmRates),
		Limits:  slices.Clone(model.DefaultLimits),
	}
}

var (
	bucketKostenSettings = []byte("settings")
	keyKosten            = []byte("kosten")
)

// LoadKostenSettings reads the stored settings, or the defaults.
func LoadKostenSettings(tx *Tx) (KostenSettings, error) {
	def := DefaultKostenSettings()
	b := tx.btx.Bucket(bucketKostenSettings)
	if b == nil {
		return def, nil
	}
	raw, err := tx.get(b, bucketKostenSettings, keyKosten)
	if err != nil {
		return def, err // never compute with the defaults in its place
	}
	if raw == nil {
		return def, nil
	}
	var s KostenSettings
	if err := json.Unmarshal(raw, &s); err != nil {
		return def, fmt.Errorf("Die Einstellungen der Kostenerstattungen sind nicht lesbar (%w). Bitte „stabsstelle check“ ausführen.", err)
	}
	if len(s.KmRates) == 0 {
		s.KmRates = def.KmRates
	}
	if len(s.Limits) == 0 {
		s.Limits = def.Limits
	}
	return s, nil
}

// Validate checks the account and the dated tables with German messages
// (a model.ValidationError with the field keys of the settings forms).
func (s KostenSettings) Validate() error {
	return joinValidation(s.Account.Validate(), s.KmRates.Validate(), s.Limits.Validate())
}

// SaveKostenSettings stores s (journaled, published as kind "settings");
// the tables are kept sorted.
func SaveKostenSettings(tx *Tx, s KostenSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if ve := model.CheckText(s, nil); len(ve) > 0 {
		return ve
	}
	s.KmRates, s.Limits = s.KmRates.Sorted(), s.Limits.Sorted()
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	b, err := tx.bucket(bucketKostenSettings)
	if err != nil {
		return err
	}
	old, err := tx.get(b, bucketKostenSettings, keyKosten)
	if err != nil {
		return err
	}
	old = bytes.Clone(old)
	if err := tx.put(b, keyKosten, raw); err != nil {
		return err
	}
	return tx.record("settings", "settings:kosten", "", OpUpdate, old, raw)
}

// SaveClaim creates or edits a claim's content (person, period, lines …);
// status changes go through ApplyClaim. Fahrt lines are computed with the
// mileage table; an Einsatz already paid by another claim is refused in the
// same transaction; ordered or paid claims are frozen.
func SaveClaim(tx *Tx, c *model.Claim) error {
	if err := tx.act(model.PermClaim); err != nil {
		return err
	}
	defer tx.endAct()
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return err
	}
	if c.ID != "" {
		old, err := Claims.Get(tx, c.ID)
		if err != nil && err != ErrNotFound {
			return err
		}
		if old != nil {
			if msg := old.EditProblem(); msg != "" {
				return fmt.Errorf("%s", msg)
			}
			// The workflow fields are not the form's to change.
			c.Status, c.Submitted, c.Sachlich, c.Rechnerisch, c.Angeordnet, c.Paid = old.Status, old.Submitted, old.Sachlich, old.Rechnerisch, old.Angeordnet, old.Paid
			c.Steps, c.PayoutRunID, c.Rejection, c.Cancelled = old.Steps, old.PayoutRunID, old.Rejection, old.Cancelled
			c.Kind, c.CorrectsID, c.CorrectsNumber = old.Kind, old.CorrectsID, old.CorrectsNumber
		}
	} else if c.Status == "" {
		c.Status = model.ClaimEntwurf
	}
	if c.PersonID != "" {
		p, err := People.Get(tx, c.PersonID)
		if err != nil {
			return fmt.Errorf("Die Person zum Antrag wurde nicht gefunden – bitte neu auswählen.")
		}
		c.PersonName = p.Name
	}
	if c.FundID != "" {
		if _, err := Funds.Get(tx, c.FundID); err != nil {
			return fmt.Errorf("Der Fördertopf zum Antrag wurde nicht gefunden – bitte neu auswählen.")
		}
	}
	if err := c.Compute(set.KmRates); err != nil {
		return err
	}
	if err := checkEinsaetzeFree(tx, c); err != nil {
		return err
	}
	return Claims.Put(tx, c)
}

// checkEinsaetzeFree refuses a claim that pays an Einsatz twice: in two
// lines of the same kind, or when another claim pays it already.
func checkEinsaetzeFree(tx *Tx, c *model.Claim) error {
	label := func(eid string) string {
		if e, err := Einsaetze.Get(tx, eid); err == nil {
			return e.Number
		}
		return eid
	}
	seen := map[string]bool{}
	for _, l := range c.Lines {
		for _, eid := range l.EinsatzIDs {
			k := string(l.Kind) + "|" + eid
			if seen[k] {
				return fmt.Errorf("Der Einsatz %s steht zweimal im Antrag – bitte nur einmal abrechnen.", label(eid))
			}
			seen[k] = true
		}
	}
	for _, eid := range c.EinsatzIDs() {
		num, id, err := ClaimPaying(tx, eid)
		if err != nil {
			return err
		}
		if id != "" && id != c.ID {
			return &ErrPaidTwice{Einsatz: label(eid), Claim: num}
		}
	}
	return nil
}

// ApplyClaim performs a workflow step on claim id as the transaction's
// user; version must be the one the user saw (else ErrConflict). Payout
// steps are refused here: they belong to the payout run.
func ApplyClaim(tx *Tx, id string, version uint64, a model.ClaimAction, reason string) (*model.Claim, error) {
	if err := tx.act(ClaimActionPermissions(a)...); err != nil {
		return nil, err
	}
	defer tx.endAct()
	switch a {
	case model.ActPay, model.ActReserve, model.ActRelease:
		return nil, fmt.Errorf("Ausgezahlt wird ein Antrag über einen Zahllauf – bitte im Zahllauf bestätigen.")
	}
	c, err := Claims.Get(tx, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && c.Version != version {
		return nil, &ErrConflict{Kind: KindClaim, Number: c.Number, By: c.UpdatedBy, At: c.Updated}
	}
	p, err := People.Get(tx, c.PersonID)
	if err != nil {
		p = nil
	}
	if a == model.ActAnordnen && c.Kind != model.ClaimNormal {
		// A Storno or Korrektur takes effect when it is angeordnet.
		if err := correctionAllowed(tx, c); err != nil {
			return nil, err
		}
	}
	if err := c.Apply(a, tx.Who(), tx.Now(), reason, p); err != nil {
		return nil, err
	}
	if err := Claims.Put(tx, c); err != nil {
		return nil, err
	}
	if a == model.ActAnordnen && c.Kind != model.ClaimNormal {
		if err := applyCorrection(tx, c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// DeleteClaim removes a draft that was never handed in; its Einsätze
// become free to be claimed again.
func DeleteClaim(tx *Tx, id string) error {
	if err := tx.act(model.PermClaim); err != nil {
		return err
	}
	defer tx.endAct()
	c, err := Claims.Get(tx, id)
	if err != nil {
		return err
	}
	if c.Status != model.ClaimEntwurf || c.Submitted != nil || len(c.Steps) > 0 {
		return fmt.Errorf("Der Antrag %s wurde schon eingereicht und kann nicht gelöscht werden – bitte ablehnen oder stornieren.", c.Number)
	}
	for _, eid := range c.EinsatzIDs() {
		e, err := Einsaetze.Get(tx, eid)
		if err == nil && e.ClaimID == c.ID {
			e.ClaimID = ""
			if err := Einsaetze.Put(tx, e); err != nil {
				return err
			}
		}
	}
	return Claims.Delete(tx, id)
}

// Limit is the yearly tax-free check of a claim's person.
type Limit struct {
	Year               int
	Kind               model.LimitKind
	Used, Limit, After model.Money
	Warn, Near         bool
}

// ClaimLimit computes the yearly limit check for c (not yet counted if
// still a draft) with the configured limits.
func ClaimLimit(tx *Tx, c *model.Claim) (Limit, error) {
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return Limit{}, err
	}
	p, err := People.Get(tx, c.PersonID)
	if err != nil {
		return Limit{}, fmt.Errorf("Die Person zum Antrag wurde nicht gefunden.")
	}
	year := c.Year()
	rows, err := ClaimRowsOfPerson(tx, c.PersonID, year)
	if err != nil {
		return Limit{}, err
	}
	claims := make([]*model.Claim, 0, len(rows))
	for _, r := range rows {
		// Rows carry the allowance sum, enough for the limit.
		cl := &model.Claim{PersonID: r.PersonID, PeriodFrom: r.PeriodFrom, PeriodTo: r.PeriodTo, Status: r.Status,
			Lines: []model.ClaimLine{{Kind: model.LinePauschale, Amount: r.Allowance}}}
		cl.ID = r.ID
		claims = append(claims, cl)
	}
	used, limit, after, warn := set.Limits.Check(p, year, claims, c)
	kind := model.LimitEhrenamt
	if p.Volunteer != nil {
		kind = p.Volunteer.LimitKind.Or()
	}
	return Limit{Year: year, Kind: kind, Used: used, Limit: limit, After: after, Warn: warn, Near: model.LimitNear(after, limit)}, nil
}

// PersonAllowances sums the counted allowances per person of a year, from
// the rows (for the Engagierte list).
func PersonAllowances(rows []ClaimRow, year int) map[string]model.Money {
	out := map[string]model.Money{}
	for _, r := range rows {
		if r.Year == year && r.Status.Counts() {
			out[r.PersonID] += r.Allowance
		}
	}
	return out
}

// FundUsages adds up committed and paid amounts per fund from the rows.
func FundUsages(funds []*model.Fund, rows []ClaimRow) map[string]model.FundUsage {
	out := make(map[string]model.FundUsage, len(funds))
	for _, f := range funds {
		out[f.ID] = model.FundUsage{Amount: f.Amount, Left: f.Amount}
	}
	for _, r := range rows {
		u, ok := out[r.FundID]
		if !ok {
			continue
		}
		u.Add(r.Status, r.Total)
		out[r.FundID] = u
	}
	return out
}

// ClaimFundProblems returns the Fördertopf warnings for c (kinds not paid,
// larger than what is left).
func ClaimFundProblems(tx *Tx, c *model.Claim) ([]string, error) {
	if c.FundID == "" {
		return nil, nil
	}
	f, err := Funds.Get(tx, c.FundID)
	if err != nil {
		return nil, nil
	}
	rows, err := LoadClaimRows(tx)
	if err != nil {
		return nil, err
	}
	u := model.FundUsage{Amount: f.Amount, Left: f.Amount}
	for _, r := range rows {
		if r.FundID == f.ID && r.ID != c.ID {
			u.Add(r.Status, r.Total)
		}
	}
	return model.FundProblems(f, u, c), nil
}

// AllFunds returns the funds by year and name.
func AllFunds(tx *Tx) ([]*model.Fund, error) {
	fs, err := Funds.All(tx)
	slices.SortFunc(fs, func(a, b *model.Fund) int {
		if a.Year != b.Year {
			return b.Year - a.Year
		}
		return strings.Compare(a.Name, b.Name)
	})
	return fs, err
}

// Volunteers returns every person with a volunteer profile, by name.
func Volunteers(tx *Tx) ([]*model.Person, error) {
	var out []*model.Person
	err := People.Each(tx, func(p *model.Person) error {
		if p.Volunteer != nil && !p.IsRestricted() { // Art. 18: not listed
			out = append(out, p)
		}
		return nil
	})
	slices.SortFunc(out, func(a, b *model.Person) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out, err
}

// PersonClaims loads a person's full claims of one year.
func PersonClaims(tx *Tx, personID string, year int) ([]*model.Claim, error) {
	rows, err := ClaimRowsOfPerson(tx, personID, year)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Claim, 0, len(rows))
	for _, r := range rows {
		c, err := Claims.Get(tx, r.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Jahresbescheinigung is the yearly statement text of a person.
func Jahresbescheinigung(tx *Tx, personID string, year int) (string, error) {
	p, err := People.Get(tx, personID)
	if err != nil {
		return "", err
	}
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return "", err
	}
	claims, err := PersonClaims(tx, personID, year)
	if err != nil {
		return "", err
	}
	return model.Jahresbescheinigung(p, year, claims, set.Limits, set.Account, tx.Now()), nil
}

// ClaimFromEinsaetze turns finished Einsätze of interpreter personID into
// one draft claim in one step, from each Einsatz's parts (EinsatzParts):
// an allowance line with the Aufwandsentschädigung and any
// Ausfallpauschale, and, where km were driven, a Fahrt line with those km
// at the tariff's km rate – each part once. The claim is booked on the
// year's Topf für Sprachmittlung (settings), if one is set. Each Einsatz
// gets the claim's ID at once (so it cannot be claimed twice) and moves to
// "abgerechnet" when the payout run that pays the claim is confirmed.
func ClaimFromEinsaetze(tx *Tx, personID string, einsatzIDs []string) (*model.Claim, error) {
	if err := tx.act(model.PermClaim); err != nil {
		return nil, err
	}
	defer tx.endAct()
	p, err := People.Get(tx, personID)
	if err != nil {
		return nil, fmt.Errorf("Die Sprachmittler:in wurde nicht gefunden.")
	}
	if len(einsatzIDs) == 0 {
		return nil, fmt.Errorf("Bitte mindestens einen durchgeführten Einsatz auswählen.")
	}
	c := &model.Claim{PersonID: p.ID, PersonName: p.Name, Project: "Sprachmittlung", Purpose: "Aufwandsentschädigung Sprachmittlung", Status: model.ClaimEntwurf}
	var es []*model.Einsatz
	for _, id := range einsatzIDs {
		e, err := einsatzToClaim(tx, id, personID, p.Name)
		if err != nil {
			return nil, err
		}
		d := addEinsatzLines(c, p, e)
		if c.PeriodFrom.IsZero() || d.Before(c.PeriodFrom) {
			c.PeriodFrom = d
		}
		if d.After(c.PeriodTo) {
			c.PeriodTo = d
		}
		es = append(es, e)
	}
	if c.PeriodFrom.Year != c.PeriodTo.Year {
		return nil, fmt.Errorf("Die Einsätze liegen in verschiedenen Jahren – bitte für jedes Jahr einen eigenen Antrag anlegen.")
	}
	set, err := LoadKostenSettings(tx)
	if err != nil {
		return nil, err
	}
	if id := set.SprachmittlungFund(c.PeriodFrom.Year); id != "" {
		if _, err := Funds.Get(tx, id); err == nil {
			c.FundID = id
		}
	}
	if err := SaveClaim(tx, c); err != nil {
		return nil, err
	}
	for _, e := range es {
		e.ClaimID = c.ID
		if err := Einsaetze.Put(tx, e); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// einsatzToClaim reads Einsatz id for a claim of interpreter personID
// (name for the message): it must be theirs, finished with something to
// pay, and in no other claim.
func einsatzToClaim(tx *Tx, id, personID, name string) (*model.Einsatz, error) {
	e, err := Einsaetze.Get(tx, id)
	if err != nil {
		return nil, err
	}
	if e.InterpreterID != personID {
		return nil, fmt.Errorf("Der Einsatz %s gehört nicht zu %s.", e.Number, name)
	}
	if e.ClaimID != "" {
		num := e.ClaimID
		if o, err := Claims.Get(tx, e.ClaimID); err == nil {
			num = o.Number
		}
		return nil, &ErrPaidTwice{Einsatz: e.Number, Claim: num}
	}
	if !claimable(e) {
		return nil, fmt.Errorf("Der Einsatz %s ist %s – abgerechnet werden nur durchgeführte Einsätze mit Einsatznachweis und Absagen mit Ausfallpauschale.", e.Number, e.Status.Label())
	}
	return e, nil
}

// addEinsatzLines adds the lines of Einsatz e of interpreter p to c: the
// allowance line and, where km were driven, a Fahrt line. It returns the
// day of the lines (the day worked by the Nachweis, else the day booked).
func addEinsatzLines(c *model.Claim, p *model.Person, e *model.Einsatz) model.Date {
	parts := e.Parts()
	d := model.DateOf(e.Start)
	desc := "Sprachmittlung " + e.Number + " " + e.Language
	if e.Nachweis != nil {
		d = model.DateOf(e.Nachweis.ActualStart)
	} else {
		desc = "Ausfallpauschale " + e.Number
	}
	if parts.CancelFee > 0 && parts.Allowance > 0 {
		desc += " mit Ausfallpauschale"
	}
	ids, nums := []string{e.ID}, []string{e.Number}
	c.Lines = append(c.Lines, model.ClaimLine{Kind: model.LinePauschale, Date: d, Amount: parts.AllowanceLine(),
		Description: desc, EinsatzIDs: ids, EinsatzNumbers: nums})
	if parts.Travel > 0 {
		from := p.City
		if from == "" {
			from = "Wohnort"
		}
		to := e.Place
		if to == "" {
			to = "Einsatzort"
		}
		c.Lines = append(c.Lines, model.ClaimLine{Kind: model.LineFahrt, Date: d, From: from, To: to,
			Km: parts.Km, Vehicle: model.VehicleAuto, Rate: parts.KmRate, TariffRate: true,
			Description: e.Number, EinsatzIDs: ids, EinsatzNumbers: nums})
	}
	return d
}

// claimable reports whether e is finished and has something to pay: a
// durchgeführt Einsatz with its Nachweis, or a cancelled one (kurzfristig,
// nicht erschienen) with an Ausfallpauschale.
func claimable(e *model.Einsatz) bool {
	switch e.Status {
	case model.StatusDurchgefuehrt:
		return e.Nachweis != nil
	case model.StatusStorniertKurzfristig, model.StatusNichtErschienen:
		return e.Parts().CancelFee > 0
	}
	return false
}

// UnclaimedEinsaetze lists an interpreter's finished Einsätze starting in
// [from, to] (Berlin days) that no claim pays yet (durchgeführt with
// Nachweis, or cancelled at short notice with an Ausfallpauschale), oldest
// first.
func UnclaimedEinsaetze(tx *Tx, personID string, from, to model.Date) ([]*model.Einsatz, error) {
	rows, err := EinsaetzeOfInterpreter(tx, personID, from.Midnight(), to.AddDays(1).Midnight())
	if err != nil {
		return nil, err
	}
	var out []*model.Einsatz
	for _, r := range rows {
		switch r.Status {
		case model.StatusDurchgefuehrt, model.StatusStorniertKurzfristig, model.StatusNichtErschienen:
		default:
			continue
		}
		e, err := Einsaetze.Get(tx, r.ID)
		if err != nil {
			return nil, err
		}
		if e.ClaimID != "" || !claimable(e) {
			continue
		}
		if _, id, err := ClaimPaying(tx, e.ID); err != nil || id != "" {
			continue
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *model.Einsatz) int { return a.Start.Compare(b.Start) })
	return out, nil
}

// OldestUnclaimedYear is the year of the interpreter's oldest unclaimed
// finished Einsatz of the last three years (a claim covers one year), or
// this year if there is none.
func OldestUnclaimedYear(tx *Tx, personID string) (int, error) {
	today := model.Today(tx.Now())
	es, err := UnclaimedEinsaetze(tx, personID, model.Date{Year: today.Year - 3, Month: 1, Day: 1}, today)
	if err != nil || len(es) == 0 {
		return today.Year, err
	}
	return model.DateOf(es[0].Start).Year, nil
}

// EinsatzClaimNumbers maps every Einsatz a claim pays to that claim's
// number (drafts included, storniert claims not), from the index.
func EinsatzClaimNumbers(tx *Tx) (map[string]string, error) {
	out := map[string]string{}
	name := Claims.idxBucket(IdxClaimEinsatz)
	b := tx.btx.Bucket(name)
	if b == nil {
		return out, nil
	}
	err := b.ForEach(func(k, raw []byte) error {
		v, err := tx.unseal(name, k, raw)
		if err != nil {
			return err
		}
		if i := bytes.IndexByte(k, 0); i > 0 {
			out[string(k[:i])] = string(v)
		}
		return nil
	})
	return out, err
}
