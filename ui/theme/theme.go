// Package theme builds the program's styles from a small semantic palette,
// for dark or light terminals. Text keeps the terminal's own colour; colour
// is used for accents and status only, so both backgrounds stay readable.
package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette is the handful of colours everything else is made from.
type Palette struct {
	Primary, Subtle, Muted, Error, Warning, Success, Accent, SelectedBg, SelectedFg, Border color.Color
}

// NewPalette picks colours that read well on the given background. ANSI 256
// numbers are used so terminals without true colour show the same.
func NewPalette(isDark bool) Palette {
	ld := lipgloss.LightDark(isDark)
	return Palette{
		Primary:    ld(lipgloss.Color("25"), lipgloss.Color("75")),
		Subtle:     ld(lipgloss.Color("250"), lipgloss.Color("238")),
		Muted:      ld(lipgloss.Color("242"), lipgloss.Color("245")),
		Error:      ld(lipgloss.Color("160"), lipgloss.Color("203")),
		Warning:    ld(lipgloss.Color("130"), lipgloss.Color("214")),
		Success:    ld(lipgloss.Color("28"), lipgloss.Color("114")),
		Accent:     ld(lipgloss.Color("90"), lipgloss.Color("177")),
		SelectedBg: ld(lipgloss.Color("153"), lipgloss.Color("24")),
		SelectedFg: ld(lipgloss.Color("16"), lipgloss.Color("231")),
		Border:     ld(lipgloss.Color("248"), lipgloss.Color("240")),
	}
}

// Styles are the named styles the UI uses; children never invent colours.
type Styles struct {
	IsDark  bool
	Palette Palette

	App, Title, Subtitle, Text, Muted, Bold lipgloss.Style
	Error, Warning, Success, Accent         lipgloss.Style
	TabActive, TabInactive, TabBar          lipgloss.Style
	StatusBar, StatusKey, StatusValue       lipgloss.Style
	StatusOK, StatusErr                     lipgloss.Style
	Box, Dialog, Selected, Header, Label    lipgloss.Style
	Badge, BadgeWarn, BadgeErr, BadgeOK     lipgloss.Style
	HelpKey, HelpDesc                       lipgloss.Style
}

// New builds all styles for a background.
func New(isDark bool) *Styles {
	p := NewPalette(isDark)
	s := &Styles{IsDark: isDark, Palette: p}
	base := lipgloss.NewStyle()
	s.App = base
	s.Text = base
	s.Bold = base.Bold(true)
	s.Title = base.Bold(true).Foreground(p.Primary)
	s.Subtitle = base.Bold(true)
	s.Muted = base.Foreground(p.Muted)
	s.Error = base.Foreground(p.Error).Bold(true)
	s.Warning = base.Foreground(p.Warning)
	s.Success = base.Foreground(p.Success)
	s.Accent = base.Foreground(p.Accent)
	// The active tab: dark text on the light blue of a dark terminal,
	// white on the dark blue of a light one (white on light blue was 2.3:1).
	s.TabActive = base.Bold(true).Foreground(lipgloss.LightDark(isDark)(lipgloss.Color("231"), lipgloss.Color("16"))).
		Background(p.Primary).Padding(0, 1)
	s.TabInactive = base.Foreground(p.Muted).Padding(0, 1)
	s.TabBar = base.BorderStyle(lipgloss.NormalBorder()).BorderBottom(true).BorderForeground(p.Border)
	s.StatusBar = base.Foreground(p.Muted)
	s.StatusKey = base.Bold(true)
	s.StatusValue = base.Foreground(p.Muted)
	s.StatusOK = base.Foreground(p.Success)
	s.StatusErr = base.Foreground(p.Error).Bold(true)
	s.Box = base.Border(lipgloss.RoundedBorder()).BorderForeground(p.Border).Padding(0, 1)
	s.Dialog = base.Border(lipgloss.RoundedBorder()).BorderForeground(p.Primary).Padding(1, 2)
	s.Selected = base.Foreground(p.SelectedFg).Background(p.SelectedBg)
	s.Header = base.Bold(true).Underline(true)
	s.Label = base.Foreground(p.Muted)
	s.Badge = base.Foreground(p.Primary)
	s.BadgeWarn = base.Foreground(p.Warning).Bold(true)
	s.BadgeErr = base.Foreground(p.Error).Bold(true)
	s.BadgeOK = base.Foreground(p.Success)
	s.HelpKey = base.Bold(true).Foreground(p.Primary)
	s.HelpDesc = base.Foreground(p.Muted)
	return s
}
