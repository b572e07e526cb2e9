package store

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"stabsstelle/model"
)

var crashCycles = flag.Int("crashcycles", 50, "Zyklen des Absturztests (kill -9 eines schreibenden Kindprozesses)")

const crashChildEnv = "STABSSTELLE_CRASH_CHILD"

// TestCrashChild is the writing child of TestCrashKillNine; it does nothing
// unless started by it. It commits one transaction after another (a new
// numbered record with its indexes, an update of an older one, a person
// created and deleted again for churn) and prints each committed ID only
// after Update returned.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("nur als Kindprozess des Absturztests")
	}
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Println("FEHLER", err)
		os.Exit(3)
	}
	fmt.Println("BEREIT")
	var last *numbered
	for i := 0; ; i++ {
		n := &numbered{Day: fmt.Sprintf("2026-%02d-%02d", 1+i%12, 1+i%28)}
		err := s.Update("kind", func(tx *Tx) error {
			if err := testNumbered.Put(tx, n); err != nil {
				return err
			}
			if last != nil {
				old, err := testNumbered.Get(tx, last.ID)
				if err != nil {
					return err
				}
				old.Day = "2027-" + old.Day[5:]
				if err := testNumbered.Put(tx, old); err != nil {
					return err
				}
			}
			p := &model.Person{Name: strings.Repeat("Wegwerf ", 12)}
			if err := People.Put(tx, p); err != nil {
				return err
			}
			return People.Delete(tx, p.ID)
		})
		if err != nil {
			fmt.Println("FEHLER", err)
			os.Exit(3)
		}
		last = n
		fmt.Println(n.ID) // acknowledged: committed and synced
	}
}

// TestCrashKillNine kills a writing child with SIGKILL at random moments
// and proves that every write it reported survives and the file checks
// clean. -crashcycles N runs more cycles.
func TestCrashKillNine(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL gibt es unter Windows nicht")
	}
	if os.Getenv(crashChildEnv) != "" {
		t.Skip()
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	acked := map[string]bool{}
	deadline := time.Now().Add(50 * time.Second)
	cycles := 0
	for ; cycles < *crashCycles; cycles++ {
		if *crashCycles <= 50 && time.Now().After(deadline) {
			t.Logf("Zeitgrenze erreicht nach %d Zyklen", cycles)
			break
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait until the child has the file open, then let it write a while.
		ready := false
		for l := range lines {
			if l == "BEREIT" {
				ready = true
				break
			}
			if strings.HasPrefix(l, "FEHLER") {
				t.Fatalf("Zyklus %d: Kind meldet %s", cycles, l)
			}
		}
		if !ready {
			cmd.Wait()
			t.Fatalf("Zyklus %d: Kind hat nicht gestartet", cycles)
		}
		time.Sleep(time.Duration(10+rng.IntN(200)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		for l := range lines {
			if strings.HasPrefix(l, "FEHLER") {
				t.Fatalf("Zyklus %d: Kind meldet %s", cycles, l)
			}
			if len(l) == 36 {
				acked[l] = true
			}
		}
		cmd.Wait()

		// Reopen (runs the store's own checks), check everything, find
		// every acknowledged record.
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("Zyklus %d: nach kill -9 nicht zu öffnen: %v", cycles, err)
		}
		if rep := s.Check(); !rep.OK() {
			s.Close()
			t.Fatalf("Zyklus %d: Prüfung nach kill -9: %v", cycles, rep.Problems)
		}
		missing := 0
		s.View(func(tx *Tx) error {
			for id := range acked {
				if _, err := testNumbered.Get(tx, id); err != nil {
					missing++
				}
			}
			return nil
		})
		s.Close()
		if missing > 0 {
			t.Fatalf("Zyklus %d: %d bestätigte Datensätze fehlen", cycles, missing)
		}
	}
	if len(acked) == 0 {
		t.Fatal("das Kind hat nie etwas bestätigt")
	}
	t.Logf("%d Zyklen, %d bestätigte Schreibvorgänge, alle vorhanden, Prüfung sauber", cycles, len(acked))
}
