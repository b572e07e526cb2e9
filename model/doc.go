// Package model holds the domain of stabsstelle in pure Go: record types and
// their validation, status machines, money, dates, IBAN, tariffs and limits,
// and encoders of standard formats (CSV, iCalendar, SEPA) writing to an
// io.Writer. It must not import bbolt, Bubble Tea or any project package.
//
// Glossary of the German domain words kept in identifiers:
//   - Einsatz: one interpreter assignment (booking), numbered E-2026-0042.
//   - Sprachmittler:in: a volunteer community interpreter.
//   - Engagierte: volunteers who claim costs.
//   - Kostenerstattung: a volunteer's claim, numbered K-2026-0017.
//   - Fördertopf: a funding budget.
//   - Veranstaltung: a network event, numbered V-2026-003.
//   - Themenfeld: one of the network's four topic areas.
package model
