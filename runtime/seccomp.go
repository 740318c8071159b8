package runtime

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	dockerseccomp "github.com/moby/profiles/seccomp"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
	"gvisor.dev/gvisor/pkg/abi/linux"
	"gvisor.dev/gvisor/pkg/bpf"

	"husk/sentry/kernel"
	"husk/sentry/syscalls"
)

// The container's seccomp profile (OCI linux.seccomp, or a Docker profile)
// is compiled here, in the CLI, into one classic BPF program that the sentry
// installs on the first app task before its first instruction, as runc
// installs it before the container's execve. The sentry then enforces it
// with the same code as the app's own seccomp(2) filters.
//
// Semantics, as runc with libseccomp gives them on x86-64:
//   - seccomp_data.arch other than x86-64 (and x32 numbers, unless SCMP_ARCH_X32
//     is listed) gets SCMP_ACT_KILL_THREAD, libseccomp's bad-arch action;
//   - a syscall's rules are tried in order, rules with argument conditions
//     before a rule without; the first rule whose conditions all hold decides;
//     no rule holding means defaultAction;
//   - conditions on distinct arguments are ANDed; several conditions on the
//     same argument split the rule into one rule per condition (ORed), as runc
//     does because libseccomp cannot AND them;
//   - names the table does not know are ignored (runc ignores names libseccomp
//     does not know), and reported back for the debug log;
//   - SCMP_ACT_NOTIFY (a user-space agent) is refused: husk has no listener.

// Offsets in struct seccomp_data.
const (
	sdNR   = 0
	sdArch = 4
	sdArgs = 16
)

const x32SyscallBit = 0x40000000

// seccompActions maps OCI action names to SECCOMP_RET_* values without data.
var seccompActions = map[specs.LinuxSeccompAction]uint32{
	specs.ActKill:        kernel.SeccompRetKillThread,
	specs.ActKillThread:  kernel.SeccompRetKillThread,
	specs.ActKillProcess: kernel.SeccompRetKillProcess,
	specs.ActTrap:        kernel.SeccompRetTrap,
	specs.ActErrno:       kernel.SeccompRetErrno,
	specs.ActTrace:       kernel.SeccompRetTrace,
	specs.ActAllow:       kernel.SeccompRetAllow,
	specs.ActLog:         kernel.SeccompRetLog,
}

// actionValue returns the filter's return value for action with errnoRet
// (nil: EPERM, as runc does).
func actionValue(a specs.LinuxSeccompAction, errnoRet *uint) (uint32, error) {
	if a == specs.ActNotify {
		return 0, fmt.Errorf("action %s is not supported (husk has no seccomp user-space listener; use SCMP_ACT_ERRNO)", a)
	}
	v, ok := seccompActions[a]
	if !ok {
		return 0, fmt.Errorf("unknown action %q", a)
	}
	if a == specs.ActErrno || a == specs.ActTrace {
		e := uint(unix.EPERM)
		if errnoRet != nil {
			e = *errnoRet
		}
		if e > 0xffff {
			return 0, fmt.Errorf("errnoRet %d is out of range (0-65535)", e)
		}
		v |= uint32(e)
	}
	return v, nil
}

// rule is one compiled rule of one syscall.
type rule struct {
	conds  []specs.LinuxSeccompArg
	action uint32
}

// CompileSeccomp compiles an OCI seccomp section into a classic BPF program
// for x86-64. It returns the names it ignored (unknown to husk's table).
// Errors name the offending rule.
func CompileSeccomp(s *specs.LinuxSeccomp) ([]linux.BPFInstruction, []string, error) {
	if s == nil {
		return nil, nil, nil
	}
	defErrno := s.DefaultErrnoRet
	def, err := actionValue(s.DefaultAction, defErrno)
	if err != nil {
		return nil, nil, fmt.Errorf("defaultAction: %w", err)
	}
	x32 := false
	for _, a := range s.Architectures {
		if a == specs.ArchX32 {
			x32 = true
		}
	}
	byNR := map[uintptr][]rule{}
	var ignored []string
	for i, sc := range s.Syscalls {
		act, err := actionValue(sc.Action, sc.ErrnoRet)
		if err != nil {
			return nil, nil, fmt.Errorf("syscalls[%d] (%v): %w", i, sc.Names, err)
		}
		for _, a := range sc.Args {
			if a.Index > 5 {
				return nil, nil, fmt.Errorf("syscalls[%d] (%v): argument index %d is out of range (0-5)", i, sc.Names, a.Index)
			}
			if _, ok := condOps[a.Op]; !ok {
				return nil, nil, fmt.Errorf("syscalls[%d] (%v): unknown operator %q", i, sc.Names, a.Op)
			}
		}
		rules := splitRule(sc.Args, act)
		for _, name := range sc.Names {
			nr, ok := syscalls.Number(name)
			if !ok {
				ignored = append(ignored, name)
				continue
			}
			byNR[nr] = append(byNR[nr], rules...)
		}
	}
	nrs := make([]uintptr, 0, len(byNR))
	for nr, rs := range byNR {
		// Conditional rules first; the order among each kind is kept.
		sort.SliceStable(rs, func(i, j int) bool { return len(rs[i].conds) > 0 && len(rs[j].conds) == 0 })
		nrs = append(nrs, nr)
	}
	sort.Slice(nrs, func(i, j int) bool { return nrs[i] < nrs[j] })

	b := bpf.NewProgramBuilder()
	c := &compiler{b: b}
	badArch := uint32(kernel.SeccompRetKillThread)
	// Conditional jumps reach 255 instructions at most: the prologue returns
	// in place rather than jumping to the end.
	b.AddStmt(bpf.Ld|bpf.W|bpf.Abs, sdArch)
	b.AddJump(bpf.Jmp|bpf.Jeq|bpf.K, linux.AUDIT_ARCH_X86_64, 1, 0)
	b.AddStmt(bpf.Ret|bpf.K, badArch)
	b.AddStmt(bpf.Ld|bpf.W|bpf.Abs, sdNR)
	b.AddJump(bpf.Jmp|bpf.Jge|bpf.K, x32SyscallBit, 0, 1)
	if x32 {
		b.AddStmt(bpf.Ret|bpf.K, def)
	} else {
		b.AddStmt(bpf.Ret|bpf.K, badArch)
	}
	for _, nr := range nrs {
		next := c.label("nr")
		b.AddJumpFalseLabel(bpf.Jmp|bpf.Jeq|bpf.K, uint32(nr), 0, next)
		for _, r := range byNR[nr] {
			fail := c.label("rule")
			for _, cond := range r.conds {
				c.cond(cond, fail)
			}
			b.AddStmt(bpf.Ret|bpf.K, r.action)
			if err := b.AddLabel(fail); err != nil {
				return nil, nil, err
			}
			// Conditions clobber A: reload the number for the next rule.
			b.AddStmt(bpf.Ld|bpf.W|bpf.Abs, sdNR)
		}
		b.AddDirectJumpLabel("default")
		if err := b.AddLabel(next); err != nil {
			return nil, nil, err
		}
	}
	if err := b.AddLabel("default"); err != nil {
		return nil, nil, err
	}
	b.AddStmt(bpf.Ret|bpf.K, def)
	insns, err := b.Instructions()
	if err != nil {
		return nil, nil, fmt.Errorf("seccomp profile: %w", err)
	}
	if len(insns) > 4096 {
		return nil, nil, fmt.Errorf("seccomp profile compiles to %d BPF instructions, over Linux's limit of 4096 per filter", len(insns))
	}
	out := make([]linux.BPFInstruction, len(insns))
	for i, in := range insns {
		out[i] = linux.BPFInstruction(in)
	}
	return out, ignored, nil
}

// splitRule turns one OCI rule into rules whose conditions are on distinct
// arguments: several conditions on the same argument become alternatives.
func splitRule(args []specs.LinuxSeccompArg, action uint32) []rule {
	byIdx := map[uint][]specs.LinuxSeccompArg{}
	var order []uint
	for _, a := range args {
		if _, ok := byIdx[a.Index]; !ok {
			order = append(order, a.Index)
		}
		byIdx[a.Index] = append(byIdx[a.Index], a)
	}
	rules := []rule{{action: action}}
	for _, idx := range order {
		var next []rule
		for _, r := range rules {
			for _, a := range byIdx[idx] {
				conds := append(append([]specs.LinuxSeccompArg(nil), r.conds...), a)
				next = append(next, rule{conds: conds, action: action})
			}
		}
		rules = next
	}
	return rules
}

var condOps = map[specs.LinuxSeccompOperator]bool{
	specs.OpEqualTo: true, specs.OpNotEqual: true, specs.OpLessThan: true, specs.OpLessEqual: true,
	specs.OpGreaterThan: true, specs.OpGreaterEqual: true, specs.OpMaskedEqual: true,
}

type compiler struct {
	b *bpf.ProgramBuilder
	n int
}

func (c *compiler) label(kind string) string {
	c.n++
	return fmt.Sprintf("%s%d", kind, c.n)
}

// cond emits a 64-bit comparison of argument a.Index that falls through when
// it holds and jumps to fail when it does not.
func (c *compiler) cond(a specs.LinuxSeccompArg, fail string) {
	b := c.b
	lo := uint32(sdArgs + 8*a.Index)
	hi := lo + 4
	vhi, vlo := uint32(a.Value>>32), uint32(a.Value)
	ok := c.label("ok")
	ldHi := func() { b.AddStmt(bpf.Ld|bpf.W|bpf.Abs, hi) }
	ldLo := func() { b.AddStmt(bpf.Ld|bpf.W|bpf.Abs, lo) }
	jeq, jgt, jge := uint16(bpf.Jmp|bpf.Jeq|bpf.K), uint16(bpf.Jmp|bpf.Jgt|bpf.K), uint16(bpf.Jmp|bpf.Jge|bpf.K)
	switch a.Op {
	case specs.OpEqualTo:
		ldHi()
		b.AddJumpFalseLabel(jeq, vhi, 0, fail)
		ldLo()
		b.AddJumpFalseLabel(jeq, vlo, 0, fail)
	case specs.OpNotEqual:
		ldHi()
		b.AddJumpFalseLabel(jeq, vhi, 0, ok)
		ldLo()
		b.AddJumpTrueLabel(jeq, vlo, fail, 0)
	case specs.OpGreaterThan, specs.OpGreaterEqual:
		ldHi()
		b.AddJumpTrueLabel(jgt, vhi, ok, 0)
		b.AddJumpFalseLabel(jeq, vhi, 0, fail)
		ldLo()
		op := jgt
		if a.Op == specs.OpGreaterEqual {
			op = jge
		}
		b.AddJumpFalseLabel(op, vlo, 0, fail)
	case specs.OpLessThan, specs.OpLessEqual:
		ldHi()
		b.AddJumpTrueLabel(jgt, vhi, fail, 0)
		b.AddJumpFalseLabel(jeq, vhi, 0, ok)
		ldLo()
		op := jge // a < v fails when lo >= vlo
		if a.Op == specs.OpLessEqual {
			op = jgt
		}
		b.AddJumpTrueLabel(op, vlo, fail, 0)
	case specs.OpMaskedEqual:
		mhi, mlo := uint32(a.Value>>32), uint32(a.Value)
		whi, wlo := uint32(a.ValueTwo>>32), uint32(a.ValueTwo)
		ldHi()
		b.AddStmt(bpf.Alu|bpf.And|bpf.K, mhi)
		b.AddJumpFalseLabel(jeq, whi, 0, fail)
		ldLo()
		b.AddStmt(bpf.Alu|bpf.And|bpf.K, mlo)
		b.AddJumpFalseLabel(jeq, wlo, 0, fail)
	}
	_ = b.AddLabel(ok)
}

// dockerCaps is the capability set Docker gives a container by default; a
// Docker profile's includes/excludes by capability are decided against it.
var dockerCaps = []string{
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
	"CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
	"CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
}

// LoadSeccompProfile reads what `husk do --seccomp` names: "default"
// (Docker's default profile), an OCI config.json (its linux.seccomp), a
// Docker profile (defaultAction + syscalls with includes/excludes) or a bare
// OCI linux.seccomp object. It returns nil for "unconfined".
func LoadSeccompProfile(what string) (*specs.LinuxSeccomp, error) {
	rs := &specs.Spec{Process: &specs.Process{Capabilities: &specs.LinuxCapabilities{Bounding: dockerCaps}}}
	switch what {
	case "", "unconfined":
		return nil, nil
	case "default":
		return dockerseccomp.GetDefaultProfile(rs)
	}
	data, err := os.ReadFile(what)
	if err != nil {
		return nil, fmt.Errorf("--seccomp %s: %w (name a profile file, \"default\" or \"unconfined\")", what, err)
	}
	var probe struct {
		OCIVersion *string          `json:"ociVersion"`
		Linux      *json.RawMessage `json:"linux"`
		ArchMap    *json.RawMessage `json:"archMap"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("--seccomp %s: not JSON: %w", what, err)
	}
	if probe.OCIVersion != nil {
		var spec specs.Spec
		if err := json.Unmarshal(data, &spec); err != nil {
			return nil, fmt.Errorf("--seccomp %s: bad config.json: %w", what, err)
		}
		if spec.Linux == nil || spec.Linux.Seccomp == nil {
			return nil, fmt.Errorf("--seccomp %s: config.json has no linux.seccomp section", what)
		}
		return spec.Linux.Seccomp, nil
	}
	if probe.ArchMap != nil {
		p, err := dockerseccomp.LoadProfile(string(data), rs)
		if err != nil {
			return nil, fmt.Errorf("--seccomp %s: %w", what, err)
		}
		return p, nil
	}
	// A Docker profile without archMap and a bare OCI section share their
	// shape; Docker's loader accepts both (includes/excludes are optional).
	p, err := dockerseccomp.LoadProfile(string(data), rs)
	if err != nil {
		return nil, fmt.Errorf("--seccomp %s: %w", what, err)
	}
	return p, nil
}
