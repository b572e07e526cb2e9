package model

import (
	"errors"
	"fmt"
	"strings"
)

// IBAN is an account number in its stored form: no spaces, upper case.
type IBAN string

// ibanLengths lists the countries that can receive a SEPA transfer, with the
// length of their IBANs (SWIFT IBAN registry). An IBAN from outside SEPA
// cannot be paid by the Kreiskasse's SEPA file, so it is rejected here.
// Guernsey, Jersey and the Isle of Man use GB IBANs; the French overseas
// departments use FR, Åland uses FI. Albania, Montenegro, Moldova, North
// Macedonia and Serbia joined the SEPA scheme in 2024–2025.
var ibanLengths = map[string]int{
	"AD": 24, "AL": 28, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28,
	"CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27,
	"GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26,
	"IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
	"ME": 22, "MK": 19, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25,
	"RO": 24, "RS": 22, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22,
}

// ParseIBAN normalises and checks an IBAN as typed or pasted
// ("DE89 3704 0044 0532 0130 00", "IBAN: de89-3704…"). It proves the number
// is well-formed, not that the account exists.
func ParseIBAN(s string) (IBAN, error) {
	t := compactIBAN(s)
	if t == "" {
		return "", errors.New("Bitte eine IBAN eingeben.")
	}
	if err := checkIBANChars(t); err != nil {
		return "", err
	}
	if err := checkIBANCountry(t); err != nil {
		return "", err
	}
	if !ibanIsDigit(t[2]) || !ibanIsDigit(t[3]) {
		return "", errors.New("Nach dem Ländercode folgen zwei Ziffern (die Prüfziffer) – bitte die IBAN prüfen.")
	}
	if t[:2] == "DE" {
		// A German BBAN is the Bankleitzahl and the account number.
		for i := 4; i < len(t); i++ {
			if !ibanIsDigit(t[i]) {
				return "", errors.New("Eine deutsche IBAN enthält nach „DE“ nur Ziffern – bitte auf Tippfehler prüfen (O statt 0?).")
			}
		}
	}
	// Check digits 00, 01 and 99 are never issued (ISO 13616), though 01
	// and 99 would pass mod 97 in place of 98 and 02.
	if cd := t[2:4]; cd == "00" || cd == "01" || cd == "99" || ibanMod97(t) != 1 {
		return "", errors.New("Die Prüfziffer der IBAN stimmt nicht – bitte auf Tippfehler prüfen.")
	}
	return IBAN(t), nil
}

// compactIBAN drops the spaces and dashes people type or paste into an
// IBAN, upper-cases it and drops a leading "IBAN" or "IBAN:".
func compactIBAN(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '-', '\u00a0', '\u202f':
			continue
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	// Pasted from a letterhead; no country has the code "IB".
	return strings.TrimPrefix(strings.TrimPrefix(b.String(), "IBAN"), ":")
}

// checkIBANChars names the first character of t that is neither a letter
// nor a digit.
func checkIBANChars(t string) error {
	for _, r := range t {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			if q := quoteTyped(string(r)); q != "" {
				return fmt.Errorf("Die IBAN darf nur Buchstaben und Ziffern enthalten, „%s“ ist nicht erlaubt.", q)
			}
			return errors.New("Die IBAN darf nur Buchstaben und Ziffern enthalten.")
		}
	}
	return nil
}

// checkIBANCountry checks that t starts with a known country code and has
// that country's length.
func checkIBANCountry(t string) error {
	if len(t) < 2 || !ibanIsLetter(t[0]) || !ibanIsLetter(t[1]) {
		return errors.New("Eine IBAN beginnt mit dem Ländercode aus zwei Buchstaben, z. B. DE.")
	}
	cc := t[:2]
	want, ok := ibanLengths[cc]
	if !ok {
		return fmt.Errorf("Unbekannter Ländercode „%s“.", cc)
	}
	switch {
	case len(t) < want:
		return fmt.Errorf("Die IBAN ist zu kurz: %s-IBANs haben %d Stellen, eingegeben wurden %d.", cc, want, len(t))
	case len(t) > want:
		return fmt.Errorf("Die IBAN ist zu lang: %s-IBANs haben %d Stellen, eingegeben wurden %d.", cc, want, len(t))
	}
	return nil
}

// ibanMod97 computes ISO 7064 MOD 97-10 of the rearranged IBAN digit by
// digit, so no big integers are needed.
func ibanMod97(t string) int {
	rem := 0
	add := func(c byte) {
		if ibanIsDigit(c) {
			rem = (rem*10 + int(c-'0')) % 97
		} else {
			rem = (rem*100 + int(c-'A') + 10) % 97
		}
	}
	for i := 4; i < len(t); i++ {
		add(t[i])
	}
	for i := 0; i < 4; i++ {
		add(t[i])
	}
	return rem
}

func ibanIsDigit(c byte) bool  { return c >= '0' && c <= '9' }
func ibanIsLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

// String groups the IBAN in blocks of four, as printed on paper.
func (i IBAN) String() string { return groupFour(string(i)) }

// Masked shows only the first and last four characters, for lists and
// printouts that need not reveal the account: DE89 •••• •••• •••• ••30 00.
func (i IBAN) Masked() string {
	s := string(i)
	if len(s) <= 8 {
		return groupFour(s)
	}
	return groupFour(s[:4] + strings.Repeat("•", len(s)-8) + s[len(s)-4:])
}

// groupFour inserts a space after every fourth character (rune).
func groupFour(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	n := 0
	for _, r := range s {
		if n > 0 && n%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// Country returns the two-letter country code.
func (i IBAN) Country() string {
	if len(i) < 2 {
		return ""
	}
	return string(i[:2])
}

// Valid re-checks the IBAN, for values that come from files rather than
// from ParseIBAN.
func (i IBAN) Valid() bool {
	p, err := ParseIBAN(string(i))
	return err == nil && p == i
}

// ParseBIC normalises and checks a BIC (ISO 9362): bank code of four
// letters, country of two letters, location of two and an optional branch of
// three letters or digits. The BIC is optional for SEPA transfers, so empty
// input is no error.
func ParseBIC(s string) (string, error) {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\u00a0', '\u202f':
			continue
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	t := b.String()
	if t == "" {
		return "", nil
	}
	ok := len(t) == 8 || len(t) == 11
	for i := 0; ok && i < len(t); i++ {
		c := t[i]
		if i < 6 {
			ok = ibanIsLetter(c)
		} else {
			ok = ibanIsLetter(c) || ibanIsDigit(c)
		}
	}
	if !ok {
		return "", fmt.Errorf("„%s“ ist keine gültige BIC – sie hat 8 oder 11 Zeichen, z. B. COBADEFFXXX.", quoteTyped(s))
	}
	return t, nil
}
