package common

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/keys"
)

// Roles in the screens. The store refuses what a member's roles do not
// allow (store/roles.go); the screens hide it, so nobody is offered a key
// that can only fail. Every key that changes data is gated with the
// permission it needs: disabled, it neither matches a key press nor shows
// in the help line or on the ? screen. A press of such a key gets one
// German sentence (Refusal) instead of silence.

// RolesMsg tells every child that the member's roles changed (the root
// has set them on the Context already): gate the keys again.
type RolesMsg struct{}

// SetRoles stores what the member may do.
func (c *Context) SetRoles(g store.RoleGrant) {
	c.Roles, c.RolesFrom = g.Roles, g.From
}

// May reports whether the member may do p.
func (c *Context) May(p model.Permission) bool { return c.Roles.May(p) }

// MayAny reports whether the member may do one of ps.
func (c *Context) MayAny(ps ...model.Permission) bool {
	return slices.ContainsFunc(ps, c.Roles.May)
}

// ReadOnly reports whether the member may change nothing at all.
func (c *Context) ReadOnly() bool { return c.Roles.ReadOnly() }

// Gate enables b when the member may do one of ps, else disables it and
// notes ps in it for Refusal: as an extra key no terminal can send, so the
// note travels with every copy of the binding (a help line's shorter one).
func (c *Context) Gate(b *key.Binding, ps ...model.Permission) {
	ok := c.MayAny(ps...)
	keys := realKeys(*b)
	if !ok {
		names := make([]string, len(ps))
		for i, p := range ps {
			names[i] = string(p)
		}
		keys = append(keys, deniedMark+strings.Join(names, ","))
	}
	b.SetKeys(keys...)
	b.SetEnabled(ok)
}

// Disable switches b off where it means nothing (not a matter of roles).
func (c *Context) Disable(b *key.Binding) {
	b.SetKeys(realKeys(*b)...)
	b.SetEnabled(false)
}

// deniedMark starts the note Gate adds to a binding the roles disable.
const deniedMark = "\x00rolle:"

func realKeys(b key.Binding) []string {
	var out []string
	for _, k := range b.Keys() {
		if !strings.HasPrefix(k, deniedMark) {
			out = append(out, k)
		}
	}
	return out
}

// deniedFor returns the permissions Gate noted in b, or nil.
func deniedFor(b key.Binding) []model.Permission {
	for _, k := range b.Keys() {
		if rest, ok := strings.CutPrefix(k, deniedMark); ok {
			var ps []model.Permission
			for _, p := range strings.Split(rest, ",") {
				ps = append(ps, model.Permission(p))
			}
			return ps
		}
	}
	return nil
}

// ListFor is the shared list keys for a screen whose n and e need one of
// ps: New and Edit are gated, the moving keys stay.
func (c *Context) ListFor(ps ...model.Permission) keys.List {
	l := c.List
	c.Gate(&l.New, ps...)
	c.Gate(&l.Edit, ps...)
	return l
}

// Refusal is the German sentence for a key press that matches a key the
// member's roles disabled on the screen whose help is short and full – as
// a command for the status bar, or nil when the key means nothing refused
// there (or something allowed). The keys of the screen's own line win
// over the rest of its help.
func (c *Context) Refusal(k tea.KeyPressMsg, short []key.Binding, full [][]key.Binding) tea.Cmd {
	groups := append([][]key.Binding{short}, full...)
	for i, g := range groups {
		var denied *key.Binding
		for j := range g {
			b := g[j]
			if !slices.Contains(b.Keys(), k.String()) {
				continue
			}
			if b.Enabled() {
				return nil
			}
			if deniedFor(b) != nil && denied == nil {
				denied = &g[j]
			}
		}
		if denied != nil && (i == 0 || !enabledIn(groups, k.String())) {
			return Fail(c.refusalError(*denied))
		}
	}
	return nil
}

func enabledIn(groups [][]key.Binding, k string) bool {
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() && slices.Contains(b.Keys(), k) {
				return true
			}
		}
	}
	return false
}

func (c *Context) refusalError(b key.Binding) error {
	// Short, the role first: at 80 columns the status bar (which names the
	// member's own roles) has room for about 55 characters.
	ps := deniedFor(b)
	if len(ps) > 0 && allWriting(ps) {
		// undo and the like: any role that changes something would do
		return fmt.Errorf("Mit der Rolle %s lässt sich nichts ändern: „%s“ geht nicht.", c.Roles.Label(), b.Help().Desc)
	}
	return fmt.Errorf("Nur mit Rolle %s: „%s“.", grantingRoles(ps), b.Help().Desc)
}

// allWriting reports whether ps name a permission of every role that
// changes data.
func allWriting(ps []model.Permission) bool {
	for _, d := range model.TeamRoleDefs {
		if len(d.Perms) > 0 && !slices.ContainsFunc(ps, func(p model.Permission) bool { return slices.Contains(d.Perms, p) }) {
			return false
		}
	}
	return true
}

// grantingRoles names the roles that allow one of ps: "Sachbearbeitung
// oder Anordnung".
func grantingRoles(ps []model.Permission) string {
	var names []string
	for _, p := range ps {
		if l := model.Granting(p).Label(); !slices.Contains(names, l) {
			names = append(names, l)
		}
	}
	return strings.Join(names, " oder ")
}

// Forbidden is nil when the member may do one of ps, else the German
// sentence why not (for steps whose permission depends on the record, like
// the next signature of a claim).
func (c *Context) Forbidden(action string, ps ...model.Permission) error {
	if c.MayAny(ps...) {
		return nil
	}
	return fmt.Errorf("Nur mit Rolle %s: „%s“ (Ihre Rolle: %s).", grantingRoles(ps), action, c.Roles.Label())
}

// RolesLine says in one line what the member may do, for the ? screen.
func (c *Context) RolesLine() string {
	s := fmt.Sprintf("Angemeldet als %s · Rollen: %s", c.User, c.Roles.Label())
	if c.RolesFrom != "" {
		s += " (" + c.RolesFrom + ")"
	}
	if c.ReadOnly() {
		s += " – Sie können alles nachschlagen, aber nichts ändern."
	}
	return s
}
