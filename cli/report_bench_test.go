package cli

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"stabsstelle/demo/demotest"
)

// benchRun runs a verb as the whole program would (open, compute, write).
func benchRun(b *testing.B, args ...string) {
	out := filepath.Join(b.TempDir(), "r.xlsx")
	db := demotest.LargeDB(b) // built once, outside the measurement
	b.ReportAllocs()
	for b.Loop() {
		os.Remove(out)
		if code := Run(append(append([]string{"--db", db}, args...), "--out", out), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkReportMonitoringXLSX: `report monitoring --year 2026 --out F.xlsx`
// on the 100 000 demo (budget 3 s).
func BenchmarkReportMonitoringXLSX(b *testing.B) {
	benchRun(b, "report", "monitoring", "--year", "2026")
}

// BenchmarkReportVerwendungsnachweisXLSX: the Belegliste of the largest
// fund of 2026 on the 100 000 demo (budget 3 s).
func BenchmarkReportVerwendungsnachweisXLSX(b *testing.B) {
	benchRun(b, "report", "verwendungsnachweis", "--topf", "Bürgerschaftliches", "--year", "2026")
}
