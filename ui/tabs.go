package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"stabsstelle/ui/common"
)

// DefaultTabs builds the three areas in their fixed order (1, 2, 3).
func DefaultTabs(ctx *common.Context) []common.Tab {
	return []common.Tab{
		placeholder(ctx, "Sprachmittlung"),
		placeholder(ctx, "Kostenerstattungen"),
		placeholder(ctx, "Netzwerk"),
	}
}

type placeholderTab struct {
	ctx   *common.Context
	title string
}

func placeholder(ctx *common.Context, title string) common.Tab { return &placeholderTab{ctx, title} }

func (p *placeholderTab) Title() string             { return p.title }
func (p *placeholderTab) Init() tea.Cmd             { return nil }
func (p *placeholderTab) Update(tea.Msg) tea.Cmd    { return nil }
func (p *placeholderTab) Capturing() bool           { return false }
func (p *placeholderTab) Dirty() bool               { return false }
func (p *placeholderTab) ShortHelp() []key.Binding  { return nil }
func (p *placeholderTab) FullHelp() [][]key.Binding { return nil }
func (p *placeholderTab) View() string {
	return lipgloss.Place(p.ctx.Width, p.ctx.Height, lipgloss.Center, lipgloss.Center, p.ctx.Styles.Muted.Render(p.title))
}
