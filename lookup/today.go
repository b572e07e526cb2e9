package lookup

import (
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// TodayItem is one Einsatz of a day: a line of `stabsstelle today` and an
// element of its --json list (field names and order are that output).
type TodayItem struct {
	Number      string    `json:"number"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Language    string    `json:"language"`
	Dialect     string    `json:"dialect"`
	Interpreter string    `json:"interpreter"`
	Institution string    `json:"institution"`
	Place       string    `json:"place"`
	Setting     string    `json:"setting"`
	Status      string    `json:"status"`
	StatusLabel string    `json:"statusLabel"`
}

// TodayItems lists the Einsätze starting on day, by start time, with the
// names of interpreter and institution. It only reads; the CLI and the
// lookup socket both call it inside one read transaction. The result is
// never nil.
func TodayItems(tx *store.Tx, day model.Date) ([]TodayItem, error) {
	rows, err := store.EinsaetzeOfDay(tx, day)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	person := func(id string) string {
		if id == "" {
			return ""
		}
		if n, ok := names[id]; ok {
			return n
		}
		names[id] = store.PersonName(tx, id)
		return names[id]
	}
	org := func(id string) string {
		if id == "" {
			return ""
		}
		if n, ok := names[id]; ok {
			return n
		}
		names[id] = store.OrganisationName(tx, id)
		return names[id]
	}
	items := make([]TodayItem, 0, len(rows))
	for _, r := range rows {
		items = append(items, TodayItem{Number: r.Number, Start: r.Start.In(model.Berlin), End: r.End.In(model.Berlin),
			Language: r.Language, Dialect: r.Dialect, Interpreter: person(r.InterpreterID),
			Institution: org(r.OrganisationID), Place: r.Place, Setting: string(r.Setting),
			Status: string(r.Status), StatusLabel: r.Status.Label()})
	}
	return items, nil
}
