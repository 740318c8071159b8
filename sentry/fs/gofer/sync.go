package gofer

import (
	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

var _ vfs.Syncer = (*regFile)(nil)

// Sync implements vfs.Syncer: the donated FD's data goes to the disk. An
// fsync serves fdatasync too (it does strictly more) so that the sentry
// needs one host call, not two.
func (f *regFile) Sync(dataOnly bool) error {
	for {
		err := unix.Fsync(f.fd)
		if err != unix.EINTR {
			return err
		}
	}
}

// SyncFS implements vfs.Syncer: the host filesystem of the donated FD.
func (f *regFile) SyncFS() error {
	for {
		err := unix.Syncfs(f.fd)
		if err != unix.EINTR {
			return err
		}
	}
}
