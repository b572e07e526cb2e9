package demotest

import "runtime"

// LiveHeap is the live heap in bytes after two full collections (the
// second frees what the first's finalizers released): what the memory
// benchmarks report as MB-live.
func LiveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
