package model

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// TopicRule says how a topic category is handled at intake.
type TopicRule string

// Topic rules (docs/DOMAIN.md §1.4: exclusions are configurable).
const (
	TopicAllowed  TopicRule = "erlaubt"
	TopicApproval TopicRule = "genehmigung"
	TopicExcluded TopicRule = "ausgeschlossen"
)

// Label is the German word shown to people.
func (r TopicRule) Label() string {
	switch r {
	case TopicAllowed, "":
		return "erlaubt"
	case TopicApproval:
		return "nur nach Genehmigung"
	case TopicExcluded:
		return "ausgeschlossen"
	}
	return "—"
}

// IntakeRules are the office's rules for accepting a request, kept as
// data so the office can change them.
type IntakeRules struct {
	// LeadWorkingDays is the minimum number of working days (Mo–Fr without
	// Niedersachsen holidays) between the request and the Einsatz.
	LeadWorkingDays int `json:"leadWorkingDays"`
	// Topics maps a category to its rule; missing = erlaubt.
	Topics map[Topic]TopicRule `json:"topics,omitempty"`
	// AllowedOrgKinds lists the kinds of body that may request; empty = all.
	AllowedOrgKinds []OrgKind `json:"allowedOrgKinds,omitempty"`
	// MaxDuration is the longest Einsatz accepted without a warning; 0 = no limit.
	MaxDuration time.Duration `json:"maxDuration,omitempty"`
}

// DefaultIntakeRules: five working days' notice, health topics only after
// approval, requests from institutions (not from clubs or "sonstige"),
// at most three hours.
func DefaultIntakeRules() IntakeRules {
	return IntakeRules{
		LeadWorkingDays: 5,
		Topics:          map[Topic]TopicRule{TopicGesundheit: TopicApproval},
		AllowedOrgKinds: []OrgKind{OrgJobcenter, OrgAuslaenderbehoerde, OrgJugendamt, OrgSozialamt, OrgSchule,
			OrgKita, OrgGesundheit, OrgBeratung, OrgWohlfahrt, OrgKommune},
		MaxDuration: 3 * time.Hour,
	}
}

// MaxIntakeDuration bounds the longest-Einsatz rule; an Einsatz never
// lasts a working day and more.
const MaxIntakeDuration = 12 * time.Hour

// Validate checks the rules with German messages; the field keys are those
// of the settings form.
func (r IntakeRules) Validate() error {
	var v ValidationError
	v.Check(r.LeadWorkingDays >= 0 && r.LeadWorkingDays <= 60, "leadWorkingDays",
		"Der Vorlauf liegt zwischen 0 und 60 Werktagen.")
	v.Check(r.MaxDuration >= 0 && r.MaxDuration <= MaxIntakeDuration && r.MaxDuration%time.Minute == 0, "maxDuration",
		"Die Höchstdauer liegt zwischen 0 (keine Grenze) und 12 Stunden, in ganzen Minuten.")
	for _, t := range slices.Sorted(maps.Keys(r.Topics)) {
		rule := r.Topics[t]
		if !slices.Contains(Topics, t) {
			v.Add("topics", "Unbekannter Themenbereich „"+string(t)+"“.")
		}
		if rule != TopicAllowed && rule != TopicApproval && rule != TopicExcluded && rule != "" {
			v.Add("topics", "Unbekannte Regel „"+string(rule)+"“ für „"+t.Label()+"“ – erlaubt, nur nach Genehmigung oder ausgeschlossen.")
		}
	}
	seen := map[OrgKind]bool{}
	for _, k := range r.AllowedOrgKinds {
		switch {
		case !slices.Contains(OrgKinds, k):
			v.Add("allowedOrgKinds", "Unbekannte Art von Einrichtung „"+string(k)+"“.")
		case seen[k]:
			v.Add("allowedOrgKinds", "„"+k.Label()+"“ steht doppelt in der Liste der Einrichtungen.")
		}
		seen[k] = true
	}
	return v.Err()
}

// Intake warning rules, the keys of Override.
const (
	RuleLeadTime  = "vorlauf"
	RuleTopic     = "thema"
	RuleOrgKind   = "einrichtung"
	RuleDuration  = "dauer"
	RuleInThePast = "vergangenheit"
)

// Warning is one intake rule a request breaks. Excluded topics are
// warnings too: the office decides, and an override needs a reason.
type Warning struct {
	Rule       string `json:"rule"`
	Text       string `json:"text"`
	Overridden bool   `json:"overridden,omitempty"` // an override with reason is stored on the Einsatz
}

// CheckIntake lists the intake rules request e breaks, in German, as of
// now. Warnings already overridden on the Einsatz are marked Overridden.
func CheckIntake(e *Einsatz, org *Organisation, rules IntakeRules, now time.Time) []Warning {
	var out []Warning
	add := func(rule, text string) {
		out = append(out, Warning{Rule: rule, Text: text, Overridden: e.Overridden(rule)})
	}
	if !e.Start.IsZero() {
		today, day := Today(now), DateOf(e.Start)
		if e.Start.Before(now) {
			add(RuleInThePast, "Der Termin liegt in der Vergangenheit.")
		} else if rules.LeadWorkingDays > 0 {
			if n := WorkingDaysBetween(today, day); n < rules.LeadWorkingDays {
				text := fmt.Sprintf("Vorlauf nur %s – verlangt sind %d (frühestens %s).", workingDaysText(max(n, 0)),
					rules.LeadWorkingDays, AddWorkingDays(today, rules.LeadWorkingDays))
				if e.Urgent {
					text += " Eilvermerk: " + e.UrgentReason
				}
				add(RuleLeadTime, text)
			}
		}
	}
	switch rules.Topics[e.Topic] {
	case TopicExcluded:
		add(RuleTopic, "Der Themenbereich „"+e.Topic.Label()+"“ ist von der Vermittlung ausgeschlossen.")
	case TopicApproval:
		add(RuleTopic, "Der Themenbereich „"+e.Topic.Label()+"“ braucht eine Genehmigung.")
	}
	if org != nil && len(rules.AllowedOrgKinds) > 0 {
		ok := false
		for _, k := range rules.AllowedOrgKinds {
			if k == org.Kind {
				ok = true
				break
			}
		}
		if !ok {
			add(RuleOrgKind, "Einrichtungen der Art „"+org.Kind.Label()+"“ können keine Sprachmittlung anfragen.")
		}
	}
	if rules.MaxDuration > 0 && e.Duration > rules.MaxDuration {
		add(RuleDuration, "Die Dauer "+FormatDuration(e.Duration)+" ist länger als erlaubt ("+FormatDuration(rules.MaxDuration)+").")
	}
	return out
}

// OpenWarnings returns the warnings not yet overridden.
func OpenWarnings(ws []Warning) []Warning {
	var out []Warning
	for _, w := range ws {
		if !w.Overridden {
			out = append(out, w)
		}
	}
	return out
}

// workingDaysText is "1 Werktag", "4 Werktage", "0 Werktage".
func workingDaysText(n int) string {
	if n == 1 {
		return "1 Werktag"
	}
	return fmt.Sprintf("%d Werktage", n)
}
