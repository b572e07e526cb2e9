package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/cli"
	"stabsstelle/demo"
	"stabsstelle/model"
	"stabsstelle/store"
)

// notRun are the examples this test cannot run, each with the test that
// covers it instead.
var notRun = map[string]string{
	"serve": "starts a server that runs until stopped: cli/TestServe*, server/",
}

// TestEveryHelpExampleWorksAsPrinted runs every line under "Beispiel:" in
// every verb's --help, exactly as printed, in a shell: with the built
// program as `stabsstelle` on the PATH, a fresh home folder and the demo
// database (made on 5 March 2026) where a new installation keeps it
// (~/.local/share/stabsstelle/stabsstelle.db). Files an example names as
// the user's own (a CSV list to import, a backup to restore) are put there
// first. Each example gets a fresh copy of the demo database and must end
// with exit 0.
func TestEveryHelpExampleWorksAsPrinted(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	bin := binary(t)
	binDir := t.TempDir()
	if err := os.Symlink(bin, filepath.Join(binDir, "stabsstelle")); err != nil {
		t.Fatal(err)
	}
	_, jqErr := exec.LookPath("jq")
	// The demo as `stabsstelle demo` makes it, on 5 March 2026 (the day
	// the examples and the handbook use): numbers like V-2026-003 are then
	// the same on every run, whatever today is.
	pristine := filepath.Join(t.TempDir(), "demo.db")
	st, err := store.Open(pristine, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	anchor := model.At(model.NewDate(2026, 3, 5), model.Clock(8*60))
	if err := demo.Run(st, demo.Options{Seed: 1, Now: anchor, Who: "demo"}); err != nil {
		t.Fatalf("demo: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, v := range cli.Verbs() {
		if _, skip := notRun[v.Name]; skip {
			continue
		}
		examples := v.Examples()
		if len(examples) == 0 {
			t.Errorf("%s --help shows no example", v.Name)
		}
		for _, ex := range examples {
			n++
			t.Run(v.Name+"/"+ex, func(t *testing.T) {
				home := t.TempDir()
				db := filepath.Join(home, ".local", "share", "stabsstelle", "stabsstelle.db")
				copyFile(t, pristine, db)
				userFiles(t, bin, home, db)
				line := ex
				if strings.Contains(line, "| jq") && jqErr != nil {
					// without jq: the program's part, which must give JSON
					line = strings.TrimSpace(line[:strings.Index(line, "| jq")])
				}
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, "sh", "-c", "set -e\n"+line)
				cmd.Dir = home
				cmd.Stdin = nil // a script: no questions
				cmd.Env = exampleEnv(home, binDir)
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%s\n→ %v\n%s", ex, err, out)
				}
				if line != ex && !json.Valid(out) {
					t.Fatalf("%s gives no JSON:\n%s", line, out)
				}
			})
		}
	}
	if n < 30 {
		t.Errorf("only %d examples found", n)
	}
}

// exampleEnv is a clean environment: the home folder, the program first on
// the PATH, no STABSSTELLE_DB and no XDG folders of the machine's user.
func exampleEnv(home, binDir string) []string {
	env := []string{"HOME=" + home, "PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH"),
		"LANG=C.UTF-8", "TZ=Europe/Berlin"}
	if tmp := os.Getenv("TMPDIR"); tmp != "" {
		env = append(env, "TMPDIR="+tmp)
	}
	return env
}

// userFiles puts the files the examples name as the user's own into home.
func userFiles(t *testing.T, bin, home, db string) {
	t.Helper()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(home, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("lotsen.csv", "Name;E-Mail;Telefon;IBAN;Straße;PLZ;Ort\r\n"+
		"Greta Beispiel;greta@example.org;05371 555;DE02 1203 0000 0000 2020 51;Steinweg 3;38518;Gifhorn\r\n")
	write("pool.csv", "Name;Geschlecht;Sprachen;Telefon;E-Mail;Ort\r\n"+
		"Selam Beispiel;w;Tigrinya, Amharisch;0151 555;selam@example.org;Gifhorn\r\n")
	write("anmeldungen.csv", "Name;Organisation;E-Mail;Status\r\n"+
		"Greta Beispiel;Caritas Gifhorn;greta@example.org;angemeldet\r\n")
	// the user's SSH key pair, as ssh-keygen writes it (Außentermin bundles)
	if err := os.MkdirAll(filepath.Join(home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	keys, id := sshKeyPair(t, filepath.Join(home, ".ssh"), "eigen")
	if err := os.Rename(keys, filepath.Join(home, ".ssh", "authorized_keys")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(id, filepath.Join(home, ".ssh", "id_ed25519")); err != nil {
		t.Fatal(err)
	}
	// a backup as `stabsstelle backup` writes it, under the name the
	// check and restore examples show
	backups := filepath.Join(filepath.Dir(db), "stabsstelle-backups")
	copyFile(t, db, filepath.Join(backups, "stabsstelle-20260305-080000.db"))
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
