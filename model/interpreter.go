package model

import (
	"strings"
	"unicode/utf8"
)

// Level is how well an interpreter speaks a language.
type Level string

// Levels of a language skill, best first.
const (
	LevelNative Level = "muttersprache"
	LevelFluent Level = "fliessend"
	LevelGood   Level = "gut"
	LevelBasic  Level = "grundkenntnisse"
)

// Levels lists the levels in the order forms offer them.
var Levels = []Level{LevelNative, LevelFluent, LevelGood, LevelBasic}

// Label is the German word shown to people.
func (l Level) Label() string {
	switch l {
	case LevelNative:
		return "Muttersprache"
	case LevelFluent:
		return "fließend"
	case LevelGood:
		return "gut"
	case LevelBasic:
		return "Grundkenntnisse"
	}
	return "—"
}

// ParseLevel accepts the labels and common spellings ("fliessend", "C1" …).
func ParseLevel(s string) (Level, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "muttersprache", "ms", "native", "c2":
		return LevelNative, true
	case "fließend", "fliessend", "c1":
		return LevelFluent, true
	case "gut", "b2", "b1":
		return LevelGood, true
	case "grundkenntnisse", "a2", "a1":
		return LevelBasic, true
	}
	return "", false
}

// LanguageSkill is one language (and optionally dialect) an interpreter
// speaks, with level and any certificate (e.g. "telc C1", "EMZ-Schulung").
type LanguageSkill struct {
	Language    string `json:"language"`
	Dialect     string `json:"dialect,omitempty"`
	Level       Level  `json:"level,omitempty"`
	Certificate string `json:"certificate,omitempty"`
}

// String is "Arabisch (Syrisch)", the form the CSV import also reads.
func (s LanguageSkill) String() string {
	if s.Dialect == "" {
		return s.Language
	}
	return s.Language + " (" + s.Dialect + ")"
}

// Setting is how an Einsatz takes place.
type Setting string

// Settings of an Einsatz / offered by an interpreter.
const (
	SettingOnSite Setting = "vor_ort"
	SettingPhone  Setting = "telefon"
	SettingVideo  Setting = "video"
)

// AllSettings lists the settings in the order forms offer them.
var AllSettings = []Setting{SettingOnSite, SettingPhone, SettingVideo}

// Label is the German word shown to people.
func (s Setting) Label() string {
	switch s {
	case SettingOnSite:
		return "vor Ort"
	case SettingPhone:
		return "Telefon"
	case SettingVideo:
		return "Video"
	}
	return "—"
}

// Mobility is how an interpreter gets to on-site Einsätze.
type Mobility string

// Mobility choices.
const (
	MobilityCar     Mobility = "auto"
	MobilityTransit Mobility = "oepnv"
	MobilityBike    Mobility = "fahrrad"
	MobilityNone    Mobility = "keine"
)

// Mobilities lists the choices in the order forms offer them.
var Mobilities = []Mobility{MobilityCar, MobilityTransit, MobilityBike, MobilityNone}

// Label is the German word shown to people.
func (m Mobility) Label() string {
	switch m {
	case MobilityCar:
		return "Auto"
	case MobilityTransit:
		return "ÖPNV"
	case MobilityBike:
		return "Fahrrad"
	case MobilityNone:
		return "nicht mobil"
	}
	return "—"
}

// InterpreterProfile is the Sprachmittlung role of a person: what they
// speak, how and where they work, and the onboarding papers whose dates the
// office watches (docs/DOMAIN.md §1.7). Führungszeugnis is recorded only as
// "eingesehen am / gültig bis", never as a document.
type InterpreterProfile struct {
	Languages     []LanguageSkill `json:"languages,omitempty"`
	Settings      []Setting       `json:"settings,omitempty"`      // empty = all settings
	Samtgemeinden []string        `json:"samtgemeinden,omitempty"` // areas served; empty = whole county
	Mobility      Mobility        `json:"mobility,omitempty"`
	HomePlace     string          `json:"homePlace,omitempty"` // Ort, for distances (see PlaceDistance)

	Schweigepflicht            Date `json:"schweigepflicht,omitempty"`            // Schweigepflichterklärung signed on
	FuehrungszeugnisSeen       Date `json:"fuehrungszeugnisSeen,omitempty"`       // Führungszeugnis eingesehen am
	FuehrungszeugnisValidUntil Date `json:"fuehrungszeugnisValidUntil,omitempty"` // … gültig bis
	// Grundschulung is the day the person attended the basic training; the
	// Netzwerk tab sets it when a Grundschulung participant is checked in.
	Grundschulung         Date `json:"grundschulung,omitempty"`
	Ehrenamtsvereinbarung Date `json:"ehrenamtsvereinbarung,omitempty"` // signed on

	Active bool   `json:"active"` // false = pausiert
	Notes  string `json:"notes,omitempty"`
}

// Speaks reports whether the interpreter speaks lang and whether the
// dialect matches too. A request without dialect matches any dialect; a
// skill without dialect matches a request with dialect only as
// language-only (dialectMatch false).
func (p *InterpreterProfile) Speaks(lang, dialect string) (speaks, dialectMatch bool) {
	skills := p.SkillsIn(lang)
	if len(skills) == 0 {
		return false, false
	}
	dialect = strings.TrimSpace(dialect)
	for _, s := range skills {
		if dialect == "" || strings.EqualFold(strings.TrimSpace(s.Dialect), dialect) {
			return true, true
		}
	}
	return true, false
}

// SkillsIn lists the interpreter's skills in lang (one per dialect),
// matching the list's spelling of the language.
func (p *InterpreterProfile) SkillsIn(lang string) []LanguageSkill {
	if p == nil {
		return nil
	}
	lang = CanonicalLanguage(lang)
	var out []LanguageSkill
	for _, s := range p.Languages {
		if strings.EqualFold(CanonicalLanguage(s.Language), lang) {
			out = append(out, s)
		}
	}
	return out
}

// Offers reports whether the interpreter works in setting s; a profile
// without settings offers all of them.
func (p *InterpreterProfile) Offers(s Setting) bool {
	if p == nil {
		return false
	}
	if len(p.Settings) == 0 || s == "" {
		return true
	}
	for _, x := range p.Settings {
		if x == s {
			return true
		}
	}
	return false
}

// BookingProblem says in German why the person's papers or training do
// not allow booking them for an Einsatz on day, as of today, or "" when
// they do: Schweigepflichterklärung and Führungszeugnis must be there (the
// Führungszeugnis still valid on day) and the Grundschulung attended. An
// interpreter imported from a list without these dates gets "Unterlagen
// fehlen: …".
func (p *InterpreterProfile) BookingProblem(today, day Date) string {
	if p == nil {
		return "nicht als Sprachmittler:in eingetragen"
	}
	var missing, out []string
	if p.Schweigepflicht.IsZero() {
		missing = append(missing, "Schweigepflichterklärung")
	}
	if p.FuehrungszeugnisSeen.IsZero() && p.FuehrungszeugnisValidUntil.IsZero() {
		missing = append(missing, "Führungszeugnis")
	}
	if len(missing) > 0 {
		out = append(out, "Unterlagen fehlen: "+strings.Join(missing, ", "))
	}
	switch until := p.FuehrungszeugnisValidUntil; {
	case until.IsZero():
	case until.Before(today):
		out = append(out, "Führungszeugnis abgelaufen am "+until.String())
	case until.Before(day):
		out = append(out, "Führungszeugnis gilt nur bis "+until.String()+", vor dem Einsatz")
	}
	if p.Grundschulung.IsZero() {
		if len(out) == 0 {
			return "nicht geschult (Grundschulung fehlt)"
		}
		out = append(out, "Grundschulung fehlt")
	}
	return strings.Join(out, "; ")
}

// Serves reports whether an on-site Einsatz at place lies in the areas the
// interpreter works in. No areas means the whole county and beyond; a
// place the program does not know is not held against anybody.
func (p *InterpreterProfile) Serves(place string) bool {
	if p == nil || len(p.Samtgemeinden) == 0 {
		return true
	}
	area, known := AreaOf(place)
	if !known {
		return true
	}
	for _, s := range p.Samtgemeinden {
		if a, ok := AreaOf(s); ok && a != "" && a == area {
			return true
		}
	}
	return false
}

// LanguagesText is "Arabisch (Syrisch), Kurmandschi" for lists.
func (p *InterpreterProfile) LanguagesText() string {
	if p == nil {
		return ""
	}
	parts := make([]string, len(p.Languages))
	for i, s := range p.Languages {
		parts[i] = s.String()
	}
	return strings.Join(parts, ", ")
}

// FuehrungszeugnisWarnDays is how long before expiry the list marks a
// Führungszeugnis.
const FuehrungszeugnisWarnDays = 60

// Issues lists in German what is missing or expiring for the person to be
// bookable, as of today: the marks in the interpreter list.
func (p *InterpreterProfile) Issues(today Date) []string {
	if p == nil {
		return nil
	}
	var out []string
	switch {
	case p.FuehrungszeugnisSeen.IsZero() && p.FuehrungszeugnisValidUntil.IsZero():
		out = append(out, "Führungszeugnis fehlt")
	case !p.FuehrungszeugnisValidUntil.IsZero() && p.FuehrungszeugnisValidUntil.Before(today):
		out = append(out, "Führungszeugnis abgelaufen am "+p.FuehrungszeugnisValidUntil.String())
	case !p.FuehrungszeugnisValidUntil.IsZero() && today.DaysUntil(p.FuehrungszeugnisValidUntil) <= FuehrungszeugnisWarnDays:
		out = append(out, "Führungszeugnis läuft ab am "+p.FuehrungszeugnisValidUntil.String())
	}
	if p.Schweigepflicht.IsZero() {
		out = append(out, "Schweigepflichterklärung fehlt")
	}
	if p.Grundschulung.IsZero() {
		out = append(out, "Grundschulung fehlt")
	}
	if p.Ehrenamtsvereinbarung.IsZero() {
		out = append(out, "Ehrenamtsvereinbarung fehlt")
	}
	return out
}

func (p *InterpreterProfile) validate(v *ValidationError) {
	p.validateLanguages(v)
	for _, s := range p.Settings {
		if s.Label() == "—" {
			v.Add("settings", "Unbekannte Einsatzform.")
			break
		}
	}
	if p.Mobility != "" && p.Mobility.Label() == "—" {
		v.Add("mobility", "Unbekannte Mobilität.")
	}
	if utf8.RuneCountInString(p.HomePlace) > 80 {
		v.Add("homePlace", "Der Wohnort hat höchstens 80 Zeichen.")
	}
	if !p.FuehrungszeugnisSeen.IsZero() && !p.FuehrungszeugnisValidUntil.IsZero() &&
		p.FuehrungszeugnisValidUntil.Before(p.FuehrungszeugnisSeen) {
		v.Add("fuehrungszeugnisValidUntil", "„Gültig bis“ liegt vor „eingesehen am“ – bitte die Daten prüfen.")
	}
	if utf8.RuneCountInString(p.Notes) > 2000 {
		v.Add("notes", "Die Notizen sind zu lang (höchstens 2000 Zeichen).")
	}
}

// validateLanguages wants at least one language; the first that has no
// name, too long a name or an unknown level is named.
func (p *InterpreterProfile) validateLanguages(v *ValidationError) {
	if len(p.Languages) == 0 {
		v.Add("languages", "Bitte mindestens eine Sprache angeben.")
	}
	for _, s := range p.Languages {
		if strings.TrimSpace(s.Language) == "" {
			v.Add("languages", "Jede Sprache braucht einen Namen.")
			return
		}
		if utf8.RuneCountInString(s.Language) > 60 || utf8.RuneCountInString(s.Dialect) > 60 {
			v.Add("languages", "Sprach- und Dialektnamen haben höchstens 60 Zeichen.")
			return
		}
		if s.Level != "" && s.Level.Label() == "—" {
			v.Add("languages", "Unbekanntes Sprachniveau bei "+s.Language+".")
			return
		}
	}
}
