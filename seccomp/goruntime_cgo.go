//go:build cgo

package seccomp

import "golang.org/x/sys/unix"

// A cgo build (only the race-detector test builds: husk itself is static)
// starts threads through glibc's pthread_create, which uses clone3 and
// clone with its own flags. Install adds these; the lists stay as they are.
func init() {
	cgoExtra = []Rule{
		Allow(unix.SYS_CLONE3, "cgo test builds only: glibc pthread_create"),
		AllowArgs(unix.SYS_CLONE, "cgo test builds only: glibc pthread_create",
			Eq(goThreadFlags|unix.CLONE_SETTLS|unix.CLONE_PARENT_SETTID|unix.CLONE_CHILD_CLEARTID)),
		Allow(unix.SYS_RSEQ, "cgo test builds only: glibc registers rseq for new threads"),
		Allow(unix.SYS_SET_ROBUST_LIST, "cgo test builds only: glibc new threads"),
		Allow(unix.SYS_MPROTECT, "cgo test builds only: glibc thread stack guards"),
		Allow(unix.SYS_OPENAT, "cgo test builds only: glibc reads /sys/devices/system/cpu/online for a new thread's malloc arena"),
	}
}
