package model

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Money is an amount in euro cents. Integer cents keep sums exact: a claim of
// 0,10 € + 0,20 € must be 0,30 €, and the SEPA control sum must match the sum
// of the lines to the cent.
type Money int64

// maxMoneyCents bounds what ParseMoney accepts. No claim, budget or transfer
// of a county office comes near 100 million euro, so a larger number is a
// typing accident; the bound also keeps MulDiv and Sum far from overflow.
const maxMoneyCents = 10_000_000_000

// String formats the amount the German way (DIN 5008): 1.234,56 €.
func (m Money) String() string { return m.Plain() + " €" }

// Plain is String without the currency sign, for CSV files that German Excel
// reads as numbers.
func (m Money) Plain() string { return m.format('.', ',') }

// Dot formats 1234.56, the form SEPA XML and other machine formats expect.
func (m Money) Dot() string { return m.format(0, '.') }

// format writes the amount with an optional thousands separator (0 = none).
func (m Money) format(thousands, decimal byte) string {
	neg := m < 0
	// uint64 so that the smallest int64 has an absolute value too.
	abs := uint64(m)
	if neg {
		abs = -abs
	}
	euros := strconv.FormatUint(abs/100, 10)
	cents := abs % 100

	var b strings.Builder
	b.Grow(len(euros) + len(euros)/3 + 4)
	if neg {
		b.WriteByte('-')
	}
	for i := 0; i < len(euros); i++ {
		if thousands != 0 && i > 0 && (len(euros)-i)%3 == 0 {
			b.WriteByte(thousands)
		}
		b.WriteByte(euros[i])
	}
	b.WriteByte(decimal)
	b.WriteByte(byte('0' + cents/10))
	b.WriteByte(byte('0' + cents%10))
	return b.String()
}

// ParseMoney reads an amount as people type it in a German form.
func ParseMoney(s string) (Money, error) {
	t := strings.TrimFunc(s, unicode.IsSpace)
	if t == "" {
		return 0, errors.New("Bitte einen Betrag eingeben, z. B. 12,50")
	}
	t = stripCurrency(t)
	if t == "" {
		return 0, fmt.Errorf("„%s“ ist kein gültiger Betrag – bitte eine Zahl eingeben, z. B. 12,50", quoteTyped(s))
	}

	neg := false
	switch {
	case strings.HasPrefix(t, "-"):
		neg, t = true, t[1:]
	case strings.HasPrefix(t, "−"): // U+2212, pasted from word processors
		neg, t = true, t[len("−"):]
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	}
	t = strings.TrimLeftFunc(t, unicode.IsSpace)

	intPart, frac, err := splitAmount(t)
	if err != nil {
		return 0, fmt.Errorf("„%s“ ist kein gültiger Betrag – %s", quoteTyped(s), err.Error())
	}

	var cents int64
	for i := 0; i < len(intPart); i++ {
		cents = cents*10 + int64(intPart[i]-'0')
		if cents > maxMoneyCents/100 {
			return 0, fmt.Errorf("„%s“ ist zu groß – höchstens %s", quoteTyped(s), Money(maxMoneyCents).String())
		}
	}
	cents *= 100
	switch len(frac) {
	case 1:
		cents += int64(frac[0]-'0') * 10
	case 2:
		cents += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	if cents > maxMoneyCents {
		return 0, fmt.Errorf("„%s“ ist zu groß – höchstens %s", quoteTyped(s), Money(maxMoneyCents).String())
	}
	if neg {
		cents = -cents
	}
	return Money(cents), nil
}

// stripCurrency removes one currency mark before or after the number.
func stripCurrency(t string) string {
	hasSuffixFold := func(s, suffix string) bool {
		return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
	}
	hasPrefixFold := func(s, prefix string) bool {
		return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
	}
	switch {
	case strings.HasSuffix(t, "€"):
		t = t[:len(t)-len("€")]
	case hasSuffixFold(t, "EURO"):
		t = t[:len(t)-4]
	case hasSuffixFold(t, "EUR"):
		t = t[:len(t)-3]
	case strings.HasPrefix(t, "€"):
		t = t[len("€"):]
	case hasPrefixFold(t, "EUR"):
		t = t[3:]
	}
	return strings.TrimFunc(t, unicode.IsSpace)
}

// splitAmount checks the digits and separators of an unsigned amount and
// returns the euro digits without grouping points and the 0–2 cent digits.
// The returned error is the reason only; the caller puts the input in front.
func splitAmount(t string) (intPart, frac string, err error) {
	errNumber := errors.New("bitte eine Zahl eingeben, z. B. 12,50")
	errDecimals := errors.New("höchstens zwei Nachkommastellen, z. B. 12,50")
	errGrouping := errors.New("Tausenderpunkte stehen vor je drei Ziffern, z. B. 1.234,56")

	// "12,-" and "12,--" are how round amounts are written on paper.
	if u, ok := strings.CutSuffix(t, ",--"); ok {
		t = u
	} else if u, ok := strings.CutSuffix(t, ",-"); ok {
		t = u
	}
	if !amountChars(t) {
		return "", "", errNumber
	}

	if strings.Count(t, ",") > 1 {
		return "", "", errNumber
	}
	intPart, frac, hasComma := strings.Cut(t, ",")
	if hasComma {
		if strings.Contains(frac, ".") {
			return "", "", errGrouping
		}
		if len(frac) > 2 {
			return "", "", errDecimals
		}
	} else if i := strings.IndexByte(t, '.'); i >= 0 && strings.Count(t, ".") == 1 && len(t)-i-1 <= 2 {
		// "12.5" is a decimal point: people type it, and a thousands
		// point is always followed by exactly three digits.
		intPart, frac = t[:i], t[i+1:]
	}

	if intPart == "" && frac == "" {
		return "", "", errNumber
	}
	if strings.Contains(intPart, ".") {
		var ok bool
		if intPart, ok = ungroupEuros(intPart); !ok {
			return "", "", errGrouping
		}
	}
	return strings.TrimLeft(intPart, "0"), frac, nil
}

// amountChars reports whether t has only digits, points and commas.
func amountChars(t string) bool {
	for _, r := range t {
		if (r < '0' || r > '9') && r != '.' && r != ',' {
			return false
		}
	}
	return true
}

// ungroupEuros drops the thousands points of "1.234.567"; ok is false
// unless 1–3 digits come first and exactly three after every point.
func ungroupEuros(intPart string) (digits string, ok bool) {
	groups := strings.Split(intPart, ".")
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// MulDiv returns m·num/den rounded half away from zero (kaufmännisches
// Runden: half a cent goes to the larger amount), for km × rate and
// percentages.
// The product is computed in 128 bits, so it cannot overflow on the way; a
// result beyond the int64 range saturates. den == 0 panics like an integer
// division by zero, because it is a programming error.
func (m Money) MulDiv(num, den int64) Money {
	if den == 0 {
		panic("model: Money.MulDiv durch 0")
	}
	neg := (m < 0) != (num < 0) != (den < 0)
	a, n, d := moneyAbs(int64(m)), moneyAbs(num), moneyAbs(den)

	hi, lo := bits.Mul64(a, n)
	if hi >= d {
		return moneySaturate(neg)
	}
	q, r := bits.Div64(hi, lo, d)
	if r >= d-r { // r*2 >= d without overflowing
		q++
		if q == 0 {
			return moneySaturate(neg)
		}
	}
	if neg {
		if q > 1<<63 {
			return moneySaturate(true)
		}
		return Money(-q) // two's complement: also right for q == 1<<63
	}
	if q > math.MaxInt64 {
		return moneySaturate(false)
	}
	return Money(q)
}

func moneyAbs(x int64) uint64 {
	if x < 0 {
		return -uint64(x)
	}
	return uint64(x)
}

func moneySaturate(neg bool) Money {
	if neg {
		return math.MinInt64
	}
	return math.MaxInt64
}

// Sum adds amounts.
func Sum(ms ...Money) Money {
	var total Money
	for _, m := range ms {
		total += m
	}
	return total
}

// quoteTyped prepares user input for an error message: long pastes are cut and
// control and format characters (escape sequences, bidi overrides) dropped,
// so a message stays one readable line and cannot steer the terminal.
func quoteTyped(s string) string {
	const maxRunes = 40
	s = strings.TrimFunc(s, unicode.IsSpace)
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if n == maxRunes {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
