// Package dev is the sentry's own character devices: null, zero, full,
// random and urandom (Linux's memory devices, major 1), and the terminal
// devices /dev/tty and /dev/ptmx (major 5, served by sentry/fs/tty). A
// device node the app opens is served here, never by opening the host's
// device.
//
// It never calls the host but for randomness (getrandom, through crypto/rand).
//
// Lock order: none.
package dev

import (
	"crypto/rand"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/tty"
	"husk/sentry/vfs"
)

// Memory device minor numbers (major 1).
const (
	MinorNull    = 3
	MinorZero    = 5
	MinorFull    = 7
	MinorRandom  = 8
	MinorURandom = 9
)

// Open returns the file for the device rdev (a memory device, or a terminal
// device 5:minor) with the node's stat, or ENXIO for a device husk does not
// serve.
func Open(rdev uint64, st vfs.Stat) (vfs.FileImpl, error) {
	if unix.Major(rdev) == 5 {
		return tty.Open(unix.Minor(rdev), st)
	}
	if unix.Major(rdev) != 1 {
		return nil, unix.ENXIO
	}
	switch m := unix.Minor(rdev); m {
	case MinorNull, MinorZero, MinorFull, MinorRandom, MinorURandom:
		return &memDev{minor: m, st: st}, nil
	}
	return nil, unix.ENXIO
}

type memDev struct {
	minor uint32
	st    vfs.Stat
}

func (d *memDev) Read(p []byte, _ int64) (int, error) {
	switch d.minor {
	case MinorNull:
		return 0, nil
	case MinorZero, MinorFull:
		clear(p)
		return len(p), nil
	}
	return rand.Read(p)
}

func (d *memDev) Write(p []byte, _ int64) (int, error) {
	if d.minor == MinorFull {
		return 0, unix.ENOSPC
	}
	return len(p), nil
}

// SeekFrom is Linux's lseek: null, zero and full reset the offset to 0 (null_lseek);
// random and urandom leave it (noop_llseek).
func (d *memDev) SeekFrom(cur, _ int64, whence int) (int64, error) {
	if whence < unix.SEEK_SET || whence > unix.SEEK_HOLE {
		return 0, unix.EINVAL
	}
	if d.minor == MinorRandom || d.minor == MinorURandom {
		return cur, nil
	}
	return 0, nil
}

func (d *memDev) Stat() (vfs.Stat, error)              { return d.st, nil }
func (d *memDev) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }

// Seekable: lseek on these devices succeeds (and means nothing), as in Linux.
func (d *memDev) Seekable() bool { return true }
func (d *memDev) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}
func (d *memDev) Mappable() (vfs.Mappable, error) { return nil, unix.ENODEV }
func (d *memDev) Release()                        {}
