package model

import (
	"fmt"
)

// FormatSize shows a file size the German way: "1,5 MB", "820 KB".
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30:
		return Decimal1(float64(n)/(1<<30)) + " GB"
	case n >= 1<<20:
		return Decimal1(float64(n)/(1<<20)) + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	}
	return fmt.Sprintf("%d Bytes", n)
}
