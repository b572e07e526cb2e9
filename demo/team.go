package demo

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"stabsstelle/store"
)

// The team's sessions over SSH in the last days, so R → Zugriffe shows what
// the access trail looks like. The demo has no role list: whoever opens the
// demo file locally holds every role.
func init() {
	Register(Step{Order: 60, Name: "Zugriffe im Teambetrieb", Run: genAccess})
}

// teamMembers are the demo's users with the address they work from.
var teamMembers = []struct{ name, from string }{
	{"mueller", "10.20.1.14"}, {"yilmaz", "10.20.1.22"}, {"becker", "10.20.1.31"}, {"schroeder", "10.20.3.7"},
}

func genAccess(g *Gen) error {
	day := time.Date(g.Now.Year(), g.Now.Month(), g.Now.Day(), 0, 0, 0, 0, g.Now.Location())
	for d := 6; d >= 1; d-- {
		for _, m := range teamMembers {
			if g.Rand.IntN(3) == 0 {
				continue // not in every day
			}
			start := day.AddDate(0, 0, -d).Add(time.Duration(7*60+g.Rand.IntN(5*60)) * time.Minute)
			a := &store.Access{Who: m.name, Fingerprint: demoFingerprint(m.name), Start: start,
				From: fmt.Sprintf("%s:%d", m.from, 40000+g.Rand.IntN(20000))}
			if err := store.AccessStarted(g.Store, a); err != nil {
				return err
			}
			reason := "abgemeldet"
			if g.Rand.IntN(4) == 0 {
				reason = "ohne Eingabe"
			}
			if err := store.AccessEnded(g.Store, a, start.Add(time.Duration(5+g.Rand.IntN(180))*time.Minute), reason); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoFingerprint looks like the SHA256 fingerprint of a member's key.
func demoFingerprint(name string) string {
	sum := sha256.Sum256([]byte("demo-key-" + name))
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}
