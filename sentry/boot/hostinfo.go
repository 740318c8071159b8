package boot

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strings"

	"husk/sentry/fs/proc"
	"husk/sentry/vfs"
)

// hostInfo reads what the sandbox's /proc shows of the host (before the
// filter): the CPU count (husk's affinity) and the CPU model lines of
// /proc/cpuinfo that procfs allows (see proc.CPUInfoKey).
func hostInfo() proc.HostInfo {
	h := proc.HostInfo{CPUs: runtime.NumCPU()}
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return h
	}
	seen := map[string]bool{}
	var cur map[string]string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k == "processor" {
			cur = map[string]string{}
			h.CPUInfo = append(h.CPUInfo, cur)
			continue
		}
		if cur == nil || !proc.CPUInfoKey(k) {
			continue
		}
		cur[k] = v
		if !seen[k] {
			seen[k] = true
			h.CPUOrder = append(h.CPUOrder, k)
		}
	}
	if len(h.CPUInfo) > h.CPUs {
		h.CPUInfo = h.CPUInfo[:h.CPUs]
	}
	return h
}

// sandboxMounts is the sandbox's mount table as /proc/[pid]/mountinfo
// shows it: the root (the gofer's, read-only, or the overlay over it), /proc, /sys, the bind mounts
// (the working directory, --volume) and the tmpfs mounts.
func sandboxMounts(root *vfs.Dentry, spec *Spec) []proc.Mount {
	var rootDev uint64
	if st, err := root.Inode().Stat(); err == nil {
		rootDev = st.Dev
	}
	rootMount := proc.Mount{ID: 1, Parent: 1, Path: "/", FSType: "rootfs", Source: "none", Options: "ro", Dev: rootDev}
	if spec.Overlay {
		rootMount.FSType, rootMount.Source, rootMount.Options = "overlay", "overlay", "rw"
	}
	ms := []proc.Mount{
		rootMount,
		{ID: 2, Parent: 1, Path: "/proc", FSType: "proc", Source: "proc", Options: "rw,nosuid,nodev,noexec", Dev: proc.Dev},
		{ID: 3, Parent: 1, Path: "/sys", FSType: "sysfs", Source: "sysfs", Options: "ro,nosuid,nodev,noexec", Dev: 0x18},
	}
	w := vfs.Walker{Root: root, Cwd: root}
	for _, m := range spec.Mounts {
		opts, dev := "rw", uint64(0)
		if m.ReadOnly {
			opts = "ro"
		}
		if d, err := w.Resolve(root, m.Guest, true); err == nil {
			if st, err := d.Inode().Stat(); err == nil {
				dev = st.Dev
			}
		}
		ms = append(ms, proc.Mount{ID: len(ms) + 1, Parent: 1, Path: m.Guest, FSType: "bind", Source: "none", Options: opts, Dev: dev})
	}
	for i, p := range spec.Tmpfs {
		ms = append(ms, proc.Mount{ID: len(ms) + 1, Parent: 1, Path: p, FSType: "tmpfs", Source: "tmpfs", Options: "rw", Dev: uint64(0x30 + i)})
	}
	return ms
}
