package model

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func volunteer(id, name string, iban IBAN) *Person {
	p := &Person{Name: name, Volunteer: &VolunteerProfile{IBAN: iban}}
	p.ID = id
	return p
}

func sampleClaim() *Claim {
	c := &Claim{PersonID: "p1", PersonName: "Anna Schmidt", PeriodFrom: Date{2026, 3, 1}, PeriodTo: Date{2026, 3, 31},
		Project: "Offene Deutschkurse", Status: ClaimEntwurf}
	c.Number = "K-2026-0017"
	c.Lines = []ClaimLine{
		{Kind: LineFahrt, Date: Date{2026, 3, 5}, From: "Gifhorn", To: "Wittingen", Km: 625, Vehicle: VehicleAuto},
		{Kind: LineBeleg, Date: Date{2026, 3, 6}, ReceiptNo: "B-17", Description: "Arbeitshefte", Amount: 2390},
		{Kind: LinePauschale, Date: Date{2026, 3, 31}, Description: "Kursleitung März", Amount: 12000},
	}
	return c
}

func TestKmComputation(t *testing.T) {
	cases := []struct {
		v    Vehicle
		d    Date
		km   Km
		want Money
	}{
		{VehicleAuto, Date{2026, 3, 5}, 625, 1875},    // 62,5 km × 0,30
		{VehicleAuto, Date{2026, 3, 5}, 5, 15},        // 0,5 km × 0,30 € = 0,15 €
		{VehicleAuto, Date{2026, 3, 5}, 9999, 13000},  // capped at 130 €
		{VehicleFahrrad, Date{2022, 9, 30}, 100, 50},  // old bicycle rate
		{VehicleFahrrad, Date{2022, 10, 1}, 100, 100}, // new bicycle rate
		{VehicleMotorrad, Date{2025, 1, 1}, 333, 666}, // 33,3 × 0,20 = 6,66
	}
	for _, tc := range cases {
		l := ClaimLine{Kind: LineFahrt, Date: tc.d, Km: tc.km, Vehicle: tc.v}
		if err := l.Compute(DefaultKmRates); err != nil {
			t.Fatal(err)
		}
		if l.Amount != tc.want {
			t.Errorf("%s %s %s: %s, want %s", tc.v, tc.d, tc.km, l.Amount, tc.want)
		}
	}
	l := ClaimLine{Kind: LineFahrt, Date: Date{2019, 1, 1}, Km: 10}
	if err := l.Compute(DefaultKmRates); err == nil {
		t.Error("no rate before 2021 should be an error")
	}
	for in, want := range map[string]Km{"12": 120, "12,5": 125, "12.5 km": 125, " 7 KM ": 70} {
		if got, err := ParseKm(in); err != nil || got != want {
			t.Errorf("ParseKm(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "abc", "1,25", "12,", "1e3", "1234567"} {
		if _, err := ParseKm(in); err == nil {
			t.Errorf("ParseKm(%q) accepted", in)
		}
	}
	if Km(125).String() != "12,5 km" || Km(120).String() != "12 km" {
		t.Error("Km.String")
	}
}

func TestClaimValidate(t *testing.T) {
	c := sampleClaim()
	if err := c.Compute(DefaultKmRates); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("valid claim: %v", err)
	}
	if c.Total() != 1875+2390+12000 || c.AllowanceTotal() != 12000 {
		t.Errorf("totals %s %s", c.Total(), c.AllowanceTotal())
	}
	bad := sampleClaim()
	bad.Lines[0].Km = 0
	bad.Lines[1].ReceiptNo = ""
	bad.Lines[2].Amount = -500
	bad.Lines = append(bad.Lines,
		ClaimLine{Kind: LineBeleg, Date: Date{2026, 3, 6}, ReceiptNo: "X", Description: "Laptop", Amount: 600000},
		ClaimLine{Kind: LineFahrt, Date: Date{2026, 4, 6}, From: "A", To: "B", Km: 12000})
	err := bad.Validate()
	ve, ok := err.(ValidationError)
	if !ok {
		t.Fatalf("want ValidationError, got %v", err)
	}
	for field, frag := range map[string]string{
		"lines.0.km":        "Kilometer",
		"lines.1.receiptNo": "Belegnummer",
		"lines.2.amount":    "negative",
		"lines.3.amount":    "unplausibel",
		"lines.4.km":        "unplausibel",
		"lines.4.date":      "nicht im Zeitraum",
	} {
		if msg := ve.For(field); !strings.Contains(msg, frag) {
			t.Errorf("%s: %q should contain %q", field, msg, frag)
		}
	}
	empty := &Claim{PeriodFrom: Date{2026, 12, 1}, PeriodTo: Date{2027, 1, 5}}
	ve = empty.Validate().(ValidationError)
	if ve.For("person") == "" || ve.For("lines") == "" || !strings.Contains(ve.For("periodTo"), "Kalenderjahr") {
		t.Errorf("empty claim: %v", ve)
	}
}

func TestFourEyes(t *testing.T) {
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	p := volunteer("p1", "Anna Schmidt", "DE89370400440532013000")
	c := sampleClaim()
	c.Compute(DefaultKmRates)
	must := func(a ClaimAction, who string) {
		t.Helper()
		if err := c.Apply(a, who, now, "", p); err != nil {
			t.Fatalf("%s by %s: %v", a, who, err)
		}
	}
	if err := c.Apply(ActSachlich, "meier", now, "", p); err == nil {
		t.Fatal("sachlich before eingereicht accepted")
	}
	must(ActSubmit, "meier")
	must(ActSachlich, "meier")
	err := c.Apply(ActRechnerisch, "Meier ", now, "", p)
	if err == nil || !strings.Contains(err.Error(), "Vier-Augen") {
		t.Fatalf("same user rechnerisch: %v", err)
	}
	if c.Status != ClaimSachlich {
		t.Fatal("failed action changed the status")
	}
	must(ActRechnerisch, "schulz")
	// § 42 (4) KomHKVO: neither who handed in nor who signed may order it.
	for _, who := range []string{"schulz", " MEIER"} {
		err := c.Apply(ActAnordnen, who, now, "", p)
		if err == nil || !strings.Contains(err.Error(), "Vier-Augen") || !strings.Contains(err.Error(), "andere Person") {
			t.Fatalf("anordnen by %q who signed before: %v", who, err)
		}
		if c.Status != ClaimRechnerisch || c.Angeordnet != nil {
			t.Fatal("refused anordnen changed the claim")
		}
	}
	must(ActAnordnen, "weber")
	if c.Sachlich.By != "meier" || c.Rechnerisch.By != "schulz" || c.Sachlich.At.IsZero() {
		t.Errorf("signatures: %+v %+v", c.Sachlich, c.Rechnerisch)
	}
	// frozen
	if err := c.Apply(ActReject, "schulz", now, "falsch", p); err == nil || !strings.Contains(err.Error(), "Storno") {
		t.Errorf("reject of angeordnet: %v", err)
	}
	if msg := c.EditProblem(); !strings.Contains(msg, "Storno") {
		t.Errorf("EditProblem: %q", msg)
	}
	must(ActPay, "kasse")
	if c.Status != ClaimAusgezahlt || len(c.Steps) != 5 {
		t.Errorf("status %s, steps %d", c.Status, len(c.Steps))
	}
}

func TestRejectAndIBAN(t *testing.T) {
	now := time.Now()
	noIBAN := volunteer("p1", "Anna Schmidt", "")
	badIBAN := volunteer("p1", "Anna Schmidt", "DE89370400440532013001")
	c := sampleClaim()
	c.Compute(DefaultKmRates)
	if err := c.Apply(ActSubmit, "meier", now, "", noIBAN); err != nil {
		t.Fatal(err) // handing in works without IBAN
	}
	for _, p := range []*Person{noIBAN, badIBAN, nil} {
		if err := c.Apply(ActSachlich, "meier", now, "", p); err == nil || !strings.Contains(err.Error(), "nicht freigegeben") {
			t.Errorf("approval without valid IBAN: %v", err)
		}
	}
	if err := c.Apply(ActReject, "meier", now, " ", noIBAN); err == nil {
		t.Error("reject without reason accepted")
	}
	if err := c.Apply(ActReject, "meier", now, "Beleg fehlt", noIBAN); err != nil {
		t.Fatal(err)
	}
	if c.Status != ClaimEntwurf || c.Rejection != "Beleg fehlt" || c.Submitted != nil {
		t.Errorf("after reject: %s %q", c.Status, c.Rejection)
	}
}

func TestCorrection(t *testing.T) {
	orig := sampleClaim()
	orig.ID = "c1"
	orig.Compute(DefaultKmRates)
	orig.Lines[2].EinsatzIDs = []string{"e1"}
	s := NewCorrection(orig, ClaimStorno, "doppelt eingereicht")
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Total() != -orig.Total() || s.CorrectsNumber != "K-2026-0017" || len(s.EinsatzIDs()) != 0 {
		t.Errorf("storno: %s %q", s.Total(), s.CorrectsNumber)
	}
	s.CorrectionReason = ""
	if ve := s.Validate().(ValidationError); ve.For("correctionReason") == "" {
		t.Error("storno without reason accepted")
	}
}

func TestLimitCheck(t *testing.T) {
	p := volunteer("p1", "Anna Schmidt", "DE89370400440532013000")
	mk := func(id string, st ClaimStatus, year int, amt Money) *Claim {
		c := &Claim{PersonID: "p1", PeriodFrom: Date{year, 5, 1}, PeriodTo: Date{year, 5, 31}, Status: st,
			Lines: []ClaimLine{{Kind: LinePauschale, Amount: amt}, {Kind: LineBeleg, Amount: 99999}}}
		c.ID = id
		return c
	}
	claims := []*Claim{
		mk("a", ClaimAusgezahlt, 2026, 50000),
		mk("b", ClaimAngeordnet, 2026, 40000),
		mk("c", ClaimEntwurf, 2026, 30000),    // does not count
		mk("d", ClaimAusgezahlt, 2025, 80000), // other year
	}
	other := mk("x", ClaimAusgezahlt, 2026, 90000)
	other.PersonID = "p2"
	claims = append(claims, other)
	next := mk("n", ClaimSachlich, 2026, 5000)
	used, limit, after, warn := LimitCheck(p, 2026, claims, next)
	if used != 90000 || limit != 96000 || after != 95000 || warn {
		t.Errorf("got %s %s %s %v", used, limit, after, warn)
	}
	next.Lines[0].Amount = 7000
	if _, _, after, warn = LimitCheck(p, 2026, append(claims, next), next); !warn || after != 97000 {
		t.Errorf("crossing not warned: %s %v", after, warn)
	}
	if _, limit, _, _ = LimitCheck(p, 2025, claims, nil); limit != 84000 {
		t.Errorf("2025 limit %s", limit)
	}
	p.Volunteer.LimitKind = LimitUebungsleiter
	if _, limit, _, _ = LimitCheck(p, 2026, claims, nil); limit != 330000 {
		t.Errorf("ÜL 2026 limit %s", limit)
	}
	if DefaultLimits.For(LimitEhrenamt, 2021) != 84000 || DefaultLimits.For(LimitUebungsleiter, 2024) != 300000 {
		t.Error("limit table")
	}
}

func TestFundUsage(t *testing.T) {
	f := &Fund{Name: "Integrationslotsen 2026", Year: 2026, Amount: 1400000, AllowedKinds: []LineKind{LineFahrt, LineBeleg}}
	f.ID = "f1"
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	mk := func(st ClaimStatus, amt Money) *Claim {
		return &Claim{FundID: "f1", Status: st, PeriodFrom: Date{2026, 1, 1}, Lines: []ClaimLine{{Kind: LineBeleg, Amount: amt}}}
	}
	u := f.Usage([]*Claim{mk(ClaimAusgezahlt, 1000000), mk(ClaimEingereicht, 300000), mk(ClaimEntwurf, 50000), {FundID: "f2", Status: ClaimAusgezahlt}})
	if u.Paid != 1000000 || u.Committed != 300000 || u.Left != 100000 || u.Claims != 2 {
		t.Errorf("%+v", u)
	}
	c := sampleClaim()
	c.Compute(DefaultKmRates)
	probs := FundProblems(f, u, mk(ClaimEntwurf, 200000))
	if len(probs) != 1 || !strings.Contains(probs[0], "größer als der Rest") {
		t.Errorf("%v", probs)
	}
	if probs = FundProblems(f, u, c); len(probs) != 1 || !strings.Contains(probs[0], "keine Aufwandsentschädigung") {
		t.Errorf("%v", probs)
	}
	if b := u.Bar(10); b != "███████▓▓░" {
		t.Errorf("bar %q", b)
	}
}

func TestJahresbescheinigung(t *testing.T) {
	p := volunteer("p1", "Anna Schmidt", "DE89370400440532013000")
	p.Street, p.PostalCode, p.City = "Steinweg 3", "38518", "Gifhorn"
	c := sampleClaim()
	c.PersonID = "p1"
	c.Status = ClaimAusgezahlt
	c.Paid = &Signature{By: "x", At: time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC)}
	txt := Jahresbescheinigung(p, 2026, []*Claim{c}, DefaultLimits, testDebtor(), time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC))
	for _, want := range []string{"Kalenderjahr 2026", "K-2026-0017", "02.04.2026", "120,00 €", "960,00 €", "Anna Schmidt", "nicht überschritten"} {
		if !strings.Contains(txt, want) {
			t.Errorf("missing %q:\n%s", want, txt)
		}
	}
}

func TestVolunteerProfileValidate(t *testing.T) {
	p := &Person{Name: "X", Volunteer: &VolunteerProfile{IBAN: "DE89370400440532013001", BIC: "nope", LimitKind: "egal"}}
	ve := p.Validate().(ValidationError)
	for _, f := range []string{"iban", "bic", "limitKind"} {
		if ve.For(f) == "" {
			t.Errorf("no message for %s", f)
		}
	}
	if PayoutProblem(volunteer("1", "A", "DE89370400440532013000")) != "" {
		t.Error("valid IBAN refused")
	}
}

func TestReadVolunteerCSV(t *testing.T) {
	in := "\xef\xbb\xbfName;E-Mail;Telefon;IBAN;Straße;PLZ;Ort\r\n" +
		"Anna Schmidt;anna@example.org;05371 123;DE89 3704 0044 0532 0130 00;Steinweg 3;38518;Gifhorn\r\n" +
		"Bernd Bad;bernd@example.org;;DE89370400440532013001;;;\r\n" +
		";x@example.org;;;;;\r\n" +
		"Cem Yilmaz;;;;;3851;Gifhorn\r\n" +
		"Dana Ok;;;;;;\r\n"
	good, bad, err := ReadVolunteerCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(good) != 2 || good[0].Person.Volunteer.IBAN != "DE89370400440532013000" || good[1].Line != 6 {
		t.Errorf("good: %+v", good)
	}
	if len(bad) != 3 || bad[0].Line != 3 || !strings.Contains(bad[0].Msg, "Prüfziffer") || bad[1].Line != 4 || bad[2].Line != 5 {
		t.Errorf("bad: %+v", bad)
	}
}

func FuzzVolunteerCSV(f *testing.F) {
	f.Add([]byte("Name;E-Mail;Telefon;IBAN;Straße;PLZ;Ort\nAnna;a@b.de;0531 1;DE89370400440532013000;Weg 1;38518;Gifhorn\n"))
	f.Add([]byte("Name;IBAN\n\"A;\"\"B\";DE00\n"))
	f.Add([]byte("\xef\xbb\xbfName,IBAN\r\nX,DE02120300000000202051\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		good, bad, err := ReadVolunteerCSV(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, g := range good {
			if g.Person.Validate() != nil {
				t.Fatalf("good row %d does not validate", g.Line)
			}
			if g.Person.Volunteer.IBAN != "" && !g.Person.Volunteer.IBAN.Valid() {
				t.Fatalf("invalid IBAN in good row %d", g.Line)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || b.Msg == "" {
				t.Fatalf("bad row without line or message: %+v", b)
			}
		}
	})
}
