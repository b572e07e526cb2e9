//go:build !unix

package demotest

import "time"

func processCPU() time.Duration { return 0 }
