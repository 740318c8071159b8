// Package fences holds the tests that keep DESIGN.md's boundaries true: where
// unsafe may appear, what sentry packages may import and call, and which
// gVisor packages husk may use.
package fences

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

type goFile struct {
	path string // relative to the repo root, slash-separated
	f    *ast.File
}

func repoFiles(t *testing.T) []goFile {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	var out []goFile
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "build" || rel == "bin" || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		full, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		_ = f
		out = append(out, goFile{rel, full})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 20 {
		t.Fatalf("found only %d Go files: wrong root?", len(out))
	}
	return out
}

func imports(f *ast.File) []string {
	var out []string
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		out = append(out, p)
	}
	return out
}

func TestUnsafeOnlyInUnsafeFiles(t *testing.T) {
	for _, g := range repoFiles(t) {
		for _, im := range imports(g.f) {
			if im == "unsafe" && !strings.HasSuffix(g.path, "_unsafe.go") {
				t.Errorf("%s imports unsafe: move that code to a *_unsafe.go file", g.path)
			}
		}
	}
}

func TestGVisorLibrariesOnly(t *testing.T) {
	allowed := []string{"gvisor.dev/gvisor/pkg/tcpip", "gvisor.dev/gvisor/pkg/seccomp", "gvisor.dev/gvisor/pkg/bpf", "gvisor.dev/gvisor/pkg/abi/linux"}
	for _, g := range repoFiles(t) {
		for _, im := range imports(g.f) {
			if !strings.HasPrefix(im, "gvisor.dev/") {
				continue
			}
			ok := false
			for _, a := range allowed {
				ok = ok || im == a || strings.HasPrefix(im, a+"/")
			}
			if !ok {
				t.Errorf("%s imports %s: only gVisor's tcpip, seccomp, bpf and abi/linux are allowed", g.path, im)
			}
		}
	}
}

// hostOpeners are calls that open a host path by name.
var hostOpeners = map[string]map[string]bool{
	"os":      {"Open": true, "OpenFile": true, "ReadFile": true, "WriteFile": true, "Create": true, "ReadDir": true, "Stat": true, "Lstat": true, "Mkdir": true, "MkdirAll": true, "Remove": true, "RemoveAll": true, "Chdir": true},
	"unix":    {"Open": true, "Openat": true, "Openat2": true, "Creat": true, "Stat": true, "Lstat": true, "Access": true, "Faccessat": true, "Readlink": true, "Chdir": true, "Chroot": true, "Mount": true, "Execve": true},
	"syscall": {"Open": true, "Openat": true, "Exec": true, "ForkExec": true, "Stat": true},
}

func TestSentryOpensNoHostPath(t *testing.T) {
	for _, g := range repoFiles(t) {
		if !strings.HasPrefix(g.path, "sentry/") {
			continue
		}
		for _, im := range imports(g.f) {
			if im == "os/exec" {
				t.Errorf("%s imports os/exec: the sentry never starts host programs", g.path)
			}
		}
		if strings.HasPrefix(g.path, "sentry/boot/") {
			continue // boot may, before the first app instruction
		}
		ast.Inspect(g.f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			if hostOpeners[pkg.Name][sel.Sel.Name] {
				t.Errorf("%s calls %s.%s: only sentry/boot may touch host paths (before the app runs)", g.path, pkg.Name, sel.Sel.Name)
			}
			return true
		})
	}
}

func TestPlatformKnowsNoSentry(t *testing.T) {
	for _, g := range repoFiles(t) {
		if !strings.HasPrefix(g.path, "platform/") {
			continue
		}
		for _, im := range imports(g.f) {
			if strings.HasPrefix(im, "husk/sentry/") && im != "husk/sentry/arch" {
				t.Errorf("%s imports %s: platforms know registers and memory, not tasks, files or syscalls", g.path, im)
			}
		}
	}
}
