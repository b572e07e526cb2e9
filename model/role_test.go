package model

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseTeamRoles(t *testing.T) {
	for _, c := range []struct {
		in, want, err string
	}{
		{"anordnung,sachbearbeitung", "sachbearbeitung,anordnung", ""},
		{" Verwaltung ; lesen", "lesen,verwaltung", ""},
		{"SACHBEARBEITUNG", "sachbearbeitung", ""},
		{"lesen", "lesen", ""},
		{"anordung", "", "unbekannte Rolle „anordung“"},
		{"admin,root", "", "unbekannte Rollen „admin“, „root“"},
		{" , ", "", "keine Rolle"},
		{"", "", "keine Rolle"},
	} {
		rs, err := ParseTeamRoles(c.in)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: %v, want error %q", c.in, err, c.err)
		case c.err == "" && (err != nil || rs.String() != c.want):
			t.Errorf("%q: %q %v, want %q", c.in, rs, err, c.want)
		}
	}
}

func TestTeamRolePermissions(t *testing.T) {
	lesen := TeamRolesOf(TeamLesen)
	sb := TeamRolesOf(TeamSachbearbeitung)
	both := TeamRolesOf(TeamAnordnung, TeamSachbearbeitung)
	if !lesen.ReadOnly() || !TeamRoles(0).ReadOnly() || sb.ReadOnly() {
		t.Error("ReadOnly")
	}
	for _, c := range []struct {
		rs   TeamRoles
		p    Permission
		want bool
	}{
		{lesen, PermPeople, false},
		{sb, PermSign, true},
		{sb, PermOrder, false},
		{both, PermOrder, true},
		{both, PermPayout, true},
		{both, PermSettings, false},
		{TeamRolesOf(TeamVerwaltung), PermRoles, true},
		{TeamRolesOf(TeamVerwaltung), PermOrder, false},
		{AllTeamRoles, PermErase, true},
	} {
		if got := c.rs.May(c.p); got != c.want {
			t.Errorf("%s may %s: %v", c.rs, c.p, got)
		}
	}
	if Granting(PermOrder) != TeamAnordnung || Granting(PermSign) != TeamSachbearbeitung || Granting(PermRoles) != TeamVerwaltung {
		t.Error("Granting")
	}
	if l := TeamRolesOf(TeamLesen, TeamAnordnung).Label(); l != "Anordnung" {
		t.Errorf("label %q", l)
	}
	if l := TeamRoles(0).Label(); l != "Lesen" {
		t.Errorf("label of none %q", l)
	}
}

func TestTeamRolesJSON(t *testing.T) {
	raw, err := json.Marshal(TeamMember{Name: "anna", Roles: TeamRolesOf(TeamVerwaltung, TeamSachbearbeitung)})
	if err != nil || string(raw) != `{"name":"anna","roles":["sachbearbeitung","verwaltung"]}` {
		t.Fatalf("%s %v", raw, err)
	}
	var m TeamMember
	if err := json.Unmarshal(raw, &m); err != nil || m.Roles != TeamRolesOf(TeamVerwaltung, TeamSachbearbeitung) {
		t.Fatalf("%+v %v", m, err)
	}
	if err := json.Unmarshal([]byte(`{"name":"x","roles":["superuser"]}`), &m); err == nil {
		t.Error("unknown role accepted")
	}
}
