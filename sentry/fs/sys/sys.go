// Package sys is the sandbox's own /sys: the few files glibc, the Go
// runtime and common tools read (the CPUs online, possible and present and
// their topology, transparent huge page settings), and empty directories
// for the rest of sysfs's top level.
//
// It never shows the host's devices, cgroups or firmware: only the CPU
// count comes from the host (read by sentry/boot before the filter).
//
// Lock order: none.
package sys

import (
	"fmt"
	"time"

	"husk/sentry/fs/synth"
	"husk/sentry/vfs"
)

// Dev is sysfs's device number.
const Dev = 0x18

// New returns the root of /sys for a sandbox with cpus CPUs.
func New(cpus int, boot time.Time) vfs.Inode {
	if cpus < 1 {
		cpus = 1
	}
	n := uint64(1)
	next := func() uint64 { n++; return n }
	attr := func(perm uint32) synth.Attr { return synth.Attr{Dev: Dev, Ino: next(), Perm: perm, Time: boot} }
	txt := func(s string) vfs.Inode { return synth.Text(attr(0o444), s+"\n") }
	dir := func(children map[string]vfs.Inode) vfs.Inode {
		list, get := synth.Static(children)
		return synth.NewDir(&synth.Dir{Attr: attr(0o555), List: list, Get: get})
	}
	rootAttr := attr(0o555)
	all := "0"
	if cpus > 1 {
		all = fmt.Sprintf("0-%d", cpus-1)
	}
	cpu := map[string]vfs.Inode{
		"online":     txt(all),
		"possible":   txt(all),
		"present":    txt(all),
		"offline":    txt(""),
		"kernel_max": txt("8191"),
	}
	mask := func(bits uint64) string { return fmt.Sprintf("%x", bits) }
	allMask := mask(1<<cpus - 1)
	if cpus >= 64 {
		allMask = "ffffffffffffffff"
	}
	for i := 0; i < cpus; i++ {
		self := "0"
		if i < 64 {
			self = mask(1 << i)
		}
		c := map[string]vfs.Inode{
			"topology": dir(map[string]vfs.Inode{
				"thread_siblings":      txt(self),
				"core_cpus":            txt(self),
				"core_siblings":        txt(allMask),
				"package_cpus":         txt(allMask),
				"core_id":              txt(fmt.Sprint(i)),
				"physical_package_id":  txt("0"),
				"die_id":               txt("0"),
				"thread_siblings_list": txt(fmt.Sprint(i)),
				"core_siblings_list":   txt(all),
				"package_cpus_list":    txt(all),
				"core_cpus_list":       txt(fmt.Sprint(i)),
			}),
		}
		if i > 0 {
			c["online"] = txt("1")
		}
		cpu[fmt.Sprintf("cpu%d", i)] = dir(c)
	}
	thp := dir(map[string]vfs.Inode{
		"enabled":        txt("always [madvise] never"),
		"defrag":         txt("always defer defer+madvise [madvise] never"),
		"hpage_pmd_size": txt("2097152"),
		"shmem_enabled":  txt("always within_size advise [never] deny force"),
	})
	empty := func() vfs.Inode { return dir(map[string]vfs.Inode{}) }
	node := dir(map[string]vfs.Inode{
		"online":   txt("0"),
		"possible": txt("0"),
		"has_cpu":  txt("0"),
		"node0":    dir(map[string]vfs.Inode{"cpulist": txt(all), "cpumap": txt(allMask), "distance": txt("10")}),
	})
	top := map[string]vfs.Inode{
		"devices": dir(map[string]vfs.Inode{
			"system": dir(map[string]vfs.Inode{"cpu": dir(cpu), "node": node}),
		}),
		"kernel": dir(map[string]vfs.Inode{
			"mm": dir(map[string]vfs.Inode{"transparent_hugepage": thp}),
		}),
		"fs":       empty(),
		"block":    empty(),
		"bus":      empty(),
		"class":    empty(),
		"dev":      empty(),
		"firmware": empty(),
		"module":   empty(),
		"power":    empty(),
	}
	list, get := synth.Static(top)
	return synth.NewDir(&synth.Dir{Attr: rootAttr, List: list, Get: get})
}
