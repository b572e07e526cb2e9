package main

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// Every verb starts the whole program, so the initialisation of every
// linked package is paid by each `today` and `search` (docs/PERFORMANCE.md,
// „Programmstart“). excelize compiled dozens of regular expressions there
// (1,3 MB, 21 000 allocations, 17 ms CPU per start); the reports write
// their workbooks with report/ooxml.go, and excelize is only the tests'
// independent reader. These checks count, they do not time: a library
// that comes back into the program, or a package that starts to build big
// tables at load, fails here.
func TestProgramStartsLight(t *testing.T) {
	bin := binary(t)
	out, err := exec.Command("go", "version", "-m", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("go version -m: %v\n%s", err, out)
	}
	for _, slow := range []string{"github.com/xuri/excelize/v2"} {
		if strings.Contains(string(out), "\tdep\t"+slow+"\t") {
			t.Errorf("%s ist wieder im Programm: seine Initialisierung kostet jeden Start", slow)
		}
	}

	cmd := exec.Command(bin, "--help")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	trace, _ := cmd.CombinedOutput()
	bytes, allocs := 0, 0
	for _, line := range strings.Split(string(trace), "\n") {
		// init pkg @0.3 ms, 0.01 ms clock, 1234 bytes, 5 allocs
		f := strings.Fields(line)
		if len(f) != 11 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		b, _ := strconv.Atoi(f[7])
		a, _ := strconv.Atoi(f[9])
		bytes, allocs = bytes+b, allocs+a
	}
	if allocs == 0 {
		t.Fatalf("keine Zeilen von GODEBUG=inittrace=1:\n%s", trace)
	}
	// Measured 07.12.2026: 0,36 MB in 3 700 allocations (with excelize
	// 1,75 MB in 25 000).
	if bytes > 1<<20 || allocs > 10000 {
		t.Errorf("die Pakete legen beim Start %d Bytes in %d Allokationen an (Grenze 1 MB, 10 000)", bytes, allocs)
	}
}
