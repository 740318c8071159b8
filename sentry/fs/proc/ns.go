package proc

import (
	"fmt"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/synth"
	"husk/sentry/vfs"
)

// The sandbox has one namespace of each kind, numbered as Linux numbers its
// initial ones: /proc/[pid]/ns/* name them, and stat through a link shows
// the same inode for every process, as processes in one namespace see.
// setns is not served: the files only identify.

// nsDev is nsfs's device number.
const nsDev = 0x4

var namespaces = []struct {
	name string
	ino  uint64
}{
	{"cgroup", 4026531835}, {"ipc", 4026531839}, {"mnt", 4026531841}, {"net", 4026531840},
	{"pid", 4026531836}, {"pid_for_children", 4026531836}, {"time", 4026531834},
	{"time_for_children", 4026531834}, {"user", 4026531837}, {"uts", 4026531838},
}

// nsDir is /proc/[pid]/ns.
func (p *proc) nsDir() vfs.Inode {
	children := map[string]vfs.Inode{}
	for i, ns := range namespaces {
		kind := ns.name
		if len(kind) > 13 && kind[len(kind)-13:] == "_for_children" {
			kind = kind[:len(kind)-13]
		}
		text := fmt.Sprintf("%s:[%d]", kind, ns.ino)
		target := &nsInode{ino: ns.ino}
		children[ns.name] = &synth.MagicLink{Attr: p.attr(300+i, 0o777),
			Text: func() (string, error) { return text, p.alive() },
			Jump: func(w *vfs.Walker) (*vfs.Dentry, error) {
				if c := caller(w); c == nil || !p.t.MayInspect(c) {
					return nil, unix.EACCES
				}
				return vfs.NewDentry(nil, text, target), nil
			}}
	}
	list, get := synth.Static(children)
	return synth.NewDir(&synth.Dir{Attr: p.attr(299, 0o511), List: list, Get: get})
}

// nsInode is a namespace as nsfs shows it: a file that only identifies.
type nsInode struct{ ino uint64 }

func (n *nsInode) Stat() (vfs.Stat, error) {
	return vfs.Stat{Dev: nsDev, Ino: n.ino, Mode: unix.S_IFREG | 0o444, Nlink: 1, Blksize: 4096}, nil
}
func (n *nsInode) Lookup(string) (vfs.Inode, error) { return nil, unix.ENOTDIR }
func (n *nsInode) Readlink() (string, error)        { return "", unix.EINVAL }
func (n *nsInode) Open(flags int) (vfs.FileImpl, error) {
	if flags&unix.O_ACCMODE != unix.O_RDONLY {
		return nil, unix.EACCES
	}
	return &nsFile{n: n}, nil
}

type nsFile struct{ n *nsInode }

func (f *nsFile) Read([]byte, int64) (int, error)      { return 0, unix.EINVAL }
func (f *nsFile) Write([]byte, int64) (int, error)     { return 0, unix.EINVAL }
func (f *nsFile) Stat() (vfs.Stat, error)              { return f.n.Stat() }
func (f *nsFile) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (f *nsFile) Seekable() bool                       { return false }
func (f *nsFile) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }
func (f *nsFile) Release()                             {}
func (f *nsFile) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}
