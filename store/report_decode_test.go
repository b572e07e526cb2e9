package store

import (
	"encoding/json"
	"testing"
	"time"

	"stabsstelle/model"
)

// TestLeanDecodeGivesSameFacts: the report's lean decoding of a record
// yields the same fact and the same Parts as decoding the whole Einsatz,
// for a billed Einsatz with Nachweis, waiting time and km, one by phone
// (no km paid), and a cancelled one with an Ausfallpauschale.
func TestLeanDecodeGivesSameFacts(t *testing.T) {
	start := time.Date(2026, 3, 5, 8, 0, 0, 0, time.UTC)
	tariff := model.DefaultTariffs()[0]
	done := &model.Einsatz{OrganisationID: "o1", ContactName: "Frau Weiß", Language: "Arabisch", Dialect: "Syrisch", Place: "Wittingen",
		Address: "Bahnhofstraße 1", Start: start, Duration: time.Hour, InterpreterID: "i1", Status: model.StatusVermittelt, Urgent: true, Notes: "x"}
	done.ID, done.Number, done.Created = "e1", "E-2026-0001", start.AddDate(0, 0, -3)
	if err := done.RecordNachweis(model.Einsatznachweis{ActualStart: start, ActualEnd: start.Add(80 * time.Minute), Km: 140, WaitingMinutes: 10}, tariff); err != nil {
		t.Fatal(err)
	}
	for _, to := range []model.Status{model.StatusDurchgefuehrt, model.StatusAbgerechnet} {
		if err := done.Transition(to, "", start, "t", tariff); err != nil {
			t.Fatal(err)
		}
	}
	late := &model.Einsatz{OrganisationID: "o2", Language: "Dari", Place: "Meine", Start: start, Duration: time.Hour, InterpreterID: "i2",
		Status: model.StatusVermittelt}
	late.ID, late.Number, late.Created = "e2", "E-2026-0002", start.AddDate(0, 0, -20)
	if err := late.Transition(model.StatusNichtErschienen, "niemand kam", start, "t", tariff); err != nil {
		t.Fatal(err)
	}
	phone := &model.Einsatz{OrganisationID: "o1", Language: "Farsi", Place: "Gifhorn", Start: start, Duration: time.Hour, InterpreterID: "i1",
		Setting: model.SettingPhone, Status: model.StatusVermittelt}
	phone.ID, phone.Number, phone.Created = "e3", "E-2026-0003", start.AddDate(0, 0, -9)
	if err := phone.RecordNachweis(model.Einsatznachweis{ActualStart: start, ActualEnd: start.Add(35 * time.Minute), Km: 300}, tariff); err != nil {
		t.Fatal(err)
	}
	if err := phone.Transition(model.StatusDurchgefuehrt, "", start, "t", tariff); err != nil {
		t.Fatal(err)
	}
	for _, e := range []*model.Einsatz{done, late, phone} {
		raw, _ := json.Marshal(e)
		lean, err := decodeReportEinsatz(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := lean.Parts(), e.Parts(); got != want {
			t.Errorf("%s: Teile voll %+v, knapp %+v", e.Number, want, got)
		}
		want, got := model.FactOf(e, 5), model.FactOf(lean, 5)
		if got != want {
			t.Errorf("%s:\nvoll  %+v\nknapp %+v", e.Number, want, got)
		}
		if want.Allowance == 0 && want.CancelFee == 0 {
			t.Errorf("%s: kein Betrag – der Test prüft nichts", e.Number)
		}
	}
	if _, err := decodeReportEinsatz([]byte(`{"start": 5}`)); err == nil {
		t.Error("ein kaputter Datensatz wurde gelesen")
	}
	// Every cut-off or bit-flipped copy of a real record is an error or a
	// record, never a panic of the decoder.
	raw, _ := json.Marshal(done)
	for i := range raw {
		if _, err := decodeReportEinsatz(raw[:i]); err == nil && i > 0 {
			t.Errorf("abgeschnitten nach %d Bytes gelesen", i)
		}
		bad := append([]byte(nil), raw...)
		bad[i] ^= 0x5a
		_, _ = decodeReportEinsatz(bad)
	}
}
