package server

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"unicode"

	gossh "golang.org/x/crypto/ssh"

	"stabsstelle/model"
)

// Member is one allowed key and the team member it belongs to.
type Member struct {
	Name        string
	Fingerprint string // SHA256:…
	Line        int    // line in the keys file
	// Roles the line gives with its option rolle="…"; HasRoles is false
	// for a line without it (the role list decides, else only lesen).
	Roles    model.TeamRoles
	HasRoles bool
}

// Keys is the authorized_keys file of the team: one key per line, the
// comment after the key names the member ("ssh-ed25519 AAAA… anna"), the
// option rolle="…" in front of the key gives their roles
// (`rolle="sachbearbeitung,anordnung" ssh-ed25519 AAAA… anna`). It is
// read line by line, so one broken line costs only that line. Every login
// reads the (small) file again and parses it when its content changed, so
// adding or removing a member needs no restart – even two edits within the
// same second, which a modification-time check could miss.
type Keys struct {
	path string
	logf func(format string, args ...any)

	mu      sync.Mutex
	content []byte
	loaded  bool
	members map[string]Member // by key fingerprint
}

// NewKeys reads path once; a missing or unreadable file is an error here
// (the server should not start without members), later problems only log.
func NewKeys(path string, logf func(format string, args ...any)) (*Keys, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	k := &Keys{path: path, logf: logf}
	fi, err := os.Stat(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("Die Schlüsseldatei %s gibt es nicht. Bitte die öffentlichen Schlüssel des Teams dort eintragen (eine Zeile je Schlüssel: „ssh-ed25519 AAAA… name“).", path)
		}
		return nil, fmt.Errorf("Die Schlüsseldatei %s kann nicht gelesen werden: %w", path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s ist ein Ordner, keine Schlüsseldatei. Bitte mit --authorized-keys eine Datei angeben.", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("Die Schlüsseldatei %s kann nicht gelesen werden: %w", path, err)
	}
	k.mu.Lock()
	k.parseLocked(data)
	k.mu.Unlock()
	return k, nil
}

// Lookup returns the member a key belongs to, reading the file again first.
func (k *Keys) Lookup(key gossh.PublicKey) (Member, bool) {
	if key == nil {
		return Member{}, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.refreshLocked()
	m, ok := k.members[gossh.FingerprintSHA256(key)]
	return m, ok
}

// RolesOf answers the roles the file gives the member name (the store asks
// on every write, see store.SetTeamRoles). ok is false when no key of the
// name carries rolle="…". Keys of one name that disagree give only what
// they all have in common (a key without the option counts as lesen).
func (k *Keys) RolesOf(name string) (model.TeamRoles, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.refreshLocked()
	return rolesOfName(k.members, name)
}

func rolesOfName(members map[string]Member, name string) (model.TeamRoles, bool) {
	found, any := false, false
	all := model.AllTeamRoles
	for _, m := range members {
		if m.Name != name {
			continue
		}
		found = true
		if m.HasRoles {
			any = true
			all &= m.Roles
		} else {
			all = 0
		}
	}
	if !found || !any {
		return 0, false
	}
	return all, true
}

// Members lists the current members (for the start message).
func (k *Keys) Members() []Member {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.refreshLocked()
	out := make([]Member, 0, len(k.members))
	for _, m := range k.members {
		out = append(out, m)
	}
	return out
}

// refreshLocked re-reads the file. A file that vanished or cannot be read
// lets nobody in (removing the file must lock everyone out, not keep the
// old list).
func (k *Keys) refreshLocked() {
	data, err := os.ReadFile(k.path)
	if err != nil {
		if k.loaded {
			k.logf("Schlüsseldatei %s nicht lesbar (%v) – niemand kann sich anmelden, bis sie wieder da ist", k.path, err)
		}
		k.members, k.content, k.loaded = nil, nil, false
		return
	}
	if k.loaded && bytes.Equal(data, k.content) {
		return
	}
	k.parseLocked(data)
	k.logf("Schlüsseldatei %s neu gelesen: %d Schlüssel", k.path, len(k.members))
}

func (k *Keys) parseLocked(data []byte) {
	members, problems := ParseKeys(data)
	for _, p := range problems {
		k.logf("Schlüsseldatei %s: %s", k.path, p)
	}
	k.members, k.content, k.loaded = members, data, true
}

// ParseKeys parses an authorized_keys file. Every line stands alone: a
// line that is broken, has no name, an unknown role or an option other
// than rolle="…" is skipped with a German message, and the lines after it
// still count. A key listed twice with different names or roles is refused
// altogether (whose would it be?).
func ParseKeys(data []byte) (map[string]Member, []string) {
	members := map[string]Member{}
	conflict := map[string]bool{}
	var problems []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, comment, options, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			problems = append(problems, fmt.Sprintf("Zeile %d ist kein gültiger öffentlicher Schlüssel und wird übersprungen", n))
			continue
		}
		fp := gossh.FingerprintSHA256(key)
		roles, hasRoles, problem := keyRoles(options)
		if problem != "" {
			problems = append(problems, fmt.Sprintf("Zeile %d (%s): %s; der Schlüssel wird abgewiesen", n, fp, problem))
			continue
		}
		name, problem := memberName(comment)
		if problem != "" {
			problems = append(problems, fmt.Sprintf("Zeile %d (%s): %s; der Schlüssel wird abgewiesen", n, fp, problem))
			continue
		}
		if conflict[fp] {
			continue
		}
		if old, ok := members[fp]; ok {
			switch {
			case old.Name != name:
				problems = append(problems, fmt.Sprintf("Zeile %d: derselbe Schlüssel %s steht schon in Zeile %d unter dem Namen „%s“, hier als „%s“; der Schlüssel wird abgewiesen", n, fp, old.Line, old.Name, name))
			case old.HasRoles != hasRoles || old.Roles != roles:
				problems = append(problems, fmt.Sprintf("Zeile %d: derselbe Schlüssel %s steht schon in Zeile %d mit anderen Rollen; der Schlüssel wird abgewiesen", n, fp, old.Line))
			default:
				continue
			}
			delete(members, fp)
			conflict[fp] = true
			continue
		}
		members[fp] = Member{Name: name, Fingerprint: fp, Line: n, Roles: roles, HasRoles: hasRoles}
	}
	problems = append(problems, disagreeingRoles(members)...)
	if err := sc.Err(); err != nil {
		problems = append(problems, fmt.Sprintf("nach Zeile %d nicht weiter lesbar: %v", n, err))
	}
	return members, problems
}

// keyRoles reads the options of a key line. Only rolle="…" is known (also
// rolle=a,b without quotes, which the authorized_keys syntax splits into
// rolle=a and b); any other option refuses the line: an option OpenSSH
// would enforce (from=, command=) must not silently mean nothing here.
func keyRoles(options []string) (model.TeamRoles, bool, string) {
	var roles model.TeamRoles
	has := false
	var bare, others []string
	for _, o := range options {
		name, value, eq := strings.Cut(o, "=")
		switch {
		case eq && (strings.EqualFold(name, "rolle") || strings.EqualFold(name, "rollen")):
			rs, err := model.ParseTeamRoles(strings.Trim(value, `"`))
			if err != nil {
				return 0, false, "rolle=…: " + err.Error()
			}
			roles, has = roles|rs, true
		case !eq:
			bare = append(bare, o)
		default:
			others = append(others, o)
		}
	}
	for _, b := range bare {
		r, ok := model.ParseTeamRole(b)
		if !ok || !has {
			others = append(others, b)
			continue
		}
		roles = roles.With(r)
	}
	if len(others) > 0 {
		return 0, false, fmt.Sprintf("Option %s wird nicht unterstützt (vor dem Schlüssel ist nur rolle=\"…\" erlaubt, z. B. rolle=\"sachbearbeitung,anordnung\")", strings.Join(others, ","))
	}
	return roles, has, ""
}

// disagreeingRoles names members whose keys give different roles.
func disagreeingRoles(members map[string]Member) []string {
	byName := map[string][]Member{}
	for _, m := range members {
		byName[m.Name] = append(byName[m.Name], m)
	}
	var out []string
	for name, ms := range byName {
		for _, m := range ms[1:] {
			if m.HasRoles != ms[0].HasRoles || m.Roles != ms[0].Roles {
				rs, _ := rolesOfName(members, name)
				out = append(out, fmt.Sprintf("die Schlüssel von „%s“ geben verschiedene Rollen; es gilt nur, was alle gemeinsam haben (%s)", name, rs.Label()))
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// memberName checks the comment that names the member.
func memberName(comment string) (string, string) {
	name := strings.Join(strings.Fields(comment), " ")
	switch {
	case name == "":
		return "", "kein Name hinter dem Schlüssel (Beispiel: „ssh-ed25519 AAAA… anna“)"
	case len([]rune(name)) > 64:
		return "", "der Name hinter dem Schlüssel ist länger als 64 Zeichen"
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return "", "der Name hinter dem Schlüssel enthält Steuerzeichen"
		}
	}
	return name, ""
}
