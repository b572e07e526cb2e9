// Package forms prints the paper forms of stabsstelle as PDF (A4, with
// codeberg.org/go-pdf/fpdf): the Einsatznachweis to sign, the Teilnehmer-
// und Unterschriftenliste, the Jahresbescheinigung and the Protokoll of a
// meeting. Every page carries the county's letterhead (model.Letterhead)
// and "Seite x von y". The Go fonts are embedded (golang.org/x/image,
// BSD licence), so umlauts, ß and Cyrillic or Turkish names print on any
// machine. Forms only lay out what model computed; the package must not
// import store or ui.
package forms

import (
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"stabsstelle/model"
)

// Page geometry in millimetres (A4 portrait, margins of a German letter).
const (
	pageW   = 210.0
	marginL = 20.0
	marginR = 15.0
	marginT = 12.0
	bodyW   = pageW - marginL - marginR
	lineH   = 5.5
)

// doc is one PDF being laid out.
type doc struct {
	pdf   *fpdf.Fpdf
	title string
}

// newDoc starts an A4 document with letterhead, title and footer. printed
// is the creation date written into the file and the footer; fixing it
// makes the output reproducible.
func newDoc(lh model.Letterhead, title, subject string, printed time.Time) *doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("Go", "", goregular.TTF)
	p.AddUTF8FontFromBytes("Go", "B", gobold.TTF)
	p.SetMargins(marginL, marginT, marginR)
	p.SetAutoPageBreak(true, 18)
	p.SetCreationDate(printed)
	p.SetModificationDate(printed)
	p.SetTitle(title, true)
	p.SetSubject(subject, true)
	p.SetAuthor(joinDot(lh.Authority, lh.Office), true)
	p.SetCreator("stabsstelle", true)
	p.SetLang("de-DE")
	p.AliasNbPages("{nb}")
	d := &doc{pdf: p, title: title}
	p.SetHeaderFuncMode(func() {
		p.SetFont("Go", "B", 11)
		p.CellFormat(bodyW*0.6, 5, lh.Authority, "", 0, "L", false, 0, "")
		p.SetFont("Go", "", 8)
		p.CellFormat(bodyW*0.4, 5, lh.Address(), "", 1, "R", false, 0, "")
		p.SetFont("Go", "", 9)
		p.CellFormat(bodyW*0.6, 4.5, lh.Office, "", 0, "L", false, 0, "")
		p.SetFont("Go", "", 8)
		p.CellFormat(bodyW*0.4, 4.5, lh.Contact(), "", 1, "R", false, 0, "")
		y := p.GetY() + 1.5
		p.SetDrawColor(0, 0, 0)
		p.SetLineWidth(0.3)
		p.Line(marginL, y, pageW-marginR, y)
		p.SetY(y + 4)
	}, false)
	p.SetFooterFunc(func() {
		p.SetY(-13)
		p.SetFont("Go", "", 8)
		p.CellFormat(bodyW/2, 4, title+" · gedruckt am "+model.FormatDate(printed), "", 0, "L", false, 0, "")
		p.CellFormat(bodyW/2, 4, fmt.Sprintf("Seite %d von {nb}", p.PageNo()), "", 0, "R", false, 0, "")
	})
	p.AddPage()
	return d
}

// heading writes the form's title.
func (d *doc) heading(s string) {
	d.pdf.SetFont("Go", "B", 13)
	d.pdf.MultiCell(bodyW, 7, s, "", "L", false)
	d.pdf.Ln(2)
}

// sub writes a section heading.
func (d *doc) sub(s string) {
	d.pdf.Ln(2)
	d.pdf.SetFont("Go", "B", 11)
	d.pdf.CellFormat(bodyW, 6, s, "", 1, "L", false, 0, "")
	d.pdf.SetFont("Go", "", 10)
}

// text writes a paragraph.
func (d *doc) text(s string) {
	d.pdf.SetFont("Go", "", 10)
	d.pdf.MultiCell(bodyW, lineH, s, "", "L", false)
}

// small writes a paragraph in small print.
func (d *doc) small(s string) {
	d.pdf.SetFont("Go", "", 8)
	d.pdf.MultiCell(bodyW, 4, s, "", "L", false)
	d.pdf.SetFont("Go", "", 10)
}

// field writes "Label   value" with the value wrapped under itself.
func (d *doc) field(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	const lw = 45.0
	d.pdf.SetFont("Go", "", 10)
	x := d.pdf.GetX()
	y := d.pdf.GetY()
	d.pdf.SetFont("Go", "B", 10)
	d.pdf.CellFormat(lw, lineH, label, "", 0, "L", false, 0, "")
	d.pdf.SetFont("Go", "", 10)
	d.pdf.SetXY(x+lw, y)
	d.pdf.MultiCell(bodyW-lw, lineH, value, "", "L", false)
}

// blank writes "Label  ______" for a value written by hand, or the value
// if it is known.
func (d *doc) blank(label, value, unit string) {
	const lw = 45.0
	d.pdf.SetFont("Go", "B", 10)
	d.pdf.CellFormat(lw, 8, label, "", 0, "L", false, 0, "")
	d.pdf.SetFont("Go", "", 10)
	if value == "" {
		x, y := d.pdf.GetX(), d.pdf.GetY()
		d.pdf.Line(x, y+6.5, x+45, y+6.5)
		d.pdf.SetX(x + 47)
	} else {
		d.pdf.CellFormat(47, 8, value, "", 0, "L", false, 0, "")
	}
	d.pdf.CellFormat(bodyW-lw-47, 8, unit, "", 1, "L", false, 0, "")
}

// signatures draws signature boxes side by side, each with a caption.
func (d *doc) signatures(captions ...string) {
	d.pdf.Ln(4)
	if d.pdf.GetY() > 240 {
		d.pdf.AddPage()
	}
	n := float64(len(captions))
	gap := 8.0
	w := (bodyW - gap*(n-1)) / n
	y := d.pdf.GetY()
	for i, c := range captions {
		x := marginL + float64(i)*(w+gap)
		d.pdf.Rect(x, y, w, 22, "D")
		d.pdf.SetXY(x+1.5, y+23)
		d.pdf.SetFont("Go", "", 8)
		d.pdf.MultiCell(w-3, 3.8, c, "", "L", false)
	}
	d.pdf.SetXY(marginL, y+33)
	d.pdf.SetFont("Go", "", 10)
}

// column of a table: header, width in mm, alignment ("L", "R", "C").
type column struct {
	Head  string
	Width float64
	Align string
}

// table draws rows under a bold header; the header repeats on every new
// page, and rowH sets the height of each row (tall rows leave room for a
// signature).
func (d *doc) table(cols []column, rows [][]string, rowH float64) {
	head := func() {
		d.pdf.SetFont("Go", "B", 9)
		d.pdf.SetFillColor(225, 225, 225)
		for _, c := range cols {
			d.pdf.CellFormat(c.Width, 7, c.Head, "1", 0, "L", true, 0, "")
		}
		d.pdf.Ln(-1)
		d.pdf.SetFont("Go", "", 9)
	}
	head()
	_, pageH := d.pdf.GetPageSize()
	for _, r := range rows {
		if d.pdf.GetY()+rowH > pageH-20 {
			d.pdf.AddPage()
			head()
		}
		for i, c := range cols {
			v := ""
			if i < len(r) {
				v = fit(d.pdf, r[i], c.Width-2)
			}
			al := c.Align
			if al == "" {
				al = "L"
			}
			d.pdf.CellFormat(c.Width, rowH, v, "1", 0, al, false, 0, "")
		}
		d.pdf.Ln(-1)
	}
}

// fit shortens s with "…" until it fits width w in the current font.
func fit(p *fpdf.Fpdf, s string, w float64) string {
	s = strings.Join(strings.Fields(s), " ")
	if p.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && p.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// write finishes the document.
func (d *doc) write(w io.Writer) error {
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("Die PDF-Datei „%s“ kann nicht erzeugt werden: %w", d.title, err)
	}
	return nil
}

func joinDot(parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}
