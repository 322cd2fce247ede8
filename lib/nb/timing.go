package nb

import (
	"fmt"
	"time"
)

// Timing is what Time measured: the wall-clock time and the CPU time the
// whole process spent in user and system mode meanwhile (CPU times are zero
// where the system does not report them).
type Timing struct {
	Wall, User, Sys time.Duration
}

// String formats t the way IPython's %time does:
//
//	CPU times: user 1.2 s, sys: 40 ms, total: 1.24 s
//	Wall time: 650 ms
func (t Timing) String() string {
	return fmt.Sprintf("CPU times: user %s, sys: %s, total: %s\nWall time: %s",
		formatDuration(t.User), formatDuration(t.Sys), formatDuration(t.User+t.Sys), formatDuration(t.Wall))
}

// Measure runs f and returns its Timing without printing it.
func Measure(f func()) Timing {
	u0, s0 := cpuTimes()
	start := time.Now()
	f()
	wall := time.Since(start)
	u1, s1 := cpuTimes()
	return Timing{Wall: wall, User: u1 - u0, Sys: s1 - s0}
}

// formatDuration writes d with three significant digits in the unit
// IPython would use: ns, µs, ms, s, or "1min 4s" from a minute up.
func formatDuration(d time.Duration) string {
	s := d.Seconds()
	switch {
	case d >= time.Minute:
		m := int(s / 60)
		return fmt.Sprintf("%dmin %ds", m, int(s)-60*m)
	case s >= 1:
		return fmt.Sprintf("%.3g s", s)
	case s >= 1e-3:
		return fmt.Sprintf("%.3g ms", s*1e3)
	case s >= 1e-6:
		return fmt.Sprintf("%.3g µs", s*1e6)
	}
	return fmt.Sprintf("%d ns", d.Nanoseconds())
}
