package model

import "time"

// Restriction is the mark of a person whose data may not be erased yet
// because payment records must be kept (§ 147 AO, the county's Kassenrecht)
// and whose processing is therefore restricted (Art. 18 Abs. 1 lit. b, c
// DSGVO). The person is hidden from lists, the search and the matching of
// interpreters, and is kept only for the Kreiskasse; the Löschlauf erases
// them once the last payment record has left its period.
type Restriction struct {
	Since time.Time `json:"since"`
	By    string    `json:"by"`
	// Until is the day the retention of the person's payment records ends
	// (the first day they may be erased).
	Until  Date   `json:"until"`
	Reason string `json:"reason"`
}

// IsRestricted reports whether the person's processing is restricted.
func (p *Person) IsRestricted() bool { return p != nil && p.Restricted != nil }
