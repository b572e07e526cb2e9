package model

import (
	"slices"
)

// The Netzwerk part of the Monitoring: events, participants and the open
// tasks of each Gremium.

// NetzwerkReport are the figures of the network's events.
type NetzwerkReport struct {
	Events            int          `json:"events"`
	Registered        int          `json:"registered"`   // angemeldet + teilgenommen + nicht erschienen
	Participants      int          `json:"participants"` // teilgenommen
	AttendancePercent float64      `json:"attendancePercent"`
	Organisations     int          `json:"organisationsReached"`
	ByThemenfeld      []GroupCount `json:"byThemenfeld"`
	ByRegion          []GroupCount `json:"byRegion"`
	Tasks             []TaskCount  `json:"tasksByArbeitskreis"`
}

// GroupCount is events and participants of one Themenfeld or region.
type GroupCount struct {
	Name         string `json:"name"`
	Events       int    `json:"events"`
	Participants int    `json:"participants"`
}

// TaskCount is the open and overdue tasks of one Arbeitskreis.
type TaskCount struct {
	Name    string `json:"name"`
	Open    int    `json:"open"`
	Overdue int    `json:"overdue"`
}

func computeNetzwerk(in *ReportInput, f ReportFilter) NetzwerkReport {
	r := NetzwerkReport{}
	themen := map[Themenfeld]*GroupCount{}
	for _, t := range Themenfelder {
		themen[t] = &GroupCount{Name: string(t)}
	}
	regions := map[Region]*GroupCount{}
	for _, reg := range Regions {
		regions[reg] = &GroupCount{Name: string(reg)}
	}
	orgs := map[string]bool{}
	attendedOf := 0 // registered people of events that took place
	for i := range in.Events {
		e := &in.Events[i]
		if !in.Period.Contains(DateOf(e.Start)) || e.Status == EventAbgesagt || !f.MatchesEvent(e) {
			continue
		}
		r.Events++
		c := e.Counts
		r.Registered += c.Occupied()
		r.Participants += c.Teilgenommen
		if c.Teilgenommen+c.NichtErschienen > 0 {
			attendedOf += c.Teilgenommen + c.NichtErschienen
		}
		for _, t := range e.Themen {
			if g, ok := themen[t]; ok {
				g.Events++
				g.Participants += c.Teilgenommen
			}
		}
		if g, ok := regions[e.Region]; ok {
			g.Events++
			g.Participants += c.Teilgenommen
		}
		for _, o := range e.Organisations {
			orgs[o] = true
		}
	}
	if attendedOf > 0 {
		r.AttendancePercent = round1(100 * float64(r.Participants) / float64(attendedOf))
	}
	r.Organisations = len(orgs)
	for _, t := range Themenfelder {
		r.ByThemenfeld = append(r.ByThemenfeld, *themen[t])
	}
	for _, reg := range Regions {
		r.ByRegion = append(r.ByRegion, *regions[reg])
	}
	r.Tasks = tasksByGremium(in.Tasks, in.Today)
	return r
}

// tasksByGremium counts the open and overdue tasks of every Gremium that
// has one, Gremien in their usual order.
func tasksByGremium(all []TaskFact, today Date) []TaskCount {
	tasks := map[string]*TaskCount{}
	var names []string
	for _, t := range all {
		if !t.Open {
			continue
		}
		g := t.Gremium
		if g == "" {
			g = "ohne Gremium"
		}
		tc, ok := tasks[g]
		if !ok {
			tc = &TaskCount{Name: g}
			tasks[g] = tc
			names = append(names, g)
		}
		tc.Open++
		if !t.Due.IsZero() && t.Due.Before(today) {
			tc.Overdue++
		}
	}
	slices.SortFunc(names, func(a, b string) int { return gremiumOrder(a) - gremiumOrder(b) })
	var out []TaskCount
	for _, n := range names {
		out = append(out, *tasks[n])
	}
	return out
}

// gremiumOrder keeps the Gremien in their usual order, others after them.
func gremiumOrder(g string) int {
	if i := slices.Index(Gremien, g); i >= 0 {
		return i
	}
	return len(Gremien)
}
