package cli

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	lk "stabsstelle/lookup"
	"stabsstelle/model"
	"stabsstelle/store"
)

// candDB writes a pool of Tigrinya interpreters, one for every reason the
// search gives, and a booking on Thursday 11.03.2027 at 10:30 in Gifhorn.
func candDB(t *testing.T) (path, booked string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "cand.db")
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := model.NewDate(2025, 1, 10)
	papers := func(name string, g model.Gender, home string, langs ...model.LanguageSkill) *model.Person {
		return &model.Person{Name: name, Gender: g, Interpreter: &model.InterpreterProfile{Languages: langs, HomePlace: home,
			Active: true, Schweigepflicht: d, Grundschulung: d, Ehrenamtsvereinbarung: d,
			FuehrungszeugnisSeen: d, FuehrungszeugnisValidUntil: model.NewDate(2030, 1, 1)}}
	}
	tig := model.LanguageSkill{Language: "Tigrinya", Level: model.LevelNative}
	selam := papers("Selam Haile", model.GenderFemale, "Gifhorn", tig)
	meron := papers("Meron Tekle", model.GenderFemale, "Wittingen", tig)
	amanuel := papers("Amanuel Tesfay", model.GenderMale, "Gifhorn", tig)
	hiwet := papers("Hiwet Nasser", model.GenderFemale, "Wittingen", tig)
	hiwet.Interpreter.Samtgemeinden = []string{"Wittingen"}
	paul := papers("Paul Pause", model.GenderMale, "Gifhorn", tig)
	paul.Interpreter.Active = false
	yonas := papers("Yonas Alt", model.GenderMale, "Gifhorn", tig)
	yonas.Interpreter.FuehrungszeugnisSeen, yonas.Interpreter.FuehrungszeugnisValidUntil = model.NewDate(2019, 6, 30), model.NewDate(2024, 6, 30)
	nour := &model.Person{Name: "Nour Importiert", Gender: model.GenderFemale, Interpreter: &model.InterpreterProfile{
		Languages: []model.LanguageSkill{tig}, HomePlace: "Gifhorn", Active: true}}
	farsi := papers("Farid Farsi", model.GenderMale, "Gifhorn", model.LanguageSkill{Language: "Farsi"})
	err = st.Update("test", func(tx *store.Tx) error {
		org := &model.Organisation{Name: "Jobcenter Gifhorn", Kind: model.OrgJobcenter, City: "Gifhorn"}
		if err := store.Organisations.Put(tx, org); err != nil {
			return err
		}
		for _, p := range []*model.Person{selam, meron, amanuel, hiwet, paul, yonas, nour, farsi} {
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
		}
		e := &model.Einsatz{OrganisationID: org.ID, Language: "Tigrinya", Setting: model.SettingOnSite, Place: "Gifhorn",
			Address: "Am Markt 1", Start: model.At(model.NewDate(2027, 3, 11), 10*60+30), Duration: time.Hour, Status: model.StatusSuche}
		if err := store.Einsaetze.Put(tx, e); err != nil {
			return err
		}
		booked = e.Number
		return store.AssignInterpreter(tx, e.ID, amanuel.ID, e.Version)
	})
	if err != nil {
		t.Fatal(err)
	}
	return path, booked
}

var candArgs = []string{"candidates", "--language", "Tigrinya", "--date", "11.03.2027", "--time", "10:00", "--place", "Gifhorn"}

func TestCandidatesJSON(t *testing.T) {
	path, booked := candDB(t)
	code, out, errOut := smRun(append([]string{"--db", path}, append(candArgs, "--json")...)...)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// the exact shape: two lists, these keys and no others
	var raw map[string][]map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(raw) != 2 || raw["offered"] == nil || raw["excluded"] == nil {
		t.Fatalf("top level: %v", keysOf(raw))
	}
	for _, o := range raw["offered"] {
		if k := keysOf(o); !reflect.DeepEqual(k, []string{"name", "rank", "reasons"}) {
			t.Errorf("offered keys %v", k)
		}
	}
	for _, x := range raw["excluded"] {
		if k := keysOf(x); !reflect.DeepEqual(k, []string{"name", "reason"}) {
			t.Errorf("excluded keys %v", k)
		}
	}
	var r struct {
		Offered []struct {
			Name    string   `json:"name"`
			Rank    int      `json:"rank"`
			Reasons []string `json:"reasons"`
		} `json:"offered"`
		Excluded []struct {
			Name   string `json:"name"`
			Reason string `json:"reason"`
		} `json:"excluded"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Offered) != 2 {
		t.Fatalf("offered: %+v", r.Offered)
	}
	// Selam lives in Gifhorn (0 km), Meron in Wittingen: nearer first.
	if o := r.Offered[0]; o.Name != "Selam Haile" || o.Rank != 1 ||
		!reflect.DeepEqual(o.Reasons, []string{"Tigrinya, Muttersprache", "0 Einsätze im März", "0 km", "frei"}) {
		t.Errorf("first: %+v", o)
	}
	if o := r.Offered[1]; o.Name != "Meron Tekle" || o.Rank != 2 || len(o.Reasons) != 4 || !strings.HasSuffix(o.Reasons[2], " km") || o.Reasons[2] == "0 km" {
		t.Errorf("second: %+v", o)
	}
	want := map[string]string{
		"Amanuel Tesfay":  "belegt: " + booked,
		"Hiwet Nasser":    "außerhalb der Region (Einsatzgebiet: Wittingen)",
		"Nour Importiert": "Unterlagen fehlen: Schweigepflichterklärung, Führungszeugnis; Grundschulung fehlt",
		"Yonas Alt":       "Führungszeugnis abgelaufen am 30.06.2024",
		"Paul Pause":      "pausiert",
	}
	got := map[string]string{}
	var order []string
	for _, x := range r.Excluded {
		got[x.Name] = x.Reason
		order = append(order, x.Name)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("excluded:\n got %v\nwant %v", got, want)
	}
	if order[0] != "Amanuel Tesfay" || order[len(order)-1] != "Paul Pause" {
		t.Errorf("closest to bookable first, paused last: %v", order)
	}
	if strings.Contains(out, "Farid") {
		t.Error("an interpreter of another language is listed")
	}

	// --gender w is a requirement: the men move to excluded with the reason
	code, out, _ = smRun(append([]string{"--db", path}, append(candArgs, "--gender", "m", "--json")...)...)
	if code != 0 {
		t.Fatal(code)
	}
	r.Offered, r.Excluded = nil, nil
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Offered) != 0 || !strings.Contains(out, `"offered": []`) {
		t.Errorf("nur männlich: nobody is free and trained: %s", out)
	}
	for _, x := range r.Excluded {
		if x.Name == "Selam Haile" && x.Reason != "nur männlich angefragt" {
			t.Errorf("Selam: %q", x.Reason)
		}
	}
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestCandidatesText(t *testing.T) {
	path, booked := candDB(t)
	code, out, errOut := smRun(append([]string{"--db", path}, candArgs...)...)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Tigrinya · Do 11.03.2027, 10:00–11:00 · vor Ort in Gifhorn\n",
		"Angeboten (2), die beste Wahl zuerst:\n  1. Selam Haile\n     Tigrinya, Muttersprache · 0 Einsätze im März · 0 km · frei\n",
		"Nicht angeboten (5):\n  Amanuel Tesfay – belegt: " + booked + "\n",
		"  Nour Importiert – Unterlagen fehlen: Schweigepflichterklärung, Führungszeugnis; Grundschulung fehlt\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	// a language of the list that nobody speaks: a sentence, exit 0
	code, out, _ = smRun("--db", path, "candidates", "--language", "vietnamesisch", "--date", "11.03.2027", "--time", "10:00")
	if code != 0 || !strings.Contains(out, "Niemand im Pool spricht Vietnamesisch.") {
		t.Errorf("nobody: exit %d\n%s", code, out)
	}
	code, out, _ = smRun("--db", path, "candidates", "--language", "Vietnamesisch", "--date", "11.03.2027", "--time", "10:00", "--json")
	if code != 0 || strings.Join(strings.Fields(out), "") != `{"offered":[],"excluded":[]}` {
		t.Errorf("nobody JSON: exit %d %s", code, out)
	}
}

func TestCandidatesErrors(t *testing.T) {
	path, _ := candDB(t)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"candidates", "--date", "11.03.2027", "--time", "10:00"}, 2, "--language"},
		{[]string{"candidates", "--language", "Tigrinya", "--time", "10:00"}, 2, "--date"},
		{[]string{"candidates", "--language", "Tigrinya", "--date", "11.03.2027"}, 2, "--time"},
		{[]string{"candidates", "--language", "Tigrinya", "--date", "31.02.2027", "--time", "10:00"}, 2, "kein gültiges Datum"},
		{[]string{"candidates", "--language", "Tigrinya", "--date", "11.03.2027", "--time", "25:00"}, 2, "Uhrzeit"},
		{[]string{"candidates", "--language", "Tigrinya", "--date", "11.03.2027", "--time", "10:00", "--duration", "0"}, 2, "--duration"},
		{[]string{"candidates", "--language", "Tigrinya", "--date", "11.03.2027", "--time", "10:00", "--duration", "viel"}, 2, "Ungültiger Wert"},
		{[]string{"candidates", "--language", "Tigrinya", "--date", "11.03.2027", "--time", "10:00", "--gender", "x"}, 2, "--gender ist w oder m"},
		{[]string{"candidates", "--language", "Arabisch (Syrisch", "--date", "11.03.2027", "--time", "10:00"}, 2, "Klammer"},
		{[]string{"candidates", "Tigrinya", "--date", "11.03.2027"}, 2, "Unerwartetes Argument"},
		{[]string{"candidates", "--language", "Tigrinja", "--date", "11.03.2027", "--time", "10:00"}, 1, "Meinten Sie „Tigrinya“?"},
		{[]string{"candidates", "--language", "Klingonisch", "--date", "11.03.2027", "--time", "10:00", "--json"}, 1, "kennt stabsstelle nicht"},
	} {
		code, out, errOut := smRun(append([]string{"--db", path}, c.args...)...)
		if code != c.code || out != "" || !strings.Contains(errOut, c.msg) || strings.Contains(errOut, "panic") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", c.args, code, out, errOut, c.code, c.msg)
		}
	}
	code, out, _ := smRun("candidates", "--help")
	if code != 0 || !strings.Contains(out, "Beispiele:") || !strings.Contains(out, "--gender w|m") || !strings.Contains(out, "Bedingung") {
		t.Errorf("help: %d\n%s", code, out)
	}
}

// While the interface holds the file, candidates asks it and prints the
// same.
func TestCandidatesAskTheProgramHoldingTheFile(t *testing.T) {
	path, _ := candDB(t)
	calls := [][]string{
		candArgs,
		append(append([]string{}, candArgs...), "--json"),
		{"candidates", "--language", "Tigrinja", "--date", "11.03.2027", "--time", "10:00"},
	}
	type result struct {
		code        int
		out, errOut string
	}
	want := make([]result, len(calls))
	for i, c := range calls {
		code, out, errOut := smRun(append([]string{"--db", path}, c...)...)
		want[i] = result{code, out, errOut}
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stop, err := lk.Serve(st, path)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	for i, c := range calls {
		start := time.Now()
		code, out, errOut := smRun(append([]string{"--db", path}, c...)...)
		if got := (result{code, out, errOut}); got != want[i] {
			t.Errorf("%v while held: exit %d\n%s%s\nwant exit %d\n%s%s", c, code, out, errOut, want[i].code, want[i].out, want[i].errOut)
		}
		if d := time.Since(start); d >= store.LockTimeout {
			t.Errorf("%v while held took %v", c, d)
		}
	}
}
