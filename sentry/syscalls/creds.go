package syscalls

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
)

// Credentials: the set*id family with setuid(2)'s rules (CAP_SETUID /
// CAP_SETGID, or changes among the real, effective and saved ids).

func init() {
	reg("setuid", Supported, "", sysSetuid)
	reg("setgid", Supported, "", sysSetgid)
	reg("setreuid", Supported, "", sysSetreuid)
	reg("setregid", Supported, "", sysSetregid)
	reg("setresuid", Supported, "", sysSetresuid)
	reg("setresgid", Supported, "", sysSetresgid)
	reg("setgroups", Supported, "", sysSetgroups)
}

const (
	capSetgid = 6
	capSetuid = 7
	noChange  = ^uint32(0) // -1: leave the id as it is
)

// setres sets real, effective and saved ids (noChange keeps one): without
// the capability each new id must be one of the three current ones.
func setres(c *kernel.Creds, r, e, s uint32, uid bool) error {
	cur := [3]*uint32{&c.UID, &c.EUID, &c.SUID}
	cap := uint(capSetuid)
	if !uid {
		cur = [3]*uint32{&c.GID, &c.EGID, &c.SGID}
		cap = capSetgid
	}
	if !c.HasCap(cap) {
		for _, v := range []uint32{r, e, s} {
			if v != noChange && v != *cur[0] && v != *cur[1] && v != *cur[2] {
				return unix.EPERM
			}
		}
	}
	oldE := *cur[1]
	for i, v := range []uint32{r, e, s} {
		if v != noChange {
			*cur[i] = v
		}
	}
	if uid {
		// Linux drops the capabilities of a process leaving uid 0.
		if oldE == 0 && c.EUID != 0 {
			c.CapEffective = 0
		}
		if c.UID != 0 && c.EUID != 0 && c.SUID != 0 {
			c.CapPermitted, c.CapEffective = 0, 0
		}
		if oldE != 0 && c.EUID == 0 {
			c.CapEffective = c.CapPermitted
		}
	}
	return nil
}

func sysSetresuid(t *kernel.Task, a Args) (uintptr, error) {
	return 0, setres(&t.Creds, uint32(a[0]), uint32(a[1]), uint32(a[2]), true)
}

func sysSetresgid(t *kernel.Task, a Args) (uintptr, error) {
	return 0, setres(&t.Creds, uint32(a[0]), uint32(a[1]), uint32(a[2]), false)
}

func sysSetuid(t *kernel.Task, a Args) (uintptr, error) {
	id := uint32(a[0])
	if id == noChange {
		return 0, unix.EINVAL
	}
	if t.Creds.HasCap(capSetuid) {
		return 0, setres(&t.Creds, id, id, id, true)
	}
	return 0, setres(&t.Creds, noChange, id, noChange, true)
}

func sysSetgid(t *kernel.Task, a Args) (uintptr, error) {
	id := uint32(a[0])
	if id == noChange {
		return 0, unix.EINVAL
	}
	if t.Creds.HasCap(capSetgid) {
		return 0, setres(&t.Creds, id, id, id, false)
	}
	return 0, setres(&t.Creds, noChange, id, noChange, false)
}

// setre is setreuid/setregid: the saved id follows the effective one when
// the real id is set or the effective one differs from the old real id.
func setre(c *kernel.Creds, r, e uint32, uid bool) error {
	oldR := c.UID
	if !uid {
		oldR = c.GID
	}
	s := noChange
	if r != noChange || (e != noChange && e != oldR) {
		s = e
		if e == noChange {
			if uid {
				s = c.EUID
			} else {
				s = c.EGID
			}
		}
	}
	return setres(c, r, e, s, uid)
}

func sysSetreuid(t *kernel.Task, a Args) (uintptr, error) {
	return 0, setre(&t.Creds, uint32(a[0]), uint32(a[1]), true)
}

func sysSetregid(t *kernel.Task, a Args) (uintptr, error) {
	return 0, setre(&t.Creds, uint32(a[0]), uint32(a[1]), false)
}

func sysSetgroups(t *kernel.Task, a Args) (uintptr, error) {
	n := int32(a[0])
	if n < 0 || n > 65536 {
		return 0, unix.EINVAL
	}
	if !t.Creds.HasCap(capSetgid) {
		return 0, unix.EPERM
	}
	b := make([]byte, 4*int(n))
	if _, err := t.MM.CopyIn(a[1], b); err != nil {
		return 0, unix.EFAULT
	}
	groups := make([]uint32, n)
	for i := range groups {
		groups[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	t.Creds.Groups = groups
	return 0, nil
}
