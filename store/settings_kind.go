package store

import (
	"bytes"
	"encoding/json"
	"strings"
)

// settingsKind makes the two settings records (Sprachmittlung: tariffs and
// intake rules; Kostenerstattungen: km rates, limits, payer account) known
// to undo and history. Without it a change on the "Regeln & Sätze" screen
// could not be taken back with ctrl+z, and it blocked undoing anything the
// same person had changed before it.
//
// They are not records of a "rec:" bucket: each is one key in the settings
// bucket, without version stamps, so undo compares their bytes (see
// singleton).
type settingsKind struct{}

// singleton is implemented by kinds whose records live outside the "rec:"
// buckets: undo reads the current state through it, and check does not
// count them as records.
type singleton interface {
	Current(tx *Tx, id string) ([]byte, error)
}

func init() { RegisterKind(settingsKind{}) }

const settingsIDPrefix = "settings:"

func settingsKey(id string) []byte { return []byte(strings.TrimPrefix(id, settingsIDPrefix)) }

func (settingsKind) KindName() string  { return KindSettings }
func (settingsKind) KindLabel() string { return "Regeln & Sätze" }

// Current is the stored state of "settings:sprachmittlung" or
// "settings:kosten", nil while the defaults apply.
func (settingsKind) Current(tx *Tx, id string) ([]byte, error) {
	return tx.get(tx.btx.Bucket(bucketSettings), bucketSettings, settingsKey(id))
}

// Restore writes a journaled state back; nil means "the defaults again".
func (settingsKind) Restore(tx *Tx, id string, raw []byte) error {
	b, err := tx.bucket(bucketSettings)
	if err != nil {
		return err
	}
	key := settingsKey(id)
	old, err := tx.get(b, bucketSettings, key)
	if err != nil {
		return err
	}
	old = bytes.Clone(old)
	op := OpUpdate
	if raw == nil {
		op = OpDelete
		err = b.Delete(key)
	} else {
		err = tx.put(b, key, raw)
	}
	if err != nil {
		return err
	}
	return tx.record(KindSettings, id, "", op, old, raw)
}

// Frozen: settings are dated tables, an older state can always come back.
func (settingsKind) Frozen(*Tx, string) bool { return false }

// Verify reports settings that cannot be read (the program would fall back
// to the defaults and compute with the wrong rates).
func (settingsKind) Verify(tx *Tx) []string {
	var out []string
	if _, err := LoadSprachmittlungSettings(tx); err != nil {
		out = append(out, err.Error())
	}
	if _, err := LoadKostenSettings(tx); err != nil {
		out = append(out, err.Error())
	}
	if _, err := LoadRoleList(tx); err != nil {
		out = append(out, err.Error())
	}
	if _, err := LoadLetterhead(tx); err != nil {
		out = append(out, err.Error())
	}
	if b := tx.sealed(bucketSettings); b != nil {
		c := b.Keys()
		prefix := []byte(bedienungPrefix)
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if _, err := LoadBedienungSettings(tx, string(k[len(prefix):])); err != nil {
				out = append(out, err.Error())
			}
		}
	}
	if _, err := LoadRetentionRules(tx); err != nil {
		out = append(out, err.Error())
	}
	return out
}

// Describe names which of the two settings a state belongs to.
func (settingsKind) Describe(raw []byte) string {
	var probe map[string]json.RawMessage
	if json.Unmarshal(raw, &probe) != nil {
		return ""
	}
	if _, ok := probe["kmRates"]; ok {
		return "Kostenerstattungen"
	}
	if _, ok := probe["tariffs"]; ok {
		return "Sprachmittlung"
	}
	if _, ok := probe["mouseOff"]; ok {
		return "Bedienung"
	}
	if _, ok := probe["members"]; ok {
		return "Rollen im Team"
	}
	if _, ok := probe["authority"]; ok {
		return "Briefkopf"
	}
	if _, ok := probe["rules"]; ok {
		return "Löschfristen"
	}
	return ""
}
