package model

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// TeilnehmerColumns is the header of a participant list (a web form's
// export, a partner's list): Name;Organisation;E-Mail;Status.
var TeilnehmerColumns = []string{"Name", "Organisation", "E-Mail", "Status"}

// TeilnehmerRow is one participant of a list.
type TeilnehmerRow struct {
	Line         int
	Name         string
	Organisation string
	Email        string
	// Status is angemeldet (also when empty), teilgenommen ("anwesend"
	// in the list) or abgemeldet.
	Status RegStatus
}

// ParseTeilnehmerStatus reads the Status column: angemeldet (default),
// anwesend, abgemeldet (and the words the program itself shows).
func ParseTeilnehmerStatus(s string) (RegStatus, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "angemeldet", "anmeldung", "zugesagt":
		return RegAngemeldet, true
	case "anwesend", "teilgenommen", "da", "eingecheckt":
		return RegTeilgenommen, true
	case "abgemeldet", "abmeldung", "abgesagt", "storniert":
		return RegAbgemeldet, true
	}
	return "", false
}

// TeilnehmerFromRow reads one row; msgs say what is wrong with it.
func TeilnehmerFromRow(row CSVRow) (TeilnehmerRow, []string) {
	t := TeilnehmerRow{Line: row.Line, Name: strings.TrimSpace(row.Get("Name")),
		Organisation: strings.TrimSpace(row.Get("Organisation")), Email: strings.TrimSpace(row.Get("E-Mail"))}
	if t.Email == "" {
		t.Email = strings.TrimSpace(row.Get("Email"))
	}
	var v ValidationError
	validateName(&v, t.Name)
	if msg := EmailProblem(t.Email); msg != "" {
		v.Add("email", msg)
	}
	switch n := utf8.RuneCountInString(t.Organisation); {
	case n > 160:
		v.Add("organisation", "Der Name der Organisation ist zu lang (höchstens 160 Zeichen).")
	case strings.ContainsAny(t.Organisation, "\r\n\t"):
		v.Add("organisation", "Der Name der Organisation darf keine Zeilenumbrüche enthalten.")
	}
	st, ok := ParseTeilnehmerStatus(row.Get("Status"))
	if !ok {
		v.Add("status", "Unbekannter Status „"+row.Get("Status")+"“ – erlaubt sind angemeldet, anwesend und abgemeldet.")
	}
	t.Status = st
	var msgs []string
	var ve ValidationError
	if err := v.Err(); errors.As(err, &ve) {
		for _, fe := range ve {
			msgs = append(msgs, fe.Msg)
		}
	}
	return t, msgs
}
