// Package seccomp owns the host-call allowlists of husk's sandbox processes:
// the rule type each package uses to declare the host calls it needs (in its
// hostcalls.go, with a reason each), and the installer that turns a merged
// list into a seccomp-bpf filter (built with gVisor's pkg/seccomp) whose
// default action kills the process.
//
// It never decides what a process needs: the packages that make the calls
// do. It never loosens a filter: a filter, once installed, holds for the
// life of the process and every child it forks.
//
// Lock order: none.
package seccomp

import (
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"gvisor.dev/gvisor/pkg/abi/linux"
	"gvisor.dev/gvisor/pkg/bpf"
	gseccomp "gvisor.dev/gvisor/pkg/seccomp"
)

// Arg matches one syscall argument.
type Arg struct {
	any   bool
	mask  uintptr // 0: exact comparison
	value uintptr
}

// Any matches every value.
func Any() Arg { return Arg{any: true} }

// Eq matches exactly v.
func Eq(v uintptr) Arg { return Arg{value: v} }

// Masked matches values whose bits under mask equal v.
func Masked(mask, v uintptr) Arg { return Arg{mask: mask, value: v} }

func (a Arg) String() string {
	switch {
	case a.any:
		return "*"
	case a.mask != 0:
		return fmt.Sprintf("&%#x==%#x", a.mask, a.value)
	}
	return fmt.Sprintf("%#x", a.value)
}

func (a Arg) matcher() gseccomp.ValueMatcher {
	switch {
	case a.any:
		return gseccomp.AnyValue{}
	case a.mask != 0:
		return gseccomp.MaskedEqual(a.mask, a.value)
	}
	return gseccomp.EqualTo(a.value)
}

// Rule allows one host syscall, for the reason given.
type Rule struct {
	Sysno uintptr
	// Args lists alternatives: the call is allowed if any alternative
	// matches (arguments beyond an alternative's length match anything).
	// Nil allows every argument.
	Args   [][]Arg
	Reason string
}

// Allow is a rule for sysno with any arguments.
func Allow(sysno uintptr, reason string) Rule { return Rule{Sysno: sysno, Reason: reason} }

// AllowArgs is a rule for sysno with one alternative of argument matchers.
func AllowArgs(sysno uintptr, reason string, args ...Arg) Rule {
	return Rule{Sysno: sysno, Args: [][]Arg{args}, Reason: reason}
}

// Merge combines lists: alternatives of rules for the same syscall are
// or-ed (a rule with no argument filter absorbs the others), reasons joined.
func Merge(lists ...[]Rule) []Rule {
	by := map[uintptr]*Rule{}
	for _, l := range lists {
		for _, r := range l {
			cur, ok := by[r.Sysno]
			if !ok {
				c := r
				c.Args = append([][]Arg(nil), r.Args...)
				by[r.Sysno] = &c
				continue
			}
			if cur.Args == nil || r.Args == nil {
				cur.Args = nil
			} else {
				cur.Args = append(cur.Args, r.Args...)
			}
			if !strings.Contains(cur.Reason, r.Reason) {
				cur.Reason += "; " + r.Reason
			}
		}
	}
	out := make([]Rule, 0, len(by))
	for _, r := range by {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Sysno < out[j].Sysno })
	return out
}

func toGVisor(rules []Rule) gseccomp.SyscallRules {
	m := map[uintptr]gseccomp.SyscallRule{}
	for _, r := range Merge(rules) {
		if r.Args == nil {
			m[r.Sysno] = gseccomp.MatchAll{}
			continue
		}
		var or gseccomp.Or
		for _, alt := range r.Args {
			var pa gseccomp.PerArg
			for i := range pa {
				pa[i] = gseccomp.AnyValue{}
			}
			for i, a := range alt {
				pa[i] = a.matcher()
			}
			or = append(or, pa)
		}
		if len(or) == 1 {
			m[r.Sysno] = or[0]
		} else {
			m[r.Sysno] = or
		}
	}
	return gseccomp.MakeSyscallRules(m)
}

func program(rules []Rule) *gseccomp.Program {
	return &gseccomp.Program{
		RuleSets: []gseccomp.RuleSet{{Rules: toGVisor(rules), Action: gseccomp.Allow}},
		Options: gseccomp.ProgramOptions{
			DefaultAction: defaultAction,
			BadArchAction: gseccomp.KillProcess,
		},
	}
}

// Install installs a filter allowing exactly rules on every thread of the
// calling process (TSYNC) and sets no_new_privs. Any other call kills the
// process. Errors: the filter could not be built or installed.
func Install(rules []Rule) error {
	instrs, _, err := program(Merge(rules, cgoExtra)).Build()
	if err != nil {
		return fmt.Errorf("seccomp: building the filter: %w", err)
	}
	if err := gseccomp.SetFilter(instrs); err != nil {
		return fmt.Errorf("seccomp: installing the filter: %w", err)
	}
	return nil
}

// Count is the number of distinct syscalls the rules allow.
func Count(rules []Rule) int { return len(Merge(rules)) }

// Describe renders one line per syscall: number, name (from name), argument
// filter, reason.
func Describe(rules []Rule, name func(uintptr) string) []string {
	var out []string
	for _, r := range Merge(rules) {
		args := "any arguments"
		if r.Args != nil {
			var alts []string
			for _, alt := range r.Args {
				var s []string
				for _, a := range alt {
					s = append(s, a.String())
				}
				alts = append(alts, "("+strings.Join(s, ", ")+")")
			}
			args = strings.Join(alts, " or ")
		}
		out = append(out, fmt.Sprintf("%d\t%s\t%s\t%s", r.Sysno, name(r.Sysno), args, r.Reason))
	}
	return out
}

// defaultAction is what a call off the list gets: death. Tests may switch it
// to a trap to learn which call it was.
var defaultAction = gseccomp.KillProcess

// Allows runs the compiled filter for rules on one call (in gVisor's BPF
// interpreter, not the kernel) and reports whether it is allowed.
func Allows(rules []Rule, nr uintptr, args ...uintptr) (bool, error) {
	instrs, _, err := program(rules).Build()
	if err != nil {
		return false, err
	}
	prog, err := bpf.Compile(instrs, true)
	if err != nil {
		return false, err
	}
	data := make([]byte, 64)
	binary.LittleEndian.PutUint32(data[0:], uint32(nr))
	binary.LittleEndian.PutUint32(data[4:], linux.AUDIT_ARCH_X86_64)
	for i, a := range args {
		if i < 6 {
			binary.LittleEndian.PutUint64(data[16+8*i:], uint64(a))
		}
	}
	ret, err := bpf.Exec[bpf.NativeEndian](prog, bpf.Input(data))
	if err != nil {
		return false, err
	}
	return linux.BPFAction(ret) == linux.SECCOMP_RET_ALLOW, nil
}

// Example returns argument values that satisfy alternative i of r.
func (r Rule) Example(i int) []uintptr {
	if r.Args == nil {
		return nil
	}
	var out []uintptr
	for _, a := range r.Args[i] {
		out = append(out, a.value)
	}
	return out
}

// cgoExtra is what a cgo test build's libc needs on top of any list.
var cgoExtra []Rule
