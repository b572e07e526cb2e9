package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// TestEndToEndAussentermin runs the four commands of the round trip with
// the built binary on the demo: take the Integrationskonferenz out, make
// the laptop copy, work at the door while the office works too, give the
// changes back, merge with the report; plus the refusals a user meets.
func TestEndToEndAussentermin(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	office, laptop := filepath.Join(dir, "buero.db"), filepath.Join(dir, "laptop.db")
	keys, id := sshKeyPair(t, dir, "tuer")
	_, otherID := sshKeyPair(t, dir, "fremd")
	run := func(wantRC int, env []string, args ...string) (string, string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(append(os.Environ(), "HOME="+dir, "STABSSTELLE_PASSPHRASE="), env...)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		rc := 0
		if ee, ok := err.(*exec.ExitError); ok {
			rc = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if rc != wantRC {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, rc, wantRC, out.String(), errOut.String())
		}
		return out.String(), errOut.String()
	}
	run(0, nil, "--db", office, "demo")
	found, _ := run(0, nil, "--db", office, "search", "Integrationskonferenz")
	ev := regexp.MustCompile(`V-\d{4}-\d{3}`).FindString(found)
	if ev == "" {
		t.Fatalf("no conference in the demo: %s", found)
	}
	list := filepath.Join(dir, "liste.csv")
	run(0, nil, "--db", office, "export", "teilnehmer", ev, "--out", list)
	raw, _ := os.ReadFile(list)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) < 700 {
		t.Fatalf("the conference has %d lines, want 700+", len(lines))
	}
	// Excel's line ends (CRLF) stay out of the fields.
	email := func(i int) string { f := strings.Split(strings.TrimSpace(lines[i]), ";"); return f[len(f)-1] }
	name := func(i int) string { return strings.Split(lines[i], ";")[1] }

	// 1. Mitnehmen.
	snap := filepath.Join(dir, "einlass.stb")
	out, _ := run(0, nil, "--db", office, "export", "bundle", "--event", ev, "--out", snap, "--to", keys)
	if !strings.Contains(out, "Paket geschrieben") || !strings.Contains(out, "Anmeldung") {
		t.Errorf("export: %s", out)
	}
	_, errOut := run(1, nil, "--db", office, "export", "bundle", "--event", ev, "--out", snap, "--to", keys)
	if !strings.Contains(errOut, "gibt es schon") {
		t.Errorf("an existing file without a terminal: %s", errOut)
	}
	run(2, nil, "--db", office, "export", "bundle", "--event", ev, "--out", filepath.Join(dir, "x.stb"))

	// 2. The laptop copy (the wrong key first).
	_, errOut = run(1, nil, "--db", laptop, "import", "bundle", snap, "--identity", otherID)
	if !strings.Contains(errOut, "nicht für diesen Schlüssel") {
		t.Errorf("wrong key: %s", errOut)
	}
	if _, err := os.Stat(laptop); err == nil {
		t.Fatal("a wrong key made a laptop copy")
	}
	out, _ = run(0, nil, "--db", laptop, "import", "bundle", snap, "--identity", id)
	if !strings.Contains(out, "Außenkopie angelegt") || !strings.Contains(out, "Außenkopie: "+ev+", Stand ") {
		t.Errorf("copy: %s", out)
	}
	_, errOut = run(1, nil, "--db", office, "import", "bundle", snap, "--identity", id)
	if !strings.Contains(errOut, "wird nicht überschrieben") {
		t.Errorf("a snapshot onto the office: %s", errOut)
	}

	// 3. At the door: two check-ins, a walk-in, someone who cancels; the
	// office checks that person in (a conflict) and cancels one the door
	// checks in (the door wins).
	door := filepath.Join(dir, "tuer.csv")
	os.WriteFile(door, []byte("Name;Organisation;E-Mail;Status\n"+
		name(1)+";;"+email(1)+";anwesend\n"+name(2)+";;"+email(2)+";anwesend\n"+
		"Neu Gast;;neu.gast@example.org;anwesend\n"+name(3)+";;"+email(3)+";abgemeldet\n"), 0o600)
	run(0, nil, "--db", laptop, "import", "teilnehmer", ev, door)
	desk := filepath.Join(dir, "buero.csv")
	os.WriteFile(desk, []byte("Name;Organisation;E-Mail;Status\n"+name(3)+";;"+email(3)+";anwesend\n"+name(1)+";;"+email(1)+";abgemeldet\n"), 0o600)
	run(0, nil, "--db", office, "import", "teilnehmer", ev, desk)
	// Meanwhile the office learns of a person on another event; the door
	// takes the same person as a walk-in: linked, not a second person.
	other := filepath.Join(dir, "anderes.csv")
	os.WriteFile(other, []byte("Name;Organisation;E-Mail;Status\nBekannt Bereits;;bekannt@example.org;angemeldet\n"), 0o600)
	// The event just before the conference lies ahead (older ones may have
	// their contact data deleted already).
	var seq int
	fmt.Sscanf(ev[len(ev)-3:], "%d", &seq)
	run(0, nil, "--db", office, "import", "teilnehmer", fmt.Sprintf("%s%03d", ev[:len(ev)-3], seq-1), other)
	walkIn := filepath.Join(dir, "spontan.csv")
	os.WriteFile(walkIn, []byte("Name;Organisation;E-Mail;Status\nB. Bereits;;bekannt@example.org;anwesend\n"), 0o600)
	run(0, nil, "--db", laptop, "import", "teilnehmer", ev, walkIn)

	back := filepath.Join(dir, "zurueck.stb")
	out, _ = run(0, nil, "--db", laptop, "export", "bundle", "--changes", "--out", back, "--to", keys)
	if !strings.Contains(out, "Änderungen der Außenkopie "+ev) {
		t.Errorf("changes: %s", out)
	}

	// 4. Abgleich.
	out, _ = run(0, nil, "--db", office, "import", "bundle", back, "--identity", id, "--json")
	var rep struct {
		Applied    int `json:"applied"`
		Created    int `json:"created"`
		Renumbered []any
		Linked     []struct{ Kind, What, Why string }
		Rules      []string
		Conflicts  []struct {
			What, Field          string
			Office, Laptop, Base string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	if rep.Applied != 2 || rep.Created != 3 || len(rep.Rules) != 1 || len(rep.Conflicts) != 1 || len(rep.Linked) != 1 {
		t.Errorf("report: applied %d created %d rules %v conflicts %+v linked %+v", rep.Applied, rep.Created, rep.Rules, rep.Conflicts, rep.Linked)
	}
	if len(rep.Linked) == 1 && rep.Linked[0].Kind != "person" {
		t.Errorf("linked %+v", rep.Linked)
	}
	if len(rep.Conflicts) == 1 {
		c := rep.Conflicts[0]
		if c.Field != "Status" || c.Office != `teilgenommen` || c.Laptop != `abgemeldet` || !strings.Contains(c.What, name(3)) {
			t.Errorf("conflict %+v", c)
		}
	}
	out, _ = run(0, nil, "--db", office, "import", "bundle", back, "--identity", id)
	if !strings.Contains(out, "bereits eingespielt am") {
		t.Errorf("the same bundle again: %s", out)
	}
	run(0, nil, "--db", office, "export", "teilnehmer", ev, "--out", filepath.Join(dir, "nachher.csv"))
	after, _ := os.ReadFile(filepath.Join(dir, "nachher.csv"))
	for _, mail := range []string{"neu.gast@example.org", "bekannt@example.org"} {
		if n := strings.Count(string(after), mail); n != 1 {
			t.Errorf("the walk-in %s is listed %d times", mail, n)
		}
	}
	for _, i := range []int{1, 2} {
		if !regexp.MustCompile(regexp.QuoteMeta(name(i)) + `;[^\n]*;teilgenommen;`).Match(after) {
			t.Errorf("%s is not checked in after the merge", name(i))
		}
	}
	run(0, nil, "--db", office, "check")

	// A passphrase bundle: the wrong passphrase is refused.
	pw := filepath.Join(dir, "pw.stb")
	run(0, []string{"STABSSTELLE_PASSPHRASE=Konferenz-2026"}, "--db", office, "export", "bundle", "--event", ev, "--out", pw, "--passphrase")
	_, errOut = run(1, []string{"STABSSTELLE_PASSPHRASE=falsch-falsch"}, "--db", filepath.Join(dir, "p.db"), "import", "bundle", pw)
	if !strings.Contains(errOut, "Passwort") || !strings.Contains(errOut, "falsch") {
		t.Errorf("wrong passphrase: %s", errOut)
	}
	run(0, []string{"STABSSTELLE_PASSPHRASE=Konferenz-2026"}, "--db", filepath.Join(dir, "p.db"), "import", "bundle", pw)
}

// sshKeyPair writes an ed25519 key pair as ssh-keygen would: the private
// key (OpenSSH format) and an authorized_keys file with the public key.
func sshKeyPair(t *testing.T, dir, name string) (keys, private string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, name+"@laptop")
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	private = filepath.Join(dir, name+"_id_ed25519")
	keys = filepath.Join(dir, name+".keys")
	if err := os.WriteFile(private, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keys, ssh.MarshalAuthorizedKey(sp), 0o600); err != nil {
		t.Fatal(err)
	}
	return keys, private
}
