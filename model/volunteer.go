package model

import (
	"errors"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// LimitKind names the tax-free yearly amount a volunteer's allowances count
// against (docs/DOMAIN.md §2.2). The two cannot be combined for one activity, so a
// profile carries exactly one.
type LimitKind string

const (
	// LimitEhrenamt is the Ehrenamtspauschale, § 3 Nr. 26a EStG (default).
	LimitEhrenamt LimitKind = "ehrenamt"
	// LimitUebungsleiter is the Übungsleiterpauschale, § 3 Nr. 26 EStG
	// (teaching, training, care: e.g. Deutschkurs-Leitung).
	LimitUebungsleiter LimitKind = "uebungsleiter"
)

// LimitKinds lists the choices in the order forms offer them.
var LimitKinds = []LimitKind{LimitEhrenamt, LimitUebungsleiter}

// Label is the German name shown to people.
func (k LimitKind) Label() string {
	switch k {
	case LimitUebungsleiter:
		return "Übungsleiterpauschale (§ 3 Nr. 26 EStG)"
	default:
		return "Ehrenamtspauschale (§ 3 Nr. 26a EStG)"
	}
}

// Short is the label for narrow columns.
func (k LimitKind) Short() string {
	if k == LimitUebungsleiter {
		return "Übungsleiter"
	}
	return "Ehrenamt"
}

// Or returns k, or the Ehrenamtspauschale when k is unset.
func (k LimitKind) Or() LimitKind {
	if k == "" {
		return LimitEhrenamt
	}
	return k
}

// ParseLimitKind accepts the stored codes and what people write in lists.
func ParseLimitKind(s string) (LimitKind, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "ehrenamt", "ehrenamtspauschale", "26a", "§ 3 nr. 26a":
		return LimitEhrenamt, true
	case "uebungsleiter", "übungsleiter", "übungsleiterpauschale", "uebungsleiterpauschale", "26", "§ 3 nr. 26":
		return LimitUebungsleiter, true
	}
	return "", false
}

// VolunteerProjects are the projects the Stabsstelle's volunteers work in;
// forms offer them, other names are allowed.
var VolunteerProjects = []string{
	"Integrationslotsen", "Offene Deutschkurse", "Formularhilfe", "Sprachmittlung",
	"Willkommenscafé", "Hausaufgabenhilfe", "Patenschaften",
}

// VolunteerProfile is the Kostenerstattungen role of a person: the account
// claims are paid to, the projects and the tax-free limit that applies.
// An IBAN may be missing while someone is new; a claim of a person without a
// valid IBAN cannot be approved (Claim.Apply).
type VolunteerProfile struct {
	IBAN          IBAN      `json:"iban,omitempty"`
	BIC           string    `json:"bic,omitempty"`
	AccountHolder string    `json:"accountHolder,omitempty"` // "" = the person's name
	Projects      []string  `json:"projects,omitempty"`
	LimitKind     LimitKind `json:"limitKind,omitempty"`
}

func (p *VolunteerProfile) validate(v *ValidationError) {
	if p.IBAN != "" {
		if _, err := ParseIBAN(string(p.IBAN)); err != nil {
			v.Add("iban", err.Error())
		}
	}
	if p.BIC != "" {
		if _, err := ParseBIC(p.BIC); err != nil {
			v.Add("bic", err.Error())
		}
	}
	h := strings.TrimSpace(p.AccountHolder)
	switch {
	case utf8.RuneCountInString(h) > 70:
		v.Add("accountHolder", "Der Name der Kontoinhaberin/des Kontoinhabers ist zu lang (höchstens 70 Zeichen).")
	case strings.ContainsAny(h, "\n\r\t;"):
		v.Add("accountHolder", "Der Kontoinhaber darf keine Zeilenumbrüche oder Semikolons enthalten.")
	}
	if p.LimitKind != "" && p.LimitKind != LimitEhrenamt && p.LimitKind != LimitUebungsleiter {
		v.Add("limitKind", "Bitte Ehrenamtspauschale oder Übungsleiterpauschale wählen.")
	}
	for _, pr := range p.Projects {
		if strings.TrimSpace(pr) == "" || utf8.RuneCountInString(pr) > 60 || strings.ContainsAny(pr, "\n\r;") {
			v.Add("projects", "Projektnamen dürfen nicht leer sein, höchstens 60 Zeichen haben und keine Semikolons enthalten.")
			break
		}
	}
}

// Holder is the name the bank account is held in.
func (p *VolunteerProfile) Holder(personName string) string {
	if p != nil && strings.TrimSpace(p.AccountHolder) != "" {
		return strings.TrimSpace(p.AccountHolder)
	}
	return strings.TrimSpace(personName)
}

// PayoutProblem returns a German sentence when the person cannot be paid by
// transfer (no profile, no or invalid IBAN), else "".
func PayoutProblem(p *Person) string {
	if p == nil {
		return "Die Person zum Antrag wurde nicht gefunden."
	}
	if p.Volunteer == nil || p.Volunteer.IBAN == "" {
		return "Für " + p.Name + " ist keine IBAN hinterlegt – bitte zuerst die Bankverbindung eintragen."
	}
	if !p.Volunteer.IBAN.Valid() {
		return "Die IBAN von " + p.Name + " ist ungültig – bitte die Bankverbindung korrigieren."
	}
	return ""
}

// VolunteerColumns are the columns of a volunteer list (import engagierte).
var VolunteerColumns = []string{"Name", "E-Mail", "Telefon", "IBAN", "Straße", "PLZ", "Ort"}

// ImportedVolunteer is one good row of a volunteer list.
type ImportedVolunteer struct {
	Line   int
	Person Person
}

// VolunteerFromRow makes the person of one row of a volunteer list, or says
// in German sentences what is wrong with the row.
func VolunteerFromRow(row CSVRow) (Person, []string) {
	p := Person{
		Name:       row.Get("Name"),
		Email:      row.Get("E-Mail"),
		Phone:      row.Get("Telefon"),
		Street:     row.Get("Straße"),
		PostalCode: row.Get("PLZ"),
		City:       row.Get("Ort"),
		Volunteer:  &VolunteerProfile{LimitKind: LimitEhrenamt},
	}
	if p.Street == "" {
		p.Street = row.Get("Strasse")
	}
	if p.Email == "" {
		p.Email = row.Get("Email")
	}
	var msgs []string
	if raw := row.Get("IBAN"); raw != "" {
		iban, err := ParseIBAN(raw)
		if err != nil {
			msgs = append(msgs, err.Error())
		}
		p.Volunteer.IBAN = iban
	}
	if err := p.Validate(); err != nil {
		var ve ValidationError
		if errors.As(err, &ve) {
			for _, fe := range ve {
				if fe.Field != "iban" || len(msgs) == 0 {
					msgs = append(msgs, fe.Msg)
				}
			}
		} else {
			msgs = append(msgs, err.Error())
		}
	}
	for _, fe := range CheckText(&p, nil) {
		msgs = append(msgs, fe.Msg)
	}
	p.Name = strings.TrimSpace(p.Name)
	return p, msgs
}

// ReadVolunteerCSV reads a volunteer list (Name;E-Mail;Telefon;IBAN;Straße;
// PLZ;Ort, the same CSV rules as every import). Every row is checked like a
// form would check it; bad rows come back with their line number and a
// German reason (an invalid IBAN makes a row bad), good rows as people with
// a volunteer profile. Only Name is required; an empty IBAN is allowed.
func ReadVolunteerCSV(r io.Reader) ([]ImportedVolunteer, []CSVProblem, error) {
	t, err := ReadCSV(r, []string{"Name"})
	if err != nil {
		return nil, nil, err
	}
	var good []ImportedVolunteer
	bad := append([]CSVProblem(nil), t.Bad...)
	for _, row := range t.Rows {
		p, msgs := VolunteerFromRow(row)
		if len(msgs) > 0 {
			bad = append(bad, CSVProblem{Line: row.Line, Msg: strings.Join(msgs, " ")})
			continue
		}
		good = append(good, ImportedVolunteer{Line: row.Line, Person: p})
	}
	sort.SliceStable(bad, func(i, j int) bool { return bad[i].Line < bad[j].Line })
	return good, bad, nil
}
