package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// ICalProdID names this program in every calendar file it writes.
const ICalProdID = "-//Landkreis Gifhorn//stabsstelle//DE"

func init() {
	ICSEvents = writeEventsICS
}

// writeEventsICS writes one event (by its V-number) or every event that has
// not ended yet, cancelled ones included so that calendars drop them.
func writeEventsICS(env *Env, eventNumber string, w io.Writer) error {
	st, err := env.Open()
	if err != nil {
		return err
	}
	now := env.Now()
	var events []model.ICalEvent
	err = st.View(func(tx *store.Tx) error {
		if eventNumber != "" {
			ev, err := eventByNumber(tx, eventNumber)
			if err != nil {
				return err
			}
			events = append(events, ev.ICal(now))
			return nil
		}
		// Events longer than 14 days are refused by validation, so nothing
		// still running started earlier than that.
		rows, err := store.EventRows(tx, now.Add(-15*24*time.Hour), time.Time{})
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.End.Before(now) && !(r.End.IsZero() && !r.Start.Before(now)) {
				continue
			}
			ev, err := store.Events.Get(tx, r.ID)
			if err != nil {
				return err
			}
			events = append(events, ev.ICal(now))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return model.WriteICal(w, ICalProdID, events)
}

// eventByNumber finds an event by its V-number with a German message.
func eventByNumber(tx *store.Tx, number string) (*model.Event, error) {
	n := strings.ToUpper(strings.TrimSpace(number))
	ev, err := store.Events.ByNumber(tx, n)
	if err != nil {
		return nil, fmt.Errorf("Eine Veranstaltung %s gibt es nicht. Bitte die Nummer prüfen, z. B. mit „stabsstelle search %s“.", number, number)
	}
	return ev, nil
}
