package model

import (
	"slices"
	"strings"
)

// NetworkProfile is the Netzwerk role of a person: the Themenfelder the
// person works in and the Gremien (Arbeitskreise, Steuerungsgruppe, Runde
// Tische) the person belongs to and gets mail for.
type NetworkProfile struct {
	Themenfelder  []Themenfeld `json:"themenfelder,omitempty"`
	Arbeitskreise []string     `json:"arbeitskreise,omitempty"` // names from Gremien
	// Grundschulung is the day the person attended a Grundschulung
	// Sprachmittlung. It is kept here as well because a person without an
	// interpreter profile cannot get one automatically (a profile needs a
	// language); the Sprachmittlung tab can take the date over.
	Grundschulung Date `json:"grundschulung,omitzero"`
}

func (p *NetworkProfile) validate(v *ValidationError) {
	validateNetwork(v, p.Themenfelder, p.Arbeitskreise)
}

// MemberOf reports whether the person belongs to gremium.
func (p *NetworkProfile) MemberOf(gremium string) bool {
	return p != nil && slices.Contains(p.Arbeitskreise, gremium)
}

// OrgNetworkProfile is the Netzwerk role of an organisation: a network
// partner with its Themenfelder and the Gremien it sits in.
type OrgNetworkProfile struct {
	Themenfelder  []Themenfeld `json:"themenfelder,omitempty"`
	Arbeitskreise []string     `json:"arbeitskreise,omitempty"`
}

func (p *OrgNetworkProfile) validate(v *ValidationError) {
	validateNetwork(v, p.Themenfelder, p.Arbeitskreise)
}

// MemberOf reports whether the organisation sits in gremium.
func (p *OrgNetworkProfile) MemberOf(gremium string) bool {
	return p != nil && slices.Contains(p.Arbeitskreise, gremium)
}

func validateNetwork(v *ValidationError, themen []Themenfeld, aks []string) {
	for _, f := range themen {
		if !f.Valid() {
			v.Add("themen", "Unbekanntes Themenfeld „"+string(f)+"“.")
			break
		}
	}
	for _, a := range aks {
		if !slices.Contains(Gremien, a) {
			v.Add("arbeitskreise", "Unbekanntes Gremium „"+a+"“.")
			break
		}
	}
}

// MailingList joins addresses as mail programs accept them in the To field:
// "a@b.de; c@d.de". Empty and invalid addresses are left out, duplicates
// (ignoring case) kept once, in the order given.
func MailingList(addrs []string) string {
	seen := map[string]bool{}
	var out []string
	for _, a := range addrs {
		a = strings.TrimSpace(a)
		if a == "" || EmailProblem(a) != "" || seen[strings.ToLower(a)] {
			continue
		}
		seen[strings.ToLower(a)] = true
		out = append(out, a)
	}
	return strings.Join(out, "; ")
}

func toLowerTrim(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
