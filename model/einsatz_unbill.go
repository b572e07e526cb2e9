package model

import (
	"strings"
	"time"
)

// Unbill takes an abgerechnet Einsatz back to what it was before it was
// billed (durchgeführt, kurzfristig storniert, nicht erschienen). It is no
// step a user chooses: it happens when the paid claim that billed the
// Einsatz is taken back in full by a Storno, so the Einsatz is unpaid
// again and can be claimed anew (the money paid is owed back as a
// Rückforderung and netted with the next payout). The status history keeps
// both steps. An Einsatz that is not abgerechnet is left as it is.
func (e *Einsatz) Unbill(reason string, at time.Time, who string) {
	if e.Status != StatusAbgerechnet {
		return
	}
	prev := ReportStatusOf(e)
	e.StatusHistory = append(e.StatusHistory, StatusChange{At: at.UTC(), Who: who,
		From: StatusAbgerechnet, To: prev, Reason: strings.TrimSpace(reason)})
	e.Status = prev
}
