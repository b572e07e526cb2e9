package forms

import (
	"fmt"
	"io"
	"time"

	"stabsstelle/model"
)

// Jahresbescheinigung prints the yearly statements of the allowances paid,
// one person per page (several certificates make one file: all people of
// a year in one run).
func Jahresbescheinigung(w io.Writer, lh model.Letterhead, certs []model.Certificate, printed time.Time) error {
	title := "Jahresbescheinigung"
	if len(certs) == 1 {
		title += " " + certs[0].Person.Name + " " + fmt.Sprint(certs[0].Year)
	} else if len(certs) > 1 {
		title += "en " + fmt.Sprint(certs[0].Year)
	}
	d := newDoc(lh, title, "Bescheinigung über Aufwandsentschädigungen", printed)
	for i, c := range certs {
		if i > 0 {
			d.pdf.AddPage()
		}
		certificatePage(d, lh, c, printed)
	}
	if len(certs) == 0 {
		d.text("Keine Bescheinigung: für diesen Zeitraum wurden keine Aufwandsentschädigungen ausgezahlt.")
	}
	return d.write(w)
}

func certificatePage(d *doc, lh model.Letterhead, c model.Certificate, printed time.Time) {
	p := c.Person
	d.pdf.SetFont("Go", "", 10)
	d.pdf.MultiCell(bodyW, lineH, joinLines(p.Name, p.Street, p.Place()), "", "L", false)
	d.pdf.Ln(4)
	d.pdf.CellFormat(bodyW, lineH, joinDot(lh.Town, model.FormatDate(printed)), "", 1, "R", false, 0, "")
	d.pdf.Ln(4)
	d.heading(fmt.Sprintf("Bescheinigung über Aufwandsentschädigungen im Kalenderjahr %d", c.Year))
	d.text(fmt.Sprintf("Hiermit wird bescheinigt, dass %s im Kalenderjahr %d für eine nebenberufliche ehrenamtliche Tätigkeit "+
		"folgende Aufwandsentschädigungen erhalten hat (steuerfrei nach %s bis %s im Jahr):", p.Name, c.Year, c.Kind.Label(), c.Limit))
	d.pdf.Ln(2)
	var rows [][]string
	for _, r := range c.Rows {
		paid := ""
		if !r.Paid.IsZero() {
			paid = r.Paid.String()
		}
		rows = append(rows, []string{r.Number, r.What(), paid, r.Amount.String()})
	}
	if len(rows) == 0 {
		rows = append(rows, []string{"keine", "", "", model.Money(0).String()})
	}
	rows = append(rows, []string{"Summe", "", "", c.Total.String()})
	d.table([]column{{Head: "Antrag", Width: 40}, {Head: "Art", Width: 30}, {Head: "am", Width: 30}, {Head: "Aufwandsentschädigung", Width: bodyW - 100, Align: "R"}}, rows, 6.5)
	d.pdf.Ln(3)
	if over := c.OverLimit(); over > 0 {
		d.text(fmt.Sprintf("Die Summe übersteigt den steuerfreien Höchstbetrag von %s um %s. Der übersteigende Betrag ist gegebenenfalls zu versteuern.", c.Limit, over))
	} else if c.Limit > 0 {
		d.text(fmt.Sprintf("Der steuerfreie Höchstbetrag von %s ist damit nicht überschritten.", c.Limit))
	}
	d.text("Fahrt- und Sachkostenerstattungen gegen Nachweis sind Auslagenersatz und hier nicht enthalten.")
	d.pdf.Ln(6)
	d.text("Im Auftrag")
	d.signatures("Datum, Unterschrift")
}

func joinLines(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += "\n"
		}
		out += p
	}
	return out
}
