package e2e

import (
	"os/exec"
	"testing"
)

// TestLocksAcrossMounts: a host file reached through the working directory
// (a writable mount) and through a read-only volume of the same directory
// is one file for locks, as it is natively.
func TestLocksAcrossMounts(t *testing.T) {
	bin := huskBin(t)
	flock, err := exec.LookPath("flock")
	if err != nil {
		t.Skip("util-linux flock(1) missing: it takes the locks")
	}
	dir := t.TempDir()
	script := "exec 3>x; " + flock + " -x 3; " + flock + " -n -s /mnt/husk-same/x true; echo held=$?; exec 3>&-; " +
		flock + " -n -s /mnt/husk-same/x true; echo released=$?"
	r := runIn(t, dir, runTimeout, bin, "do", "-v", dir+":/mnt/husk-same:ro", "--", "/bin/sh", "-c", script)
	if r.code != 0 || r.stdout != "held=1\nreleased=0\n" {
		t.Errorf("exit %d, stdout %q (want held=1, released=0), stderr %q", r.code, r.stdout, r.stderr)
	}
}
