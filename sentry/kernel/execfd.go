package kernel

import (
	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// ExecReplaceFile is ExecReplace of an open file that has no path (fexecve
// of a memfd: execveat(fd, "", AT_EMPTY_PATH)); name ("/dev/fd/N") is the
// program's AT_EXECFN and argv's script path, as Linux names it. A #!
// script is ENOENT, as Linux says when the interpreter could not reopen
// the script by that name.
func (t *Task) ExecReplaceFile(f *vfs.File, name string, argv, envv []string) error {
	m, err := f.Impl.Mappable()
	if err != nil {
		return unix.EACCES
	}
	if _, _, ok, err := shebang(m); err != nil {
		return err
	} else if ok {
		return unix.ENOENT
	}
	return t.execReplace(func() error { return t.execFile(f, name, name, argv, envv, 0) })
}
