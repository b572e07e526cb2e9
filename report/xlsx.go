// Package report writes the reports of package model as Excel workbooks
// (report/ooxml.go writes the file format). It computes no figure itself:
// every value comes from model.Monitoring or model.Verwendungsnachweis, and
// every sum is written as an Excel formula together with the program's own
// total as the cached value, so a viewer that does not recalculate shows
// the same number and one that does computes it from the rows. It must not
// import store or ui.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"stabsstelle/model"
)

// Number formats (styles.xml in report/ooxml.go): stored in the en-US
// syntax of the file format, shown in the reader's locale (1.234,50 € and
// 05.03.2026 in a German Excel or LibreOffice).
const (
	fmtEuro  = `#,##0.00 "€";-#,##0.00 "€"`
	fmtDate  = `DD.MM.YYYY`
	fmtCount = `#,##0`
	fmtHours = `#,##0.0`
	fmtPct   = `0.0" %"`
)

// book is a workbook being written: the sheets so far.
type book struct {
	sheets []*xsheet
}

func newBook() (*book, error) { return &book{}, nil }

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
func (t *table) SumCell(c int) string { return cellRef(c+1, len(t.Rows)+2) }

// addTable writes t as a sheet of its own: a frozen head row, the rows,
// the sum row and the notes under it, and an Excel table over head and rows.
func (b *book) addTable(t *table) error {
	s := &xsheet{name: t.Sheet}
	head := make([]xcell, len(t.Cols))
	for i, c := range t.Cols {
		w := c.Width
		if w == 0 {
			w = 14
		}
		s.widths = append(s.widths, w)
		head[i] = xcell{style: sHead, value: c.Head}
		s.heads = append(s.heads, c.Head)
	}
	s.addRow(1, head)
	for r, row := range t.Rows {
		vals := make([]xcell, len(t.Cols))
		for i := range t.Cols {
			var v cell
			if i < len(row) {
				v = row[i]
			}
			vals[i] = cellOf(t.Cols[i].Kind, v, false)
		}
		s.addRow(r+2, vals)
	}
	last := len(t.Rows) + 1
	if t.Totals != nil {
		s.addRow(last+1, sumRow(t, last))
	}
	for i, n := range t.Notes {
		s.addRow(last+3+i, []xcell{{value: n}})
	}
	if len(t.Rows) > 0 {
		if err := checkTableHeads(t); err != nil {
			return err
		}
		s.table, s.tableRef = t.Name, "A1:"+cellRef(len(t.Cols), last)
	}
	b.sheets = append(b.sheets, s)
	return nil
}

// checkTableHeads refuses a table Excel would "repair" on opening: one
// without a name or columns, or whose head cells are empty or repeat
// (an Excel table names its columns after them). The heads are the
// program's own constants, so this guards the code, not the data.
func checkTableHeads(t *table) error {
	if len(t.Cols) == 0 || t.Name == "" {
		return fmt.Errorf("report: Tabelle %q ohne Spalten oder Namen", t.Sheet)
	}
	seen := map[string]bool{}
	for _, c := range t.Cols {
		if c.Head == "" || seen[strings.ToLower(c.Head)] {
			return fmt.Errorf("report: Spaltenkopf %q in %q leer oder doppelt", c.Head, t.Sheet)
		}
		seen[strings.ToLower(c.Head)] = true
	}
	return nil
}

// sumRow is the row under the data: "Summe", and in every summed column
// Excel's SUM over the rows above (last is the last data row) with the
// program's own total as its cached value, so a reader without
// recalculation sees it too and the tests can hold the two against each
// other. A table without rows has no formula.
func sumRow(t *table, last int) []xcell {
	vals := make([]xcell, len(t.Cols))
	vals[0] = xcell{style: sSumLabel, value: "Summe"}
	k := 0
	for i, c := range t.Cols {
		if i == 0 {
			continue
		}
		if !c.Sum {
			vals[i] = xcell{style: sSumLabel}
			continue
		}
		sum := cellOf(c.Kind, t.Totals[k], true)
		if len(t.Rows) > 0 {
			name := colName(i + 1)
			sum.formula = fmt.Sprintf("SUM(%s2:%s%d)", name, name, max(last, 2))
		}
		vals[i] = sum
		k++
	}
	return vals
}

// cellOf turns a value into a styled cell; sum picks the bold style of the
// sum row.
func cellOf(k colKind, v cell, sum bool) xcell {
	pick := func(normal, total int) int {
		if sum {
			return total
		}
		return normal
	}
	switch x := v.(type) {
	case nil:
		return xcell{style: pick(sDefault, sSumLabel)}
	case model.Money:
		return xcell{style: pick(sEuro, sSumEuro), value: Euro(x)}
	case model.Date:
		if x.IsZero() {
			return xcell{style: sDefault}
		}
		return xcell{style: sDate, value: time.Date(x.Year, x.Month, x.Day, 0, 0, 0, 0, time.UTC)}
	case int:
		return xcell{style: pick(sCount, sSumCount), value: x}
	case float64:
		if k == kPct {
			return xcell{style: sPct, value: x}
		}
		return xcell{style: pick(sHours, sSumHours), value: x}
	case string:
		return xcell{style: pick(sDefault, sSumLabel), value: x}
	}
	return xcell{style: sDefault, value: fmt.Sprint(v)}
}

// Euro is the cell value of an amount: euros as a number (Excel has no
// integer cents); the sums are checked back to the cent.
func Euro(m model.Money) float64 { return float64(m) / 100 }

// Hours turns minutes into hours with one decimal as a cell value.
func Hours(minutes int) float64 { return float64(minutes) / 60 }

func (b *book) write(w io.Writer, title string) error {
	if err := writePackage(w, b.sheets, title); err != nil {
		return fmt.Errorf("Die Excel-Datei kann nicht geschrieben werden: %w", err)
	}
	return nil
}
