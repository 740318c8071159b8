package e2e

import (
	"os"
	"strings"
	"testing"
)

// unixSocketProgram uses AF_UNIX sockets the ways Python programs do: a
// socketpair, an asyncio server and client on a path (in a tmpfs) and on an
// abstract name, file descriptors passed with SCM_RIGHTS, SO_PEERCRED.
const unixSocketProgram = `import asyncio, os, socket, struct, sys, tempfile
a, b = socket.socketpair()
a.sendall(b"hello")
print(b.recv(10))
r, w = os.pipe()
socket.send_fds(a, [b"fd"], [w])
msg, fds, _, _ = socket.recv_fds(b, 10, 4)
os.write(fds[0], b"through the socket")
print(msg, os.read(r, 100))
pid, uid, gid = struct.unpack("3i", b.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))
print(pid == os.getpid(), uid == os.geteuid())
async def serve(path):
    async def handle(rd, wr):
        wr.write((await rd.read(100)).upper())
        await wr.drain()
        wr.close()
    srv = await asyncio.start_unix_server(handle, path=path)
    rd, wr = await asyncio.open_unix_connection(path)
    wr.write(b"ping " + path[-4:].encode())
    await wr.drain()
    print(await rd.read(100))
    wr.close()
    srv.close()
    await srv.wait_closed()
d = tempfile.mkdtemp()
asyncio.run(serve(os.path.join(d, "sock")))
asyncio.run(serve("\0husk-e2e-%d-abst" % os.getpid()))
try:
    socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    print("inet ok")
except OSError as e:
    print("inet", e.errno)
`

// TestPythonUnixSockets runs unixSocketProgram natively and in husk (its
// TMPDIR covered by a tmpfs, where socket files can be made). husk serves
// no AF_INET yet: socket(AF_INET) is EAFNOSUPPORT there, the one line
// that differs.
func TestPythonUnixSockets(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("%s missing: make setup installs python3", py)
	}
	dir := t.TempDir()
	native := run(t, "", "env", "TMPDIR="+dir, py, "-c", unixSocketProgram)
	if native.code != 0 {
		t.Fatalf("native: exit %d: %s", native.code, native.stderr)
	}
	in := husk(t, "do", "--tmpfs", dir, "--", "env", "TMPDIR="+dir, py, "-c", unixSocketProgram)
	if !strings.HasSuffix(native.stdout, "inet ok\n") {
		t.Fatalf("native: AF_INET sockets fail on this host: %q", native.stdout)
	}
	want := native.stdout[:len(native.stdout)-len("inet ok\n")] + "inet 97\n"
	if in.code != 0 || in.stdout != want {
		t.Errorf("husk: exit %d, stdout %q, stderr %s; want %q", in.code, in.stdout, in.stderr, want)
	}
}
