package netzwerk

// OpenEventMsg asks the tab to show one event, e.g. a hit of the search
// across everything; the root sends it after switching to this tab.
type OpenEventMsg struct{ ID string }
