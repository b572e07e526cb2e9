package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"stabsstelle/model"
)

// The settings of the Kostenerstattungen area: the county's account, the
// mileage table, the yearly limits and the Töpfe für Sprachmittlung.

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
