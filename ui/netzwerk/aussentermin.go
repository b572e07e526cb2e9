package netzwerk

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/form"
)

// "Für Außentermin mitnehmen" (M on an event): the event with what the
// door needs goes into an encrypted bundle file – the same as
// `stabsstelle export bundle --event V-… --out DATEI`. On the laptop it
// becomes the copy with `stabsstelle --db laptop.db import bundle DATEI`.

const takeOutID = "aussen"

// takeOutDraft holds the form's input.
type takeOutDraft struct {
	eventID, number string
	file            string
	mode            string // "key" or "pw"
	keyFile         string
	pw, pw2         string
}

// takenOutMsg reports the written bundle.
type takenOutMsg struct {
	text string
	err  error
}

func (t *Tab) openTakeOut() tea.Cmd {
	if t.ctx.Remote {
		return t.fail(fmt.Errorf("Im Team-Betrieb läge die Datei auf dem Server. Bitte am Rechner des Büros: stabsstelle export bundle --event %s --out DATEI.stb --to SCHLÜSSELDATEI", t.ev.Number))
	}
	if !t.ev.Erased.IsZero() {
		return t.fail(store.ErrErased)
	}
	home, _ := os.UserHomeDir()
	d := &takeOutDraft{eventID: t.ev.ID, number: t.ev.Number, mode: "key",
		file: filepath.Join(home, t.ev.Number+".stb"), keyFile: filepath.Join(home, ".ssh", "authorized_keys")}
	t.odraft = d
	pwOK := func(s string) error {
		if len([]rune(s)) < 8 {
			return errors.New("Bitte mindestens 8 Zeichen.")
		}
		return nil
	}
	t.frm = form.New(t.ctx, takeOutID, "Für Außentermin mitnehmen · "+t.ev.Number,
		huh.NewGroup(
			huh.NewNote().Description("Die Veranstaltung mit Anmeldungen, Warteliste, den angemeldeten Personen (Name, E-Mail, Telefon, Einrichtung) und den Aufgaben – nichts aus Sprachmittlung oder Kostenerstattungen – als verschlüsseltes Paket."),
			huh.NewInput().Title("Datei").Value(&d.file).Validate(form.Required("Bitte einen Dateinamen angeben.")),
			huh.NewSelect[string]().Title("Schutz").Options(
				huh.NewOption("für die SSH-Schlüssel des Teams (Datei mit öffentlichen Schlüsseln)", "key"),
				huh.NewOption("mit einem Passwort", "pw")).Value(&d.mode),
		),
		huh.NewGroup(
			huh.NewInput().Title("Datei mit den öffentlichen Schlüsseln (z. B. authorized_keys des Teams)").Value(&d.keyFile).
				Validate(form.Required("Bitte die Schlüsseldatei angeben.")),
		).WithHideFunc(func() bool { return d.mode != "key" }),
		huh.NewGroup(
			huh.NewInput().Title("Passwort (mindestens 8 Zeichen)").EchoMode(huh.EchoModePassword).Value(&d.pw).Validate(pwOK),
			huh.NewInput().Title("Passwort wiederholen").EchoMode(huh.EchoModePassword).Value(&d.pw2).Validate(pwOK),
		).WithHideFunc(func() bool { return d.mode != "pw" }),
	)
	t.frm.SetSize(t.w, t.h)
	return t.frm.Init()
}

// submitTakeOut checks the input and writes the bundle, asking first when
// the file exists.
func (t *Tab) submitTakeOut() tea.Cmd {
	d := t.odraft
	if d == nil {
		return nil
	}
	if d.mode == "pw" && d.pw != d.pw2 {
		t.frm.SetError(errors.New("Die beiden Passwörter sind verschieden."))
		return nil
	}
	out := strings.TrimSpace(d.file)
	if strings.HasPrefix(out, "~/") {
		home, _ := os.UserHomeDir()
		out = filepath.Join(home, out[2:])
	}
	keyFile := d.keyFile
	if strings.HasPrefix(keyFile, "~/") {
		home, _ := os.UserHomeDir()
		keyFile = filepath.Join(home, keyFile[2:])
	}
	write := t.writeBundle(d, out, keyFile)
	if fi, err := os.Stat(out); err == nil {
		if fi.IsDir() {
			t.frm.SetError(fmt.Errorf("%s ist ein Ordner – bitte einen Dateinamen angeben.", out))
			return nil
		}
		t.confirm = form.NewConfirm("aussen-overwrite", "Die Datei "+out+" gibt es schon.\nÜberschreiben?")
		t.pending = func() tea.Cmd { return write }
		return nil
	}
	return write
}

// writeBundle is the command that reads the keys and writes the bundle.
func (t *Tab) writeBundle(d *takeOutDraft, out, keyFile string) tea.Cmd {
	st, user := t.ctx.Store, t.ctx.User
	mode, pw, eventID := d.mode, d.pw, d.eventID
	t.flash, t.isErr = "Paket wird geschrieben …", false
	return func() tea.Msg {
		var prot store.Protection
		how := "mit Passwort"
		if mode == "key" {
			rs, err := store.ReadRecipients(keyFile)
			if err != nil {
				return takenOutMsg{err: err}
			}
			prot.Recipients = rs
			how = fmt.Sprintf("für %d Schlüssel", len(rs))
		} else {
			prot.Passphrase = pw
		}
		res, err := st.ExportCopy(user, store.ExportOptions{Events: []string{eventID}, Out: out, Protection: prot})
		if err != nil {
			return takenOutMsg{err: err}
		}
		n := 0
		for _, c := range res.Counts {
			if c.Kind == store.KindRegistration {
				n = c.Count
			}
		}
		return takenOutMsg{text: fmt.Sprintf("Außenkopie %s (Stand %s, %d Anmeldungen) %s verschlüsselt in %s. Auf dem Laptop: stabsstelle --db laptop.db import bundle %s",
			res.Manifest.Label, model.FormatDateTime(res.Manifest.Taken), n, how, out, filepath.Base(out))}
	}
}

func (t *Tab) takenOut(msg takenOutMsg) tea.Cmd {
	if msg.err != nil {
		t.flash, t.isErr = "", false
		if t.frm != nil {
			t.frm.SetError(msg.err)
		}
		return t.fail(msg.err)
	}
	t.frm, t.odraft = nil, nil
	return t.say(msg.text)
}
