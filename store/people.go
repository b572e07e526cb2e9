package store

import (
	json "github.com/goccy/go-json"
	"strings"

	"stabsstelle/model"
)

// Kinds of the shared records.
const (
	KindPerson       = "person"
	KindOrganisation = "organisation"
)

// People holds every person whatever their roles. The "name" index keeps the
// lower-cased name so pickers can list and find people without decoding.
var People = &Collection[model.Person, *model.Person]{
	Kind:  KindPerson,
	Label: "Person",
	Indexes: func(p *model.Person) []Index {
		if p.IsRestricted() {
			return nil // Art. 18: not in lists and pickers
		}
		return []Index{{Name: "name", Key: []byte(strings.ToLower(p.Name))}}
	},
}

// Organisations holds institutions and network partners.
var Organisations = &Collection[model.Organisation, *model.Organisation]{
	Kind:  KindOrganisation,
	Label: "Einrichtung",
	Indexes: func(o *model.Organisation) []Index {
		return []Index{{Name: "name", Key: []byte(strings.ToLower(o.Name))}}
	},
}

// Aliases so store code reads naturally.
type (
	Person       = model.Person
	Organisation = model.Organisation
)

// PersonName is the name of a person, "" if there is none: for labels
// (`today`, search hits, the first screen), without decoding the profile.
func PersonName(tx *Tx, id string) string { return nameOf(tx, People.recBucket(), id) }

// OrganisationName is the name of an institution, "" if there is none.
func OrganisationName(tx *Tx, id string) string { return nameOf(tx, Organisations.recBucket(), id) }

func nameOf(tx *Tx, bucket []byte, id string) string {
	if id == "" {
		return ""
	}
	b := tx.btx.Bucket(bucket)
	if b == nil {
		return ""
	}
	// A damaged record gives no name (as an unreadable one): its checksum
	// is checked like every read's, and check names it.
	raw, err := tx.unseal(bucket, []byte(id), b.Get([]byte(id)))
	if raw == nil || err != nil {
		return ""
	}
	js, err := decodeValue(raw)
	if err != nil {
		return ""
	}
	// go-json reads the name and skips the rest of the record: with
	// encoding/json the names were 40 % of `today` (BenchmarkTodayCommand).
	var v struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(js, &v) != nil {
		return ""
	}
	return v.Name
}
