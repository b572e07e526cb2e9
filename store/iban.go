package store

import (
	"sort"

	"stabsstelle/model"
)

// One bank account for several people is most often a typo or a row
// copied in Excel, sometimes a family: the person form and the import say
// who shares it, so a payout never goes to the wrong person unnoticed.

// PeopleWithIBAN names the people other than exceptID whose bank account
// (Engagierte) is iban, sorted.
func PeopleWithIBAN(tx *Tx, iban model.IBAN, exceptID string) ([]string, error) {
	if iban == "" {
		return nil, nil
	}
	var names []string
	err := People.Each(tx, func(p *model.Person) error {
		if p.ID != exceptID && p.Volunteer != nil && p.Volunteer.IBAN == iban {
			names = append(names, p.Name)
		}
		return nil
	})
	sort.Strings(names)
	return names, err
}

// IBANOwners maps every stored IBAN to its people (ID → name), read once
// for a whole import.
func IBANOwners(tx *Tx) (map[model.IBAN]map[string]string, error) {
	out := map[model.IBAN]map[string]string{}
	err := People.Each(tx, func(p *model.Person) error {
		if p.Volunteer != nil && p.Volunteer.IBAN != "" {
			if out[p.Volunteer.IBAN] == nil {
				out[p.Volunteer.IBAN] = map[string]string{}
			}
			out[p.Volunteer.IBAN][p.ID] = p.Name
		}
		return nil
	})
	return out, err
}
