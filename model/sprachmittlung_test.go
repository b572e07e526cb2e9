package model

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func berlinAt(y int, m time.Month, d, hh, mm int) time.Time {
	return At(NewDate(y, m, d), Clock(hh*60+mm))
}

func TestEinsatzStatusMachine(t *testing.T) {
	tariff := DefaultTariffs()[0]
	at := berlinAt(2026, 3, 2, 9, 0)
	e := &Einsatz{Meta: Meta{Number: "E-2026-0042"}, Status: StatusAnfrage, Start: berlinAt(2026, 3, 10, 9, 0), Duration: time.Hour, ClientRef: "A. K."}
	steps := []Status{StatusPruefung, StatusSuche}
	for _, s := range steps {
		if err := e.Transition(s, "", at, "anna", tariff); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if err := e.Transition(StatusVermittelt, "", at, "anna", tariff); err == nil {
		t.Fatal("vermittelt ohne Sprachmittler:in muss scheitern")
	}
	e.InterpreterID = "p1"
	if err := e.Transition(StatusVermittelt, "", at, "anna", tariff); err != nil {
		t.Fatal(err)
	}
	if err := e.Transition(StatusDurchgefuehrt, "", at, "anna", tariff); err == nil || !strings.Contains(err.Error(), "Einsatznachweis") {
		t.Fatalf("durchgeführt ohne Nachweis: %v", err)
	}
	if err := e.RecordNachweis(Einsatznachweis{ActualStart: e.Start, ActualEnd: e.Start.Add(50 * time.Minute), Km: 100}, tariff); err != nil {
		t.Fatal(err)
	}
	for _, s := range []Status{StatusDurchgefuehrt, StatusAbgerechnet} {
		if err := e.Transition(s, "", at, "anna", tariff); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if e.ClientRef != "A. K." {
		t.Error("abgerechnet von Hand darf die Kennung der Klient:in nicht löschen")
	}
	if len(e.StatusHistory) != 5 {
		t.Fatalf("history %d entries: %+v", len(e.StatusHistory), e.StatusHistory)
	}
	h := e.StatusHistory[2]
	if h.From != StatusSuche || h.To != StatusVermittelt || h.Who != "anna" || !h.At.Equal(at) {
		t.Errorf("history line = %+v", h)
	}
	if len(StatusAbgerechnet.Next()) != 0 {
		t.Error("abgerechnet ist ein Endstatus")
	}
}

func TestEinsatzIllegalTransitions(t *testing.T) {
	tariff := DefaultTariffs()[0]
	cases := []struct {
		from, to Status
	}{
		{StatusAnfrage, StatusDurchgefuehrt},
		{StatusAnfrage, StatusAbgerechnet},
		{StatusSuche, StatusDurchgefuehrt},
		{StatusAbgerechnet, StatusSuche},
		{StatusAbgelehnt, StatusSuche},
		{StatusStorniertRechtzeitig, StatusVermittelt},
		{StatusDurchgefuehrt, StatusStorniertKurzfristig},
	}
	for _, c := range cases {
		e := &Einsatz{Status: c.from, InterpreterID: "p1", Nachweis: &Einsatznachweis{}}
		err := e.Transition(c.to, "Grund", time.Now(), "x", tariff)
		if err == nil {
			t.Errorf("%s → %s erlaubt", c.from, c.to)
			continue
		}
		if !strings.Contains(err.Error(), c.from.Label()) || !strings.Contains(err.Error(), c.to.Label()) {
			t.Errorf("%s → %s: Meldung nennt die Status nicht: %v", c.from, c.to, err)
		}
		if e.Status != c.from || len(e.StatusHistory) != 0 {
			t.Errorf("%s → %s: Einsatz verändert", c.from, c.to)
		}
	}
}

func TestEinsatzReasonRequired(t *testing.T) {
	e := &Einsatz{Status: StatusPruefung}
	if err := e.Transition(StatusAbgelehnt, "  ", time.Now(), "x", Tariff{}); err == nil {
		t.Fatal("abgelehnt ohne Grund")
	}
	if err := e.Transition(StatusAbgelehnt, "Termin in der Psychotherapie", time.Now(), "x", Tariff{}); err != nil {
		t.Fatal(err)
	}
	if e.StatusHistory[0].Reason != "Termin in der Psychotherapie" {
		t.Error(e.StatusHistory)
	}
}

func TestTariffCompute(t *testing.T) {
	def := DefaultTariffs()[0]
	start := berlinAt(2026, 3, 10, 9, 0)
	n := func(min, wait, km int) Einsatznachweis {
		return Einsatznachweis{ActualStart: start, ActualEnd: start.Add(time.Duration(min) * time.Minute), WaitingMinutes: wait, Km: Km(km * 10)}
	}
	noWait := def
	noWait.WaitingPaid = false
	full := def
	full.PerStartedUnit = false
	odd := Tariff{RatePerHour: 1999, UnitMinutes: 20, MinimumUnits: 1, PerStartedUnit: true, KmRate: 35}
	cases := []struct {
		name  string
		n     Einsatznachweis
		t     Tariff
		want  Money
		lines int
	}{
		{"Minimum 1 h", n(20, 0, 0), def, 1500, 1},
		{"genau 60 min", n(60, 0, 0), def, 1500, 1},
		{"61 min = 3 angefangene halbe Stunden", n(61, 0, 0), def, 2250, 1},
		{"45 min + 12 km", n(45, 0, 12), def, 1500 + 360, 2},
		{"Wartezeit zählt", n(50, 20, 0), def, 2250, 1},
		{"Wartezeit nicht vergütet", n(50, 20, 0), noWait, 1500, 1},
		{"volle Einheiten abgerundet", n(89, 0, 0), full, 1500, 1},
		{"volle Einheiten 90", n(90, 0, 0), full, 2250, 1},
		{"krummer Satz exakt", n(140, 0, 3), odd, 4664 + 105, 2},
	}
	for _, c := range cases {
		got, lines := Compute(c.n, c.t)
		if got != c.want || len(lines) != c.lines {
			t.Errorf("%s: %s with %d lines, want %s with %d: %+v", c.name, got, len(lines), c.want, c.lines, lines)
		}
		var sum Money
		for _, l := range lines {
			sum += l.Amount
		}
		if sum != got {
			t.Errorf("%s: lines sum %s ≠ total %s", c.name, sum, got)
		}
	}
	if def.CancelFee() != 1500 {
		t.Error(def.CancelFee())
	}
}

func TestTariffAt(t *testing.T) {
	ts := []Tariff{
		{ValidFrom: NewDate(2026, 1, 1), RatePerHour: 1800},
		{ValidFrom: NewDate(2018, 1, 1), RatePerHour: 1500},
	}
	if tr, _ := TariffAt(ts, NewDate(2025, 12, 31)); tr.RatePerHour != 1500 {
		t.Error(tr)
	}
	if tr, _ := TariffAt(ts, NewDate(2026, 1, 1)); tr.RatePerHour != 1800 {
		t.Error(tr)
	}
	if _, ok := TariffAt(ts, NewDate(2017, 1, 1)); ok {
		t.Error("kein Tarif vor 2018")
	}
	e := &Einsatz{}
	_ = e.RecordNachweis(Einsatznachweis{ActualStart: berlinAt(2026, 2, 1, 9, 0), ActualEnd: berlinAt(2026, 2, 1, 10, 0)}, ts[0])
	if e.Nachweis.Tariff.RatePerHour != 1800 || e.Nachweis.Amount != 1800 {
		t.Errorf("Nachweis keeps tariff: %+v", e.Nachweis)
	}
}

func TestCheckIntakeLeadTimeAcrossEaster(t *testing.T) {
	// Ostern 2026: Karfreitag 03.04., Ostermontag 06.04.
	now := berlinAt(2026, 3, 30, 10, 0) // Montag
	rules := DefaultIntakeRules()
	org := &Organisation{Name: "Jobcenter", Kind: OrgJobcenter}
	mk := func(d int) *Einsatz {
		return &Einsatz{Start: berlinAt(2026, 4, d, 9, 0), Duration: time.Hour, Topic: TopicArbeit}
	}
	ws := CheckIntake(mk(7), org, rules, now)
	if len(ws) != 1 || ws[0].Rule != RuleLeadTime || !strings.Contains(ws[0].Text, "4 Werktag") || !strings.Contains(ws[0].Text, "08.04.2026") {
		t.Errorf("07.04.: %+v", ws)
	}
	if ws := CheckIntake(mk(8), org, rules, now); len(ws) != 0 {
		t.Errorf("08.04.: %+v", ws)
	}
	e := mk(7)
	if err := e.Override(RuleLeadTime, "", "x", now); err == nil {
		t.Error("Override ohne Grund")
	}
	_ = e.Override(RuleLeadTime, "Abschiebungsandrohung, Termin vom Amt gesetzt", "x", now)
	ws = CheckIntake(e, org, rules, now)
	if len(ws) != 1 || !ws[0].Overridden || len(OpenWarnings(ws)) != 0 {
		t.Errorf("override: %+v", ws)
	}
}

func TestCheckIntakeRules(t *testing.T) {
	now := berlinAt(2026, 3, 2, 10, 0)
	rules := DefaultIntakeRules()
	rules.Topics[TopicBehoerde] = TopicExcluded
	e := &Einsatz{Start: berlinAt(2026, 3, 20, 9, 0), Duration: 4 * time.Hour, Topic: TopicGesundheit}
	ws := CheckIntake(e, &Organisation{Kind: OrgVerein}, rules, now)
	got := map[string]bool{}
	for _, w := range ws {
		got[w.Rule] = true
	}
	if !got[RuleTopic] || !got[RuleOrgKind] || !got[RuleDuration] || got[RuleLeadTime] {
		t.Errorf("%+v", ws)
	}
	e.Topic = TopicBehoerde
	ws = CheckIntake(e, nil, rules, now)
	if !strings.Contains(ws[0].Text, "ausgeschlossen") {
		t.Errorf("%+v", ws)
	}
}

func interp(id, name string, g Gender, home string, langs ...LanguageSkill) *Person {
	return &Person{Meta: Meta{ID: id}, Name: name, Gender: g, Interpreter: &InterpreterProfile{
		Languages: langs, HomePlace: home, Active: true,
		Grundschulung: NewDate(2025, 1, 1), Schweigepflicht: NewDate(2025, 1, 1),
		FuehrungszeugnisSeen: NewDate(2025, 1, 1), FuehrungszeugnisValidUntil: NewDate(2030, 1, 1),
		Ehrenamtsvereinbarung: NewDate(2025, 1, 1)}}
}

func TestCandidatesDialectFirstFairShareDistance(t *testing.T) {
	start := berlinAt(2026, 3, 12, 10, 0)
	e := &Einsatz{Meta: Meta{ID: "e"}, Language: "Arabisch", Dialect: "Syrisch", Setting: SettingOnSite, Place: "Wittingen", Start: start, Duration: time.Hour}
	ar := LanguageSkill{Language: "Arabisch"}
	syr := LanguageSkill{Language: "arabisch", Dialect: "syrisch"}
	busy := interp("busy", "Busy Syrer", GenderMale, "Gifhorn", syr)
	far := interp("far", "Far Syrer", GenderMale, "Meine", syr)
	near := interp("near", "Near Syrer", GenderFemale, "Wittingen", syr)
	plain := interp("plain", "Plain Araber", GenderFemale, "Wittingen", ar)
	paused := interp("paused", "Paused", GenderFemale, "Wittingen", syr)
	paused.Interpreter.Active = false
	untrained := interp("untrained", "Untrained", GenderFemale, "Wittingen", syr)
	untrained.Interpreter.Grundschulung = Date{}
	phoneOnly := interp("phone", "Phone", GenderFemale, "Wittingen", syr)
	phoneOnly.Interpreter.Settings = []Setting{SettingPhone}
	booked := interp("booked", "Booked", GenderFemale, "Wittingen", syr)
	kurd := interp("kurd", "Kurd", GenderFemale, "Wittingen", LanguageSkill{Language: "Kurmandschi"})
	bookings := []Booking{
		{EinsatzID: "x1", Number: "E-2026-0001", InterpreterID: "busy", Start: berlinAt(2026, 3, 2, 9, 0), End: berlinAt(2026, 3, 2, 10, 0), OnSite: true},
		{EinsatzID: "x2", Number: "E-2026-0002", InterpreterID: "booked", Start: berlinAt(2026, 3, 12, 11, 15), End: berlinAt(2026, 3, 12, 12, 0), OnSite: true},
		{EinsatzID: "x3", Number: "E-2026-0003", InterpreterID: "plain", Start: berlinAt(2026, 2, 12, 11, 15), End: berlinAt(2026, 2, 12, 12, 0), OnSite: true},
	}
	all := []*Person{plain, busy, far, near, paused, untrained, phoneOnly, booked, kurd}
	m := Match(e, all, bookings, start, DefaultTravelBuffer)
	if got, want := offeredIDs(m), "near,far,busy,plain"; got != want {
		t.Errorf("order %s, want %s", got, want)
	}
	cs := m.Offered
	if !cs[0].DialectMatch || cs[3].DialectMatch || cs[2].MonthCount != 1 {
		t.Errorf("%+v", cs)
	}
	// every other Arabic speaker is listed with one reason; the Kurd is not
	want := map[string]string{
		"booked":    "belegt: E-2026-0002",
		"phone":     "Einsatzform „vor Ort“ nicht angeboten",
		"untrained": "nicht geschult (Grundschulung fehlt)",
		"paused":    "pausiert",
	}
	if got := excludedReasons(m); !sameMap(got, want) {
		t.Errorf("excluded %v, want %v", got, want)
	}
	if m.Excluded[0].Busy != "E-2026-0002" {
		t.Errorf("booked first, with its E-number: %+v", m.Excluded[0])
	}
}

func offeredIDs(m Matching) string {
	var ids []string
	for _, c := range m.Offered {
		ids = append(ids, c.Person.ID)
	}
	return strings.Join(ids, ",")
}

func excludedReasons(m Matching) map[string]string {
	out := map[string]string{}
	for _, x := range m.Excluded {
		out[x.Person.ID] = x.Reason
	}
	return out
}

func sameMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A preference ranks and removes nobody; a requirement removes the others
// with the reason.
func TestMatchGenderPreferenceAndRequirement(t *testing.T) {
	start := berlinAt(2026, 3, 12, 10, 0)
	tig := LanguageSkill{Language: "Tigrinya"}
	amanuel := interp("amanuel", "Amanuel Tesfay", GenderMale, "Gifhorn", tig)
	selam := interp("selam", "Selam Haile", GenderFemale, "Wittingen", tig)
	hiwet := interp("hiwet", "Hiwet Nasser", GenderFemale, "Meine", tig)
	all := []*Person{amanuel, selam, hiwet}
	e := &Einsatz{Meta: Meta{ID: "e"}, Language: "Tigrinya", Setting: SettingOnSite, Place: "Gifhorn", Start: start, Duration: time.Hour}
	if got := offeredIDs(Match(e, all, nil, start, DefaultTravelBuffer)); got != "amanuel,hiwet,selam" {
		t.Errorf("no wish: by distance, got %s", got)
	}
	e.GenderPref = GenderFemale
	m := Match(e, all, nil, start, DefaultTravelBuffer)
	if got := offeredIDs(m); got != "hiwet,selam,amanuel" || len(m.Excluded) != 0 {
		t.Errorf("bevorzugt weiblich: women first, Amanuel still offered; got %s, excluded %v", got, excludedReasons(m))
	}
	if r := strings.Join(m.Offered[0].Reasons(e), " · "); !strings.Contains(r, "weiblich wie gewünscht") {
		t.Errorf("reasons of Hiwet: %s", r)
	}
	if r := strings.Join(m.Offered[2].Reasons(e), " · "); !strings.Contains(r, "männlich, gewünscht weiblich") {
		t.Errorf("reasons of Amanuel: %s", r)
	}
	e.GenderRequired = true
	m = Match(e, all, nil, start, DefaultTravelBuffer)
	if got := offeredIDs(m); got != "hiwet,selam" {
		t.Errorf("nur weiblich: got %s", got)
	}
	if got := excludedReasons(m); !sameMap(got, map[string]string{"amanuel": "nur weiblich angefragt"}) {
		t.Errorf("nur weiblich: excluded %v", got)
	}
	if e.GenderWish() != "nur weiblich" {
		t.Errorf("label %q", e.GenderWish())
	}
	// an old record with only the single field reads as a preference
	var old Einsatz
	if err := json.Unmarshal([]byte(`{"language":"Tigrinya","genderPref":"w"}`), &old); err != nil {
		t.Fatal(err)
	}
	if old.GenderRequired || old.GenderWish() != "bevorzugt weiblich" {
		t.Errorf("old record: %+v %q", old, old.GenderWish())
	}
}

// Imported interpreters without paper dates, expired papers, other
// regions: listed with the reason, never silently dropped.
func TestMatchListsEveryoneOfTheLanguage(t *testing.T) {
	now := berlinAt(2026, 3, 2, 9, 0)
	start := berlinAt(2026, 3, 12, 10, 0)
	syr := LanguageSkill{Language: "Arabisch", Dialect: "Syrisch"}
	imported := &Person{Meta: Meta{ID: "imp"}, Name: "Imported Ibrahim", Gender: GenderMale,
		Interpreter: &InterpreterProfile{Languages: []LanguageSkill{syr}, HomePlace: "Gifhorn", Active: true}}
	expired := interp("exp", "Expired Aziz", GenderMale, "Gifhorn", syr)
	expired.Interpreter.FuehrungszeugnisValidUntil = NewDate(2026, 2, 28)
	lapsing := interp("lapse", "Lapsing Layla", GenderFemale, "Gifhorn", syr)
	lapsing.Interpreter.FuehrungszeugnisValidUntil = NewDate(2026, 3, 10) // valid today, not on the day
	north := interp("north", "North Nour", GenderFemale, "Wittingen", syr)
	north.Interpreter.Samtgemeinden = []string{"Wittingen", "Hankensbüttel"}
	iraqi := interp("iraqi", "Iraqi Omar", GenderMale, "Gifhorn", LanguageSkill{Language: "Arabisch", Dialect: "Irakisch"})
	plain := interp("plain", "Plain Rami", GenderMale, "Gifhorn", LanguageSkill{Language: "Arabisch", Level: LevelFluent})
	e := &Einsatz{Meta: Meta{ID: "e"}, Language: "Arabisch", Dialect: "Syrisch", Setting: SettingOnSite, Place: "Gifhorn", Start: start, Duration: time.Hour}
	m := Match(e, []*Person{imported, expired, lapsing, north, iraqi, plain}, nil, now, DefaultTravelBuffer)
	want := map[string]string{
		"imp":   "Unterlagen fehlen: Schweigepflichterklärung, Führungszeugnis; Grundschulung fehlt",
		"exp":   "Führungszeugnis abgelaufen am 28.02.2026",
		"lapse": "Führungszeugnis gilt nur bis 10.03.2026, vor dem Einsatz",
		"north": "außerhalb der Region (Einsatzgebiet: Wittingen, Hankensbüttel)",
	}
	if got := excludedReasons(m); !sameMap(got, want) {
		t.Errorf("excluded:\n got %v\nwant %v", got, want)
	}
	if got := offeredIDs(m); got != "iraqi,plain" {
		t.Fatalf("offered %s", got)
	}
	if r := m.Offered[0].Reasons(e); r[0] != "anderer Dialekt: Irakisch" {
		t.Errorf("dialect mismatch must be named: %v", r)
	}
	if r := m.Offered[1].Reasons(e); r[0] != "Dialekt nicht eingetragen" {
		t.Errorf("no dialect on the profile: %v", r)
	}
	// phone work ignores the region
	e.Setting = SettingPhone
	m = Match(e, []*Person{north}, nil, now, DefaultTravelBuffer)
	if len(m.Offered) != 1 {
		t.Errorf("phone: %v", excludedReasons(m))
	}
	// the store refuses what the list does not offer
	if why := Exclusion(e, imported, Today(now)); !strings.HasPrefix(why, "Unterlagen fehlen") {
		t.Errorf("Exclusion: %q", why)
	}
	if why := Exclusion(e, interp("k", "Kurd", GenderMale, "Gifhorn", LanguageSkill{Language: "Kurmandschi"}), Today(now)); why != "spricht Arabisch nicht" {
		t.Errorf("Exclusion language: %q", why)
	}
}

func TestAreaOf(t *testing.T) {
	for place, want := range map[string]string{"Gifhorn": "Gifhorn", "38518 Gifhorn-Gamsen": "Gifhorn", "Calberlah": "Isenbüttel",
		"Meine": "Papenteich", "papenteich": "Papenteich", "Westerbeck": "Sassenburg", "Sassenburg": "Sassenburg", "Wolfsburg": ""} {
		if got, ok := AreaOf(place); !ok || got != want {
			t.Errorf("%s: %q %v, want %q", place, got, ok, want)
		}
	}
	if _, ok := AreaOf("Atlantis"); ok {
		t.Error("unknown place known")
	}
	ip := &InterpreterProfile{Samtgemeinden: []string{"Papenteich"}}
	if !ip.Serves("Rötgesbüttel") || ip.Serves("Gifhorn") || ip.Serves("Wolfsburg") || !ip.Serves("Atlantis") {
		t.Error("Serves")
	}
}

func TestSuggestLanguages(t *testing.T) {
	for in, want := range map[string]string{"Tigrinja": "Tigrinya", "arabsich": "Arabisch", "Syrisch": "Arabisch (Syrisch)", "Ukrain": "Ukrainisch"} {
		if got := SuggestLanguages(in, nil); len(got) == 0 || got[0] != want {
			t.Errorf("%s: %v, want %s first", in, got, want)
		}
	}
	if got := SuggestLanguages("Xyzzy", nil); len(got) != 0 {
		t.Errorf("nonsense: %v", got)
	}
}

func TestConflictBuffer(t *testing.T) {
	b := []Booking{{EinsatzID: "x", Number: "E-2026-0007", InterpreterID: "p", Start: berlinAt(2026, 3, 12, 9, 0), End: berlinAt(2026, 3, 12, 10, 0), OnSite: true}}
	mk := func(hh, mm int, s Setting) *Einsatz {
		return &Einsatz{Meta: Meta{ID: "e"}, Start: berlinAt(2026, 3, 12, hh, mm), Duration: 45 * time.Minute, Setting: s}
	}
	if n, ok := Conflict(mk(10, 20, SettingOnSite), "p", b, 30*time.Minute); ok || n != "E-2026-0007" {
		t.Errorf("10:20 im Puffer: %q %v", n, ok)
	}
	if _, ok := Conflict(mk(10, 30, SettingOnSite), "p", b, 30*time.Minute); !ok {
		t.Error("10:30 liegt nach dem Puffer")
	}
	if _, ok := Conflict(mk(8, 15, SettingOnSite), "p", b, 30*time.Minute); ok {
		t.Error("8:15–9:00 endet im Puffer vor 9:00")
	}
	if _, ok := Conflict(mk(10, 0, SettingPhone), "p", []Booking{{InterpreterID: "p", Number: "E-1", Start: b[0].Start, End: b[0].End}}, 30*time.Minute); !ok {
		t.Error("Telefon nach Telefon braucht keinen Puffer")
	}
	if _, ok := Conflict(mk(9, 30, SettingOnSite), "q", b, 30*time.Minute); !ok {
		t.Error("andere Person ist frei")
	}
	if _, ok := Conflict(&Einsatz{Meta: Meta{ID: "x"}, Start: b[0].Start, Duration: time.Hour}, "p", b, 0); !ok {
		t.Error("der Einsatz selbst ist kein Konflikt")
	}
}

func TestClientRefProblem(t *testing.T) {
	for _, ok := range []string{"", "A. K.", "AK", "AZ 4711/2026", "BG-12345", "Frau K.", "M.A. (Kind)"} {
		if msg := ClientRefProblem(ok); msg != "" {
			t.Errorf("%q: %s", ok, msg)
		}
	}
	for _, bad := range []string{"Ahmad Karimi", "karimi, Ahmad Yusuf", "123456789012345678901"} {
		if msg := ClientRefProblem(bad); msg == "" {
			t.Errorf("%q accepted", bad)
		}
	}
	e := &Einsatz{OrganisationID: "o", Language: "Dari", ClientRef: "Ahmad Karimi", Start: berlinAt(2026, 3, 2, 9, 0), Duration: time.Hour, Setting: SettingPhone}
	err := e.Validate()
	ve, ok := err.(ValidationError)
	if !ok || !strings.Contains(ve.For("clientRef"), "Initialen") {
		t.Errorf("%v", err)
	}
}

func TestEinsatzValidate(t *testing.T) {
	e := &Einsatz{}
	ve, _ := e.Validate().(ValidationError)
	for _, f := range []string{"organisation", "language", "start", "duration"} {
		if ve.For(f) == "" {
			t.Errorf("no message for %s: %v", f, ve)
		}
	}
	e = &Einsatz{OrganisationID: "o", Language: "Tigrinya", Start: berlinAt(2026, 3, 2, 9, 0), Duration: time.Hour,
		Setting: SettingOnSite, Place: "Gifhorn", Urgent: true, Status: StatusVermittelt,
		AltDates: make([]time.Time, 3)}
	ve, _ = e.Validate().(ValidationError)
	for _, f := range []string{"urgentReason", "interpreter", "altDates"} {
		if ve.For(f) == "" {
			t.Errorf("no message for %s: %v", f, ve)
		}
	}
}

func TestInterpreterProfile(t *testing.T) {
	today := NewDate(2026, 3, 1)
	p := &InterpreterProfile{Languages: []LanguageSkill{{Language: "Kurmandschi"}, {Language: "Arabisch", Dialect: "Irakisch"}}}
	if s, d := p.Speaks("kurmandschi", ""); !s || !d {
		t.Error("Kurmandschi")
	}
	if s, _ := p.Speaks("Sorani", ""); s {
		t.Error("Sorani ≠ Kurmandschi")
	}
	if s, d := p.Speaks("Arabisch", "Syrisch"); !s || d {
		t.Error("Arabisch language-only")
	}
	if s, _ := p.Speaks("Kurdisch", ""); !s {
		t.Error("alias Kurdisch → Kurmandschi")
	}
	if p.BookingProblem(today, today) == "" {
		t.Error("untrained")
	}
	is := strings.Join(p.Issues(today), "|")
	for _, w := range []string{"Führungszeugnis fehlt", "Schweigepflicht", "Grundschulung", "Ehrenamtsvereinbarung"} {
		if !strings.Contains(is, w) {
			t.Errorf("missing %q in %s", w, is)
		}
	}
	p.FuehrungszeugnisSeen, p.FuehrungszeugnisValidUntil = NewDate(2021, 4, 1), NewDate(2026, 4, 15)
	p.Schweigepflicht, p.Grundschulung, p.Ehrenamtsvereinbarung = today, today, today
	if is := p.Issues(today); len(is) != 1 || !strings.Contains(is[0], "läuft ab am 15.04.2026") {
		t.Errorf("%v", is)
	}
	if is := p.Issues(NewDate(2026, 5, 1)); len(is) != 1 || !strings.Contains(is[0], "abgelaufen") {
		t.Errorf("%v", is)
	}
	if is := p.Issues(NewDate(2026, 1, 1)); len(is) != 0 {
		t.Errorf("%v", is)
	}
	if why := p.BookingProblem(today, today); why != "" {
		t.Error(why)
	}
	person := &Person{Name: "X", Interpreter: &InterpreterProfile{}}
	if ve, _ := person.Validate().(ValidationError); ve.For("languages") == "" {
		t.Error("languages required")
	}
}

func TestLanguagesAndPlaces(t *testing.T) {
	if n := len(Languages); n < 34 {
		t.Errorf("only %d languages", n)
	}
	seen := map[string]bool{}
	for _, l := range Languages {
		if seen[l.Name] {
			t.Errorf("duplicate %s", l.Name)
		}
		seen[l.Name] = true
	}
	if len(DialectsOf("arabisch")) < 4 {
		t.Error("Arabic dialects")
	}
	if d := PlaceDistance("Gifhorn", "Gifhorn"); d != 0 {
		t.Error(d)
	}
	if d := PlaceDistance("38518 Gifhorn", "Wittingen"); d < 25 || d > 45 {
		t.Errorf("Gifhorn–Wittingen %d km", d)
	}
	if d := PlaceDistance("Sassenburg", "Westerbeck"); d != 0 {
		t.Errorf("Samtgemeinde alias: %d", d)
	}
	if d := PlaceDistance("Atlantis", "Gifhorn"); d != FallbackDistanceKm {
		t.Error(d)
	}
}

func TestConfirmationTexts(t *testing.T) {
	e := &Einsatz{Meta: Meta{Number: "E-2026-0042"}, Language: "Tigrinya", Setting: SettingOnSite,
		Address: "Am Schloßgarten 1", Place: "Gifhorn", MeetingPoint: "Empfang, 2. OG", OnSiteContact: "Frau Meier, 05371 12345",
		ClientRef: "T. G.", Topic: TopicArbeit, Start: berlinAt(2026, 3, 12, 9, 0), Duration: 90 * time.Minute,
		ContactName: "Herr Schulz", ContactPhone: "05371 999"}
	org := &Organisation{Name: "Jobcenter Gifhorn"}
	ip := &Person{Name: "Yonas Tesfaye", Phone: "0170 1234567", Email: "yonas@example.org"}
	inst := ConfirmationForInstitution(e, org, nil, ip, DefaultTariffs()[0], DefaultOffice)
	for _, w := range []string{"E-2026-0042", "Donnerstag, 12.03.2026, 09:00–10:30 Uhr", "Yonas Tesfaye", "Empfang, 2. OG", "Herr Schulz", "sprachmittlung@gifhorn.de"} {
		if !strings.Contains(inst, w) {
			t.Errorf("Einrichtung: %q fehlt:\n%s", w, inst)
		}
	}
	if strings.Contains(inst, "0170") || strings.Contains(inst, "yonas@") {
		t.Error("private Kontaktdaten der Sprachmittler:in in der Bestätigung")
	}
	for_ := ConfirmationForInterpreter(e, org, nil, ip, DefaultOffice)
	for _, w := range []string{"Hallo Yonas", "E-2026-0042", "Frau Meier", "Herr Schulz, 05371 999", "Jobcenter/Arbeit"} {
		if !strings.Contains(for_, w) {
			t.Errorf("Sprachmittler:in: %q fehlt:\n%s", w, for_)
		}
	}
	if strings.Contains(for_, "T. G.") {
		t.Error("Klient:in in der Mail an die Sprachmittler:in")
	}
	sheet := NachweisSheet(e, org, ip, DefaultTariffs()[0], DefaultOffice)
	for _, w := range []string{"Nr. E-2026-0042", "Unterschrift Fachkraft", "Unterschrift Sprachmittler:in", "Nummer E-2026-0042"} {
		if !strings.Contains(sheet, w) {
			t.Errorf("Nachweis: %q fehlt:\n%s", w, sheet)
		}
	}
}

// TestHandbookExampleAmount: the worked example of the tariff in the handbook.
func TestHandbookExampleAmount(t *testing.T) {
	start := berlinAt(2026, 3, 10, 9, 5)
	got, _ := Compute(Einsatznachweis{ActualStart: start, ActualEnd: start.Add(75 * time.Minute), WaitingMinutes: 10, Km: 240}, DefaultTariffs()[0])
	if got != 2970 {
		t.Errorf("handbook example (docs/handbuch/sprachmittlung.md, Tarif): %s, want 29,70 €", got)
	}
}
