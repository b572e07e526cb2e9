package netzwerk

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/store"
	"stabsstelle/ui/common"
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
	t.odraft = &takeOutDraft{eventID: t.ev.ID, number: t.ev.Number, mode: "key",
		file: filepath.Join(home, t.ev.Number+".stb"), keyFile: filepath.Join(home, ".ssh", "authorized_keys")}
	return t.takeOutForm()
}

// takeOutForm builds the form over the draft (again after a failed write:
// everything typed is kept).
func (t *Tab) takeOutForm() tea.Cmd {
	d := t.odraft
	pwOK := func(s string) error {
		if len([]rune(s)) < 8 {
			return errors.New("Bitte mindestens 8 Zeichen.")
		}
		return nil
	}
	t.frm = form.New(t.ctx, takeOutID, "Für Außentermin mitnehmen · "+d.number,
		huh.NewGroup(
			huh.NewNote().Description("Anmeldungen, Warteliste, Namen, Kontakt und Einrichtung der\nAngemeldeten, Aufgaben – nichts aus Sprachmittlung oder\nKostenerstattungen. Verschlüsselt, für den Laptop am Einlass."),
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
	out, keyFile := homePath(d.file), homePath(d.keyFile)
	// Whether the file exists is asked in a command (no I/O in Update).
	return func() tea.Msg {
		fi, err := os.Stat(out)
		return takeOutTargetMsg{out: out, keyFile: keyFile, exists: err == nil, dir: err == nil && fi.IsDir()}
	}
}

// takeOutTargetMsg says whether the chosen file exists.
type takeOutTargetMsg struct {
	out, keyFile string
	exists, dir  bool
}

// takeOutTarget writes the bundle, asking first when the file exists.
func (t *Tab) takeOutTarget(msg takeOutTargetMsg) tea.Cmd {
	if t.odraft == nil || t.frm == nil {
		return nil
	}
	write := t.writeBundle(t.odraft, msg.out, msg.keyFile)
	switch {
	case msg.dir:
		t.frm.SetError(fmt.Errorf("%s ist ein Ordner – bitte einen Dateinamen angeben.", msg.out))
		return nil
	case msg.exists:
		t.confirm = form.Ask("Diese Datei gibt es schon:\n"+tailOf(msg.out, t.w-12)+"\nÜberschreiben?", write).WithNo(func() tea.Cmd {
			if t.frm != nil {
				t.frm.SetError(errors.New("Nichts geschrieben – die Datei bleibt. Bitte einen anderen Dateinamen wählen."))
			}
			return nil
		})
		return nil
	}
	return write()
}

// writeBundle returns what starts the write: the command that reads the
// keys and writes the bundle.
func (t *Tab) writeBundle(d *takeOutDraft, out, keyFile string) func() tea.Cmd {
	return func() tea.Cmd {
		// The detail shows "wird geschrieben" meanwhile; a failure brings
		// the form back with everything typed.
		t.frm = nil
		t.flash, t.isErr = "Paket wird geschrieben …", false
		return writeBundleCmd(t.ctx.Store, t.ctx.User, d.mode, d.pw, d.eventID, out, keyFile)
	}
}

func writeBundleCmd(st *store.Store, user, mode, pw, eventID, out, keyFile string) tea.Cmd {
	return func() tea.Msg {
		var prot store.Protection
		how := "mit Passwort verschlüsselt"
		if mode == "key" {
			rs, err := store.ReadRecipients(keyFile)
			if err != nil {
				return takenOutMsg{err: err}
			}
			prot.Recipients = rs
			how = fmt.Sprintf("verschlüsselt für %d Schlüssel", len(rs))
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
		return takenOutMsg{text: fmt.Sprintf("Paket geschrieben: %s (%d Anmeldungen, %s). Auf dem Laptop: stabsstelle --db laptop.db import bundle %s",
			out, n, how, filepath.Base(out))}
	}
}

func (t *Tab) takenOut(msg takenOutMsg) tea.Cmd {
	if msg.err != nil {
		t.flash = ""
		var cmd tea.Cmd
		if t.odraft != nil {
			cmd = t.takeOutForm()
			t.frm.SetError(msg.err)
		}
		return tea.Batch(cmd, common.Fail(msg.err))
	}
	t.frm, t.odraft = nil, nil
	return t.say(msg.text)
}

// homePath expands a leading ~/ as a shell would.
func homePath(p string) string {
	p = strings.TrimSpace(p)
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[2:])
		}
	}
	return p
}

// tailOf is the end of a long path that fits n cells: "…/laptop/V-2026-003.stb".
func tailOf(p string, n int) string {
	r := []rune(p)
	if n < 8 || len(r) <= n {
		return p
	}
	return "…" + string(r[len(r)-n+1:])
}
