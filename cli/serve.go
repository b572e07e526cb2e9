package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	lk "stabsstelle/lookup"
	"stabsstelle/model"
	"stabsstelle/server"
)

func init() {
	Register(Verb{
		Name:    "serve",
		Summary: "die Oberfläche für das ganze Team über SSH anbieten",
		Usage:   "stabsstelle serve --authorized-keys DATEI [--listen ADRESSE:PORT] [--host-key DATEI] [--idle-timeout DAUER] [--rate N]",
		Help: `Startet einen SSH-Dienst: jedes Teammitglied verbindet sich mit seinem
SSH-Schlüssel und bekommt die Oberfläche über dieselbe Datenbank. Änderungen
erscheinen sofort bei allen anderen. Nur dieser eine Prozess öffnet die Datei.

Optionen:
  --authorized-keys DATEI  öffentliche Schlüssel des Teams, eine Zeile je Schlüssel;
                           der Name hinter dem Schlüssel ist das Mitglied, das bei
                           jeder Änderung im Journal steht, rolle="…" davor sind
                           seine Rollen (lesen, sachbearbeitung, anordnung,
                           verwaltung; mehrere mit Komma):
                             rolle="sachbearbeitung" ssh-ed25519 AAAAC3Nz… anna
                           Ohne Rolle (und ohne Eintrag unter R → Rollen) darf
                           ein Mitglied nur nachschlagen; der Start nennt solche
                           Schlüssel.
                           Zeilen ohne Namen werden abgewiesen; Änderungen an der
                           Datei gelten ohne Neustart.
  --listen ADRESSE:PORT    wo der Dienst lauscht (Standard 127.0.0.1:2323, nur dieser
                           Rechner; für das Netz z. B. 0.0.0.0:2323)
  --host-key DATEI         privater Host-Schlüssel des Dienstes (Standard: neben der
                           Datenbank, Endung .hostkey); wird beim ersten Start
                           erzeugt und danach behalten
  --idle-timeout DAUER     Sitzung ohne Eingabe beenden nach (Standard 30m; auch 1h,
                           90 für Minuten; 0 = nie)
  --rate N                 Verbindungsversuche je Adresse auf einmal (Standard 10,
                           danach einer alle 6 Sekunden; 0 = keine Grenze)

Solange der Dienst läuft, sichert er die Datenbank selbst: beim Start und an
jedem neuen Tag einmal (Ordner stabsstelle-backups neben der Datenbank).

Anmelden ist nur mit Schlüssel möglich, nicht mit Passwort. Das Protokoll
(wer, von wo, wann – keine Daten) geht auf die Standardfehlerausgabe; jede
Sitzung steht außerdem in der Datenbank (R → Zugriffe, Rolle Verwaltung).
Strg+C oder SIGTERM beendet den Dienst: alle Sitzungen werden geschlossen,
dann die Datenbank.

Beispiele:
  stabsstelle serve --authorized-keys ~/team_keys
  stabsstelle --db /srv/stabsstelle/team.db serve --listen 0.0.0.0:2323 --authorized-keys /srv/stabsstelle/team_keys
  ssh -p 2323 anna@teamrechner        (so verbinden sich die Mitglieder)`,
		Run: runServe,
	})
}

func runServe(env *Env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	listen := fs.String("listen", server.DefaultListen, "Adresse")
	keys := fs.String("authorized-keys", "", "Schlüsseldatei")
	hostKey := fs.String("host-key", "", "Host-Schlüssel")
	idleText := fs.String("idle-timeout", "30m", "Leerlauf")
	rate := fs.Int("rate", server.DefaultRateBurst, "Verbindungsversuche")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return UsageError("Unerwartetes Argument „%s“.\nHilfe: stabsstelle serve --help", fs.Arg(0))
	}
	if *keys == "" {
		return UsageError("Bitte mit --authorized-keys die Datei mit den öffentlichen Schlüsseln des Teams angeben.\nHilfe: stabsstelle serve --help")
	}
	idle, err := parseIdle(*idleText)
	if err != nil {
		return err
	}
	if *rate < 0 {
		return UsageError("--rate darf nicht negativ sein.")
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	// The server's keys.toml holds for every member's session.
	for _, p := range UseKeys() {
		server.NewLogger(env.Stderr, env.Now).Printf("%s", p)
	}
	cfg := server.Config{Store: st, AuthorizedKeys: *keys, HostKey: *hostKey, Listen: *listen,
		IdleTimeout: idle, RateBurst: *rate, Log: env.Stderr, DailyBackup: true}
	if idle == 0 {
		cfg.IdleTimeout = -1
	}
	if *rate == 0 {
		cfg.RateBurst = -1
	}
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	// `stabsstelle today` and `search` on this machine ask the server
	// while it holds the file; without that they report it as locked.
	if stop, err := lk.Serve(st, env.DB); err != nil {
		server.NewLogger(env.Stderr, env.Now).Printf("Schnellabfrage für today und search nicht verfügbar: %v", err)
	} else {
		defer stop() // before Run closes the store
	}
	ln, err := srv.Listen()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "stabsstelle serve auf %s – verbinden mit: ssh -p %s NAME@%s\nHost-Schlüssel: %s\n",
		ln.Addr(), servePort(ln.Addr().String()), serveHost(ln.Addr().String()), srv.Fingerprint())

	// Run closes the store after this returns.
	return serveUntilSignal(srv, ln)
}

// serveUntilSignal answers connections until an interrupt or SIGTERM,
// then ends every session and waits at most 10 seconds for them.
func serveUntilSignal(srv *server.Server, ln net.Listener) error {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		if err != nil {
			return fmt.Errorf("Der SSH-Dienst ist ausgefallen: %w", err)
		}
		return nil
	case <-sigs:
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(ctx)
	<-served
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("Beim Beenden des SSH-Dienstes ging etwas schief: %w", err)
	}
	return nil
}

// parseIdle reads --idle-timeout: Go durations (30m, 1h30m), German ones
// (90 = minutes, 1:30, 1,5 h, 45 min) and 0 for never.
func parseIdle(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "0" {
		return 0, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return d, nil
	}
	if d, err := model.ParseDuration(s); err == nil && d > 0 {
		return d, nil
	}
	return 0, UsageError("--idle-timeout „%s“ ist keine Dauer. Beispiele: 30m, 1h, 90 (Minuten), 0 (nie).", s)
}

func servePort(addr string) string {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			return addr[i+1:]
		}
	}
	return "22"
}

func serveHost(addr string) string {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			h := addr[:i]
			if h == "0.0.0.0" || h == "[::]" || h == "" {
				return "RECHNER"
			}
			return h
		}
	}
	return addr
}
