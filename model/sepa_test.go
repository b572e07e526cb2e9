package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func testDebtor() Account {
	return Account{Name: "Landkreis Gifhorn – Kreiskasse", IBAN: "DE02120300000000202051",
		Street: "Schlossplatz", BuildingNo: "1", PostalCode: "38518", Town: "Gifhorn", Country: "DE"}
}

func testRun() PayoutRun {
	run := PayoutRun{ExecutionDate: Date{2026, 12, 25}, Status: PayoutErstellt} // holiday → 28.12.
	run.Number = "A-2026-001"
	run.Items = []PayoutItem{
		{ClaimID: "1", Number: "K-2026-0017", Name: "Jürgen Weiß-Özdemir", IBAN: "DE89370400440532013000", Amount: 12345,
			Remittance: "K-2026-0017 Kostenerstattung Offene Deutschkurse März & April <2026> ß€", FundName: "Bürgerschaftliches Engagement 2026", Haushaltsstelle: "1.3110.531800"},
		{ClaimID: "2", Number: "K-2026-0018", Name: "Ana María Łukasiewicz", IBAN: "DE68210501700012345678", BIC: "NOLADE21KIE", Amount: 96000,
			Remittance: strings.Repeat("Sehr langer Verwendungszweck ", 10)},
		{ClaimID: "3", Number: "K-2026-0019", Name: "Tigist Haile", IBAN: "DE41500105170123456789", Amount: 1},
	}
	return run
}

// findSchema returns the official pain.001.001.09 schema kept in the
// repository's testdata folder (found from the working directory upwards,
// at the module root beside go.mod).
func findSchema(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "testdata", "pain.001.001.09.xsd")
			if _, err := os.Stat(p); err != nil {
				t.Fatalf("schema missing: %v", err)
			}
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("module root (go.mod) not found")
		}
		dir = parent
	}
}

// xmllintValidate validates doc against the schema; in CI (.ci/run sets
// CI=true) a missing xmllint fails the test instead of skipping it.
func xmllintValidate(t *testing.T, doc []byte) {
	t.Helper()
	schema := findSchema(t)
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint missing in CI: apt-get install -y libxml2-utils")
		}
		t.Skip("xmllint not installed")
	}
	f := filepath.Join(t.TempDir(), "sepa.xml")
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", schema, f).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint rejects the file: %v\n%s\n---\n%s", err, out, doc)
	}
}

func TestWriteSEPAValidates(t *testing.T) {
	now := time.Date(2026, 12, 22, 9, 30, 0, 0, time.UTC)
	for _, withBIC := range []bool{false, true} {
		d := testDebtor()
		if withBIC {
			d.BIC = "NOLADE21GFW"
		}
		var buf bytes.Buffer
		if err := WriteSEPA(&buf, testRun(), d, now); err != nil {
			t.Fatal(err)
		}
		doc := buf.String()
		for _, want := range []string{
			"<NbOfTxs>3</NbOfTxs>", "<CtrlSum>1083.46</CtrlSum>", "<Dt>2026-12-28</Dt>",
			"<EndToEndId>K-2026-0017</EndToEndId>", `<InstdAmt Ccy="EUR">123.45</InstdAmt>`,
			"<Nm>Juergen Weiss-Oezdemir</Nm>", "<Nm>Ana Maria Lukasiewicz</Nm>",
			"<TwnNm>Gifhorn</TwnNm>", "<Ctry>DE</Ctry>", "<PmtMtd>TRF</PmtMtd>",
			"Offene Deutschkurse Maerz + April (2026) ssEUR",
		} {
			if !strings.Contains(doc, want) {
				t.Errorf("missing %q in\n%s", want, doc)
			}
		}
		if withBIC != strings.Contains(doc, "<BICFI>NOLADE21GFW</BICFI>") || withBIC == strings.Contains(doc, "<Id>NOTPROVIDED</Id>") {
			t.Errorf("debtor agent wrong (withBIC=%v)", withBIC)
		}
		for _, m := range regexp.MustCompile(`<Ustrd>([^<]*)</Ustrd>`).FindAllStringSubmatch(doc, -1) {
			if len(m[1]) > 140 || !strings.HasPrefix(m[1], "K-2026-00") {
				t.Errorf("bad remittance %q", m[1])
			}
		}
		if m := regexp.MustCompile(`<MsgId>([^<]*)</MsgId>`).FindStringSubmatch(doc); m == nil || len(m[1]) > 35 {
			t.Errorf("bad MsgId %v", m)
		}
		xmllintValidate(t, buf.Bytes())
	}
}

func TestWriteSEPARefuses(t *testing.T) {
	now := time.Now()
	run := testRun()
	run.Items[1].IBAN = "DE89370400440532013001"
	if err := WriteSEPA(&bytes.Buffer{}, run, testDebtor(), now); err == nil || !strings.Contains(err.Error(), "IBAN") {
		t.Errorf("invalid IBAN: %v", err)
	}
	run = testRun()
	run.Items[0].Amount = 0
	if err := WriteSEPA(&bytes.Buffer{}, run, testDebtor(), now); err == nil {
		t.Error("zero amount accepted")
	}
	run.Items[0].Amount = -100
	if err := WriteSEPA(&bytes.Buffer{}, run, testDebtor(), now); err == nil {
		t.Error("negative amount accepted")
	}
	// Settled completely by netting: on the list, not in the file.
	run.Items[0].Gross, run.Items[0].Netted, run.Items[0].Amount = 12345, 12345, 0
	var buf bytes.Buffer
	if err := WriteSEPA(&buf, run, testDebtor(), now); err != nil {
		t.Fatal(err)
	}
	if doc := buf.String(); strings.Contains(doc, "K-2026-0017") || !strings.Contains(doc, "<NbOfTxs>2</NbOfTxs>") || !strings.Contains(doc, "<CtrlSum>960.01</CtrlSum>") {
		t.Errorf("netted item in the file:\n%s", doc)
	}
	xmllintValidate(t, buf.Bytes())
	for i := range run.Items {
		run.Items[i].Gross, run.Items[i].Netted, run.Items[i].Amount = run.Items[i].Amount, run.Items[i].Amount, 0
	}
	if err := WriteSEPA(&bytes.Buffer{}, run, testDebtor(), now); err == nil {
		t.Error("a file without any transfer written")
	}
	d := testDebtor()
	d.Town = ""
	if err := WriteSEPA(&bytes.Buffer{}, testRun(), d, now); err == nil || !strings.Contains(err.Error(), "Ort") {
		t.Errorf("missing town: %v", err)
	}
	if err := WriteSEPA(&bytes.Buffer{}, PayoutRun{}, testDebtor(), now); err == nil {
		t.Error("empty run accepted")
	}
}

func TestSEPAText(t *testing.T) {
	for in, want := range map[string]string{
		"Müller-Lüdenscheidt":     "Mueller-Luedenscheidt",
		"Straße Ärger Öl Übel":    "Strasse Aerger Oel Uebel",
		"  a\tb\n\nc  ":           "a b c",
		"Çağrı Şahin":             "Cagri Sahin",
		"Ахмед 😀 ok":              "ok",
		"50 % & mehr; <b>":        "50 Proz. + mehr, (b)",
		"K-2026-0001/abc?:().,'+": "K-2026-0001/abc?:().,'+",
	} {
		if got := SEPAText(in, 0); got != want {
			t.Errorf("SEPAText(%q) = %q, want %q", in, got, want)
		}
	}
	allowed := regexp.MustCompile(`^[a-zA-Z0-9/?:().,'+\- ]*$`)
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteRune(rune(r.IntN(0x2000)))
		}
		got := SEPAText(b.String(), 140)
		if !allowed.MatchString(got) || len(got) > 140 {
			t.Fatalf("SEPAText(%q) = %q", b.String(), got)
		}
	}
}

// TestCtrlSumProperty: for random claims the control sum and the number of
// transactions equal the sum and count of the amounts (integer cents only).
func TestCtrlSumProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	ibans := []IBAN{"DE89370400440532013000", "DE02120300000000202051", "DE68210501700012345678", "DE41500105170123456789"}
	ctrl := regexp.MustCompile(`<CtrlSum>([0-9]+)\.([0-9]{2})</CtrlSum>`)
	amt := regexp.MustCompile(`<InstdAmt Ccy="EUR">([0-9]+)\.([0-9]{2})</InstdAmt>`)
	parse := func(a, b string) int64 {
		e, _ := strconv.ParseInt(a, 10, 64)
		c, _ := strconv.ParseInt(b, 10, 64)
		return e*100 + c
	}
	for iter := range 300 {
		run := PayoutRun{ExecutionDate: Date{2026, 3, 2}}
		run.Number = fmt.Sprintf("A-2026-%03d", iter)
		var want int64
		n := 1 + r.IntN(40)
		for i := range n {
			c := &Claim{PeriodFrom: Date{2026, 3, 1}, PeriodTo: Date{2026, 3, 31}}
			for range 1 + r.IntN(5) {
				switch r.IntN(3) {
				case 0:
					l := ClaimLine{Kind: LineFahrt, Date: Date{2026, 3, 5}, From: "A", To: "B", Km: Km(1 + r.IntN(10000)), Vehicle: Vehicles[r.IntN(3)]}
					if err := l.Compute(DefaultKmRates); err != nil {
						t.Fatal(err)
					}
					c.Lines = append(c.Lines, l)
				default:
					c.Lines = append(c.Lines, ClaimLine{Kind: LineBeleg, Amount: Money(1 + r.Int64N(int64(MaxLineAmount)))})
				}
			}
			c.Number = fmt.Sprintf("K-2026-%04d", i+1)
			run.Items = append(run.Items, PayoutItem{Number: c.Number, Name: "X", IBAN: ibans[r.IntN(len(ibans))], Amount: c.Total(), Remittance: c.Remittance()})
			want += int64(c.Total())
		}
		var buf bytes.Buffer
		if err := WriteSEPA(&buf, run, testDebtor(), time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		doc := buf.String()
		sums := ctrl.FindAllStringSubmatch(doc, -1)
		if len(sums) != 2 {
			t.Fatalf("want 2 CtrlSum, got %d", len(sums))
		}
		for _, s := range sums {
			if got := parse(s[1], s[2]); got != want {
				t.Fatalf("CtrlSum %d, want %d", got, want)
			}
		}
		var sum int64
		amts := amt.FindAllStringSubmatch(doc, -1)
		for _, a := range amts {
			sum += parse(a[1], a[2])
		}
		if sum != want || len(amts) != n || !strings.Contains(doc, fmt.Sprintf("<NbOfTxs>%d</NbOfTxs>", n)) {
			t.Fatalf("amounts %d (%d tx), want %d (%d tx)", sum, len(amts), want, n)
		}
		if run.Total() != Money(want) {
			t.Fatalf("Total %d want %d", run.Total(), want)
		}
		if iter == 0 {
			xmllintValidate(t, buf.Bytes())
		}
	}
}

func TestWriteKreiskasse(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteKreiskasse(&buf, testRun()); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.HasPrefix(s, "\xef\xbb\xbfNr.;Name;IBAN;BIC;Betrag;") {
		t.Errorf("header: %q", s[:60])
	}
	for _, want := range []string{
		"K-2026-0017;Jürgen Weiß-Özdemir;DE89 3704 0044 0532 0130 00;;123,45;",
		";1.3110.531800;Bürgerschaftliches Engagement 2026;28.12.2026;123,45;0,00;\r\n",
		"Summe;3 Überweisungen;;;1.083,46;A-2026-001;;;28.12.2026;1.083,46;0,00;\r\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	if strings.Count(s, "\r\n") != 5 {
		t.Errorf("want 5 CRLF lines: %q", s)
	}
	var failing kkFailWriter
	if err := WriteKreiskasse(&failing, testRun()); err == nil {
		t.Error("write error swallowed")
	}
}

type kkFailWriter struct{}

func (*kkFailWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func BenchmarkWriteSEPA1000(b *testing.B) {
	run := PayoutRun{ExecutionDate: Date{2026, 11, 23}}
	run.Number = "A-2026-001"
	for i := range 1000 {
		run.Items = append(run.Items, PayoutItem{Number: fmt.Sprintf("K-2026-%04d", i+1), Name: "Jürgen Weiß-Özdemir",
			IBAN: "DE89370400440532013000", Amount: Money(1234 + i), Remittance: "Kostenerstattung Offene Deutschkurse März"})
	}
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for range b.N {
		if err := WriteSEPA(io.Discard, run, testDebtor(), now); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSEPATextWithoutControlCharacters: stored text with control
// characters (which XML 1.0 forbids and a bank refuses) goes into the
// payment file as spaces.
func TestSEPATextWithoutControlCharacters(t *testing.T) {
	got := xmlEscape("Anna\x1b[31m\x07 Müller & \u009bSohn\x00")
	if got != "Anna [31m  Müller &amp;  Sohn " {
		t.Errorf("xmlEscape = %q", got)
	}
}
