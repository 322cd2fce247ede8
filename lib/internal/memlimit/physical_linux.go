package memlimit

import "syscall"

// physical returns the RAM that sysinfo(2) reports (MemTotal of
// /proc/meminfo), or 0 on failure.
func physical() uint64 {
	var si syscall.Sysinfo_t
	if err := syscall.Sysinfo(&si); err != nil {
		return 0
	}
	return uint64(si.Totalram) * uint64(si.Unit)
}
