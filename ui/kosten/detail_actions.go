package kosten

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
)

// approve signs the next step, asking first when the yearly limit or the
// Fördertopf would be exceeded, and refusing at once when the four-eyes
// rule forbids the user this step.
func (t *Tab) approve(a model.ClaimAction) tea.Cmd {
	d := t.det
	c := d.c
	if err := t.ctx.Forbidden(a.Label(), store.ClaimActionPermissions(a)...); err != nil {
		t.setFlash(err.Error(), true)
		return nil
	}
	if msg := c.FourEyesProblem(a, t.ctx.User); msg != "" {
		t.setFlash(msg+" Bitte eine Kollegin oder einen Kollegen zeichnen lassen.", true)
		return nil
	}
	if a != model.ActSubmit {
		if msg := model.PayoutProblem(d.person); msg != "" {
			t.setFlash(msg, true)
			return nil
		}
	}
	id, version, num := c.ID, c.Version, c.Number
	run := func() tea.Cmd {
		var after *model.Claim
		return t.ctx.Write(func(tx *store.Tx) error {
			var err error
			after, err = store.ApplyClaim(tx, id, version, a, "")
			return err
		}, func(err error) tea.Msg {
			text := fmt.Sprintf("%s: %s.", num, doneText(a))
			if err == nil {
				text = afterText(after, text)
			}
			return actionDoneMsg{c: &model.Claim{Meta: model.Meta{ID: id}}, text: text, err: err}
		})
	}
	var warn []string
	if d.limit.Warn {
		warn = append(warn, fmt.Sprintf("%s überschreitet damit den Freibetrag %d (%s): %s bisher, %s mit diesem Antrag.",
			c.PersonName, d.limit.Year, d.limit.Limit, d.limit.Used, d.limit.After))
	}
	warn = append(warn, d.fundWarn...)
	if len(warn) > 0 {
		t.ask("Achtung: "+strings.Join(warn, " ")+"\n\nTrotzdem "+a.Label()+"?", run)
		return nil
	}
	return run()
}

// afterText says what an angeordnet Storno or Korrektur did.
func afterText(c *model.Claim, text string) string {
	switch {
	case c == nil || c.Kind == model.ClaimNormal:
		return text
	case c.Status == model.ClaimStorniert:
		return fmt.Sprintf("%s angeordnet: %s ist storniert und kommt in keinen Zahllauf.", c.Number, c.CorrectsNumber)
	case c.Status == model.ClaimVerbucht && c.Total() < 0:
		return fmt.Sprintf("%s angeordnet und verbucht: Rückforderung über %s angelegt.", c.Number, -c.Total())
	case c.Status == model.ClaimAngeordnet:
		return fmt.Sprintf("%s angeordnet: die Differenz wird mit dem nächsten Zahllauf ausgezahlt.", c.Number)
	}
	return text
}

func doneText(a model.ClaimAction) string {
	switch a {
	case model.ActSubmit:
		return "eingereicht"
	case model.ActSachlich:
		return "sachlich richtig gezeichnet"
	case model.ActRechnerisch:
		return "rechnerisch richtig gezeichnet"
	case model.ActAnordnen:
		return "Auszahlung angeordnet"
	}
	return string(a)
}

func (t *Tab) doReject() tea.Cmd {
	t.frm = nil
	c := t.det.c
	id, version, num, reason := c.ID, c.Version, c.Number, t.inText
	return t.ctx.Write(func(tx *store.Tx) error {
		_, err := store.ApplyClaim(tx, id, version, model.ActReject, reason)
		return err
	}, func(err error) tea.Msg {
		return actionDoneMsg{c: &model.Claim{Meta: model.Meta{ID: id}}, text: num + " abgelehnt, zurück im Entwurf.", err: err}
	})
}

func (t *Tab) doStorno() tea.Cmd {
	t.frm = nil
	id, reason, kind := t.det.c.ID, t.inText, model.ClaimKind(t.corrKind)
	var made *model.Claim
	return t.ctx.Write(func(tx *store.Tx) error {
		var err error
		made, err = store.CreateCorrection(tx, id, kind, reason)
		return err
	}, func(err error) tea.Msg {
		if err != nil {
			return actionDoneMsg{err: err}
		}
		text := kind.Label() + " " + made.Number + " angelegt (Entwurf) – wirkt, wenn er angeordnet ist."
		if kind == model.ClaimKorrektur {
			text = "Korrektur " + made.Number + " angelegt (Entwurf): Positionen mit e prüfen, dann einreichen."
		}
		return actionDoneMsg{c: made, open: true, text: text}
	})
}

func (t *Tab) doPaidBack() tea.Cmd {
	t.frm = nil
	id, version, cid := t.reclaimID, t.reclaimVersion, t.det.c.ID
	d, err := model.ParseDate(t.inText, model.Today(t.ctx.Now()))
	if err != nil {
		t.setFlash(err.Error(), true)
		return nil
	}
	var num string
	return t.ctx.Write(func(tx *store.Tx) error {
		r, err := store.MarkReclaimPaidBack(tx, id, version, d, "")
		if r != nil {
			num = r.Number
		}
		return err
	}, func(err error) tea.Msg {
		return actionDoneMsg{c: &model.Claim{Meta: model.Meta{ID: cid}}, text: "Rückforderung " + num + " als zurückgezahlt geschlossen.", err: err}
	})
}
