package model

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Text from outside – a CSV import, a form, the lookup socket, an SSH
// session, a bundle – may carry control characters: ESC starts a terminal
// escape sequence (colours, moving the cursor, changing the window title,
// in some terminals writing the clipboard), BEL rings, NUL ends strings in
// other programs. Typed into a name they would act on every screen that
// shows it. So they are refused where text comes in (TextProblem,
// CheckText), and every place that puts stored text on a screen or into a
// file passes it through SafeLine or SafeText, for records that already
// hold them.

// multilineFields are the JSON names of fields that take several lines
// (notes, descriptions, the Protokoll): there newline and tab are allowed.
var multilineFields = map[string]bool{"notes": true, "note": true, "description": true, "protokoll": true}

// fieldLabels names fields in messages by their JSON name.
var fieldLabels = map[string]string{
	"name": "Name", "notes": "Notizen", "note": "Notiz", "description": "Beschreibung", "protokoll": "Protokoll",
	"text": "Text", "street": "Straße", "postalCode": "PLZ", "city": "Ort", "town": "Ort", "phone": "Telefon",
	"email": "E-Mail", "place": "Ort", "title": "Titel", "venue": "Ort", "room": "Raum", "language": "Sprache",
	"languages": "Sprachen", "dialect": "Dialekt", "reason": "Begründung", "purpose": "Zweck", "project": "Projekt",
	"organiser": "Veranstalter", "contactName": "Ansprechperson", "contactPhone": "Telefon der Ansprechperson",
	"contactEmail": "E-Mail der Ansprechperson", "owner": "Zuständig", "meetingPoint": "Treffpunkt",
	"onSiteContact": "Ansprechperson vor Ort", "clientRef": "Aktenzeichen", "function": "Funktion",
	"accountHolder": "Kontoinhaber:in", "remittance": "Verwendungszweck", "decisions": "Beschlüsse",
	"homePlace": "Wohnort", "samtgemeinden": "Samtgemeinden", "gremium": "Gremium", "address": "Adresse",
	"rejection": "Ablehnungsgrund", "cancelReason": "Grund der Absage", "urgentReason": "Grund der Eile",
	"correctionReason": "Grund der Korrektur", "receiptNo": "Belegnummer", "haushaltsstelle": "Haushaltsstelle",
	"fundName": "Fördertopf", "personName": "Name", "access": "Barrierefreiheit", "online": "Online-Zugang",
}

// controlName names a control character for a person.
func controlName(r rune) string {
	switch r {
	case 0x1b:
		return "ESC"
	case 0x07:
		return "BEL"
	case 0x00:
		return "NUL"
	case '\n':
		return "Zeilenumbruch"
	case '\r':
		return "Wagenrücklauf"
	case '\t':
		return "Tabulator"
	case 0x7f:
		return "DEL"
	}
	return fmt.Sprintf("U+%04X", r)
}

// badRune is the first control character in s that is not allowed (in a
// multi-line field newline, CR before it, and tab are), or -1.
func badRune(s string, multiline bool) rune {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return r // not UTF-8 at all
			}
			continue
		}
		if !unicode.IsControl(r) {
			continue
		}
		if multiline && (r == '\n' || r == '\t' || r == '\r' && strings.HasPrefix(s[i+1:], "\n")) {
			continue
		}
		return r
	}
	return -1
}

// TextProblem says in German what is wrong with s as the content of the
// field label ("" when nothing is): a control character (an escape
// sequence, a bell, a zero byte …) or bytes that are not text.
func TextProblem(label, s string, multiline bool) string {
	r := badRune(s, multiline)
	switch {
	case r < 0:
		return ""
	case r == utf8.RuneError:
		return fmt.Sprintf("„%s“ enthält Bytes, die kein Text sind – bitte den Text neu eingeben.", label)
	case r == '\n' || r == '\r' || r == '\t':
		return fmt.Sprintf("„%s“ darf nur eine Zeile sein (ohne %s) – bitte den Text in eine Zeile schreiben.", label, controlName(r))
	}
	return fmt.Sprintf("„%s“ enthält ein Steuerzeichen (%s), z. B. aus einer kopierten oder importierten Datei – bitte entfernen.", label, controlName(r))
}

// FieldLabel is the German name of the field with JSON name key.
func FieldLabel(key string) string {
	if l, ok := fieldLabels[key]; ok {
		return l
	}
	return key
}

// CheckText checks every text field of rec (a record, or any struct,
// walked with its nested structs, pointers and lists) for control
// characters. Values that old (the stored state of the same record, or
// nil) already holds are let through: a status change must not fail on
// text that came in before the check existed; changing that text must.
// The field keys of the errors are the JSON names, as the forms use them.
func CheckText(rec, old any) ValidationError {
	// One walk finds the problems; the clean case (nearly every call: an
	// import checks each row) allocates nothing. Only when there is one is
	// old walked for the values it already held.
	type problem struct{ key, s string }
	var found []problem
	walkText(reflect.ValueOf(rec), "", func(key, s string) {
		if badRune(s, multilineFields[key]) >= 0 {
			found = append(found, problem{key, s})
		}
	})
	if len(found) == 0 {
		return nil
	}
	var known map[string]bool
	if old != nil {
		known = map[string]bool{}
		walkText(reflect.ValueOf(old), "", func(_, s string) { known[s] = true })
	}
	var ve ValidationError
	seen := map[string]bool{}
	for _, p := range found {
		if known[p.s] || seen[p.key] {
			continue
		}
		seen[p.key] = true
		ve.Add(p.key, TextProblem(FieldLabel(p.key), p.s, multilineFields[p.key]))
	}
	return ve
}

// walkText calls fn for every non-empty string reachable from v with the
// JSON name of the field it sits in.
func walkText(v reflect.Value, key string, fn func(key, s string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkText(v.Elem(), key, fn)
		}
	case reflect.String:
		if s := v.String(); s != "" {
			fn(key, s)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes, not text
		}
		for i := range v.Len() {
			walkText(v.Index(i), key, fn)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			walkText(it.Key(), key, fn)
			walkText(it.Value(), key, fn)
		}
	case reflect.Struct:
		walkFields(v, key, fn)
	}
}

// jsonFieldName is the key a field's text is named by in messages: its
// JSON name, the lowered Go name without a tag, key for an embedded
// struct without one; ok is false for unexported and `json:"-"` fields.
func jsonFieldName(f reflect.StructField, key string) (name string, ok bool) {
	if !f.IsExported() {
		return "", false
	}
	tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	switch {
	case tag == "-":
		return "", false
	case tag != "":
		return tag, true
	case !f.Anonymous:
		return strings.ToLower(f.Name[:1]) + f.Name[1:], true
	}
	return key, true
}

// walkFields is walkText for the exported fields of a struct, each under
// its JSON name; an embedded struct without a tag keeps key.
func walkFields(v reflect.Value, key string, fn func(key, s string)) {
	for _, f := range textFieldsOf(v.Type()) {
		name := f.name
		if f.inherits {
			name = key
		}
		walkText(v.Field(f.index), name, fn)
	}
}

// textField is one field walkFields visits: its index and JSON name, or
// inherits for an embedded struct without a tag (it keeps the outer key).
type textField struct {
	index    int
	name     string
	inherits bool
}

// textFields caches the fields of each struct type: reading the tags of
// every field of every record was a third of CheckText (an import checks
// each row twice).
var textFields sync.Map // reflect.Type → []textField

func textFieldsOf(t reflect.Type) []textField {
	if fs, ok := textFields.Load(t); ok {
		return fs.([]textField)
	}
	var fs []textField
	for i := range t.NumField() {
		f := t.Field(i)
		// a key that cannot be a JSON name tells inherited keys apart
		const marker = "\x00"
		if name, ok := jsonFieldName(f, marker); ok {
			fs = append(fs, textField{index: i, name: name, inherits: name == marker})
		}
	}
	textFields.Store(t, fs)
	return fs
}

// SafeLine makes stored text safe to show on one line of a terminal, a
// table cell or a status line: control characters become visible symbols
// (ESC as ␛, BEL as ␇ …; newline and tab a space), bytes that are not
// UTF-8 become �. Text without them comes back unchanged (no allocation).
func SafeLine(s string) string { return safe(s, false) }

// SafeText is SafeLine for multi-line text: newlines and tabs stay.
func SafeText(s string) string { return safe(s, true) }

func safe(s string, multiline bool) string {
	if printableASCII(s) {
		return s
	}
	if utf8.ValidString(s) && badRune(s, false) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	// A byte that is not UTF-8 comes out of range as utf8.RuneError, and
	// the default case writes it as �.
	for i, r := range s {
		switch {
		case (r == '\n' || r == '\t') && multiline:
			b.WriteRune(r)
		case r == '\r' && multiline && strings.HasPrefix(s[i+1:], "\n"):
			// dropped: the newline follows
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20:
			b.WriteRune(0x2400 + r) // the Control Pictures block: ␀ ␇ ␛ …
		case r == 0x7f:
			b.WriteRune('␡')
		case unicode.IsControl(r): // C1: 0x80–0x9F, among them CSI
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// printableASCII reports whether s is ASCII without control characters,
// which safe returns as it is without looking further.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			return false
		}
	}
	return true
}

// MayHoldControl reports whether a record's JSON could hold a control
// character: encoding/json writes those below 0x20 as \u00XX, and DEL and
// the C1 range (U+0080–U+009F, UTF-8 0xC2 0x80–0x9F) as they are. A quick
// scan, so that only such records pay for CleanStrings.
func MayHoldControl(raw []byte) bool {
	if bytes.Contains(raw, []byte(`\u00`)) || bytes.IndexByte(raw, 0x7f) >= 0 {
		return true
	}
	for i := bytes.IndexByte(raw, 0xc2); i >= 0 && i+1 < len(raw); {
		if raw[i+1] >= 0x80 && raw[i+1] <= 0x9f {
			return true
		}
		j := bytes.IndexByte(raw[i+1:], 0xc2)
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}

// CleanStrings replaces control characters in every text field of the
// struct ptr points to (SafeText in multi-line fields, SafeLine in the
// others), so a record that was stored with them before they were refused
// shows harmlessly wherever it is shown.
func CleanStrings(ptr any) {
	cleanValue(reflect.ValueOf(ptr), "")
}

func cleanValue(v reflect.Value, key string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			cleanValue(v.Elem(), key)
		}
	case reflect.String:
		if v.CanSet() {
			if multilineFields[key] {
				v.SetString(SafeText(v.String()))
			} else {
				v.SetString(SafeLine(v.String()))
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range v.Len() {
			cleanValue(v.Index(i), key)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			name, ok := jsonFieldName(t.Field(i), key)
			if !ok {
				continue
			}
			cleanValue(v.Field(i), name)
		}
	}
}
