package store

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"stabsstelle/model"
)

// GremiumMembers returns the e-mail addresses of everyone in a Gremium: the
// persons with it in their network profile and the member organisations'
// general addresses, as "a@b.de; c@d.de".
func GremiumMembers(tx *Tx, gremium string) (list string, people int, err error) {
	if !slices.Contains(model.Gremien, gremium) {
		return "", 0, fmt.Errorf("Unbekanntes Gremium „%s“. Bekannt sind: %s.", gremium, strings.Join(model.Gremien, ", "))
	}
	var addrs []string
	err = People.Each(tx, func(p *model.Person) error {
		if p.Network.MemberOf(gremium) && !p.IsRestricted() { // Art. 18: no mail
			people++
			addrs = append(addrs, p.Email)
		}
		return nil
	})
	if err != nil {
		return "", 0, err
	}
	err = Organisations.Each(tx, func(o *model.Organisation) error {
		if o.Network.MemberOf(gremium) {
			addrs = append(addrs, o.Email)
		}
		return nil
	})
	return model.MailingList(addrs), people, err
}

// GremiumPeople returns the persons who belong to a Gremium, by name.
func GremiumPeople(tx *Tx, gremium string) ([]*model.Person, error) {
	var out []*model.Person
	err := People.Each(tx, func(p *model.Person) error {
		if p.Network.MemberOf(gremium) && !p.IsRestricted() { // Art. 18: no mail
			out = append(out, p)
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, err
}

// SetGremiumMember adds a person to a Gremium or removes them; the network
// profile is created when needed.
func SetGremiumMember(tx *Tx, personID, gremium string, member bool) error {
	if err := tx.act(model.PermNetwork); err != nil {
		return err
	}
	defer tx.endAct()
	if !slices.Contains(model.Gremien, gremium) {
		return fmt.Errorf("Unbekanntes Gremium „%s“.", gremium)
	}
	p, err := People.Get(tx, personID)
	if err != nil {
		return err
	}
	if p.Network.MemberOf(gremium) == member {
		return nil
	}
	if p.Network == nil {
		p.Network = &model.NetworkProfile{}
	}
	if member {
		p.Network.Arbeitskreise = append(p.Network.Arbeitskreise, gremium)
	} else {
		p.Network.Arbeitskreise = slices.DeleteFunc(p.Network.Arbeitskreise, func(s string) bool { return s == gremium })
	}
	return People.Put(tx, p)
}
