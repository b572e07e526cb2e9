package store

import (
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
