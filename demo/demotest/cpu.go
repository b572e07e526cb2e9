package demotest

import (
	"testing"
	"time"
)

// CPU starts counting the CPU time of the process (user + system, all
// threads) for a benchmark; the returned function reports it per operation
// as "cpu-ms/op". On the shared 2-core machine wall times grow with the load
// of other programs; CPU time does not, so it is what BENCHMARKS.md compares
// against the budgets next to the wall time.
func CPU(b *testing.B) (stop func()) {
	b.Helper()
	start := processCPU()
	return func() {
		if d := processCPU() - start; d > 0 && b.N > 0 {
			b.ReportMetric(float64(d)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		}
	}
}

// ChildCPU is the CPU time of finished child processes, for whole-process
// benchmarks: add up ProcessState.UserTime()+SystemTime() and report with
// ReportChildCPU.
func ReportChildCPU(b *testing.B, total time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(total)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}
