package kosten

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/form"
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
	case c.Status == model.ClaimVerbucht && c.Total() < 0 && c.Kind == model.ClaimStorno:
		return fmt.Sprintf("%s angeordnet und verbucht: Rückforderung über %s angelegt; die Einsätze von %s sind wieder frei.", c.Number, -c.Total(), c.CorrectsNumber)
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

// approveKey signs the claim's next step, or makes an angeordnet
// Storno/Korrektur effective that an older version left without effect.
func (t *Tab) approveKey(c *model.Claim) tea.Cmd {
	switch {
	case t.det.pending && !t.ctx.May(model.PermOrder):
		t.setFlash(t.ctx.Forbidden("wirksam machen", model.PermOrder).Error(), true)
		return nil
	case t.det.pending:
		return t.makeEffective(c)
	}
	a, ok := nextApproval(c)
	if !ok {
		t.setFlash(fmt.Sprintf("%s ist %s – hier ist nichts mehr zu zeichnen.", c.Number, c.Status.Label()), true)
		return nil
	}
	return t.approve(a)
}

func (t *Tab) makeEffective(c *model.Claim) tea.Cmd {
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
}

// openReject asks for the reason; doReject sends the claim back.
func (t *Tab) openReject(c *model.Claim) tea.Cmd {
	if c.Status == model.ClaimEntwurf || c.Frozen() {
		t.setFlash("Ablehnen geht nur bei eingereichten, noch nicht angeordneten Anträgen.", true)
		return nil
	}
	t.inText = ""
	return t.openForm(form.New(t.ctx, "kosten:reject", "Antrag "+c.Number+" ablehnen (zurück in den Entwurf)",
		huh.NewGroup(huh.NewInput().Title("Grund").Value(&t.inText).CharLimit(200).
			Validate(form.Required("Bitte einen Grund für die Ablehnung angeben.")))))
}

// stornoProblem says why a claim cannot get a Storno or Korrektur.
func stornoProblem(c *model.Claim) string {
	switch {
	case c.Status.Final():
		return fmt.Sprintf("%s ist %s – da gibt es nichts mehr zu korrigieren.", c.Number, c.Status.Label())
	case c.Kind != model.ClaimNormal:
		return fmt.Sprintf("%s ist selbst ein %s – bitte den Antrag %s korrigieren.", c.Number, c.Kind.Label(), c.CorrectsNumber)
	case !c.Frozen():
		return "Storno/Korrektur nur für angeordnete oder ausgezahlte Anträge – sonst bitte bearbeiten oder ablehnen."
	}
	return ""
}

// openStorno asks for kind and reason; doStorno makes the draft. A claim
// that pays km twice suggests a Korrektur.
func (t *Tab) openStorno(c *model.Claim) tea.Cmd {
	if msg := stornoProblem(c); msg != "" {
		t.setFlash(msg, true)
		return nil
	}
	t.inText = ""
	t.corrKind = string(model.ClaimStorno)
	if len(t.det.twice) > 0 {
		t.corrKind = string(model.ClaimKorrektur)
	}
	what := "Noch nicht ausgezahlt: wenn der Storno angeordnet ist, ist der Antrag storniert und kommt in keinen Zahllauf."
	if c.Status.Settled() {
		what = "Schon ausgezahlt: wenn der Storno angeordnet ist, entsteht eine Rückforderung (mit der nächsten Auszahlung verrechnet oder zurückzuzahlen), und seine Einsätze sind wieder frei für einen neuen Antrag."
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
}

// openPaidBack asks when the money of the open Rückforderung came in;
// doPaidBack closes it.
func (t *Tab) openPaidBack() tea.Cmd {
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
}

// toggleNetting switches the open Rückforderung between "mit der nächsten
// Auszahlung verrechnen" and "zurückzahlen".
func (t *Tab) toggleNetting(c *model.Claim) tea.Cmd {
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
}

// explainAddLine answers f, b and p on the claim screen: the README says
// "im Antrag: f b p", but positions are added in the editor, so say how to
// get there instead of doing nothing.
func (t *Tab) explainAddLine(c *model.Claim) {
	if msg := c.EditProblem(); msg != "" {
		t.setFlash(msg, true)
		return
	}
	t.setFlash("Positionen hinzufügen: erst mit e bearbeiten, dann f Fahrt · b Beleg · p Pauschale.", true)
}

// askDelete deletes a draft that was never submitted, after asking.
func (t *Tab) askDelete(c *model.Claim) {
	if c.Status != model.ClaimEntwurf || c.Submitted != nil || len(c.Steps) > 0 {
		t.setFlash("Nur nie eingereichte Entwürfe können gelöscht werden.", true)
		return
	}
	id, num := c.ID, c.Number
	t.ask("Entwurf "+num+" löschen?", func() tea.Cmd {
		t.screen = scrClaims
		return t.ctx.Write(func(tx *store.Tx) error { return store.DeleteClaim(tx, id) },
			func(err error) tea.Msg { return actionDoneMsg{text: num + " gelöscht.", err: err} })
	})
}
