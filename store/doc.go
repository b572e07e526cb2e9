// Package store keeps stabsstelle's records in one bbolt file: opening and
// locking it, refusing foreign or damaged files, the schema version and its
// migrations, records with their index buckets, the journal (audit trail and
// source of undo) and the change feed that tells every open screen about a
// commit. It imports model and bbolt, never Bubble Tea or ui.
package store
