package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Vehicle is how a volunteer travelled; each has its own km rate.
type Vehicle string

const (
	VehicleAuto     Vehicle = "auto"
	VehicleMotorrad Vehicle = "motorrad"
	VehicleFahrrad  Vehicle = "fahrrad"
)

// Vehicles in the order forms offer them.
var Vehicles = []Vehicle{VehicleAuto, VehicleMotorrad, VehicleFahrrad}

// Label is the German word.
func (v Vehicle) Label() string {
	switch v {
	case VehicleAuto:
		return "Auto"
	case VehicleMotorrad:
		return "Motorrad/Moped"
	case VehicleFahrrad:
		return "Fahrrad/E-Bike"
	}
	return string(v)
}

// ParseVehicle accepts codes and German words.
func ParseVehicle(s string) (Vehicle, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto", "pkw", "kfz", "wagen":
		return VehicleAuto, true
	case "motorrad", "moped", "motorrad/moped", "roller":
		return VehicleMotorrad, true
	case "fahrrad", "rad", "e-bike", "fahrrad/e-bike", "pedelec":
		return VehicleFahrrad, true
	}
	return "", false
}

// Km is a distance in tenths of a kilometre (12,5 km = 125), so distances
// stay integers all the way to the amount.
type Km int64

// String formats "12,5 km" (whole kilometres without decimals: "12 km").
func (k Km) String() string { return k.Plain() + " km" }

// Plain formats 12,5 without the unit.
func (k Km) Plain() string {
	neg := ""
	if k < 0 {
		neg, k = "-", -k
	}
	if k%10 == 0 {
		return fmt.Sprintf("%s%d", neg, k/10)
	}
	return fmt.Sprintf("%s%d,%d", neg, k/10, k%10)
}

// ParseKm reads "12", "12,5", "12.5", "12,5 km". More than one decimal is
// not accepted: a trip log has at most tenths.
func ParseKm(s string) (Km, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	t = strings.TrimSpace(strings.TrimSuffix(t, "km"))
	if t == "" {
		return 0, errors.New("Bitte die Kilometer eingeben, z. B. 12,5")
	}
	bad := fmt.Errorf("„%s“ ist keine Kilometerangabe – bitte z. B. 12,5 eingeben.", quoteTyped(s))
	neg := false
	if strings.HasPrefix(t, "-") {
		neg, t = true, t[1:]
	}
	whole, frac, hasFrac := strings.Cut(strings.ReplaceAll(t, ".", ","), ",")
	if whole == "" && !hasFrac || len(whole) > 6 || hasFrac && (len(frac) != 1) {
		if hasFrac && len(frac) > 1 {
			return 0, fmt.Errorf("„%s“: bitte höchstens eine Nachkommastelle, z. B. 12,5", quoteTyped(s))
		}
		return 0, bad
	}
	var n int64
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, bad
		}
		n = n*10 + int64(c-'0')
	}
	if !hasFrac {
		n *= 10
	}
	if neg {
		n = -n
	}
	return Km(n), nil
}

// KmRate is one dated entry of the mileage table: from ValidFrom on, trips
// with Vehicle are paid PerKm per kilometre, at most Cap per trip (0 = no
// cap). The defaults are an ANNAHME (assumption) until the county confirms
// its rates (docs/DOMAIN.md §2.3); the table is data in the settings.
type KmRate struct {
	ValidFrom Date    `json:"validFrom"`
	Vehicle   Vehicle `json:"vehicle"`
	PerKm     Money   `json:"perKm"`
	Cap       Money   `json:"cap,omitempty"`
}

// KmRates is the mileage table.
type KmRates []KmRate

// DefaultKmRates: car 0,30 €/km (the common volunteer rate), motorbike
// 0,20 €/km, bicycle 0,10 €/km (NRKVO since 1.10.2022), 130 € per trip cap
// (BRKG § 5). Annahme – to be confirmed by the Kreisverwaltung.
var DefaultKmRates = KmRates{
	{ValidFrom: Date{2021, 1, 1}, Vehicle: VehicleAuto, PerKm: 30, Cap: 13000},
	{ValidFrom: Date{2021, 1, 1}, Vehicle: VehicleMotorrad, PerKm: 20, Cap: 13000},
	{ValidFrom: Date{2021, 1, 1}, Vehicle: VehicleFahrrad, PerKm: 5, Cap: 13000},
	{ValidFrom: Date{2022, 10, 1}, Vehicle: VehicleFahrrad, PerKm: 10, Cap: 13000},
}

// For returns the rate valid on day d for vehicle v: the entry with the
// latest ValidFrom not after d.
func (t KmRates) For(v Vehicle, d Date) (KmRate, bool) {
	var best KmRate
	found := false
	for _, r := range t {
		if r.Vehicle != v || r.ValidFrom.After(d) {
			continue
		}
		if !found || r.ValidFrom.After(best.ValidFrom) {
			best, found = r, true
		}
	}
	return best, found
}

// Amount computes the payment for km with this rate, capped per trip.
func (r KmRate) Amount(km Km) Money {
	a := r.PerKm.MulDiv(int64(km), 10)
	if r.Cap > 0 && a > r.Cap {
		a = r.Cap
	}
	if r.Cap > 0 && a < -r.Cap {
		a = -r.Cap
	}
	return a
}

// AllowanceLimit is one dated entry of the tax-free yearly amounts.
type AllowanceLimit struct {
	Kind     LimitKind `json:"kind"`
	FromYear int       `json:"fromYear"`
	Amount   Money     `json:"amount"`
}

// Limits is the table of yearly tax-free amounts.
type Limits []AllowanceLimit

// DefaultLimits (docs/DOMAIN.md §2.2): Ehrenamtspauschale 720 € (2013–2020),
// 840 € (2021–2025), 960 € (from 2026); Übungsleiterpauschale 2.400 €,
// 3.000 €, 3.300 €.
var DefaultLimits = Limits{
	{LimitEhrenamt, 2013, 72000}, {LimitEhrenamt, 2021, 84000}, {LimitEhrenamt, 2026, 96000},
	{LimitUebungsleiter, 2013, 240000}, {LimitUebungsleiter, 2021, 300000}, {LimitUebungsleiter, 2026, 330000},
}

// For returns the limit of kind for year (0 when the table knows none).
func (t Limits) For(kind LimitKind, year int) Money {
	kind = kind.Or()
	best, by := Money(0), -1
	for _, l := range t {
		if l.Kind == kind && l.FromYear <= year && l.FromYear > by {
			best, by = l.Amount, l.FromYear
		}
	}
	return best
}

// LimitCheck adds up the allowance lines (Aufwandsentschädigung/Pauschale)
// of person p in calendar year across claims that count (eingereicht and
// later; not Entwurf), and what the allowance lines of c (if not nil and in
// year) would add. warn is true when after exceeds the limit: shown before an
// approval so the team can decide. It uses DefaultLimits; Limits.Check takes
// a configured table.
func LimitCheck(p *Person, year int, claims []*Claim, c *Claim) (used, limit, after Money, warn bool) {
	return DefaultLimits.Check(p, year, claims, c)
}

// Check is LimitCheck with this table.
func (t Limits) Check(p *Person, year int, claims []*Claim, c *Claim) (used, limit, after Money, warn bool) {
	kind := LimitEhrenamt
	if p != nil && p.Volunteer != nil {
		kind = p.Volunteer.LimitKind.Or()
	}
	limit = t.For(kind, year)
	for _, o := range claims {
		if o == nil || p == nil || o.PersonID != p.ID || o.Year() != year || !o.Status.Counts() {
			continue
		}
		if c != nil && c.ID != "" && o.ID == c.ID {
			continue
		}
		used += o.AllowanceTotal()
	}
	after = used
	if c != nil && c.Year() == year {
		after += c.AllowanceTotal()
	}
	return used, limit, after, limit > 0 && after > limit
}

// LimitNear reports whether used reaches 90 % of limit, for badges in lists.
func LimitNear(used, limit Money) bool {
	return limit > 0 && used*10 >= limit*9
}

// Sorted returns a copy ordered by vehicle and date, for settings screens.
func (t KmRates) Sorted() KmRates {
	out := slices.Clone(t)
	slices.SortFunc(out, func(a, b KmRate) int {
		if c := strings.Compare(string(a.Vehicle), string(b.Vehicle)); c != 0 {
			return c
		}
		return a.ValidFrom.Compare(b.ValidFrom)
	})
	return out
}

// Plausibility bounds of the settings tables; beyond them a value is a
// typing accident (0,30 €/km typed as 30 €/km).
const (
	MaxKmRate     Money = 200     // 2 € per km
	MaxKmCap      Money = 100000  // 1.000 € per trip
	MaxYearlyFree Money = 2000000 // 20.000 € per year
)

// Validate checks one entry of the mileage table with German messages; the
// field keys are those of the settings form.
func (r KmRate) Validate() error {
	var v ValidationError
	switch {
	case r.ValidFrom.IsZero():
		v.Add("validFrom", "Bitte angeben, ab wann der km-Satz gilt.")
	case r.ValidFrom.Year < 2000 || r.ValidFrom.Year > 2100:
		v.Add("validFrom", fmt.Sprintf("Das Jahr %d ist wohl ein Tippfehler – bitte ein Datum zwischen 2000 und 2100 eingeben.", r.ValidFrom.Year))
	}
	v.Check(slices.Contains(Vehicles, r.Vehicle), "vehicle", "Bitte das Fahrzeug wählen (Auto, Motorrad/Moped, Fahrrad/E-Bike).")
	v.Check(r.PerKm >= 0 && r.PerKm <= MaxKmRate, "perKm", "Der km-Satz liegt zwischen 0 und "+MaxKmRate.String()+" je km.")
	v.Check(r.Cap >= 0 && r.Cap <= MaxKmCap, "cap", "Der Höchstbetrag je Fahrt liegt zwischen 0 (keiner) und "+MaxKmCap.String()+".")
	return v.Err()
}

// Validate checks the whole mileage table: every entry valid, no vehicle
// with two rates from the same day, and every vehicle with at least one
// rate (a trip by a vehicle without one could not be paid).
func (t KmRates) Validate() error {
	var v ValidationError
	type key struct {
		v Vehicle
		d Date
	}
	seen := map[key]bool{}
	has := map[Vehicle]bool{}
	for _, r := range t {
		has[r.Vehicle] = true
		if err := r.Validate(); err != nil {
			var rv ValidationError
			if !errors.As(err, &rv) {
				return err
			}
			for _, fe := range rv {
				v.Add(fe.Field, entryPrefix(r.Vehicle.Label()+" ab ", r.ValidFrom)+fe.Msg)
			}
			continue
		}
		k := key{r.Vehicle, r.ValidFrom}
		if seen[k] {
			v.Add("validFrom", fmt.Sprintf("Für %s gilt ab dem %s schon ein km-Satz – je Fahrzeug und Tag kann nur einer beginnen. Bitte ein anderes Datum wählen oder den bestehenden Satz bearbeiten.", r.Vehicle.Label(), r.ValidFrom))
		}
		seen[k] = true
	}
	for _, veh := range Vehicles {
		v.Check(has[veh], "vehicle", "Für "+veh.Label()+" bleibt kein km-Satz – es muss je Fahrzeug mindestens einer hinterlegt sein (0 € ist möglich).")
	}
	return v.Err()
}

// Validate checks one yearly tax-free amount.
func (l AllowanceLimit) Validate() error {
	var v ValidationError
	v.Check(slices.Contains(LimitKinds, l.Kind), "kind", "Bitte die Art wählen (Ehrenamtspauschale oder Übungsleiterpauschale).")
	v.Check(l.FromYear >= 2000 && l.FromYear <= 2100, "fromYear", "Das Jahr liegt zwischen 2000 und 2100.")
	v.Check(l.Amount > 0 && l.Amount <= MaxYearlyFree, "amount", "Der Jahresbetrag liegt zwischen 0,01 € und "+MaxYearlyFree.String()+".")
	return v.Err()
}

// Validate checks the table of yearly amounts: every entry valid, no kind
// twice from the same year, and each kind with at least one amount (without
// one the limit warning would silently stop).
func (t Limits) Validate() error {
	var v ValidationError
	type key struct {
		k LimitKind
		y int
	}
	seen := map[key]bool{}
	has := map[LimitKind]bool{}
	for _, l := range t {
		has[l.Kind] = true
		if err := l.Validate(); err != nil {
			var lv ValidationError
			if !errors.As(err, &lv) {
				return err
			}
			for _, fe := range lv {
				v.Add(fe.Field, fmt.Sprintf("%s ab %d: %s", l.Kind.Name(), l.FromYear, fe.Msg))
			}
			continue
		}
		k := key{l.Kind, l.FromYear}
		if seen[k] {
			v.Add("fromYear", fmt.Sprintf("Für die %s gibt es ab %d schon einen Betrag – je Art und Jahr nur einer. Bitte ein anderes Jahr wählen oder den bestehenden Eintrag bearbeiten.", l.Kind.Name(), l.FromYear))
		}
		seen[k] = true
	}
	for _, k := range LimitKinds {
		v.Check(has[k], "kind", "Für die "+k.Name()+" bleibt kein Betrag – je Art muss mindestens einer hinterlegt sein.")
	}
	return v.Err()
}

// Assumed reports whether r is one of the built-in defaults, which are an
// assumption until the county confirms its rates (docs/DOMAIN.md §2.3).
func (r KmRate) Assumed() bool { return slices.Contains(DefaultKmRates, r) }

// Name is the kind's plain German name for sentences
// ("Ehrenamtspauschale"), without the paragraph Label adds.
func (k LimitKind) Name() string {
	if k == LimitUebungsleiter {
		return "Übungsleiterpauschale"
	}
	if k == LimitEhrenamt {
		return "Ehrenamtspauschale"
	}
	return "„" + string(k) + "“"
}

// Sorted returns a copy ordered by kind and year, for settings screens.
func (t Limits) Sorted() Limits {
	out := slices.Clone(t)
	slices.SortFunc(out, func(a, b AllowanceLimit) int {
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		return a.FromYear - b.FromYear
	})
	return out
}
