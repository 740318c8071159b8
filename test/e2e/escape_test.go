package e2e

import (
	"strings"
	"testing"
)

// TestHostProcHidden checks rule 5 of DESIGN.md for /proc and /sys: the app
// never sees the host's processes or husk's own binary path through them
// (the gofer serves the host root, whose /proc is the host's).
func TestHostProcHidden(t *testing.T) {
	bin := huskBin(t)
	r := husk(t, "do", "--", "/bin/busybox", "sh", "-c",
		"readlink /proc/self/exe; cat /proc/1/cmdline; ls -a /proc /sys; cat /proc/mounts; echo end")
	if !strings.Contains(r.stdout, "end") {
		t.Fatalf("the shell did not finish: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	for _, leak := range []string{bin, "husk", "init", "systemd", "cgroup", "ext4"} {
		if strings.Contains(r.stdout, leak) {
			t.Errorf("the app read %q from the host's /proc or /sys:\n%s", leak, r.stdout)
		}
	}
	// Both are empty directories (only . and ..).
	if got := strings.Count(r.stdout, "\n.\n..\n"); got != 2 {
		t.Errorf("want /proc and /sys listed as empty directories, got:\n%s", r.stdout)
	}
}
