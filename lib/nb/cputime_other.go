//go:build !unix

package nb

import "time"

// cpuTimes is not available on this system: CPU times read as zero.
func cpuTimes() (user, sys time.Duration) { return 0, 0 }
