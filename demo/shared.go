package demo

import (
	"fmt"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

var (
	germanFirst = []string{"Anna", "Birgit", "Claudia", "Doris", "Elke", "Frauke", "Gabriele", "Heike", "Ines", "Julia",
		"Katrin", "Lena", "Monika", "Nicole", "Petra", "Sabine", "Tanja", "Ute", "Vera", "Wiebke",
		"Andreas", "Bernd", "Christian", "Dirk", "Frank", "Gerd", "Holger", "Jens", "Klaus", "Lars",
		"Martin", "Norbert", "Olaf", "Peter", "Ralf", "Stefan", "Thomas", "Uwe", "Volker", "Wolfgang"}
	germanLast = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
		"Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Hofmann",
		"Zimmermann", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Brandt",
		"Böhm", "Heinemann", "Ahrens", "Bode", "Warnecke", "Rühmkorf", "Thies", "Wittkopf"}
	// Names as they appear in the county's pools and client communities.
	migrantFirst = []string{"Amina", "Fatima", "Layla", "Mariam", "Nour", "Samira", "Zahra", "Hevin", "Rojin", "Shirin",
		"Tsega", "Selam", "Hiwet", "Olena", "Iryna", "Natalia", "Ayşe", "Elif", "Parwana", "Mursal",
		"Ahmad", "Mohammed", "Omar", "Yusuf", "Karim", "Rami", "Dilshad", "Rezan", "Haben", "Yonas",
		"Dawit", "Ali", "Hamid", "Farid", "Serhii", "Oleksandr", "Mehmet", "Emre", "Abdi", "Bashir"}
	migrantLast = []string{"Haddad", "Al-Hassan", "Khalil", "Nasser", "Mansour", "Aziz", "Yilmaz", "Kaya", "Demir",
		"Hussein", "Ibrahim", "Rahimi", "Ahmadi", "Karimi", "Sultani", "Tesfaye", "Gebremedhin", "Haile",
		"Bekele", "Kovalenko", "Shevchenko", "Bondarenko", "Barzani", "Rashid", "Osman", "Warsame"}
	places = []struct{ PLZ, City string }{
		{"38518", "Gifhorn"}, {"38518", "Gifhorn"}, {"38518", "Gifhorn"}, {"38536", "Meinersen"},
		{"29386", "Hankensbüttel"}, {"29378", "Wittingen"}, {"38554", "Weyhausen"}, {"38524", "Sassenburg"},
		{"38465", "Brome"}, {"38527", "Meine"}, {"38550", "Isenbüttel"}, {"29392", "Wesendorf"},
		{"38542", "Leiferde"}, {"38528", "Adenbüttel"}, {"38559", "Wagenhoff"},
	}
	streets = []string{"Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Am Schlossgarten", "Braunschweiger Straße",
		"Lindenweg", "Calberlaher Damm", "Steinweg", "Kirchweg", "Birkenweg", "Dannenbütteler Weg", "Torstraße"}
)

// Institutions of a county like Gifhorn that request interpreters or take
// part in the network.
var orgSeeds = []struct {
	Name string
	Kind model.OrgKind
	City string
}{
	{"Jobcenter Landkreis Gifhorn", model.OrgJobcenter, "Gifhorn"},
	{"Jobcenter Gifhorn, Geschäftsstelle Wittingen", model.OrgJobcenter, "Wittingen"},
	{"Ausländerbehörde Landkreis Gifhorn", model.OrgAuslaenderbehoerde, "Gifhorn"},
	{"Jugendamt Landkreis Gifhorn", model.OrgJugendamt, "Gifhorn"},
	{"Sozialamt Landkreis Gifhorn", model.OrgSozialamt, "Gifhorn"},
	{"Gesundheitsamt Landkreis Gifhorn", model.OrgGesundheit, "Gifhorn"},
	{"Grundschule Gifhorn-Süd", model.OrgSchule, "Gifhorn"},
	{"Grundschule Wesendorf", model.OrgSchule, "Wesendorf"},
	{"Oberschule Meinersen", model.OrgSchule, "Meinersen"},
	{"Otto-Hahn-Gymnasium Gifhorn", model.OrgSchule, "Gifhorn"},
	{"IGS Sassenburg", model.OrgSchule, "Sassenburg"},
	{"BBS I Gifhorn", model.OrgSchule, "Gifhorn"},
	{"Kita Regenbogen", model.OrgKita, "Gifhorn"},
	{"Kita Sonnenschein", model.OrgKita, "Wittingen"},
	{"Ev. Kita St. Nicolai", model.OrgKita, "Gifhorn"},
	{"Kita Pusteblume", model.OrgKita, "Meine"},
	{"Helios Klinikum Gifhorn", model.OrgGesundheit, "Gifhorn"},
	{"Kinderarztpraxis am Steinweg", model.OrgGesundheit, "Gifhorn"},
	{"Caritas Migrationsberatung", model.OrgBeratung, "Gifhorn"},
	{"Diakonie Gifhorn – Migrationsberatung für Erwachsene", model.OrgBeratung, "Gifhorn"},
	{"Jugendmigrationsdienst Gifhorn", model.OrgBeratung, "Gifhorn"},
	{"Schuldnerberatung Gifhorn", model.OrgBeratung, "Gifhorn"},
	{"Familienzentrum Wittingen", model.OrgBeratung, "Wittingen"},
	{"DRK Kreisverband Gifhorn", model.OrgWohlfahrt, "Gifhorn"},
	{"AWO Kreisverband Gifhorn", model.OrgWohlfahrt, "Gifhorn"},
	{"Stadt Gifhorn, Fachbereich Soziales", model.OrgKommune, "Gifhorn"},
	{"Samtgemeinde Meinersen", model.OrgKommune, "Meinersen"},
	{"Samtgemeinde Hankensbüttel", model.OrgKommune, "Hankensbüttel"},
	{"Samtgemeinde Papenteich", model.OrgKommune, "Meine"},
	{"Gemeinde Sassenburg", model.OrgKommune, "Sassenburg"},
	{"Flüchtlingshilfe Gifhorn e. V.", model.OrgVerein, "Gifhorn"},
	{"Willkommensinitiative Brome", model.OrgVerein, "Brome"},
	{"Kreisvolkshochschule Gifhorn", model.OrgSonstige, "Gifhorn"},
	{"Agentur für Arbeit Gifhorn", model.OrgJobcenter, "Gifhorn"},
}

func plzOf(city string) string {
	for _, p := range places {
		if p.City == city {
			return p.PLZ
		}
	}
	return "38518"
}

// genShared creates the organisations and a population of people: staff of
// the institutions (contacts), volunteers and people with migration
// histories (future interpreters). Areas give them their profiles.
func genShared(g *Gen) error {
	nPeople := 400
	if g.Large {
		nPeople = 3000
	}
	return g.Batch(func(tx *store.Tx) error {
		for _, s := range orgSeeds {
			o := &model.Organisation{Name: s.Name, Kind: s.Kind, City: s.City, PostalCode: plzOf(s.City),
				Street: fmt.Sprintf("%s %d", Pick(g, streets), 1+g.Rand.IntN(80)),
				Phone:  fmt.Sprintf("05371 %d-%d", 80+g.Rand.IntN(900), g.Rand.IntN(500)),
				Email:  "info@" + slug(s.Name) + ".example"}
			if err := store.Organisations.Put(tx, o); err != nil {
				return err
			}
			g.Orgs = append(g.Orgs, o)
		}
		seen := map[string]bool{}
		for len(g.People) < nPeople {
			migrant := g.Chance(0.45)
			var first, last string
			if migrant {
				first, last = Pick(g, migrantFirst), Pick(g, migrantLast)
			} else {
				first, last = Pick(g, germanFirst), Pick(g, germanLast)
			}
			name := first + " " + last
			if seen[name] {
				if len(seen) > len(germanFirst)*len(germanLast)/2 {
					name = fmt.Sprintf("%s %s-%s", first, last, Pick(g, germanLast))
				} else {
					continue
				}
			}
			seen[name] = true
			pl := Pick(g, places)
			p := &model.Person{Name: name, Gender: genderOf(first),
				Email:      slug(first) + "." + slug(last) + "@example.org",
				Phone:      fmt.Sprintf("0151 %07d", g.Rand.IntN(10000000)),
				Street:     fmt.Sprintf("%s %d", Pick(g, streets), 1+g.Rand.IntN(120)),
				PostalCode: pl.PLZ, City: pl.City}
			if !migrant && g.Chance(0.5) {
				o := Pick(g, g.Orgs)
				p.OrganisationID = o.ID
				p.Function = Pick(g, []string{"Sachbearbeitung", "Schulsozialarbeit", "Leitung", "Fallmanagement", "Beratung", "Klassenlehrkraft"})
				p.Email = slug(first) + "." + slug(last) + "@" + slug(o.Name) + ".example"
			}
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
			g.People = append(g.People, p)
			if len(g.People)%500 == 0 {
				g.Progress("Personen", len(g.People), nPeople)
			}
		}
		return tx.Note("demo", fmt.Sprintf("%d Personen und %d Einrichtungen erzeugt", len(g.People), len(g.Orgs)))
	})
}

var femaleFirst = map[string]bool{}

func init() {
	for _, n := range []string{"Anna", "Birgit", "Claudia", "Doris", "Elke", "Frauke", "Gabriele", "Heike", "Ines", "Julia",
		"Katrin", "Lena", "Monika", "Nicole", "Petra", "Sabine", "Tanja", "Ute", "Vera", "Wiebke",
		"Amina", "Fatima", "Layla", "Mariam", "Nour", "Samira", "Zahra", "Hevin", "Rojin", "Shirin",
		"Tsega", "Selam", "Hiwet", "Olena", "Iryna", "Natalia", "Ayşe", "Elif", "Parwana", "Mursal"} {
		femaleFirst[n] = true
	}
}

func genderOf(first string) model.Gender {
	if femaleFirst[first] {
		return model.GenderFemale
	}
	return model.GenderMale
}

// slug makes an ASCII mail local part or domain from a German name.
func slug(s string) string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ß", "ss", "ş", "s",
		" ", "-", ".", "", ",", "", "–", "", "é", "e")
	out := strings.ToLower(r.Replace(s))
	out = strings.Trim(strings.ReplaceAll(out, "--", "-"), "-")
	var b strings.Builder
	for _, c := range out {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' {
			b.WriteRune(c)
		}
	}
	return b.String()
}
