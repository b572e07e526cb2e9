package store

import (
	"encoding/json"
	"fmt"
)

// BedienungSettings are how one member likes to work the program (one
// record per member, "settings:bedienung:<name>"): whether the mouse is on.
// Each member may change their own, whatever their roles.
type BedienungSettings struct {
	// MouseOff: the program does not take the mouse (clicks and the
	// wheel), so the terminal selects text with it as usual.
	MouseOff bool `json:"mouseOff"`
}

const bedienungPrefix = "bedienung:"

func bedienungKey(user string) []byte { return []byte(bedienungPrefix + user) }

// bedienungID is the journal id of a member's record.
func bedienungID(user string) string { return settingsIDPrefix + bedienungPrefix + user }

// LoadBedienungSettings reads user's settings; the defaults (mouse on)
// while none are stored.
func LoadBedienungSettings(tx *Tx, user string) (BedienungSettings, error) {
	var s BedienungSettings
	raw, err := tx.get(tx.btx.Bucket(bucketSettings), bucketSettings, bedienungKey(user))
	if err != nil {
		return s, err
	}
	if raw == nil {
		return s, nil
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return BedienungSettings{}, fmt.Errorf("Die Einstellungen der Bedienung von %s sind nicht lesbar (%w). Bitte „stabsstelle check“ ausführen.", user, err)
	}
	return s, nil
}

// SaveBedienungSettings stores the writer's own settings (sealed,
// journaled, published as kind "settings").
func SaveBedienungSettings(tx *Tx, s BedienungSettings) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return settingsKind{}.Restore(tx, bedienungID(tx.who), raw)
}
