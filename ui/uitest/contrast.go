package uitest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// LowContrast lists the text of a rendered screen whose colour is hard to
// read on the terminal's background: every run of visible characters whose
// foreground has a contrast ratio (WCAG 2) below min against its
// background. Without an explicit colour the terminal's own is assumed:
// black on white for a light terminal, white on black for a dark one.
// Box-drawing characters and bars are left out (lines, not text).
func LowContrast(screen string, isDark bool, min float64) []string {
	defFg, defBg := rgb{0, 0, 0}, rgb{255, 255, 255}
	if isDark {
		defFg, defBg = defBg, defFg
	}
	fg, bg := defFg, defBg
	reverse := false
	var out []string
	var run strings.Builder
	var runRatio float64
	flush := func() {
		if s := strings.TrimSpace(run.String()); s != "" {
			out = append(out, fmt.Sprintf("%q (Kontrast %.1f:1)", s, runRatio))
		}
		run.Reset()
	}
	rs := []rune(screen)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == 0x1b && i+1 < len(rs) && rs[i+1] == '[' {
			j := csiEnd(rs, i+2)
			if j < len(rs) && rs[j] == 'm' {
				fg, bg, reverse = applySGR(string(rs[i+2:j]), fg, bg, reverse, defFg, defBg)
			}
			i = j
			continue
		}
		if r == '\n' {
			flush()
			continue
		}
		f, b := fg, bg
		if reverse {
			f, b = b, f
		}
		ratio := contrast(f, b)
		if ratio >= min || unicode.IsSpace(r) || isLine(r) {
			flush()
			continue
		}
		if run.Len() == 0 {
			runRatio = ratio
		}
		run.WriteRune(r)
	}
	flush()
	return out
}

// csiEnd is the index of the final byte of the control sequence whose
// parameters start at rs[j] (len(rs) if it is cut off).
func csiEnd(rs []rune, j int) int {
	for j < len(rs) && (rs[j] < 0x40 || rs[j] > 0x7e) {
		j++
	}
	return j
}

type rgb struct{ r, g, b float64 }

// isLine reports box-drawing and block characters (borders, bars).
func isLine(r rune) bool { return r >= 0x2500 && r <= 0x259f }

// applySGR applies the codes of one SGR sequence ("1;38;5;203") to the
// colours and the reverse attribute; a code it does not know changes
// nothing.
func applySGR(params string, fg, bg rgb, reverse bool, defFg, defBg rgb) (rgb, rgb, bool) {
	if params == "" {
		return defFg, defBg, false
	}
	p := strings.FieldsFunc(params, func(r rune) bool { return r == ';' || r == ':' })
	for k := 0; k < len(p); k++ {
		switch n := sgrNum(p, k); {
		case n == 0:
			fg, bg, reverse = defFg, defBg, false
		case n == 7:
			reverse = true
		case n == 27:
			reverse = false
		case n >= 30 && n <= 37:
			fg = xterm(n - 30)
		case n >= 90 && n <= 97:
			fg = xterm(n - 90 + 8)
		case n >= 40 && n <= 47:
			bg = xterm(n - 40)
		case n >= 100 && n <= 107:
			bg = xterm(n - 100 + 8)
		case n == 39:
			fg = defFg
		case n == 49:
			bg = defBg
		case n == 38:
			fg, k = extendedColour(p, k)
		case n == 48:
			bg, k = extendedColour(p, k)
		}
	}
	return fg, bg, reverse
}

// sgrNum is the code p[k] as a number, 0 when it is missing or not one.
func sgrNum(p []string, k int) int {
	if k >= len(p) {
		return 0
	}
	n, _ := strconv.Atoi(p[k])
	return n
}

// extendedColour reads the colour after code 38 or 48 at p[k]: "5;N" (256
// colours) or "2;R;G;B", and returns it with the index of its last code.
// Another kind gives black and leaves k.
func extendedColour(p []string, k int) (rgb, int) {
	switch sgrNum(p, k+1) {
	case 5:
		return xterm(sgrNum(p, k+2)), k + 2
	case 2:
		return rgb{float64(sgrNum(p, k+2)), float64(sgrNum(p, k+3)), float64(sgrNum(p, k+4))}, k + 4
	}
	return rgb{}, k
}

// xterm is the usual RGB value of an ANSI 256 colour.
func xterm(n int) rgb {
	base := []rgb{{0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0}, {0, 0, 238}, {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
		{127, 127, 127}, {255, 0, 0}, {0, 255, 0}, {255, 255, 0}, {92, 92, 255}, {255, 0, 255}, {0, 255, 255}, {255, 255, 255}}
	switch {
	case n < 16:
		return base[max(n, 0)]
	case n < 232:
		n -= 16
		level := func(v int) float64 {
			if v == 0 {
				return 0
			}
			return float64(55 + 40*v)
		}
		return rgb{level(n / 36), level(n / 6 % 6), level(n % 6)}
	default:
		v := float64(8 + 10*(min(n, 255)-232))
		return rgb{v, v, v}
	}
}

func luminance(c rgb) float64 {
	ch := func(v float64) float64 {
		v /= 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.r) + 0.7152*ch(c.g) + 0.0722*ch(c.b)
}

func contrast(a, b rgb) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
