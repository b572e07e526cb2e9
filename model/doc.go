// Package model holds the domain of stabsstelle in pure Go: record types and
// their validation, status machines, money, dates, IBAN, tariffs and limits,
// and encoders of standard formats (CSV, iCalendar, SEPA) writing to an
// io.Writer. It must not import bbolt, Bubble Tea or any project package.
//
// The German domain words kept in identifiers (Einsatz, Themenfeld,
// Fördertopf …) are explained in docs/GLOSSARY.md.
package model
