package demo

import (
	"fmt"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() { Register(Step{Order: 30, Name: "Sprachmittlung", Run: genSprachmittlung}) }

// Popular languages get second and third interpreters; the rest of the 36
// languages one each, so the pool covers every language of the list.
var popularLanguages = []string{"Arabisch", "Kurmandschi", "Dari", "Farsi", "Tigrinya", "Ukrainisch", "Russisch",
	"Türkisch", "Arabisch", "Paschtu", "Sorani", "Arabisch", "Ukrainisch", "Somali"}

// languageWeight makes requests for common languages more frequent.
var languageWeight = map[string]int{"Arabisch": 12, "Ukrainisch": 8, "Kurmandschi": 6, "Dari": 6, "Farsi": 5,
	"Tigrinya": 5, "Russisch": 5, "Türkisch": 4, "Paschtu": 3, "Sorani": 3, "Somali": 2}

var demoStaff = []string{"a.becker", "m.schulz", "k.wagner", "s.yilmaz"}

// importedStyle is the interpreter (Tigrinya) who came from an imported
// list and has no paper dates yet.
const importedStyle = 40

type demoInterp struct {
	p       *model.Person
	weight  int
	primary model.LanguageSkill
}

// genSprachmittlung gives about 50 people an interpreter profile and
// writes Einsätze in every status: a few hundred around today (small) or
// 100 000 over three years (large), without double bookings.
func genSprachmittlung(g *Gen) error {
	interps, err := genInterpreters(g)
	if err != nil {
		return err
	}
	if err := genEinsaetze(g, interps); err != nil {
		return err
	}
	return genAbsageShowcase(g)
}

func isMigrantFirst(name string) bool {
	first, _, _ := strings.Cut(name, " ")
	for _, f := range migrantFirst {
		if f == first {
			return true
		}
	}
	return false
}

func genInterpreters(g *Gen) ([]*demoInterp, error) {
	const n = 50
	var picks []*model.Person
	for _, p := range g.People {
		if len(picks) == n {
			break
		}
		if p.OrganisationID == "" && isMigrantFirst(p.Name) {
			picks = append(picks, p)
		}
	}
	names := model.LanguageNames()
	today := model.Today(g.Now)
	var out []*demoInterp
	err := g.Batch(func(tx *store.Tx) error {
		for i := 0; i < n; i++ {
			p, err := interpreterPerson(g, tx, picks, i)
			if err != nil {
				return err
			}
			lang := ""
			if i < len(names) {
				lang = names[i]
			} else {
				lang = popularLanguages[(i-len(names))%len(popularLanguages)]
			}
			primary, skills := demoSkills(g, lang)
			p.Interpreter = demoInterpreterProfile(g, p, i, skills, today)
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
			w := 1 + languageWeight[lang]
			out = append(out, &demoInterp{p: p, weight: w, primary: primary})
		}
		return tx.Note("demo", fmt.Sprintf("%d Sprachmittler:innen angelegt", n))
	})
	return out, err
}

// interpreterPerson is the i-th interpreter: one of the people picked,
// else someone new.
func interpreterPerson(g *Gen, tx *store.Tx, picks []*model.Person, i int) (*model.Person, error) {
	if i < len(picks) {
		return store.People.Get(tx, picks[i].ID)
	}
	first, last := Pick(g, migrantFirst), Pick(g, migrantLast)
	pl := Pick(g, places)
	return &model.Person{Name: fmt.Sprintf("%s %s", first, last), Gender: genderOf(first),
		Email: slug(first) + "." + slug(last) + fmt.Sprint(i) + "@example.org",
		Phone: fmt.Sprintf("0152 %07d", g.Rand.IntN(10000000)), PostalCode: pl.PLZ, City: pl.City}, nil
}

// demoSkills: the first language (often with a dialect, sometimes with a
// certificate) and up to two more.
func demoSkills(g *Gen, lang string) (primary model.LanguageSkill, skills []model.LanguageSkill) {
	primary = model.LanguageSkill{Language: lang, Level: model.LevelNative}
	if ds := model.DialectsOf(lang); len(ds) > 0 && g.Chance(0.8) {
		primary.Dialect = Pick(g, ds)
	}
	if g.Chance(0.25) {
		primary.Certificate = Pick(g, []string{"telc C1", "EMZ-Schulung Gemeindedolmetschen", "Goethe-Zertifikat C1"})
	}
	skills = []model.LanguageSkill{primary}
	for k := g.Rand.IntN(3); k > 0; k-- {
		extra := Pick(g, []string{"Englisch", "Französisch", "Russisch", "Türkisch", "Arabisch", "Farsi"})
		if extra != lang {
			skills = append(skills, model.LanguageSkill{Language: extra, Level: Pick(g, []model.Level{model.LevelFluent, model.LevelGood})})
		}
	}
	return primary, skills
}

// demoInterpreterProfile is the i-th interpreter's profile: papers (some
// expiring or missing), settings, areas and notes.
func demoInterpreterProfile(g *Gen, p *model.Person, i int, skills []model.LanguageSkill, today model.Date) *model.InterpreterProfile {
	ip := &model.InterpreterProfile{
		Languages: skills, HomePlace: p.City, Active: !g.Chance(0.08),
		Mobility:              Pick(g, []model.Mobility{model.MobilityCar, model.MobilityCar, model.MobilityTransit, model.MobilityBike}),
		Schweigepflicht:       today.AddDays(-30 - g.Rand.IntN(1500)),
		Grundschulung:         today.AddDays(-30 - g.Rand.IntN(1500)),
		Ehrenamtsvereinbarung: today.AddDays(-30 - g.Rand.IntN(1500)),
	}
	seen := today.AddDays(-g.Rand.IntN(5 * 365))
	ip.FuehrungszeugnisSeen, ip.FuehrungszeugnisValidUntil = seen, seen.AddDays(5*365)
	switch {
	case i%17 == 5: // expiring soon
		ip.FuehrungszeugnisValidUntil = today.AddDays(10 + g.Rand.IntN(40))
	case i%23 == 7:
		ip.FuehrungszeugnisSeen, ip.FuehrungszeugnisValidUntil = model.Date{}, model.Date{}
	case i%19 == 3:
		ip.Ehrenamtsvereinbarung = model.Date{}
	}
	if g.Chance(0.3) {
		ip.Settings = []model.Setting{model.SettingOnSite, model.SettingPhone}
	}
	if g.Chance(0.4) {
		ip.Samtgemeinden = demoAreas(g, p)
	}
	if g.Chance(0.2) {
		ip.Notes = Pick(g, []string{"nur vormittags", "nicht mittwochs", "bevorzugt Schulen und Kitas", "Schichtarbeit, kurzfristig anfragen"})
	}
	if i < len(model.LanguageNames()) && languageWeight[skills[0].Language] > 0 {
		// The first interpreter of each common language is available
		// (no RNG drawn, so the rest of the demo stays as it was drawn).
		// Only those who may go get Einsätze; with Tigrinya's two paused
		// or without papers, the 100 000 Einsätze had one in Tigrinya and
		// "search tigrinya jobcenter" found nothing.
		ip.Active = true
	}
	if i == importedStyle {
		// as taken over from an old Excel list: languages and
		// contact only, no paper dates – the search lists them
		// with "Unterlagen fehlen" instead of hiding them
		ip = &model.InterpreterProfile{Languages: skills, HomePlace: p.City, Active: true,
			Notes: "aus der Liste des Integrationsbeirats übernommen – Unterlagen noch nicht gesehen"}
	}
	return ip
}

// demoAreas: the area they live in and one more.
func demoAreas(g *Gen, p *model.Person) []string {
	sgs := model.SamtgemeindeNames()
	home, _ := model.AreaOf(p.City)
	if home == "" {
		home = Pick(g, sgs)
	}
	if other := Pick(g, sgs); other != home {
		return []string{home, other}
	}
	return []string{home}
}
