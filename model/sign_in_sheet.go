package model

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// SignInRow is one line of a printed Teilnehmerliste.
type SignInRow struct {
	Name         string
	Organisation string
	Role         Role
}

// SignInWidth is the line width of the printed list: 78 columns fit an A4
// page in portrait at 10 pt in any text editor.
const SignInWidth = 78

// signInPageRows is how many people fit on one page with a writing line
// under each.
const signInPageRows = 18

// WriteSignInSheet writes a printable Teilnehmerliste: a header with the
// event, then one numbered row per person with a signature column, then
// `blank` empty rows for people who come without registration. Pages are
// separated by a form feed and repeat the header. Plain UTF-8 text with CRLF
// so that Windows editors print it as it is.
func WriteSignInSheet(w io.Writer, ev *Event, rows []SignInRow, blank int, printed time.Time) error {
	bw := bufio.NewWriter(w)
	total := len(rows) + max(blank, 0)
	pages := max((total+signInPageRows-1)/signInPageRows, 1)
	line := func(s string) { bw.WriteString(s); bw.WriteString("\r\n") }
	for page := 0; page < pages; page++ {
		if page > 0 {
			bw.WriteString("\f")
		}
		line("TEILNEHMERLISTE" + padLeft(fmt.Sprintf("Seite %d von %d", page+1, pages), SignInWidth-len("TEILNEHMERLISTE")))
		line(fitCol(joinNonEmpty(" · ", ev.Number, ev.Title), SignInWidth))
		when := ev.When()
		if !ev.Start.IsZero() {
			when = DateOf(ev.Start).WeekdayShort() + " " + when
		}
		line(fitCol(joinNonEmpty(" · ", when, ev.Place()), SignInWidth))
		if ev.Organiser != "" {
			line(fitCol("Veranstalter: "+ev.Organiser, SignInWidth))
		}
		line("")
		line(signInRow("Nr.", "Name", "Einrichtung", "Rolle", "Unterschrift"))
		line(strings.Repeat("=", SignInWidth))
		for i := page * signInPageRows; i < min((page+1)*signInPageRows, total); i++ {
			if i < len(rows) {
				r := rows[i]
				line(signInRow(fmt.Sprintf("%3d", i+1), r.Name, r.Organisation, roleShort(r.Role), ""))
			} else {
				line(signInRow(fmt.Sprintf("%3d", i+1), "", "", "", ""))
			}
			line(strings.Repeat("-", SignInWidth))
		}
		line("")
		line("Mit meiner Unterschrift bestätige ich meine Teilnahme. Die Liste dient nur")
		line("dem Nachweis der Teilnahme und wird nach Abschluss der Veranstaltung gelöscht,")
		line("sofern sie nicht als Verwendungsnachweis aufbewahrt werden muss.")
		line("Gedruckt am " + FormatDateTime(printed) + "   Rolle: H = Hauptamt, E = Ehrenamt")
	}
	return bw.Flush()
}

func roleShort(r Role) string {
	switch r {
	case RoleHauptamt:
		return "H"
	case RoleEhrenamt:
		return "E"
	}
	return ""
}

// Column widths of Nr., Name, Einrichtung and Rolle; with four separators the
// signature column is what is left of SignInWidth.
const (
	sigNr   = 3
	sigName = 22
	sigOrg  = 18
	sigRole = 5
)

func signInRow(nr, name, org, role, sig string) string {
	sigW := SignInWidth - sigNr - sigName - sigOrg - sigRole - 4*3
	return fitCol(nr, sigNr) + " | " + fitCol(name, sigName) + " | " + fitCol(org, sigOrg) + " | " +
		fitCol(role, sigRole) + " | " + strings.TrimRight(fitCol(sig, sigW), " ")
}

// fitCol pads or shortens s to exactly n characters (runes: the list is
// printed in a monospaced font).
func fitCol(s string, n int) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r", " "), "\n", " ")
	c := utf8.RuneCountInString(s)
	if c > n {
		r := []rune(s)
		return string(r[:n-1]) + "…"
	}
	return s + strings.Repeat(" ", n-c)
}

func padLeft(s string, n int) string {
	c := utf8.RuneCountInString(s)
	if c >= n {
		return s
	}
	return strings.Repeat(" ", n-c) + s
}
