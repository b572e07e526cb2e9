package model

// WhenText is "Donnerstag, 05.03.2026, 09:00–10:30 Uhr (ca. 1:30 h)", as the
// confirmations and the printed Einsatznachweis say it.
func (e *Einsatz) WhenText() string { return e.when() }

// WhereText is the address, or "telefonisch" / "per Video".
func (e *Einsatz) WhereText() string { return e.where() }
