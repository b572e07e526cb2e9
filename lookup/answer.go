package lookup

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

// The answers of the program that holds the database: one function per
// verb.

// answer runs one request in one read transaction. It never panics: every
// failure is a German sentence in Error.
func (s *server) answer(line []byte) (resp Response) {
	defer func() {
		if r := recover(); r != nil {
			resp = Response{Error: "Bei der Abfrage ist ein interner Fehler aufgetreten. Bitte in der Oberfläche nachsehen."}
		}
	}()
	var req Request
	if err := json.Unmarshal(line, &req); err != nil {
		return Response{Error: `Die Anfrage ist kein gültiges JSON. Erwartet wird eine Zeile wie {"verb":"today","date":"2026-03-05"}.`}
	}
	switch req.Verb {
	case VerbToday:
		return s.answerToday(req)
	case VerbSearch:
		return s.answerSearch(req)
	case VerbCandidates:
		return s.answerCandidates(req)
	case VerbMerge:
		return s.merge(req)
	}
	verb := []rune(req.Verb)
	if len(verb) > 40 {
		verb = append(verb[:39], '…')
	}
	return Response{Error: fmt.Sprintf("Unbekannte Abfrage „%s“; möglich sind „today“, „search“ und „candidates“.", string(verb))}
}

// answerToday is the agenda of one day.
func (s *server) answerToday(req Request) Response {
	day, err := model.ParseISODate(req.Date)
	if err != nil {
		return Response{Error: fmt.Sprintf("Die Anfrage nennt kein gültiges Datum: %v.", err)}
	}
	var items []TodayItem
	err = s.st.View(func(tx *store.Tx) error {
		var e error
		items, e = TodayItems(tx, day)
		return e
	})
	if err != nil {
		return Response{Error: err.Error()}
	}
	return Response{Today: items}
}

// answerSearch is a search over every area; text, limit and filter are
// checked first, as they come from another process.
func (s *server) answerSearch(req Request) Response {
	text := strings.TrimSpace(req.Text)
	if text == "" {
		return Response{Error: "Die Suche braucht einen Text."}
	}
	if msg := model.TextProblem("Suchtext", text, false); msg != "" {
		return Response{Error: "Die Anfrage wird nicht beantwortet: " + msg}
	}
	limit := req.Limit
	if limit == 0 {
		limit = defaultLimit
	}
	if limit < 1 || limit > maxLimit {
		return Response{Error: fmt.Sprintf("Die Trefferzahl muss zwischen 1 und %d liegen, nicht %d.", maxLimit, req.Limit)}
	}
	f, err := req.Filter()
	if err != nil {
		return Response{Error: err.Error()}
	}
	var hits []store.Hit
	err = s.st.View(func(tx *store.Tx) error {
		var e error
		hits, e = store.SearchFiltered(tx, text, limit, f)
		return e
	})
	if err != nil {
		return Response{Error: err.Error()}
	}
	return Response{Hits: hits}
}

// answerCandidates is the interpreters who could take an Einsatz.
func (s *server) answerCandidates(req Request) Response {
	if req.Candidates == nil {
		return Response{Error: "Die Frage nach Sprachmittler:innen braucht Sprache, Datum und Uhrzeit."}
	}
	var r CandidatesResult
	err := s.st.View(func(tx *store.Tx) error {
		var e error
		r, e = Candidates(tx, *req.Candidates)
		return e
	})
	if err != nil {
		return Response{Error: err.Error()}
	}
	return Response{Candidates: &r}
}

// merge merges a handed-over change bundle into the held database. Only a
// file in the folder of the socket (private to this user) is taken.
func (s *server) merge(req Request) Response {
	if req.Bundle == "" || req.Key == "" || filepath.Dir(filepath.Clean(req.Bundle)) != filepath.Clean(SocketDir()) {
		return Response{Error: "Die Anfrage zum Abgleich ist unvollständig."}
	}
	who := strings.TrimSpace(req.Who)
	if msg := model.TextProblem("Name", who, false); who == "" || msg != "" {
		return Response{Error: "Die Anfrage zum Abgleich nennt niemanden, der abgleicht."}
	}
	b, err := store.OpenHandover(req.Bundle, req.Key)
	if err != nil {
		return Response{Error: err.Error()}
	}
	defer b.Close()
	rep, err := s.st.Merge(who, b)
	if err != nil {
		return Response{Error: err.Error()}
	}
	var text strings.Builder
	_ = s.st.View(func(tx *store.Tx) error { store.WriteMergeReport(&text, tx, rep); return nil })
	return Response{Merge: rep, MergeText: text.String()}
}
