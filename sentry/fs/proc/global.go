package proc

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"husk/sentry/fs/synth"
	unixsock "husk/sentry/socket/unix"
	"husk/sentry/vfs"
)

// cpuinfoKeys are the /proc/cpuinfo lines shown from the host: what CPUID
// tells any app. Microcode, APIC ids, bugs and power management are not.
var cpuinfoKeys = map[string]bool{
	"vendor_id": true, "cpu family": true, "model": true, "model name": true, "stepping": true,
	"cpu MHz": true, "cache size": true, "fpu": true, "fpu_exception": true, "cpuid level": true,
	"wp": true, "flags": true, "bogomips": true, "clflush size": true, "cache_alignment": true,
	"address sizes": true,
}

// CPUInfoKey reports whether boot may keep a host /proc/cpuinfo key.
func CPUInfoKey(k string) bool { return cpuinfoKeys[k] }

// globals are the files of /proc other than the processes.
func (fs *FS) globals() map[string]vfs.Inode {
	n := uint64(10)
	next := func() uint64 { n++; return n }
	file := func(gen func() ([]byte, error)) vfs.Inode {
		return &synth.File{Attr: fs.attr(next(), 0o444), Gen: gen}
	}
	txt := func(s string) vfs.Inode { return synth.Text(fs.attr(next(), 0o444), s) }
	u := fs.k.Uname
	return map[string]vfs.Inode{
		"meminfo":     file(fs.meminfo),
		"cpuinfo":     file(fs.cpuinfo),
		"stat":        file(fs.stat),
		"uptime":      file(fs.uptime),
		"loadavg":     file(fs.loadavg),
		"filesystems": txt("nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\nnodev\tpipefs\nnodev\tanon_inodefs\nnodev\t9p\n"),
		"version":     txt(fmt.Sprintf("%s version %s (husk) %s\n", u.Sysname, u.Release, u.Version)),
		"cmdline":     txt("BOOT_IMAGE=/husk quiet\n"),
		"swaps":       txt("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"),
		"mounts":      &synth.Symlink{Attr: fs.attr(next(), 0o777), Target: "self/mounts"},
		"net":         &synth.Symlink{Attr: fs.attr(next(), 0o777), Target: "self/net"},
		"sys":         fs.sysDir(),
	}
}

func (fs *FS) meminfo() ([]byte, error) {
	total := fs.k.TotalRAM / 1024
	used := uint64(fs.k.MF.Used()) / 1024
	if used > total {
		used = total
	}
	free := total - used
	var b bytes.Buffer
	for _, kv := range []struct {
		k string
		v uint64
	}{{"MemTotal", total}, {"MemFree", free}, {"MemAvailable", free}, {"Buffers", 0}, {"Cached", 0},
		{"SwapCached", 0}, {"Active", used}, {"Inactive", 0}, {"Active(anon)", used}, {"Inactive(anon)", 0},
		{"Active(file)", 0}, {"Inactive(file)", 0}, {"Unevictable", 0}, {"Mlocked", 0}, {"SwapTotal", 0},
		{"SwapFree", 0}, {"Dirty", 0}, {"Writeback", 0}, {"AnonPages", used}, {"Mapped", 0}, {"Shmem", 0},
		{"KReclaimable", 0}, {"Slab", 0}, {"SReclaimable", 0}, {"SUnreclaim", 0}, {"KernelStack", 0},
		{"PageTables", 0}, {"CommitLimit", total}, {"Committed_AS", used}, {"VmallocTotal", 34359738367},
		{"VmallocUsed", 0}, {"VmallocChunk", 0}, {"HugePages_Total", 0}, {"HugePages_Free", 0},
		{"HugePages_Rsvd", 0}, {"HugePages_Surp", 0}, {"Hugepagesize", 2048}, {"DirectMap4k", 0}} {
		if strings.HasPrefix(kv.k, "HugePages_") {
			fmt.Fprintf(&b, "%-15s %8d\n", kv.k+":", kv.v)
			continue
		}
		fmt.Fprintf(&b, "%-15s %8d kB\n", kv.k+":", kv.v)
	}
	return b.Bytes(), nil
}

func (fs *FS) cpuinfo() ([]byte, error) {
	var b bytes.Buffer
	for i := 0; i < fs.host.CPUs; i++ {
		var lines map[string]string
		if i < len(fs.host.CPUInfo) {
			lines = fs.host.CPUInfo[i]
		}
		fmt.Fprintf(&b, "processor\t: %d\n", i)
		for _, k := range fs.host.CPUOrder {
			v, ok := lines[k]
			if !ok || !cpuinfoKeys[k] {
				continue
			}
			fmt.Fprintf(&b, "%s\t: %s\n", k, v)
			if k == "cache size" {
				fmt.Fprintf(&b, "physical id\t: 0\nsiblings\t: %d\ncore id\t\t: %d\ncpu cores\t: %d\n", fs.host.CPUs, i, fs.host.CPUs)
			}
		}
		b.WriteString("power management:\n\n")
	}
	return b.Bytes(), nil
}

func (fs *FS) stat() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("cpu  0 0 0 0 0 0 0 0 0 0\n")
	for i := 0; i < fs.host.CPUs; i++ {
		fmt.Fprintf(&b, "cpu%d 0 0 0 0 0 0 0 0 0 0\n", i)
	}
	ids := fs.k.ProcessIDs()
	last := int32(0)
	if len(ids) > 0 {
		last = ids[len(ids)-1]
	}
	fmt.Fprintf(&b, "intr 0\nctxt 0\nbtime %d\nprocesses %d\nprocs_running 1\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
		fs.k.BootTime.Unix(), last)
	return b.Bytes(), nil
}

func (fs *FS) uptime() ([]byte, error) {
	up := time.Since(fs.k.BootTime).Seconds()
	return fmt.Appendf(nil, "%.2f %.2f\n", up, 0.0), nil
}

func (fs *FS) loadavg() ([]byte, error) {
	ids := fs.k.ProcessIDs()
	last := int32(0)
	if len(ids) > 0 {
		last = ids[len(ids)-1]
	}
	return fmt.Appendf(nil, "0.00 0.00 0.00 1/%d %d\n", len(ids), last), nil
}

// sysDir is /proc/sys: the kernel, fs, vm and net settings programs read.
func (fs *FS) sysDir() vfs.Inode {
	n := uint64(100)
	next := func() uint64 { n++; return n }
	txt := func(s string) vfs.Inode { return synth.Text(fs.attr(next(), 0o444), s+"\n") }
	dir := func(children map[string]vfs.Inode) vfs.Inode {
		list, get := synth.Static(children)
		return synth.NewDir(&synth.Dir{Attr: fs.attr(next(), 0o555), List: list, Get: get})
	}
	u := fs.k.Uname
	random := dir(map[string]vfs.Inode{
		"boot_id":       txt(fs.bootID),
		"uuid":          &synth.File{Attr: fs.attr(next(), 0o444), Gen: func() ([]byte, error) { return []byte(uuid() + "\n"), nil }},
		"entropy_avail": txt("256"),
		"poolsize":      txt("256"),
	})
	kernelDir := dir(map[string]vfs.Inode{
		"hostname":     &synth.File{Attr: fs.attr(next(), 0o444), Gen: func() ([]byte, error) { return []byte(fs.k.Uname.Nodename + "\n"), nil }},
		"domainname":   txt(orNone(u.Domainname)),
		"ostype":       txt(u.Sysname),
		"osrelease":    txt(u.Release),
		"version":      txt(u.Version),
		"pid_max":      txt("4194304"),
		"threads-max":  txt("65536"),
		"ngroups_max":  txt("65536"),
		"cap_last_cap": txt("40"),
		"overflowuid":  txt("65534"),
		"overflowgid":  txt("65534"),
		"shmmax":       txt("18446744073692774399"),
		"shmall":       txt("18446744073692774399"),
		"shmmni":       txt("4096"),
		"sem":          txt("32000\t1024000000\t500\t32000"),
		"random":       random,
	})
	fsDir := dir(map[string]vfs.Inode{
		"file-max":      txt("9223372036854775807"),
		"nr_open":       txt("1048576"),
		"pipe-max-size": txt("1048576"),
	})
	vmDir := dir(map[string]vfs.Inode{
		"overcommit_memory": txt("0"),
		"overcommit_ratio":  txt("50"),
		"max_map_count":     txt("65530"),
		"mmap_min_addr":     txt("65536"),
	})
	netDir := dir(map[string]vfs.Inode{
		"core": dir(map[string]vfs.Inode{"somaxconn": txt("4096")}),
	})
	return dir(map[string]vfs.Inode{"kernel": kernelDir, "fs": fsDir, "vm": vmDir, "net": netDir})
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// netDir is /proc/[pid]/net: header-only files until the sandbox has a
// network stack.
func netDir(fs *FS, ino uint64) vfs.Inode {
	n := ino
	next := func() uint64 { n++; return n }
	txt := func(s string) vfs.Inode { return synth.Text(fs.attr(next(), 0o444), s) }
	tcp := "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	udp := "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
	list, get := synth.Static(map[string]vfs.Inode{
		"dev": txt("Inter-|   Receive                                                |  Transmit\n" +
			" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"),
		"tcp":      txt(tcp),
		"tcp6":     txt(tcp),
		"udp":      txt(udp),
		"udp6":     txt(udp),
		"unix":     &synth.File{Attr: fs.attr(next(), 0o444), Gen: func() ([]byte, error) { return []byte(unixsock.ProcNetUnix()), nil }},
		"route":    txt("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"),
		"if_inet6": txt(""),
	})
	return synth.NewDir(&synth.Dir{Attr: fs.attr(ino, 0o555), List: list, Get: get})
}
