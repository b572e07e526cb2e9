package model

import "time"

// Meta is carried by every stored record. IDs are random (UUIDv7) because
// records travel between laptops; Number is the human, yearly number printed
// on paper (E-2026-0042) and is empty for kinds without one. Version grows by
// one with every write so that two people editing the same record cannot
// overwrite each other unnoticed.
type Meta struct {
	ID        string    `json:"id"`
	Number    string    `json:"number,omitempty"`
	Version   uint64    `json:"version"`
	Created   time.Time `json:"created"`
	CreatedBy string    `json:"createdBy"`
	Updated   time.Time `json:"updated"`
	UpdatedBy string    `json:"updatedBy"`
}

// GetMeta lets generic store code reach the embedded Meta.
func (m *Meta) GetMeta() *Meta { return m }

// Record is what the store can keep: any struct embedding Meta.
type Record interface {
	GetMeta() *Meta
}
