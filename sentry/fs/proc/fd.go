package proc

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/synth"
	"husk/sentry/vfs"
)

// fdDir is /proc/[pid]/fd (info false) or fdinfo (info true).
func (p *proc) fdDir(info bool) vfs.Inode {
	idx := 101
	if info {
		idx = 102
	}
	d := &synth.Dir{Attr: p.attr(idx, 0o500), Volatile: true}
	d.List = func() []string {
		var out []string
		for _, fd := range p.t.FDs.FDs() {
			out = append(out, strconv.Itoa(int(fd)))
		}
		return out
	}
	d.Get = func(name string) (vfs.Inode, error) {
		n, err := strconv.ParseInt(name, 10, 32)
		if err != nil || strconv.Itoa(int(n)) != name {
			return nil, unix.ENOENT
		}
		fd := int32(n)
		f, err := p.t.FDs.Get(fd)
		if err != nil {
			return nil, unix.ENOENT
		}
		f.DecRef()
		a := synth.Attr{Dev: Dev, Ino: ino(p.t.TID, p.thread, 1024+int(fd)%1024), Perm: 0o700, Owner: p.owner, Time: p.fs.k.BootTime}
		if info {
			a.Perm = 0o400
			return &synth.File{Attr: a, Gen: func() ([]byte, error) { return p.fdinfo(fd) }}, nil
		}
		a.Perm = 0o100
		if f.Readable() {
			a.Perm |= 0o400
		}
		if f.Writable() {
			a.Perm |= 0o200
		}
		a.Size = 64 // as Linux's
		return p.fdLink(fd, a), nil
	}
	return synth.NewDir(d)
}

// get returns the file at fd now (ENOENT once closed).
func (p *proc) get(fd int32) (*vfs.File, error) {
	if err := p.alive(); err != nil {
		return nil, unix.ENOENT
	}
	f, err := p.t.FDs.Get(fd)
	if err != nil {
		return nil, unix.ENOENT
	}
	return f, nil
}

// fdLink is /proc/[pid]/fd/N: readlink shows the file's name, a walk goes to
// the file itself.
func (p *proc) fdLink(fd int32, a synth.Attr) vfs.Inode {
	return &synth.MagicLink{Attr: a,
		Text: func() (string, error) {
			f, err := p.get(fd)
			if err != nil {
				return "", err
			}
			defer f.DecRef()
			return p.fileName(f), nil
		},
		Jump: func(w *vfs.Walker) (*vfs.Dentry, error) {
			if c := caller(w); c == nil || !p.t.MayInspect(c) {
				return nil, unix.EACCES
			}
			f, err := p.get(fd)
			if err != nil {
				return nil, err
			}
			defer f.DecRef()
			if f.Dentry != nil {
				return f.Dentry, nil
			}
			return vfs.NewDentry(nil, p.fileName(f), &anonInode{f: f}), nil
		}}
}

// fileName is how Linux names an open file in /proc/[pid]/fd.
func (p *proc) fileName(f *vfs.File) string {
	if f.Dentry != nil {
		return p.path(f.Dentry)
	}
	if n, ok := f.Impl.(vfs.Named); ok {
		return n.FileName()
	}
	if n, ok := f.Impl.(vfs.AnonNamer); ok {
		return "anon_inode:" + n.AnonName()
	}
	st, err := f.Impl.Stat()
	if err != nil {
		return "anon_inode:[unknown]"
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFIFO:
		return fmt.Sprintf("pipe:[%d]", st.Ino)
	case unix.S_IFSOCK:
		return fmt.Sprintf("socket:[%d]", st.Ino)
	case unix.S_IFCHR:
		// The stdio husk passed in: a host device, named by its numbers
		// the way every Linux names them.
		return devName(st.Rdev)
	}
	return "anon_inode:[file]"
}

// fdinfo is /proc/[pid]/fdinfo/N.
func (p *proc) fdinfo(fd int32) ([]byte, error) {
	f, err := p.get(fd)
	if err != nil {
		return nil, err
	}
	defer f.DecRef()
	flags := f.Flags()
	if cloexec, _ := p.t.FDs.CloseOnExec(fd); cloexec {
		flags |= unix.O_CLOEXEC
	}
	if f.Dentry != nil {
		flags |= unix.O_LARGEFILE
	}
	var inode uint64
	if st, err := f.Impl.Stat(); err == nil {
		inode = st.Ino
	}
	pos := int64(0)
	if f.Impl.Seekable() {
		pos = f.Offset()
	}
	mnt := 0
	if f.Dentry != nil {
		mnt = p.fs.mountOf(p.path(f.Dentry)).ID
	}
	return fmt.Appendf(nil, "pos:\t%d\nflags:\t0%o\nmnt_id:\t%d\nino:\t%d\n", pos, flags, mnt, inode), nil
}

// anonInode stands for an open file with no name, reached through fd/N.
type anonInode struct{ f *vfs.File }

var _ vfs.Reopener = (*anonInode)(nil)

func (a *anonInode) Stat() (vfs.Stat, error)          { return a.f.Impl.Stat() }
func (a *anonInode) Lookup(string) (vfs.Inode, error) { return nil, unix.ENOTDIR }
func (a *anonInode) Readlink() (string, error)        { return "", unix.EINVAL }
func (a *anonInode) Open(int) (vfs.FileImpl, error)   { return nil, unix.ENXIO }

// Reopen gives the same open file description when the access mode asks
// for no more than it allows.
func (a *anonInode) Reopen(flags int) (*vfs.File, error) {
	switch flags & unix.O_ACCMODE {
	case unix.O_RDONLY:
		if !a.f.Readable() {
			return nil, unix.EACCES
		}
	case unix.O_WRONLY:
		if !a.f.Writable() {
			return nil, unix.EACCES
		}
	default:
		if !a.f.Readable() || !a.f.Writable() {
			return nil, unix.EACCES
		}
	}
	a.f.IncRef()
	return a.f, nil
}

// mountOf returns the mount path p is on (the longest mount point above it).
func (fs *FS) mountOf(p string) Mount {
	best := Mount{ID: 1}
	bestLen := -1
	for _, m := range fs.mounts {
		if (p == m.Path || strings.HasPrefix(p, strings.TrimSuffix(m.Path, "/")+"/")) && len(m.Path) > bestLen {
			best, bestLen = m, len(m.Path)
		}
	}
	return best
}

func (fs *FS) mountinfo() ([]byte, error) {
	var b []byte
	for _, m := range fs.mounts {
		b = fmt.Appendf(b, "%d %d %d:%d / %s %s,relatime - %s %s %s\n", m.ID, m.Parent, unix.Major(m.Dev), unix.Minor(m.Dev),
			m.Path, m.Options, m.FSType, m.Source, m.Options)
	}
	return b, nil
}

func (fs *FS) mountsFile() ([]byte, error) {
	var b []byte
	for _, m := range fs.mounts {
		b = fmt.Appendf(b, "%s %s %s %s,relatime 0 0\n", m.Source, m.Path, m.FSType, m.Options)
	}
	return b, nil
}

// devName is the usual /dev name of a character device.
func devName(rdev uint64) string {
	maj, min := unix.Major(rdev), unix.Minor(rdev)
	switch {
	case maj == 1 && min == 3:
		return "/dev/null"
	case maj == 1 && min == 5:
		return "/dev/zero"
	case maj == 1 && min == 7:
		return "/dev/full"
	case maj == 1 && min == 8:
		return "/dev/random"
	case maj == 1 && min == 9:
		return "/dev/urandom"
	case maj == 5 && min == 0:
		return "/dev/tty"
	case maj == 5 && min == 1:
		return "/dev/console"
	case maj == 4:
		return fmt.Sprintf("/dev/tty%d", min)
	case maj >= 136 && maj <= 143:
		return fmt.Sprintf("/dev/pts/%d", (maj-136)<<8|min)
	}
	return fmt.Sprintf("/dev/char/%d:%d", maj, min)
}
