package kosten

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

// detail is what the claim screen shows, loaded in one read.
type detail struct {
	c        *model.Claim
	person   *model.Person
	fund     *model.Fund
	limit    store.Limit
	fundWarn []string
	scroll   int
	// reclaims are the Rückforderungen of the claim (paid with it, or made
	// by this Storno/Korrektur); corrs its Stornos and Korrekturen.
	reclaims []*model.Reclaim
	corrs    []*model.Claim
	twice    []store.KmTwice // Einsätze whose km it pays twice (older version)
	pending  bool            // a Storno/Korrektur an older version left without effect
}

// openReclaim is the first open Rückforderung of the claim, if any.
func (d *detail) openReclaim() *model.Reclaim {
	for _, r := range d.reclaims {
		if r.Open() {
			return r
		}
	}
	return nil
}

// openDetail shows the claim: answers for any other claim are dropped, so a
// late load can never put a different claim on the screen.
func (t *Tab) openDetail(id string) tea.Cmd {
	t.detID = id
	return t.loadDetail(id)
}

// refreshDetail reloads the claim on the screen.
func (t *Tab) refreshDetail() tea.Cmd { return t.loadDetail(t.detID) }

func (t *Tab) loadDetail(id string) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (*detail, error) {
		c, err := store.Claims.Get(tx, id)
		if err != nil {
			return nil, err
		}
		d := &detail{c: c}
		if p, err := store.People.Get(tx, c.PersonID); err == nil {
			d.person = p
			if d.limit, err = store.ClaimLimit(tx, c); err != nil {
				return nil, err
			}
		}
		if c.FundID != "" {
			d.fund, _ = store.Funds.Get(tx, c.FundID)
			if d.fundWarn, err = store.ClaimFundProblems(tx, c); err != nil {
				return nil, err
			}
		}
		if c.Kind == model.ClaimNormal {
			if d.reclaims, err = store.ReclaimsOfClaim(tx, c.ID); err != nil {
				return nil, err
			}
			if d.corrs, err = store.CorrectionsOf(tx, c); err != nil {
				return nil, err
			}
			if d.twice, err = store.ClaimKmTwice(tx, c); err != nil {
				return nil, err
			}
		} else {
			if d.reclaims, err = store.ReclaimsOfCorrection(tx, c); err != nil {
				return nil, err
			}
			d.pending = store.PendingCorrection(tx, c)
		}
		return d, nil
	}, func(d *detail, err error) tea.Msg { return detailLoadedMsg{d, err} })
}

// nextApproval is the signing step the claim waits for, if any.
func nextApproval(c *model.Claim) (model.ClaimAction, bool) {
	switch c.Status {
	case model.ClaimEntwurf, "":
		return model.ActSubmit, true
	case model.ClaimEingereicht:
		return model.ActSachlich, true
	case model.ClaimSachlich:
		return model.ActRechnerisch, true
	case model.ClaimRechnerisch:
		return model.ActAnordnen, true
	}
	return "", false
}

// updateDetail handles a key on the claim screen: back, another screen,
// scrolling the positions, or a step on the claim.
func (t *Tab) updateDetail(kp tea.KeyPressMsg) tea.Cmd {
	l := t.ctx.List
	if key.Matches(kp, l.Back) {
		t.screen = scrClaims
		t.flash = ""
		return nil
	}
	if cmd, ok := t.switchScreen(kp); ok {
		return cmd
	}
	if t.det == nil {
		return nil
	}
	c := t.det.c
	switch {
	case key.Matches(kp, l.Up):
		t.det.scroll = max(0, t.det.scroll-1)
	case key.Matches(kp, l.Down):
		t.det.scroll = min(max(0, len(c.Lines)-1), t.det.scroll+1)
	case key.Matches(kp, t.keys.Approve):
		return t.approveKey(c)
	case key.Matches(kp, t.keys.Reject):
		return t.openReject(c)
	case key.Matches(kp, t.keys.Storno):
		return t.openStorno(c)
	case key.Matches(kp, t.keys.PaidBack):
		return t.openPaidBack()
	case key.Matches(kp, t.keys.Netting):
		return t.toggleNetting(c)
	case key.Matches(kp, t.claimKeys.Edit):
		return t.editClaim(c.ID)
	case key.Matches(kp, t.keys.AddFahrt, t.keys.AddBeleg, t.keys.AddPau):
		t.explainAddLine(c)
	case key.Matches(kp, t.keys.Delete):
		t.askDelete(c)
	}
	return nil
}
