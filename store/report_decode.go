package store

import (
	"fmt"
	"time"

	json "github.com/goccy/go-json"

	"stabsstelle/model"
)

// reportEinsatz is the part of an Einsatz record the reports read: what
// model.FactOf needs, and every field model.(*Einsatz).Parts reads (the
// Nachweis with its tariff copy, the setting, the Ausfallpauschale and the
// status), so the report's money is the Parts of the record.
// TestLeanDecodeGivesSameFacts keeps the two in step. Decoding only these
// fields lets the decoder skip the rest (contacts, addresses, notes, the
// lines of the Nachweis) without allocating it – a year of the large demo
// is 33 000 records. The decoder is github.com/goccy/go-json, a drop-in
// for encoding/json: on these records it is 4–5 times faster (decoding is
// most of the time it takes to open a year of Berichte or write its
// Excel file); the records themselves are written by encoding/json.
type reportEinsatz struct {
	ID             string        `json:"id"`
	Number         string        `json:"number"`
	Created        time.Time     `json:"created"`
	OrganisationID string        `json:"organisationId"`
	Language       string        `json:"language"`
	Place          string        `json:"place"`
	Start          time.Time     `json:"start"`
	Urgent         bool          `json:"urgent"`
	InterpreterID  string        `json:"interpreterId"`
	Setting        model.Setting `json:"setting"`
	Status         model.Status  `json:"status"`
	StatusHistory  []struct {
		From model.Status `json:"from"`
		To   model.Status `json:"to"`
	} `json:"statusHistory"`
	Nachweis *struct {
		ActualStart    time.Time    `json:"actualStart"`
		ActualEnd      time.Time    `json:"actualEnd"`
		WaitingMinutes int          `json:"waitingMinutes"`
		Km             json.Number  `json:"km"` // km, with a decimal (see model.Einsatznachweis)
		Amount         model.Money  `json:"amount"`
		Tariff         model.Tariff `json:"tariff"`
	} `json:"nachweis"`
	Cancellation *struct {
		Ausfallpauschale model.Money `json:"ausfallpauschale"`
	} `json:"cancellation"`
}

// decodeReportEinsatz reads the report's fields of a record into an Einsatz
// (the rest stays empty), so model.FactOf – the one place that turns an
// Einsatz into figures – works on it as on a full record.
// decodeLean reads the fields of v from a record (nil: not there) with the
// report's fast decoder; a damaged record is an error, never a panic.
func decodeLean(raw []byte, v any) (err error) {
	if raw == nil {
		return fmt.Errorf("fehlt")
	}
	if raw, err = decodeValue(raw); err != nil { // stored compressed (codec.go)
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return json.Unmarshal(raw, v)
}

func decodeReportEinsatz(raw []byte) (e *model.Einsatz, err error) {
	// A damaged record must give the German message, never a panic of
	// the decoder.
	defer func() {
		if p := recover(); p != nil {
			e, err = nil, fmt.Errorf("Ein Datensatz (%s) ist nicht lesbar. Bitte „stabsstelle check“ ausführen.", Einsaetze.Label)
		}
	}()
	var r reportEinsatz
	if raw, err = decodeValue(raw); err != nil { // stored compressed (codec.go)
		return nil, fmt.Errorf("Ein Datensatz (%s) ist nicht lesbar: %w. Bitte „stabsstelle check“ ausführen.", Einsaetze.Label, err)
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("Ein Datensatz (%s) ist nicht lesbar: %w. Bitte „stabsstelle check“ ausführen.", Einsaetze.Label, err)
	}
	e = &model.Einsatz{OrganisationID: r.OrganisationID, Language: r.Language, Place: r.Place, Start: r.Start,
		Urgent: r.Urgent, InterpreterID: r.InterpreterID, Setting: r.Setting, Status: r.Status}
	e.ID, e.Number, e.Created = r.ID, r.Number, r.Created
	if len(r.StatusHistory) > 0 {
		e.StatusHistory = make([]model.StatusChange, len(r.StatusHistory))
		for i, h := range r.StatusHistory {
			e.StatusHistory[i] = model.StatusChange{From: h.From, To: h.To}
		}
	}
	if n := r.Nachweis; n != nil {
		var km model.Km
		if n.Km != "" {
			if km, err = model.ParseKm(string(n.Km)); err != nil {
				return nil, fmt.Errorf("Ein Datensatz (%s) ist nicht lesbar: Kilometer %q. Bitte „stabsstelle check“ ausführen.", Einsaetze.Label, string(n.Km))
			}
		}
		e.Nachweis = &model.Einsatznachweis{ActualStart: n.ActualStart, ActualEnd: n.ActualEnd, WaitingMinutes: n.WaitingMinutes,
			Km: km, Amount: n.Amount, Tariff: n.Tariff}
	}
	if c := r.Cancellation; c != nil {
		e.Cancellation = &model.Cancellation{Ausfallpauschale: c.Ausfallpauschale}
	}
	return e, nil
}
