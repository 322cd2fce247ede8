//go:build !unix

package notebook

import "time"

// cpuTimes is not available on this system: CPU times read as zero.
func cpuTimes() (user, sys time.Duration) { return 0, 0 }
