package model

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseIBANValid(t *testing.T) {
	tests := []struct{ in, want string }{
		// docs/DOMAIN.md §5
		{"DE89370400440532013000", "DE89370400440532013000"},
		{"DE02120300000000202051", "DE02120300000000202051"},
		{"DE68210501700012345678", "DE68210501700012345678"},
		{"DE41500105170123456789", "DE41500105170123456789"},
		{"DE29100100100987654321", "DE29100100100987654321"},
		{"DE12500105170648489890", "DE12500105170648489890"},
		{"DE18120300000012345678", "DE18120300000012345678"},
		// as typed or pasted
		{"DE89 3704 0044 0532 0130 00", "DE89370400440532013000"},
		{"de89 3704 0044 0532 0130 00", "DE89370400440532013000"},
		{"  DE89-3704-0044-0532-0130-00\t", "DE89370400440532013000"},
		{"DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000", "DE89370400440532013000"},
		{"IBAN: DE89 3704 0044 0532 0130 00", "DE89370400440532013000"},
		{"iban DE89370400440532013000", "DE89370400440532013000"},
		// examples of the SWIFT IBAN registry
		{"AT611904300234573201", "AT611904300234573201"},
		{"CH9300762011623852957", "CH9300762011623852957"},
		{"NL91ABNA0417164300", "NL91ABNA0417164300"},
		{"nl91 abna 0417 1643 00", "NL91ABNA0417164300"},
		{"BE68539007547034", "BE68539007547034"},
		{"FR1420041010050500013M02606", "FR1420041010050500013M02606"},
		{"IT60X0542811101000000123456", "IT60X0542811101000000123456"},
		{"ES9121000418450200051332", "ES9121000418450200051332"},
		{"PL61109010140000071219812874", "PL61109010140000071219812874"},
		{"GB29NWBK60161331926819", "GB29NWBK60161331926819"},
		{"NO9386011117947", "NO9386011117947"},
		{"MT84MALT011000012345MTLCAST001S", "MT84MALT011000012345MTLCAST001S"},
		{"LU280019400644750000", "LU280019400644750000"},
		{"DK5000400440116243", "DK5000400440116243"},
		{"FI2112345600000785", "FI2112345600000785"},
		{"SE4550000000058398257466", "SE4550000000058398257466"},
	}
	for _, tt := range tests {
		got, err := ParseIBAN(tt.in)
		if err != nil {
			t.Errorf("ParseIBAN(%q) error %v", tt.in, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("ParseIBAN(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !got.Valid() {
			t.Errorf("%q.Valid() = false", got)
		}
	}
}

func TestParseIBANErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "Bitte eine IBAN eingeben."},
		{"   ", "Bitte eine IBAN eingeben."},
		{"IBAN:", "Bitte eine IBAN eingeben."},
		{"DE89370400440532013001", "Die Prüfziffer der IBAN stimmt nicht – bitte auf Tippfehler prüfen."},
		{"DE18360100439999999999", "Die Prüfziffer der IBAN stimmt nicht – bitte auf Tippfehler prüfen."},
		{"DE98370400440532013000", "Die Prüfziffer der IBAN stimmt nicht – bitte auf Tippfehler prüfen."}, // swapped digits
		{"DE89370400440532031000", "Die Prüfziffer der IBAN stimmt nicht – bitte auf Tippfehler prüfen."},
		{"DE8937040044053201300", "Die IBAN ist zu kurz: DE-IBANs haben 22 Stellen, eingegeben wurden 21."},
		{"DE893704004405320130000", "Die IBAN ist zu lang: DE-IBANs haben 22 Stellen, eingegeben wurden 23."},
		{"AT61190430023457320", "Die IBAN ist zu kurz: AT-IBANs haben 20 Stellen, eingegeben wurden 19."},
		{"XX89370400440532013000", "Unbekannter Ländercode „XX“."},
		{"US89370400440532013000", "Unbekannter Ländercode „US“."},
		{"TR330006100519786457841326", "Unbekannter Ländercode „TR“."}, // valid, but not SEPA
		{"D", "Ländercode aus zwei Buchstaben"},
		{"1234567890", "Ländercode aus zwei Buchstaben"},
		{"D189370400440532013000", "Ländercode aus zwei Buchstaben"},
		{"DE89.3704.0044.0532.0130.00", "„.“ ist nicht erlaubt"},
		{"DE89/370400440532013000", "„/“ ist nicht erlaubt"},
		{"DÉ89370400440532013000", "„É“ ist nicht erlaubt"},
		{"DE89\x00370400440532013000", "nur Buchstaben und Ziffern"},
		{"DE\xff9370400440532013000", "nur Buchstaben und Ziffern"},
		{"DEAB370400440532013000", "zwei Ziffern"},
		{"DE8937040044053201300O", "nur Ziffern"}, // letter O for zero
		// check digits 01 and 99 are never issued, though they pass mod 97
		{"DE01370400440532013000", "Prüfziffer"},
		{"DE00370400440532013000", "Prüfziffer"},
		{"DE99120300000000202051", "Prüfziffer"},
	}
	for _, tt := range tests {
		got, err := ParseIBAN(tt.in)
		if err == nil {
			t.Errorf("ParseIBAN(%q) = %q, want error", tt.in, got)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseIBAN(%q) error %q, want it to contain %q", tt.in, err, tt.want)
		}
	}
}

// ibanWithCheckDigits completes cc + bban to a valid IBAN.
func ibanWithCheckDigits(cc, bban string) string {
	rem := ibanMod97(cc + "00" + bban)
	return fmt.Sprintf("%s%02d%s", cc, 98-rem, bban)
}

// TestParseIBANEveryCountry builds a valid IBAN of the right length for each
// country in the table and checks the length rules around it.
func TestParseIBANEveryCountry(t *testing.T) {
	for cc, n := range ibanLengths {
		bban := strings.Repeat("1234567890", 4)[:n-4]
		iban := ibanWithCheckDigits(cc, bban)
		got, err := ParseIBAN(iban)
		if err != nil || string(got) != iban || got.Country() != cc {
			t.Errorf("%s: ParseIBAN(%q) = %q, %v", cc, iban, got, err)
		}
		short := ibanWithCheckDigits(cc, bban[1:])
		if _, err := ParseIBAN(short); err == nil || !strings.Contains(err.Error(), "zu kurz") {
			t.Errorf("%s: short IBAN %q: %v", cc, short, err)
		}
		long := ibanWithCheckDigits(cc, bban+"1")
		if _, err := ParseIBAN(long); err == nil || !strings.Contains(err.Error(), "zu lang") {
			t.Errorf("%s: long IBAN %q: %v", cc, long, err)
		}
	}
	for _, cc := range []string{"DE", "AT", "CH", "NL", "BE", "FR", "IT", "ES", "PL", "LU", "DK", "SE",
		"FI", "NO", "IE", "PT", "CZ", "SK", "HU", "SI", "HR", "RO", "BG", "GR", "CY", "MT", "EE",
		"LV", "LT", "LI", "IS", "GB", "MC", "SM", "VA", "AD", "GI"} {
		if _, ok := ibanLengths[cc]; !ok {
			t.Errorf("SEPA country %s missing", cc)
		}
	}
}

// TestParseIBANCatchesTypos: mod 97 detects every single changed digit and
// every swap of two neighbouring different digits.
func TestParseIBANCatchesTypos(t *testing.T) {
	const good = "DE89370400440532013000"
	for i := 2; i < len(good); i++ {
		for c := byte('0'); c <= '9'; c++ {
			if c == good[i] {
				continue
			}
			typo := good[:i] + string(c) + good[i+1:]
			if _, err := ParseIBAN(typo); err == nil {
				t.Errorf("typo %q accepted", typo)
			}
		}
		if i+1 < len(good) && good[i] != good[i+1] {
			swap := good[:i] + string(good[i+1]) + string(good[i]) + good[i+2:]
			if _, err := ParseIBAN(swap); err == nil {
				t.Errorf("swap %q accepted", swap)
			}
		}
	}
}

func TestIBANFormat(t *testing.T) {
	tests := []struct {
		iban           IBAN
		str, masked    string
		country        string
		valid          bool
		stringRoundTip bool
	}{
		{"DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "DE89 •••• •••• •••• ••30 00", "DE", true, true},
		{"NO9386011117947", "NO93 8601 1117 947", "NO93 •••• •••7 947", "NO", true, true},
		{"BE68539007547034", "BE68 5390 0754 7034", "BE68 •••• •••• 7034", "BE", true, true},
		{"MT84MALT011000012345MTLCAST001S", "MT84 MALT 0110 0001 2345 MTLC AST0 01S", "MT84 •••• •••• •••• •••• •••• •••0 01S", "MT", true, true},
		{"", "", "", "", false, false},
		{"DE", "DE", "DE", "DE", false, false},
		{"DE89 3704", "DE89  370 4", "DE89 •370 4", "DE", false, false}, // not normalised: not valid
		{"de89370400440532013000", "de89 3704 0044 0532 0130 00", "de89 •••• •••• •••• ••30 00", "de", false, false},
	}
	for _, tt := range tests {
		if got := tt.iban.String(); got != tt.str {
			t.Errorf("%q.String() = %q, want %q", string(tt.iban), got, tt.str)
		}
		if got := tt.iban.Masked(); got != tt.masked {
			t.Errorf("%q.Masked() = %q, want %q", string(tt.iban), got, tt.masked)
		}
		if got := tt.iban.Country(); got != tt.country {
			t.Errorf("%q.Country() = %q, want %q", string(tt.iban), got, tt.country)
		}
		if got := tt.iban.Valid(); got != tt.valid {
			t.Errorf("%q.Valid() = %v, want %v", string(tt.iban), got, tt.valid)
		}
		if tt.stringRoundTip {
			if back, err := ParseIBAN(tt.iban.String()); err != nil || back != tt.iban {
				t.Errorf("ParseIBAN(%q) = %q, %v", tt.iban.String(), back, err)
			}
		}
	}
}

func TestParseBIC(t *testing.T) {
	good := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"COBADEFFXXX", "COBADEFFXXX"},
		{"COBADEFF", "COBADEFF"},
		{"cobadeffxxx", "COBADEFFXXX"},
		{" COBA DE FF XXX ", "COBADEFFXXX"},
		{"NOLADE21GFW", "NOLADE21GFW"}, // Sparkasse Gifhorn-Wolfsburg
		{"DEUTDEDB280", "DEUTDEDB280"},
		{"MARKDEF1270", "MARKDEF1270"},
	}
	for _, tt := range good {
		got, err := ParseBIC(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseBIC(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"COBADEF", "COBADEFFXX", "COBADEFFXXXX", "C0BADEFFXXX", "COBAD3FFXXX",
		"COBADEFF-XX", "COBADEFFÄXX", "12345678", "DE89370400440532013000"} {
		got, err := ParseBIC(in)
		if err == nil {
			t.Errorf("ParseBIC(%q) = %q, want error", in, got)
			continue
		}
		if !strings.Contains(err.Error(), "keine gültige BIC") {
			t.Errorf("ParseBIC(%q) error %q", in, err)
		}
	}
}
