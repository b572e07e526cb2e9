// Package report writes the reports of package model as Excel workbooks
// (github.com/xuri/excelize/v2). It computes no figure itself: every value
// comes from model.Monitoring or model.Verwendungsnachweis, and every sum is
// written as an Excel formula together with the program's own total as the
// cached value, so a viewer that does not recalculate shows the same number
// and one that does computes it from the rows. It must not import store or
// ui.
package report

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"stabsstelle/model"
)

// Number formats: stored in the en-US syntax of the file format, shown in
// the reader's locale (1.234,50 € and 05.03.2026 in a German Excel or
// LibreOffice).
const (
	fmtEuro  = `#,##0.00 "€";-#,##0.00 "€"`
	fmtDate  = `DD.MM.YYYY`
	fmtCount = `#,##0`
	fmtHours = `#,##0.0`
	fmtPct   = `0.0" %"`
)

// book is a workbook being written: its styles and the sheets so far.
type book struct {
	f                                   *excelize.File
	head, text, euro, date, count, hour int
	pct, sumLabel, sumEuro, sumCount    int
	sumHour                             int
	first                               bool
}

func newBook() (*book, error) {
	b := &book{f: excelize.NewFile(), first: true}
	style := func(s *excelize.Style) int {
		id, err := b.f.NewStyle(s)
		if err != nil {
			panic(err) // only with a malformed style literal above
		}
		return id
	}
	num := func(f string) *string { return &f }
	bold := &excelize.Font{Bold: true}
	top := []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	b.head = style(&excelize.Style{Font: bold, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}})
	b.text = style(&excelize.Style{})
	b.euro = style(&excelize.Style{CustomNumFmt: num(fmtEuro)})
	b.date = style(&excelize.Style{CustomNumFmt: num(fmtDate), Alignment: &excelize.Alignment{Horizontal: "left"}})
	b.count = style(&excelize.Style{CustomNumFmt: num(fmtCount)})
	b.hour = style(&excelize.Style{CustomNumFmt: num(fmtHours)})
	b.pct = style(&excelize.Style{CustomNumFmt: num(fmtPct)})
	b.sumLabel = style(&excelize.Style{Font: bold, Border: top})
	b.sumEuro = style(&excelize.Style{Font: bold, Border: top, CustomNumFmt: num(fmtEuro)})
	b.sumCount = style(&excelize.Style{Font: bold, Border: top, CustomNumFmt: num(fmtCount)})
	b.sumHour = style(&excelize.Style{Font: bold, Border: top, CustomNumFmt: num(fmtHours)})
	return b, nil
}

// col is one column of a table: its header, width and the kind of its
// values, which decides the style and how a sum row adds it up.
type col struct {
	Head  string
	Width float64
	Kind  colKind
	// Sum: the sum row adds this column up with a formula.
	Sum bool
}

type colKind int

const (
	kText colKind = iota
	kEuro
	kDate
	kCount
	kHours
	kPct
)

// cell is one value of a row: Money (cents), model.Date, int, float64
// (hours or percent) or string.
type cell = any

// table writes one sheet: a bold header row (frozen, with filter buttons
// through an Excel table), the rows, then a "Summe" row whose cells are
// SUM formulas carrying the program's totals as cached values. totals
// holds one entry per summed column, in column order: what the program
// computed, which the tests hold against Excel's own result.
type table struct {
	Sheet  string
	Name   string // Excel table name (letters, digits, underscore)
	Cols   []col
	Rows   [][]cell
	Totals []cell
	// Notes are lines written under the table (sources, definitions).
	Notes []string
}

// SumCell is where the sum of column c (0-based) of t lies, e.g. "C14".
func (t *table) SumCell(c int) string {
	ref, _ := excelize.CoordinatesToCellName(c+1, len(t.Rows)+2)
	return ref
}

// addTable writes t as a sheet of its own: a frozen head row, the rows,
// the sum row and the notes under it, and an Excel table over head and rows.
func (b *book) addTable(t *table) error {
	sw, err := b.newSheet(t)
	if err != nil {
		return err
	}
	head := make([]any, len(t.Cols))
	for i, c := range t.Cols {
		head[i] = excelize.Cell{StyleID: b.head, Value: c.Head}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for r, row := range t.Rows {
		vals := make([]any, len(t.Cols))
		for i := range t.Cols {
			var v cell
			if i < len(row) {
				v = row[i]
			}
			vals[i] = b.cell(t.Cols[i].Kind, v, false)
		}
		ref, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(ref, vals); err != nil {
			return err
		}
	}
	last := len(t.Rows) + 1
	if t.Totals != nil {
		ref, _ := excelize.CoordinatesToCellName(1, last+1)
		if err := sw.SetRow(ref, b.sumRow(t, last)); err != nil {
			return err
		}
	}
	for i, n := range t.Notes {
		ref, _ := excelize.CoordinatesToCellName(1, last+3+i)
		if err := sw.SetRow(ref, []any{n}); err != nil {
			return err
		}
	}
	if len(t.Rows) > 0 {
		end, _ := excelize.CoordinatesToCellName(len(t.Cols), last)
		if err := sw.AddTable(&excelize.Table{Range: "A1:" + end, Name: t.Name, StyleName: "TableStyleLight1", ShowRowStripes: boolPtr(false)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// newSheet names the workbook's first sheet after t (a new workbook has
// one, "Sheet1") or adds one, and opens it for streaming with the head
// row frozen and the columns' widths set.
func (b *book) newSheet(t *table) (*excelize.StreamWriter, error) {
	if b.first {
		if err := b.f.SetSheetName("Sheet1", t.Sheet); err != nil {
			return nil, err
		}
		b.first = false
	} else if _, err := b.f.NewSheet(t.Sheet); err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(t.Sheet)
	if err != nil {
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	for i, c := range t.Cols {
		w := c.Width
		if w == 0 {
			w = 14
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	return sw, nil
}

// sumRow is the row under the data: "Summe", and in every summed column
// Excel's SUM over the rows above (last is the last data row) with the
// program's own total as its cached value, so a reader without
// recalculation sees it too and the tests can hold the two against each
// other. A table without rows has no formula.
func (b *book) sumRow(t *table, last int) []any {
	vals := make([]any, len(t.Cols))
	vals[0] = excelize.Cell{StyleID: b.sumLabel, Value: "Summe"}
	k := 0
	for i, c := range t.Cols {
		if i == 0 {
			continue
		}
		if !c.Sum {
			vals[i] = excelize.Cell{StyleID: b.sumLabel}
			continue
		}
		colName, _ := excelize.ColumnNumberToName(i + 1)
		formula := fmt.Sprintf("SUM(%s2:%s%d)", colName, colName, max(last, 2))
		sum := b.cell(c.Kind, t.Totals[k], true).(excelize.Cell)
		sum.Formula = formula
		if len(t.Rows) == 0 {
			sum.Formula = ""
		}
		vals[i] = sum
		k++
	}
	return vals
}

func boolPtr(b bool) *bool { return &b }

// cell turns a value into a styled Excel cell.
func (b *book) cell(k colKind, v cell, sum bool) any {
	pick := func(normal, total int) int {
		if sum {
			return total
		}
		return normal
	}
	switch x := v.(type) {
	case nil:
		return excelize.Cell{StyleID: pick(b.text, b.sumLabel)}
	case model.Money:
		return excelize.Cell{StyleID: pick(b.euro, b.sumEuro), Value: Euro(x)}
	case model.Date:
		if x.IsZero() {
			return excelize.Cell{StyleID: b.text}
		}
		return excelize.Cell{StyleID: b.date, Value: time.Date(x.Year, x.Month, x.Day, 0, 0, 0, 0, time.UTC)}
	case int:
		return excelize.Cell{StyleID: pick(b.count, b.sumCount), Value: x}
	case float64:
		if k == kPct {
			return excelize.Cell{StyleID: b.pct, Value: x}
		}
		return excelize.Cell{StyleID: pick(b.hour, b.sumHour), Value: x}
	case string:
		return excelize.Cell{StyleID: pick(b.text, b.sumLabel), Value: x}
	}
	return excelize.Cell{StyleID: b.text, Value: fmt.Sprint(v)}
}

// Euro is the cell value of an amount: euros as a number (Excel has no
// integer cents); the sums are checked back to the cent.
func Euro(m model.Money) float64 { return float64(m) / 100 }

// Hours turns minutes into hours with one decimal as a cell value.
func Hours(minutes int) float64 { return float64(minutes) / 60 }

func (b *book) write(w io.Writer, title string) error {
	if err := b.f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "stabsstelle", Language: "de-DE"}); err != nil {
		return err
	}
	b.f.SetActiveSheet(0)
	if err := b.f.Write(w); err != nil {
		return fmt.Errorf("Die Excel-Datei kann nicht geschrieben werden: %w", err)
	}
	return b.f.Close()
}
