package kosten

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
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
	case key.Matches(kp, t.keys.Approve) && t.det.pending && !t.ctx.May(model.PermOrder):
		t.setFlash(t.ctx.Forbidden("wirksam machen", model.PermOrder).Error(), true)
		return nil
	case key.Matches(kp, t.keys.Approve) && t.det.pending:
		id, version, num := c.ID, c.Version, c.Number
		var after *model.Claim
		return t.ctx.Write(func(tx *store.Tx) error {
			var err error
			after, err = store.MakeCorrectionEffective(tx, id, version)
			return err
		}, func(err error) tea.Msg {
			text := num + " ist jetzt wirksam."
			if err == nil {
				text = afterText(after, text)
			}
			return actionDoneMsg{c: &model.Claim{Meta: model.Meta{ID: id}}, text: text, err: err}
		})
	case key.Matches(kp, t.keys.Approve):
		a, ok := nextApproval(c)
		if !ok {
			t.setFlash(fmt.Sprintf("%s ist %s – hier ist nichts mehr zu zeichnen.", c.Number, c.Status.Label()), true)
			return nil
		}
		return t.approve(a)
	case key.Matches(kp, t.keys.Reject):
		if c.Status == model.ClaimEntwurf || c.Frozen() {
			t.setFlash("Ablehnen geht nur bei eingereichten, noch nicht angeordneten Anträgen.", true)
			return nil
		}
		t.inText = ""
		return t.openForm(form.New(t.ctx, "kosten:reject", "Antrag "+c.Number+" ablehnen (zurück in den Entwurf)",
			huh.NewGroup(huh.NewInput().Title("Grund").Value(&t.inText).CharLimit(200).
				Validate(form.Required("Bitte einen Grund für die Ablehnung angeben.")))))
	case key.Matches(kp, t.keys.Storno):
		switch {
		case c.Status.Final():
			t.setFlash(fmt.Sprintf("%s ist %s – da gibt es nichts mehr zu korrigieren.", c.Number, c.Status.Label()), true)
			return nil
		case c.Kind != model.ClaimNormal:
			t.setFlash(fmt.Sprintf("%s ist selbst ein %s – bitte den Antrag %s korrigieren.", c.Number, c.Kind.Label(), c.CorrectsNumber), true)
			return nil
		case !c.Frozen():
			t.setFlash("Storno/Korrektur nur für angeordnete oder ausgezahlte Anträge – sonst bitte bearbeiten oder ablehnen.", true)
			return nil
		}
		t.inText = ""
		t.corrKind = string(model.ClaimStorno)
		if len(t.det.twice) > 0 {
			t.corrKind = string(model.ClaimKorrektur)
		}
		what := "Noch nicht ausgezahlt: wenn der Storno angeordnet ist, ist der Antrag storniert und kommt in keinen Zahllauf."
		if c.Status.Settled() {
			what = "Schon ausgezahlt: wenn der Storno angeordnet ist, entsteht eine Rückforderung (mit der nächsten Auszahlung verrechnet oder zurückzuzahlen)."
		}
		return t.openForm(form.New(t.ctx, "kosten:storno", "Storno oder Korrektur zu "+c.Number,
			huh.NewGroup(
				huh.NewSelect[string]().Title("Art").Options(
					huh.NewOption("Storno – alle Positionen negativ, der ganze Betrag", string(model.ClaimStorno)),
					huh.NewOption("Korrektur – nur die Differenz (Positionen danach bearbeiten)", string(model.ClaimKorrektur)),
				).Value(&t.corrKind),
				huh.NewNote().Title(what+" Beides geht durch das Vier-Augen-Prinzip."),
				huh.NewInput().Title("Grund").Value(&t.inText).CharLimit(200).
					Validate(form.Required("Bitte den Grund für Storno oder Korrektur angeben.")))))
	case key.Matches(kp, t.keys.PaidBack):
		r := t.det.openReclaim()
		if r == nil {
			t.setFlash("Zu diesem Antrag gibt es keine offene Rückforderung.", true)
			return nil
		}
		t.inText = model.Today(t.ctx.Now()).String()
		t.reclaimID, t.reclaimVersion = r.ID, r.Version
		return t.openForm(form.New(t.ctx, "kosten:paidback", "Rückforderung "+r.Number+" zurückgezahlt",
			huh.NewGroup(
				huh.NewNote().Title(fmt.Sprintf("%s zahlt %s zurück (%s). Danach ist die Rückforderung geschlossen.", r.PersonName, r.Left(), r.Reason)),
				huh.NewInput().Title("Eingegangen am").Value(&t.inText).Validate(form.Parse(func(s string) (model.Date, error) {
					return model.ParseDate(s, model.Today(t.ctx.Now()))
				}, true, "Bitte das Datum eingeben, z. B. "+model.Today(t.ctx.Now()).String())))))
	case key.Matches(kp, t.keys.Netting):
		r := t.det.openReclaim()
		if r == nil {
			t.setFlash("Zu diesem Antrag gibt es keine offene Rückforderung.", true)
			return nil
		}
		id, version, net, num := r.ID, r.Version, !r.Net, r.Number
		text := num + ": wird mit der nächsten Auszahlung verrechnet."
		if !net {
			text = num + ": wird nicht verrechnet, sondern zurückgezahlt (g, wenn das Geld da ist)."
		}
		cid := c.ID
		return t.ctx.Write(func(tx *store.Tx) error { _, err := store.SetReclaimNetting(tx, id, version, net); return err },
			func(err error) tea.Msg {
				return actionDoneMsg{c: &model.Claim{Meta: model.Meta{ID: cid}}, text: text, err: err}
			})
	case key.Matches(kp, t.claimKeys.Edit):
		return t.editClaim(c.ID)
	case key.Matches(kp, t.keys.AddFahrt, t.keys.AddBeleg, t.keys.AddPau):
		// The README says "im Antrag: f b p"; the positions are added in
		// the editor, so say how to get there instead of doing nothing.
		if msg := c.EditProblem(); msg != "" {
			t.setFlash(msg, true)
			return nil
		}
		t.setFlash("Positionen hinzufügen: erst mit e bearbeiten, dann f Fahrt · b Beleg · p Pauschale.", true)
		return nil
	case key.Matches(kp, t.keys.Delete):
		if c.Status != model.ClaimEntwurf || c.Submitted != nil || len(c.Steps) > 0 {
			t.setFlash("Nur nie eingereichte Entwürfe können gelöscht werden.", true)
			return nil
		}
		id, num := c.ID, c.Number
		t.ask("Entwurf "+num+" löschen?", func() tea.Cmd {
			t.screen = scrClaims
			return t.ctx.Write(func(tx *store.Tx) error { return store.DeleteClaim(tx, id) },
				func(err error) tea.Msg { return actionDoneMsg{text: num + " gelöscht.", err: err} })
		})
	}
	return nil
}
