package common

// OpenRecordMsg asks the root to show a record in its tab (an Einsatz in
// Sprachmittlung, a claim in Kostenerstattungen, an event in Netzwerk), the
// way the search across everything opens a hit. Kind is a store kind
// (store.KindEinsatz …).
type OpenRecordMsg struct{ Kind, ID string }
