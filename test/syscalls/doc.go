// Package syscallstest is husk's syscall compatibility suite.
//
// The suite is a tree of small C programs, test/syscalls/<family>/<syscall>_<behaviour>.c,
// each checking one behaviour of one system call and printing deterministic lines.
// The harness (harness_test.go) builds every program twice with gcc, static and
// dynamic, into build/syscalls/, runs each natively and under
// `husk do --platform=<p> -- <binary>`, and compares exit status and stdout
// exactly. Linux is the reference: a program must pass natively before its husk
// run means anything.
//
// A program's header comment is read by the harness:
//
//	// <name>: <what it checks>                  first line, required
//	// husk-divergent: <platform|*>: <reason>    a declared difference: counted as divergent, never as a pass
//	// husk-build: static-only|dynamic-only      build one variant only
//	// husk-exit: <status>                       the exit status Linux gives (default 0)
//	// husk-tmpfs: <dir>                         husk runs with `--tmpfs <dir>` (a directory that is a tmpfs on the host too, e.g. /dev/shm)
//
// The loader family has no C sources: the harness writes malformed ELF files
// (badelf_test.go) and expects husk to refuse them as Linux's execve does (ENOEXEC,
// which a shell reports as exit status 126).
//
// Knobs (environment):
//
//	HUSK_BIN=path                  the husk binary (default <repo>/bin/husk; missing is a failure)
//	HUSK_COMPAT_NATIVE_ONLY=1      run only the native side, twice, to validate the suite itself
//	HUSK_COMPAT_PLATFORMS=a,b      platforms to compare (default ptrace,systrap)
//
// This package has no non-test code besides this comment; it never imports husk.
package syscallstest
