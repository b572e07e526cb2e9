package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"stabsstelle/model"
)

// SprachmittlungSettings are the office's rules for Sprachmittlung, kept as
// data: dated tariffs, intake rules and the travel buffer between on-site
// Einsätze.
type SprachmittlungSettings struct {
	Tariffs       []model.Tariff    `json:"tariffs"`
	Intake        model.IntakeRules `json:"intake"`
	BufferMinutes int               `json:"bufferMinutes"`
}

// DefaultSprachmittlungSettings are used until the office saves its own.
func DefaultSprachmittlungSettings() SprachmittlungSettings {
	return SprachmittlungSettings{
		Tariffs:       model.DefaultTariffs(),
		Intake:        model.DefaultIntakeRules(),
		BufferMinutes: int(model.DefaultTravelBuffer / time.Minute),
	}
}

// Buffer is the travel buffer as a duration.
func (s SprachmittlungSettings) Buffer() time.Duration {
	if s.BufferMinutes < 0 {
		return 0
	}
	return time.Duration(s.BufferMinutes) * time.Minute
}

// TariffAt returns the tariff valid on d, or the oldest one (or the
// default) when d lies before every ValidFrom.
func (s SprachmittlungSettings) TariffAt(d model.Date) model.Tariff {
	if t, ok := model.TariffAt(s.Tariffs, d); ok {
		return t
	}
	ts := append([]model.Tariff(nil), s.Tariffs...)
	if len(ts) == 0 {
		ts = model.DefaultTariffs()
	}
	model.SortTariffs(ts)
	return ts[0]
}

// Validate checks the settings with German messages: the tariff table
// (at least one, none twice from the same day), the intake rules and the
// travel buffer. Problems come as a model.ValidationError with the field
// keys of the settings forms.
func (s SprachmittlungSettings) Validate() error {
	var v model.ValidationError
	v.Check(s.BufferMinutes >= 0 && s.BufferMinutes <= 240, "bufferMinutes", "Der Fahrtpuffer liegt zwischen 0 und 240 Minuten.")
	return joinValidation(model.ValidateTariffs(s.Tariffs), s.Intake.Validate(), v.Err())
}

// joinValidation merges the field problems of several checks into one
// model.ValidationError, so a form can show all of them; any other error
// is returned as it is.
func joinValidation(errs ...error) error {
	var v model.ValidationError
	for _, err := range errs {
		var fv model.ValidationError
		switch {
		case err == nil:
		case errors.As(err, &fv):
			v = append(v, fv...)
		default:
			return err
		}
	}
	return v.Err()
}

// KindSettings is the change-feed kind of the settings records (both the
// Sprachmittlung and the Kostenerstattungen ones).
const KindSettings = "settings"

var (
	bucketSettings    = []byte("settings")
	keySprachmittlung = []byte("sprachmittlung")
	kindSettings      = KindSettings
)

// LoadSprachmittlungSettings reads the stored settings, or the defaults.
func LoadSprachmittlungSettings(tx *Tx) (SprachmittlungSettings, error) {
	def := DefaultSprachmittlungSettings()
	b := tx.btx.Bucket(bucketSettings)
	if b == nil {
		return def, nil
	}
	raw, err := tx.get(b, bucketSettings, keySprachmittlung)
	if err != nil {
		return def, err // never compute with the defaults in its place
	}
	if raw == nil {
		return def, nil
	}
	var s SprachmittlungSettings
	if err := json.Unmarshal(raw, &s); err != nil {
		return def, fmt.Errorf("Die Einstellungen der Sprachmittlung sind nicht lesbar (%w). Bitte „stabsstelle check“ ausführen.", err)
	}
	if len(s.Tariffs) == 0 {
		s.Tariffs = def.Tariffs
	}
	return s, nil
}

// SaveSprachmittlungSettings stores s (journaled, published as kind
// "settings").
func SaveSprachmittlungSettings(tx *Tx, s SprachmittlungSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if ve := model.CheckText(s, nil); len(ve) > 0 {
		return ve
	}
	model.SortTariffs(s.Tariffs)
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	b, err := tx.bucket(bucketSettings)
	if err != nil {
		return err
	}
	old, err := tx.get(b, bucketSettings, keySprachmittlung)
	if err != nil {
		return err
	}
	if old != nil {
		old = append([]byte(nil), old...)
	}
	if err := tx.put(b, keySprachmittlung, raw); err != nil {
		return err
	}
	return tx.record(kindSettings, "settings:sprachmittlung", "", OpUpdate, old, raw)
}
