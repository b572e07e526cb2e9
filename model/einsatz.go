package model

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Topic is the coarse category of an Einsatz. Health matters are special
// category data (Art. 9 DSGVO), so only the category is stored, never a
// free-text diagnosis (docs/DOMAIN.md §4.2).
type Topic string

// Topic categories.
const (
	TopicBehoerde    Topic = "behoerde"
	TopicSchule      Topic = "schule_kita"
	TopicGesundheit  Topic = "gesundheit"
	TopicArbeit      Topic = "jobcenter_arbeit"
	TopicBeratung    Topic = "beratung"
	TopicJugendhilfe Topic = "jugendhilfe"
	TopicSonstiges   Topic = "sonstiges"
)

// Topics lists the categories in the order forms offer them.
var Topics = []Topic{TopicBehoerde, TopicSchule, TopicGesundheit, TopicArbeit, TopicBeratung, TopicJugendhilfe, TopicSonstiges}

// Label is the German name of the category.
func (t Topic) Label() string {
	switch t {
	case TopicBehoerde:
		return "Behörde"
	case TopicSchule:
		return "Schule/Kita"
	case TopicGesundheit:
		return "Gesundheit"
	case TopicArbeit:
		return "Jobcenter/Arbeit"
	case TopicBeratung:
		return "Beratung"
	case TopicJugendhilfe:
		return "Jugendhilfe"
	case TopicSonstiges:
		return "Sonstiges"
	}
	return "—"
}

// StatusChange is one line of an Einsatz's history: who moved it from
// which status to which, when and why.
type StatusChange struct {
	At     time.Time `json:"at"`
	Who    string    `json:"who"`
	From   Status    `json:"from"`
	To     Status    `json:"to"`
	Reason string    `json:"reason,omitempty"`
	// Interpreter is the interpreter concerned, e.g. the one who dropped
	// out when the Einsatz went back to Suche.
	Interpreter string `json:"interpreter,omitempty"`
}

// Override records that an intake warning was consciously overridden.
type Override struct {
	Rule   string    `json:"rule"` // Warning.Rule
	Reason string    `json:"reason"`
	Who    string    `json:"who"`
	At     time.Time `json:"at"`
}

// Line is one line of a computed amount ("Einsatzzeit 1:15 h …", 22,50 €).
type Line struct {
	Text   string `json:"text"`
	Amount Money  `json:"amount"`
}

// Einsatznachweis is what happened, from the signed sheet: actual times,
// waiting time not caused by the interpreter, kilometres driven, and the
// Aufwandsentschädigung computed with a copy of the tariff that applied.
type Einsatznachweis struct {
	ActualStart    time.Time `json:"actualStart"`
	ActualEnd      time.Time `json:"actualEnd"`
	WaitingMinutes int       `json:"waitingMinutes,omitempty"`
	// Km driven there and back, in tenths (12,5 km = 125); stored as a
	// number of kilometres, see MarshalJSON.
	Km     Km     `json:"-"`
	Amount Money  `json:"amount"`
	Tariff Tariff `json:"tariff"`
	Lines  []Line `json:"lines,omitempty"`
	Notes  string `json:"notes,omitempty"`
}

// MaxNachweisKm is the most an Einsatz's trip can plausibly be.
const MaxNachweisKm Km = 10000 // 1.000 km

// MarshalJSON writes the kilometres as a plain number of km ("km": 12.5):
// files written before decimal kilometres hold whole numbers there
// ("km": 12), which read the same.
func (n Einsatznachweis) MarshalJSON() ([]byte, error) {
	type plain Einsatznachweis
	return json.Marshal(struct {
		plain
		Km json.Number `json:"km,omitempty"`
	}{plain(n), kmNumber(n.Km)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (n *Einsatznachweis) UnmarshalJSON(b []byte) error {
	type plain Einsatznachweis
	v := struct {
		*plain
		Km json.Number `json:"km"`
	}{plain: (*plain)(n)}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	n.Km = 0
	if v.Km != "" {
		km, err := ParseKm(string(v.Km))
		if err != nil {
			return fmt.Errorf("Einsatznachweis: Kilometer %q: %w", string(v.Km), err)
		}
		n.Km = km
	}
	return nil
}

// kmNumber is k as a JSON number of kilometres ("" for 0).
func kmNumber(k Km) json.Number {
	if k == 0 {
		return ""
	}
	return json.Number(strings.Replace(k.Plain(), ",", ".", 1))
}

// KmJSON is k as a JSON number of kilometres (12.5), for exports.
func KmJSON(k Km) json.Number {
	if k == 0 {
		return "0"
	}
	return kmNumber(k)
}

// Validate checks the sheet's figures.
func (n *Einsatznachweis) Validate() error {
	var v ValidationError
	n.validate(&v)
	return v.Err()
}

// ValidateAt checks the sheet like Validate and that the Einsatz has begun
// by now: the Nachweis records what happened, so one entered days ahead by
// mistake must not turn the Einsatz "durchgeführt".
func (n *Einsatznachweis) ValidateAt(now time.Time) error {
	var v ValidationError
	n.validate(&v)
	if v.For("actualStart") == "" && !n.ActualStart.IsZero() && n.ActualStart.After(now) {
		v.Add("actualStart", "Der Einsatz hat noch nicht begonnen.")
	}
	return v.Err()
}

func (n *Einsatznachweis) validate(v *ValidationError) {
	switch {
	case n.ActualStart.IsZero():
		v.Add("actualStart", "Bitte den tatsächlichen Beginn eingeben.")
	case n.ActualEnd.IsZero():
		v.Add("actualEnd", "Bitte das tatsächliche Ende eingeben.")
	case !n.ActualEnd.After(n.ActualStart):
		v.Add("actualEnd", "Das Ende muss nach dem Beginn liegen.")
	case n.ActualEnd.Sub(n.ActualStart) > 12*time.Hour:
		v.Add("actualEnd", "Ein Einsatz dauert höchstens 12 Stunden – bitte die Zeiten prüfen.")
	}
	if n.WaitingMinutes < 0 || n.WaitingMinutes > 600 {
		v.Add("waitingMinutes", "Die Wartezeit liegt zwischen 0 und 600 Minuten.")
	}
	if n.Km < 0 || n.Km > MaxNachweisKm {
		v.Add("km", "Die Kilometer liegen zwischen 0 und 1000.")
	}
}

// CancelParty is who called an Einsatz off.
type CancelParty string

// Parties that can cancel.
const (
	CancelByEinrichtung CancelParty = "einrichtung"
	CancelByKlient      CancelParty = "klient"
	CancelByInterpreter CancelParty = "sprachmittler"
	CancelByStabsstelle CancelParty = "stabsstelle"
)

// CancelParties lists the parties in the order forms offer them.
var CancelParties = []CancelParty{CancelByEinrichtung, CancelByKlient, CancelByInterpreter, CancelByStabsstelle}

// Label is the German name of the party.
func (c CancelParty) Label() string {
	switch c {
	case CancelByEinrichtung:
		return "Einrichtung"
	case CancelByKlient:
		return "Klient:in"
	case CancelByInterpreter:
		return "Sprachmittler:in"
	case CancelByStabsstelle:
		return "Stabsstelle"
	}
	return "—"
}

// Cancellation records an Absage (or a no-show) and the Ausfallpauschale
// it causes. At is when the Absage reached the office: the clock decides
// from it whether the Absage was rechtzeitig or kurzfristig (Einsatz.Cancel)
// under Tariff, which is kept whenever an interpreter was booked. Who
// entered it (and any override) and when is the matching line of the
// status history.
type Cancellation struct {
	By               CancelParty `json:"by"`
	At               time.Time   `json:"at"`
	Reason           string      `json:"reason,omitempty"`
	Ausfallpauschale Money       `json:"ausfallpauschale,omitempty"`
	Late             bool        `json:"late,omitempty"`     // kurzfristig, as decided by the clock (or the override)
	Override         string      `json:"override,omitempty"` // reason, when the user overrode the clock's decision
	Tariff           *Tariff     `json:"tariff,omitempty"`   // the tariff the Pauschale was computed with
}

// Einsatz is one interpreter request and, once placed, its booking: the
// request form's fields (docs/DOMAIN.md §1.2), the status with its history, the
// Einsatznachweis and any cancellation. The client is named only by
// initials or the institution's file number.
type Einsatz struct {
	Meta

	OrganisationID  string `json:"organisationId"`
	ContactPersonID string `json:"contactPersonId,omitempty"`
	ContactName     string `json:"contactName,omitempty"`
	ContactPhone    string `json:"contactPhone,omitempty"`
	ContactEmail    string `json:"contactEmail,omitempty"`

	Language      string `json:"language"`
	Dialect       string `json:"dialect,omitempty"`
	ClientRef     string `json:"clientRef,omitempty"`     // initials or file number only
	ClientCountry string `json:"clientCountry,omitempty"` // Herkunftsland, optional
	Topic         Topic  `json:"topic,omitempty"`

	Setting       Setting `json:"setting"`
	Place         string  `json:"place,omitempty"` // Ort (Gifhorn, Wittingen …), for lists and distances
	Address       string  `json:"address,omitempty"`
	MeetingPoint  string  `json:"meetingPoint,omitempty"`
	OnSiteContact string  `json:"onSiteContact,omitempty"` // name and phone of the Fachkraft on site

	Start    time.Time     `json:"start"` // UTC
	Duration time.Duration `json:"duration"`
	AltDates []time.Time   `json:"altDates,omitempty"` // at most two
	// GenderPref is the interpreter's gender the request asks for. It is a
	// preference (ranks, removes nobody) unless GenderRequired; records
	// from before GenderRequired existed read as a preference.
	GenderPref     Gender `json:"genderPref,omitempty"`
	GenderRequired bool   `json:"genderRequired,omitempty"`

	Urgent       bool   `json:"urgent,omitempty"`
	UrgentReason string `json:"urgentReason,omitempty"`
	Notes        string `json:"notes,omitempty"`

	InterpreterID string         `json:"interpreterId,omitempty"`
	Status        Status         `json:"status"`
	StatusHistory []StatusChange `json:"statusHistory,omitempty"`
	Overrides     []Override     `json:"overrides,omitempty"`

	Nachweis     *Einsatznachweis `json:"nachweis,omitempty"`
	Cancellation *Cancellation    `json:"cancellation,omitempty"`
	// ClaimID is the Kostenerstattung through which the interpreter's
	// Aufwandsentschädigung for this Einsatz was paid.
	ClaimID string `json:"claimId,omitempty"`
}

// GenderWish is the request's wish in German: "bevorzugt weiblich", "nur
// weiblich" or "nicht relevant".
func (e *Einsatz) GenderWish() string {
	switch {
	case e.GenderPref == GenderUnknown:
		return "nicht relevant"
	case e.GenderRequired:
		return "nur " + e.GenderPref.Label()
	}
	return "bevorzugt " + e.GenderPref.Label()
}

// End is the planned end (Start + Duration).
func (e *Einsatz) End() time.Time { return e.Start.Add(e.Duration) }

// OnSite reports whether the interpreter travels (travel buffer, km).
func (e *Einsatz) OnSite() bool { return e.Setting == SettingOnSite || e.Setting == "" }

// Overridden reports whether the intake warning rule has been overridden.
func (e *Einsatz) Overridden(rule string) bool {
	for _, o := range e.Overrides {
		if o.Rule == rule {
			return true
		}
	}
	return false
}

// Override records that intake rule is consciously ignored, with a reason.
func (e *Einsatz) Override(rule, reason, who string, at time.Time) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ValidationError{{Field: "override", Msg: "Bitte begründen, warum der Hinweis übergangen wird."}}
	}
	for i, o := range e.Overrides {
		if o.Rule == rule {
			e.Overrides[i] = Override{rule, reason, who, at.UTC()}
			return nil
		}
	}
	e.Overrides = append(e.Overrides, Override{rule, reason, who, at.UTC()})
	return nil
}

// MaxClientRef is the longest accepted client reference.
const MaxClientRef = 20

// ClientRefProblem returns a German message when s looks like more than
// initials or a file number, or "" when it is fine. Two capitalised words
// of at least three letters each ("Ahmad Karimi") count as a full name.
func ClientRefProblem(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if utf8.RuneCountInString(s) > MaxClientRef {
		return "Bitte nur Initialen oder Aktenzeichen angeben (höchstens 20 Zeichen)."
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' || r == '/' })
	names := 0
	for _, w := range words {
		rs := []rune(w)
		if len(rs) < 3 || !unicode.IsUpper(rs[0]) {
			continue
		}
		letters := true
		for _, r := range rs[1:] {
			if !unicode.IsLetter(r) && r != '-' {
				letters = false
				break
			}
		}
		if letters {
			names++
		}
	}
	if names >= 2 {
		return "Datenschutz: nur Initialen (z. B. A. K.) oder Aktenzeichen, kein voller Name."
	}
	return ""
}

// Validate checks the request with German messages per field.
func (e *Einsatz) Validate() error {
	var v ValidationError
	e.validateRequest(&v)
	e.validateSchedule(&v)
	e.validateHandling(&v)
	return v.Err()
}

// validateRequest checks who asks, in which language, for whom and where.
func (e *Einsatz) validateRequest(v *ValidationError) {
	if strings.TrimSpace(e.OrganisationID) == "" {
		v.Add("organisation", "Bitte die anfragende Einrichtung auswählen.")
	}
	if msg := EmailProblem(e.ContactEmail); msg != "" {
		v.Add("contactEmail", msg)
	}
	if msg := PhoneProblem(e.ContactPhone); msg != "" {
		v.Add("contactPhone", msg)
	}
	e.validateLanguage(v)
	if msg := ClientRefProblem(e.ClientRef); msg != "" {
		v.Add("clientRef", msg)
	}
	if utf8.RuneCountInString(e.ClientCountry) > 60 {
		v.Add("clientCountry", "Das Herkunftsland hat höchstens 60 Zeichen.")
	}
	if e.Topic != "" && e.Topic.Label() == "—" {
		v.Add("topic", "Bitte einen Themenbereich aus der Liste wählen.")
	}
	if e.Setting != "" && e.Setting.Label() == "—" {
		v.Add("setting", "Bitte vor Ort, Telefon oder Video wählen.")
	}
	if e.Setting == SettingOnSite && strings.TrimSpace(e.Address) == "" && strings.TrimSpace(e.Place) == "" {
		v.Add("address", "Für einen Einsatz vor Ort bitte Adresse oder Ort angeben.")
	}
	e.validateAddressLengths(v)
}

// validateLanguage wants a language and allows 60 characters for it and
// for the dialect.
func (e *Einsatz) validateLanguage(v *ValidationError) {
	switch {
	case strings.TrimSpace(e.Language) == "":
		v.Add("language", "Bitte die Sprache angeben.")
	case utf8.RuneCountInString(e.Language) > 60:
		v.Add("language", "Der Name der Sprache hat höchstens 60 Zeichen.")
	}
	if utf8.RuneCountInString(e.Dialect) > 60 {
		v.Add("dialect", "Der Dialekt hat höchstens 60 Zeichen.")
	}
}

// validateAddressLengths allows 200 characters for the address, the
// meeting point, the contacts and the place.
func (e *Einsatz) validateAddressLengths(v *ValidationError) {
	for _, f := range []struct{ key, val, label string }{
		{"address", e.Address, "Die Adresse"}, {"meetingPoint", e.MeetingPoint, "Der Treffpunkt"},
		{"onSiteContact", e.OnSiteContact, "Der Kontakt vor Ort"}, {"place", e.Place, "Der Ort"},
		{"contactName", e.ContactName, "Der Name der Ansprechperson"},
	} {
		if utf8.RuneCountInString(f.val) > 200 {
			v.Add(f.key, f.label+" hat höchstens 200 Zeichen.")
		}
	}
}

// validateSchedule checks when and how long.
func (e *Einsatz) validateSchedule(v *ValidationError) {
	switch {
	case e.Start.IsZero():
		v.Add("start", "Bitte Datum und Uhrzeit des Einsatzes angeben.")
	case e.Start.Year() < 2000 || e.Start.Year() > 2100:
		v.Add("start", "Das Datum liegt außerhalb des möglichen Bereichs.")
	}
	switch {
	case e.Duration <= 0:
		v.Add("duration", "Bitte die erwartete Dauer angeben, z. B. 1:30.")
	case e.Duration > 12*time.Hour:
		v.Add("duration", "Ein Einsatz dauert höchstens 12 Stunden.")
	}
	if len(e.AltDates) > 2 {
		v.Add("altDates", "Höchstens zwei Ausweichtermine angeben.")
	}
}

// validateHandling checks the wishes, the notes, the status and the
// Einsatznachweis.
func (e *Einsatz) validateHandling(v *ValidationError) {
	if e.GenderPref != GenderUnknown && e.GenderPref.Label() == "keine Angabe" {
		v.Add("genderPref", "Unbekannter Geschlechtswunsch.")
	}
	if e.GenderRequired && e.GenderPref == GenderUnknown {
		v.Add("genderPref", "Bitte angeben, welches Geschlecht verlangt ist – oder „nicht relevant“ wählen.")
	}
	if e.Urgent && strings.TrimSpace(e.UrgentReason) == "" {
		v.Add("urgentReason", "Bitte angeben, warum die Anfrage eilt.")
	}
	if utf8.RuneCountInString(e.Notes) > 2000 {
		v.Add("notes", "Die Notizen sind zu lang (höchstens 2000 Zeichen).")
	}
	if e.Status != "" && e.Status.Label() == "—" {
		v.Add("status", "Unbekannter Status.")
	}
	if e.Status.NeedsInterpreter() && e.InterpreterID == "" {
		v.Add("interpreter", "Im Status „"+e.Status.Label()+"“ muss eine Sprachmittler:in eingetragen sein.")
	}
	if e.Nachweis != nil {
		e.Nachweis.validate(v)
	}
}
