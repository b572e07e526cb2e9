package cli

import (
	"io"
	"testing"

	"stabsstelle/store"
)

// BenchmarkExportEinsaetze: `stabsstelle export einsaetze --json` at
// 100 000 Einsätze through cli.Run: every record decoded, its parts
// computed, streamed as JSON.
func BenchmarkExportEinsaetze(b *testing.B) {
	db := largeDemoDB(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"--db", db, "export", "einsaetze", "--json"}, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkExportEinsaetzeYear: the same for one year (--year 2026).
func BenchmarkExportEinsaetzeYear(b *testing.B) {
	db := largeDemoDB(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"--db", db, "export", "einsaetze", "--json", "--year", "2026"}, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkExportClaims: `stabsstelle export claims --json` at 20 000
// claims.
func BenchmarkExportClaims(b *testing.B) {
	db := largeDemoDB(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"--db", db, "export", "claims", "--json"}, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkCheckWithFindings: `stabsstelle check` at 100 000 Einsätze,
// with the search for claims that pay km twice.
func BenchmarkCheckWithFindings(b *testing.B) {
	db := largeDemoDB(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"--db", db, "check"}, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkPayables: the payout rules over the large demo (20 000 claims):
// which claims a new run can take, with the Korrekturen joined to them.
func BenchmarkPayables(b *testing.B) {
	s, err := store.Open(largeDemoDB(b), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.View(func(tx *store.Tx) error { _, _, err := store.Payables(tx); return err }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKmTwiceFindings: the money check of `stabsstelle check` alone.
func BenchmarkKmTwiceFindings(b *testing.B) {
	s, err := store.Open(largeDemoDB(b), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.View(func(tx *store.Tx) error { _, err := store.KmTwiceFindings(tx); return err }); err != nil {
			b.Fatal(err)
		}
	}
}
