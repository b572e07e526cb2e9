package store

import (
	"encoding/json"
	"fmt"

	"stabsstelle/model"
)

// The office's retention rules (model/retention.go) live in the settings
// bucket under one key, journaled like every setting.

const retentionID = settingsIDPrefix + "loeschfristen"

var keyRetention = []byte("loeschfristen")

type retentionState struct {
	Rules model.RetentionRules `json:"rules"`
}

// LoadRetentionRules returns the office's rules, every kind present (the
// defaults for kinds the office has not set).
func LoadRetentionRules(tx *Tx) (model.RetentionRules, error) {
	raw := settingsGet(tx, keyRetention)
	if raw == nil {
		return model.RetentionRules(nil).Complete(), nil
	}
	var st retentionState
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, fmt.Errorf("Die Löschfristen sind nicht lesbar (%w). Bitte „stabsstelle check“ ausführen.", err)
	}
	if err := st.Rules.Validate(); err != nil {
		return nil, fmt.Errorf("Die gespeicherten Löschfristen sind ungültig: %w", err)
	}
	return st.Rules.Complete(), nil
}

// SaveRetentionRules stores the rules (needs the permission for retention
// rules, role Verwaltung).
func SaveRetentionRules(tx *Tx, rules model.RetentionRules) error {
	if err := tx.act(model.PermRetention); err != nil {
		return err
	}
	defer tx.endAct()
	if err := rules.Validate(); err != nil {
		return err
	}
	raw, err := json.Marshal(retentionState{Rules: rules.Complete()})
	if err != nil {
		return err
	}
	return settingsKind{}.Restore(tx, retentionID, raw)
}
