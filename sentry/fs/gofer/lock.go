package gofer

import "husk/sentry/vfs"

var _ vfs.LockDomainer = (*Inode)(nil)

// LockDomain implements vfs.LockDomainer: every inode of every gofer mount
// (read-only Inode or writable WInode) is a host file, named by the host's
// device and inode numbers.
func (i *Inode) LockDomain() string { return vfs.HostLockDomain }
