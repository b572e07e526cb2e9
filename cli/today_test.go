package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// smDB writes a small Sprachmittlung database: two interpreters, one
// institution, Einsätze on 12.03.2026 (out of order) and one the day after,
// plus one in the future for the calendar export.
func smDB(t *testing.T) (path string, future *model.Einsatz) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "sm.db")
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := func(d model.Date, hh, mm int) time.Time { return model.At(d, model.Clock(hh*60+mm)) }
	day := model.NewDate(2026, 3, 12)
	err = st.Update("test", func(tx *store.Tx) error {
		org := &model.Organisation{Name: "Jobcenter Gifhorn", Kind: model.OrgJobcenter, City: "Gifhorn"}
		if err := store.Organisations.Put(tx, org); err != nil {
			return err
		}
		yonas := &model.Person{Name: "Yonas Tesfaye", Gender: model.GenderMale, Interpreter: &model.InterpreterProfile{
			Languages: []model.LanguageSkill{{Language: "Tigrinya"}}, Active: true,
			Grundschulung: model.NewDate(2025, 1, 1), Schweigepflicht: model.NewDate(2025, 1, 1),
			FuehrungszeugnisSeen: model.NewDate(2025, 1, 1)}}
		if err := store.People.Put(tx, yonas); err != nil {
			return err
		}
		mk := func(lang, dialect string, start time.Time, s model.Setting) *model.Einsatz {
			return &model.Einsatz{OrganisationID: org.ID, Language: lang, Dialect: dialect, Setting: s, Place: "Gifhorn",
				Address: "Am Markt 1", Start: start, Duration: 90 * time.Minute, Status: model.StatusSuche}
		}
		es := []*model.Einsatz{
			mk("Arabisch", "Syrisch", at(day, 14, 0), model.SettingPhone),
			mk("Tigrinya", "", at(day, 9, 0), model.SettingOnSite),
			mk("Dari", "", at(day.AddDays(1), 9, 0), model.SettingOnSite),
		}
		future = mk("Tigrinya", "", time.Now().Add(72*time.Hour).Truncate(time.Minute), model.SettingOnSite)
		future.MeetingPoint = "Empfang"
		for _, e := range append(es, future) {
			if err := store.Einsaetze.Put(tx, e); err != nil {
				return err
			}
		}
		if err := store.AssignInterpreter(tx, es[1].ID, yonas.ID, es[1].Version); err != nil {
			return err
		}
		return store.AssignInterpreter(tx, future.ID, yonas.ID, future.Version)
	})
	if err != nil {
		t.Fatal(err)
	}
	return path, future
}

func smRun(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = Run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestTodayJSON(t *testing.T) {
	path, _ := smDB(t)
	code, out, errOut := smRun("--db", path, "today", "--date", "12.03.2026", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(items) != 2 {
		t.Fatalf("%d items: %s", len(items), out)
	}
	for _, k := range []string{"number", "start", "end", "language", "dialect", "interpreter", "institution", "place", "status"} {
		if _, ok := items[0][k]; !ok {
			t.Errorf("key %s missing", k)
		}
	}
	first, second := items[0], items[1]
	if first["language"] != "Tigrinya" || first["interpreter"] != "Yonas Tesfaye" || first["institution"] != "Jobcenter Gifhorn" ||
		first["place"] != "Gifhorn" || first["status"] != "vermittelt" {
		t.Errorf("first: %v", first)
	}
	if second["language"] != "Arabisch" || second["dialect"] != "Syrisch" || second["interpreter"] != "" {
		t.Errorf("second: %v", second)
	}
	start, err1 := time.Parse(time.RFC3339, first["start"].(string))
	end, err2 := time.Parse(time.RFC3339, first["end"].(string))
	if err1 != nil || err2 != nil || end.Sub(start) != 90*time.Minute || model.FormatTime(start) != "09:00" {
		t.Errorf("times %v %v %v %v", first["start"], first["end"], err1, err2)
	}
	if !strings.HasPrefix(first["number"].(string), "E-") {
		t.Errorf("number %v", first["number"])
	}

	code, out, _ = smRun("--db", path, "today", "--date", "01.01.2026", "--json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("empty day: %d %q", code, out)
	}
}

func TestTodayTable(t *testing.T) {
	path, _ := smDB(t)
	code, out, errOut := smRun("--db", path, "today", "--date", "12.03.2026")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.Contains(lines[0], "Do, 12.03.2026: 2") || !strings.Contains(out, "Sprachmittler:in") {
		t.Errorf("%s", out)
	}
	iT, iA := strings.Index(out, "Tigrinya"), strings.Index(out, "Arabisch (Syrisch)")
	if iT < 0 || iA < 0 || iT > iA || !strings.Contains(out, "09:00–10:30") || !strings.Contains(out, "Telefon") {
		t.Errorf("order/content:\n%s", out)
	}
	if code, _, errOut := smRun("--db", path, "today", "--date", "32.13.2026"); code != 2 || errOut == "" {
		t.Errorf("bad date: %d %q", code, errOut)
	}
}

func TestSearchJSON(t *testing.T) {
	path, _ := smDB(t)
	code, out, errOut := smRun("--db", path, "search", "tigrinya", "--json")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	var hits []map[string]any
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, h := range hits {
		kinds[h["kind"].(string)]++
		if h["summary"] == "" || (h["number"] == nil && h["name"] == nil) {
			t.Errorf("hit %v", h)
		}
	}
	if kinds["einsatz"] != 2 || kinds["person"] != 1 {
		t.Errorf("%v\n%s", kinds, out)
	}
	if code, _, _ := smRun("--db", path, "search"); code != 2 {
		t.Error("search without text")
	}
	code, out, _ = smRun("--db", path, "search", "nichtda")
	if code != 0 || !strings.Contains(out, "Nichts gefunden") {
		t.Errorf("%d %s", code, out)
	}
}

func TestImportSprachmittler(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "i.db")
	csv := filepath.Join(dir, "pool.csv")
	data := "\ufeffName;Geschlecht;Sprachen;Telefon;E-Mail;Ort\r\n" +
		"Amina Haddad;w;\"Arabisch (Syrisch), Kurmandschi\";0170 1234567;amina@example.org;Gifhorn\r\n" +
		"Kaputt;w;Arabisch (Syrisch;;;Gifhorn\r\n" +
		"\"Tesfaye; Yonas\";m;Tigrinya;;yonas@;Wittingen\r\n" +
		"Olena Kowalenko;w;Ukrainisch, Russisch;;;Meine\r\n"
	if err := os.WriteFile(csv, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := smRun("--db", db, "import", "sprachmittler", csv)
	if code != 1 {
		t.Errorf("exit %d (bad rows → 1)", code)
	}
	if !strings.Contains(out, "2 Sprachmittler:innen importiert") || !strings.Contains(errOut, "Zeile 3:") || !strings.Contains(errOut, "Zeile 4:") {
		t.Errorf("out %q err %q", out, errOut)
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ps []*model.Person
	_ = st.View(func(tx *store.Tx) (err error) { ps, err = store.Interpreters(tx); return })
	st.Close()
	if len(ps) != 2 || ps[0].Name != "Amina Haddad" || ps[0].Interpreter.LanguagesText() != "Arabisch (Syrisch), Kurmandschi" {
		t.Errorf("%+v", ps)
	}
	// again: everybody is already in the pool, nothing changes
	code, out, errOut = smRun("--db", db, "import", "sprachmittler", csv)
	if code != 1 || !strings.Contains(out, "0 Sprachmittler:innen") || !strings.Contains(errOut, "schon im Pool") {
		t.Errorf("second run: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := smRun("--db", db, "import", "sprachmittler", filepath.Join(dir, "fehlt.csv")); code != 1 || !strings.Contains(errOut, "existiert nicht") {
		t.Errorf("missing file: %d %q", code, errOut)
	}
	if code, _, _ := smRun("--db", db, "import", "sprachmittler"); code != 2 {
		t.Error("no file → usage")
	}
}

func TestExportICSInterpreter(t *testing.T) {
	path, future := smDB(t)
	out := filepath.Join(t.TempDir(), "yonas.ics")
	code, _, errOut := smRun("--db", path, "export", "ics", "--interpreter", "yonas", "--out", out)
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	ics := string(raw)
	if strings.Count(ics, "BEGIN:VEVENT") != 1 || !strings.Contains(ics, future.Number) || !strings.Contains(ics, "UID:"+future.ID+"@stabsstelle") ||
		!strings.Contains(ics, "\r\n") || !strings.Contains(ics, "Treffpunkt: Empfang") {
		t.Errorf("%s", ics)
	}
	if code, _, errOut := smRun("--db", path, "export", "ics", "--interpreter", "Niemand", "--out", out); code != 1 || !strings.Contains(errOut, "Niemand") {
		t.Errorf("unknown: %d %s", code, errOut)
	}
}
