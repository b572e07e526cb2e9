package store

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestDamagedMessageIsGermanWithShortDetail(t *testing.T) {
	long := "assertion failed: Page expected to be: 28, but self identifies as 3542682660399613696 " + strings.Repeat("x", 200)
	for _, tc := range []struct {
		panic any
		want  string
	}{
		{"page 4: unreachable unfreed", "page 4: unreachable unfreed"},
		{errors.New("runtime error: index out of range [5] with length 3"), "runtime error: index out of range [5] with length 3"},
		{"panic: invalid page type: 0: 10\n\ngoroutine 1 [running]:\nmain.main()\n\t/x.go:5", "invalid page type: 0: 10"},
		{"  two   spaces\tand a tab  ", "two spaces and a tab"},
		{long, ""},
	} {
		got := damageDetail(tc.panic)
		if tc.want != "" && got != tc.want {
			t.Errorf("damageDetail(%q) = %q, want %q", tc.panic, got, tc.want)
		}
		if n := len([]rune(got)); n > maxDetail || strings.ContainsAny(got, "\n\r") || strings.Contains(got, "goroutine") {
			t.Errorf("damageDetail(%q) = %q (%d characters)", tc.panic, got, n)
		}
	}
	if got := damageDetail(long); !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "assertion failed: Page expected") {
		t.Errorf("long detail %q", got)
	}

	e := &ErrDamaged{Path: "/daten/stabsstelle.db", Detail: "page 4: unreachable unfreed"}
	want := "Die Datenbank /daten/stabsstelle.db ist beschädigt und kann nicht gelesen werden. Sie wurde nicht verändert. " +
		"Bitte eine Sicherung zurückspielen: stabsstelle restore --list, dann stabsstelle restore DATEI. (Technische Angabe: page 4: unreachable unfreed)"
	if e.Error() != want {
		t.Errorf("message\n%s\nwant\n%s", e.Error(), want)
	}
	if strings.Contains((&ErrDamaged{Path: "x.db"}).Error(), "Technische Angabe") {
		t.Error("empty detail shown")
	}
}

// TestDamagedFileGivesOneShortLine: the real message for a file whose
// pages are garbage is one German sentence with a one-line detail.
func TestDamagedFileGivesOneShortLine(t *testing.T) {
	s, path := openTemp(t)
	safetyFill(t, s, 50, "P")
	s.Close()
	data, _ := os.ReadFile(path)
	safetyDamage(data)
	os.WriteFile(path, data, 0o600)
	_, err := Open(path, Options{})
	var damaged *ErrDamaged
	if !errors.As(err, &damaged) {
		t.Skipf("this damage gives %v", err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "Die Datenbank "+path+" ist beschädigt") || strings.Contains(msg, "\n") ||
		strings.Contains(msg, "goroutine") || len([]rune(damaged.Detail)) > maxDetail {
		t.Errorf("message %q", msg)
	}
}

// TestCheckLineForDamageSaysItOnce: the check report's line for a broken
// read names the damage once and carries bbolt's words, not the whole
// restore advice of ErrDamaged.Error a second time.
func TestCheckLineForDamageSaysItOnce(t *testing.T) {
	got := damageProblem(&ErrDamaged{Path: "/d/x.db", Detail: "page 28 already freed"})
	if got != "Die Datei ist beschädigt (Technische Angabe: page 28 already freed)." {
		t.Fatalf("line = %q", got)
	}
	if got := damageProblem(&ErrDamaged{Path: "/d/x.db"}); got != "Die Datei ist beschädigt." {
		t.Fatalf("line without detail = %q", got)
	}
}
