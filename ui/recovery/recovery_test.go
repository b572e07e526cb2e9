package recovery

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	bolt "go.etcd.io/bbolt"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/uitest"
)

var update = flag.Bool("update", false, "golden-Dateien neu schreiben")

// The clock of the tests: backups are written at fixed times, the damaged
// file is put aside at testNow (11:00 in Berlin).
var testNow = time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)

// newDB writes a database with n people at dir/stabsstelle.db.
func newDB(t *testing.T, dir string, n int) string {
	t.Helper()
	path := filepath.Join(dir, "stabsstelle.db")
	s, err := store.Open(path, store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Update("test", func(tx *store.Tx) error {
		for i := 0; i < n; i++ {
			if err := store.People.Put(tx, &model.Person{Name: fmt.Sprintf("Person %03d", i)}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return path
}

// backupAt writes a backup of path into its default folder, named for at.
// breakRules first deletes an index entry, so the backup is readable but
// has a problem.
func backupAt(t *testing.T, path string, at time.Time, breakRules bool) string {
	t.Helper()
	s, err := store.Open(path, store.Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if breakRules {
		s.DB().Update(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("idx:person:name"))
			k, _ := b.Cursor().First()
			return b.Delete(k)
		})
	}
	bak, err := store.Backup(s, "")
	var bp *store.BackupProblems
	if err != nil && !(breakRules && errors.As(err, &bp)) {
		t.Fatal(err)
	}
	return bak
}

// damage overwrites everything after the two meta pages (as the store and
// cli tests do): bbolt still recognises the file, its tree is gone.
func damage(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ps := os.Getpagesize()
	for i := 2 * ps; i < len(data); i++ {
		data[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return data
}

// openErr is what store.Open says about the damaged file.
func openErr(t *testing.T, path string) *store.ErrDamaged {
	t.Helper()
	_, err := store.Open(path, store.Options{})
	var damaged *store.ErrDamaged
	if !errors.As(err, &damaged) {
		t.Fatalf("open of the damaged file: %v, want ErrDamaged", err)
	}
	return damaged
}

func people(t *testing.T, path string) int {
	t.Helper()
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("the restored database does not open: %v", err)
	}
	defer s.Close()
	n := 0
	s.View(func(tx *store.Tx) error { n = store.People.Count(tx); return nil })
	return n
}

type fixture struct {
	m    *Model
	w, h int
}

func newFixture(t *testing.T, path string, dark bool, w, h int) *fixture {
	t.Helper()
	f := &fixture{m: New(Options{Path: path, Damaged: openErr(t, path), Dark: dark, Now: func() time.Time { return testNow }}), w: w, h: h}
	f.send(t, tea.WindowSizeMsg{Width: w, Height: h})
	f.run(t, f.m.Init())
	return f
}

func (f *fixture) run(t *testing.T, cmd tea.Cmd) {
	t.Helper()
	(&uitest.Drainer{Update: func(msg tea.Msg) tea.Cmd { _, c := f.m.Update(msg); return c }}).Run(t, cmd)
}

func (f *fixture) send(t *testing.T, msg tea.Msg) {
	t.Helper()
	_, cmd := f.m.Update(msg)
	f.run(t, cmd)
}

var special = map[string]tea.KeyPressMsg{
	"enter":  {Code: tea.KeyEnter},
	"esc":    {Code: tea.KeyEscape},
	"up":     {Code: tea.KeyUp},
	"down":   {Code: tea.KeyDown},
	"ctrl+c": {Code: 'c', Mod: tea.ModCtrl},
}

func (f *fixture) press(t *testing.T, ks ...string) {
	t.Helper()
	for _, k := range ks {
		if msg, ok := special[k]; ok {
			f.send(t, msg)
			continue
		}
		for _, r := range k {
			f.send(t, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

// view is the ANSI-stripped screen; it must be exactly w×h.
func (f *fixture) view(t *testing.T) string {
	t.Helper()
	v := f.m.View()
	if !v.AltScreen {
		t.Error("not on the alternate screen")
	}
	lines := strings.Split(v.Content, "\n")
	if len(lines) != f.h {
		t.Errorf("view has %d lines, want %d", len(lines), f.h)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > f.w {
			t.Errorf("line %d is %d wide (> %d): %q", i, w, f.w, ansi.Strip(l))
		}
	}
	return ansi.Strip(v.Content)
}

func wantIn(t *testing.T, view string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(view, w) {
			t.Errorf("screen lacks %q:\n%s", w, view)
		}
	}
}

// twoBackups: a database of 7 people, a good backup of 04.03. 08:00 and a
// newer, damaged one of 05.03. 08:00; then the database itself is damaged.
// It returns the path, the good backup and the damaged file's bytes.
func twoBackups(t *testing.T) (path, good string, damaged []byte) {
	t.Helper()
	return twoBackupsIn(t, t.TempDir())
}

func twoBackupsIn(t *testing.T, dir string) (path, good string, damaged []byte) {
	t.Helper()
	path = newDB(t, dir, 7)
	good = backupAt(t, path, time.Date(2026, 3, 4, 7, 0, 0, 0, time.UTC), false)
	broken := filepath.Join(store.BackupDir(path), "stabsstelle-20260305-080000.db")
	data, _ := os.ReadFile(good)
	os.WriteFile(broken, data, 0o600)
	damage(t, broken)
	return path, good, damage(t, path)
}

func TestPreselectsNewestGoodBackupAndRestoresAfterConfirm(t *testing.T) {
	path, good, damagedBytes := twoBackups(t)
	f := newFixture(t, path, true, 80, 24)
	if len(f.m.rows) != 2 || f.m.rows[0].State != Unusable || f.m.rows[1].State != Clean {
		t.Fatalf("rows %+v", f.m.rows)
	}
	if f.m.cursor != 1 {
		t.Errorf("cursor on %d, want the good backup (1)", f.m.cursor)
	}
	v := f.view(t)
	wantIn(t, v, "Die Datenbank ist beschädigt", "stabsstelle.db kann nicht gelesen werden", "Bisher wurde nichts verändert.", "Technische Angabe:",
		"05.03.2026 08:00", "unbrauchbar", "04.03.2026 08:00", "fehlerfrei – empfohlen",
		"Änderungen seit 04.03.2026 08:00 gehen verloren.", "enter zurückspielen", "l leer beginnen", "q beenden")
	if strings.Contains(v, "goroutine") || strings.Contains(v, "panic") {
		t.Errorf("stack trace on screen:\n%s", v)
	}

	f.press(t, "enter")
	wantIn(t, f.view(t), "Sicherung vom 04.03.2026 08:00 zurückspielen?", "stabsstelle.defekt-<Zeitstempel>.db", "Ja", "Nein")
	if now, _ := os.ReadFile(path); !bytes.Equal(now, damagedBytes) {
		t.Fatal("the file changed before the confirmation")
	}
	f.press(t, "j")
	if !f.m.done {
		t.Fatalf("not done; screen:\n%s", f.view(t))
	}
	res := f.m.Result()
	if res.Action != Restored || res.Backup.Path != good {
		t.Fatalf("result %+v", res)
	}
	aside := filepath.Join(filepath.Dir(path), "stabsstelle.defekt-20260305-110000.db")
	if res.Aside != aside {
		t.Errorf("aside %q, want %q", res.Aside, aside)
	}
	if kept, _ := os.ReadFile(aside); !bytes.Equal(kept, damagedBytes) {
		t.Error("the damaged file was not kept byte for byte")
	}
	if n := people(t, path); n != 7 {
		t.Errorf("%d people after the restore, want 7", n)
	}
	if got := res.Notice(); got != "Sicherung vom 04.03.2026 08:00 zurückgespielt; die beschädigte Datei liegt unter stabsstelle.defekt-20260305-110000.db" {
		t.Errorf("notice %q", got)
	}
}

func TestQuitLeavesTheFileUntouched(t *testing.T) {
	for _, k := range []string{"q", "esc", "ctrl+c"} {
		t.Run(k, func(t *testing.T) {
			path, good, damagedBytes := twoBackups(t)
			f := newFixture(t, path, true, 80, 24)
			// Asking and saying no changes nothing either.
			f.press(t, "enter", "n")
			if f.m.confirm != nil || f.m.done {
				t.Fatal("no did not close the dialog")
			}
			f.press(t, k)
			if !f.m.done {
				t.Fatalf("%s did not quit", k)
			}
			res := f.m.Result()
			if res.Action != Quit || !res.Recommended || res.Backup.Path != good || res.Aside != "" {
				t.Errorf("result %+v", res)
			}
			if now, _ := os.ReadFile(path); !bytes.Equal(now, damagedBytes) {
				t.Error("quitting changed the file")
			}
			if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.defekt-*")); len(m) != 0 {
				t.Errorf("files put aside: %v", m)
			}
		})
	}
}

func TestUnusableBackupCannotBeChosen(t *testing.T) {
	path, _, damagedBytes := twoBackups(t)
	f := newFixture(t, path, false, 80, 24)
	f.press(t, "up", "enter")
	if f.m.confirm != nil {
		t.Fatal("a confirm dialog for an unusable backup")
	}
	wantIn(t, f.view(t), "Diese Sicherung ist unbrauchbar.", "Die Datei ist beschädigt.", "kann nicht zurückgespielt werden")
	f.press(t, "j") // j is ↓ here, never a yes
	if f.m.cursor != 1 || f.m.done {
		t.Errorf("cursor %d done %v", f.m.cursor, f.m.done)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, damagedBytes) {
		t.Error("the file changed")
	}
}

func TestBackupWithProblemsNeedsASecondYes(t *testing.T) {
	path := newDB(t, t.TempDir(), 5)
	bak := backupAt(t, path, time.Date(2026, 3, 4, 7, 0, 0, 0, time.UTC), true)
	damagedBytes := damage(t, path)
	f := newFixture(t, path, true, 80, 24)
	if f.m.cursor != 0 || f.m.rows[0].State != Problems {
		t.Fatalf("rows %+v cursor %d", f.m.rows, f.m.cursor)
	}
	wantIn(t, f.view(t), "lesbar, 1 kleineres Problem – empfohlen", "Änderungen seit 04.03.2026 08:00 gehen verloren.")
	f.press(t, "enter", "j")
	wantIn(t, f.view(t), "Trotzdem zurückspielen?", "stabsstelle check")
	f.press(t, "n")
	if f.m.done || f.m.confirm != nil {
		t.Fatal("no at the second question did not stop")
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, damagedBytes) {
		t.Fatal("the file changed after no")
	}
	f.press(t, "enter", "j", "j")
	if res := f.m.Result(); !f.m.done || res.Action != Restored || res.Backup.Path != bak {
		t.Fatalf("result %+v; screen:\n%s", res, f.view(t))
	}
	if n := people(t, path); n != 5 {
		t.Errorf("%d people after the restore", n)
	}
}

func TestNoBackupsOffersOnlyAnEmptyStart(t *testing.T) {
	path := newDB(t, t.TempDir(), 3)
	damagedBytes := damage(t, path)
	f := newFixture(t, path, true, 80, 24)
	v := f.view(t)
	wantIn(t, v, "Es gibt keine Sicherungen", "stabsstelle-backups fehlt", "l leer beginnen", "q beenden")
	if strings.Contains(v, "enter zurückspielen") {
		t.Errorf("restore offered without backups:\n%s", v)
	}
	f.press(t, "enter")
	if f.m.confirm != nil || f.m.done {
		t.Fatal("enter did something without backups")
	}
	f.press(t, "l")
	wantIn(t, f.view(t), "Mit einer leeren Datenbank beginnen?", "fehlen dann alle bisherigen Daten", "bleibt erhalten")
	f.press(t, "esc")
	if now, _ := os.ReadFile(path); f.m.confirm != nil || !bytes.Equal(now, damagedBytes) {
		t.Fatal("esc in the dialog changed something")
	}
	f.press(t, "l", "j")
	res := f.m.Result()
	if !f.m.done || res.Action != EmptyStart {
		t.Fatalf("result %+v", res)
	}
	if kept, _ := os.ReadFile(res.Aside); !bytes.Equal(kept, damagedBytes) {
		t.Error("the damaged file was not kept byte for byte")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("something still at the path: %v", err)
	}
	if !strings.HasPrefix(res.Notice(), "Leere Datenbank angelegt; die beschädigte Datei liegt unter stabsstelle.defekt-") {
		t.Errorf("notice %q", res.Notice())
	}
	if n := people(t, path); n != 0 {
		t.Errorf("the new database has %d people", n)
	}
}

func TestFailedRestorePutsTheDamagedFileBack(t *testing.T) {
	path, good, damagedBytes := twoBackups(t)
	f := newFixture(t, path, true, 80, 24)
	// The backup disappears between the check and the restore.
	os.Remove(good)
	f.press(t, "enter", "j")
	if f.m.done || f.m.failure == nil {
		t.Fatalf("done %v failure %v", f.m.done, f.m.failure)
	}
	wantIn(t, f.view(t), "✗ Die Sicherung wird nicht zurückgespielt", "Bisher wurde nichts verändert.")
	if now, _ := os.ReadFile(path); !bytes.Equal(now, damagedBytes) {
		t.Error("the damaged file is not back in its place")
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.defekt-*")); len(m) != 0 {
		t.Errorf("left aside: %v", m)
	}
}

// TestGolden compares the screens with testdata/*.golden (go test
// ./ui/recovery -run Golden -update rewrites them). The screens are taken
// with the database at a relative path in a temp folder (the working
// directory is back before the comparison) and a fixed technical detail,
// so they depend neither on the temp folder's name nor on the garbage in
// the damaged pages.
func TestGolden(t *testing.T) {
	screens := map[string]string{}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			t.Chdir(t.TempDir())
			twoBackupsIn(t, ".")
			f := newFixture(t, "stabsstelle.db", w > 80, w, h)
			f.m.opts.Damaged.Detail = "page 4: unreachable unfreed"
			for i := range f.m.rows { // the size depends on the OS page size
				f.m.rows[i].Size = 3_250_000
			}
			screens[fmt.Sprintf("list_%dx%d", w, h)] = f.view(t)
			f.press(t, "enter")
			screens[fmt.Sprintf("confirm_%dx%d", w, h)] = f.view(t)
			f.press(t, "n", "l")
			screens[fmt.Sprintf("empty_%dx%d", w, h)] = f.view(t)
		})
	}
	t.Run("none", func(t *testing.T) {
		t.Chdir(t.TempDir())
		newDB(t, ".", 2)
		damage(t, "stabsstelle.db")
		f := newFixture(t, "stabsstelle.db", true, 80, 24)
		f.m.opts.Damaged.Detail = "page 4: unreachable unfreed"
		screens["none_80x24"] = f.view(t)
	})
	for name, got := range screens {
		uitest.Golden(t, name, got, *update)
	}
}

func TestManyBackupsScrollAndWaitForTheirCheck(t *testing.T) {
	path := newDB(t, t.TempDir(), 2)
	first := backupAt(t, path, time.Date(2026, 2, 1, 7, 0, 0, 0, time.UTC), false)
	data, _ := os.ReadFile(first)
	for d := 2; d <= 15; d++ {
		os.WriteFile(filepath.Join(store.BackupDir(path), fmt.Sprintf("stabsstelle-202602%02d-080000.db", d)), data, 0o600)
	}
	damage(t, path)

	// Before the checks report, the newest row is selected and cannot be
	// chosen yet.
	m := New(Options{Path: path, Damaged: openErr(t, path), Now: func() time.Time { return testNow }})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	list, _ := store.ListBackups(store.BackupDir(path))
	m.Update(listedMsg{list: list})
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, "wird geprüft …") ||
		!strings.Contains(v, "Sicherungen werden geprüft … (0 von 15 fertig)") {
		t.Fatalf("while checking:\n%s", v)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	v := ansi.Strip(m.View().Content)
	if m.confirm != nil || !strings.Contains(v, "wird noch geprüft – bitte einen Moment") {
		t.Fatalf("enter before the check:\n%s", v)
	}

	f := newFixture(t, path, true, 80, 24)
	if f.m.cursor != 0 || f.m.rows[0].State != Clean {
		t.Fatalf("cursor %d, rows %+v", f.m.cursor, f.m.rows[0])
	}
	wantIn(t, f.view(t), "15.02.2026 08:00", "(1–")
	for i := 0; i < 14; i++ {
		f.press(t, "down")
	}
	v = f.view(t)
	wantIn(t, v, "▸ 01.02.2026 08:00", "von 15)", "Änderungen seit 01.02.2026 08:00 gehen verloren.")
	if strings.Contains(v, "15.02.2026") {
		t.Errorf("the list did not scroll:\n%s", v)
	}
}

// TestEmptyFileGetsTheRecoveryScreen: an empty (0-byte) database file gets
// the same screen, saying it is empty; the newest good backup is offered
// (a cut-off newer backup is unusable), restoring needs a yes, and q
// leaves the empty file as it was.
func TestEmptyFileGetsTheRecoveryScreen(t *testing.T) {
	path, good, _ := twoBackups(t)
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	f := &fixture{m: New(Options{Path: path, Empty: true, Dark: true, Now: func() time.Time { return testNow }}), w: 80, h: 24}
	f.send(t, tea.WindowSizeMsg{Width: 80, Height: 24})
	f.run(t, f.m.Init())
	wantIn(t, f.view(t), "Die Datenbank ist leer", "0 Byte", "Bisher wurde nichts verändert.", "fehlerfrei – empfohlen")
	f.press(t, "q")
	if res := f.m.Result(); res.Action != Quit || res.Backup.Path != good {
		t.Errorf("result %+v", res)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file changed: %v", err)
	}
}
