package gofer

import (
	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

var (
	_ vfs.FSSyncer = (*regFile)(nil)
	_ vfs.FSSyncer = (*dirFile)(nil)
)

// SyncFS implements vfs.FSSyncer: syncfs of the host filesystem under the
// donated FD.
func (f *regFile) SyncFS() error { return retry(func() error { return unix.Syncfs(f.fd) }) }

// SyncFS implements vfs.FSSyncer through a directory FD the gofer donates,
// as Sync does.
func (d *dirFile) SyncFS() error {
	fd, err := d.i.fs.c.Open(d.i.fid, unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return retry(func() error { return unix.Syncfs(fd) })
}
