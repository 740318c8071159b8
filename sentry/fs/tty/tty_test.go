package tty

import (
	"bytes"
	"testing"

	"golang.org/x/sys/unix"
)

func newLdisc() *ldisc {
	l := &ldisc{tio: defaultTermios()}
	l.tio.Lflag &^= unix.ECHO
	return l
}

// A canonical line holds 4095 characters and its newline; the rest are dropped.
func TestCanonicalLineLimit(t *testing.T) {
	l := newLdisc()
	in := append(bytes.Repeat([]byte("a"), 5000), '\n')
	if n := l.receive(in); n != len(in) {
		t.Fatalf("took %d of %d", n, len(in))
	}
	buf := make([]byte, 10000)
	n, _ := l.read(buf)
	if n != bufSize || buf[n-1] != '\n' {
		t.Errorf("read %d bytes ending %q, want %d ending in a newline", n, buf[n-1], bufSize)
	}
}

// Non-canonical input stops at bufSize-1 bytes; receive says how many it took.
func TestRawLimit(t *testing.T) {
	l := newLdisc()
	l.setTermios(Termios{Cflag: l.tio.Cflag})
	if n := l.receive(make([]byte, 5000)); n != bufSize-1 {
		t.Errorf("took %d, want %d", n, bufSize-1)
	}
}

// Switching modes moves queued input as Linux does.
func TestModeSwitch(t *testing.T) {
	l := newLdisc()
	l.receive([]byte("ab\ncd"))
	raw := l.tio
	raw.Lflag &^= unix.ICANON
	l.setTermios(raw)
	buf := make([]byte, 16)
	if n, _ := l.read(buf); string(buf[:n]) != "ab\ncd" {
		t.Errorf("raw read %q", buf[:n])
	}
	l.receive([]byte("xy"))
	l.setTermios(defaultTermios())
	if !l.readable(false) {
		t.Fatal("queued raw input is not a readable line after ICANON")
	}
	if n, _ := l.read(buf); string(buf[:n]) != "xy" {
		t.Errorf("canonical read %q", buf[:n])
	}
}

// ISIG characters raise signals and flush; a literal-next character does not.
func TestSignalsAndLnext(t *testing.T) {
	l := newLdisc()
	l.receive([]byte("ab\x03\x16\x03\n"))
	if len(l.sigs) != 1 || l.sigs[0] != unix.SIGINT {
		t.Fatalf("signals %v", l.sigs)
	}
	buf := make([]byte, 16)
	if n, _ := l.read(buf); string(buf[:n]) != "\x03\n" {
		t.Errorf("read %q", buf[:n])
	}
}

// Output processing maps NL to CR NL and expands tabs under XTABS.
func TestOutput(t *testing.T) {
	l := newLdisc()
	l.tio.Oflag |= unix.XTABS
	l.write([]byte("a\tb\n"))
	if string(l.out) != "a       b\r\n" {
		t.Errorf("out %q", l.out)
	}
}

// FuzzLdisc feeds arbitrary termios settings and input and checks that the
// queues stay within Linux's limits.
func FuzzLdisc(f *testing.F) {
	f.Add(make([]byte, termios2Size), []byte("hello\n\x7f\x15\x17\x03"), []byte("out\n\t"))
	d := defaultTermios()
	f.Add(d.encode(termios2Size), bytes.Repeat([]byte("a\x16\n"), 3000), []byte("\r\n"))
	f.Fuzz(func(t *testing.T, tio, in, out []byte) {
		if len(tio) < termios2Size {
			tio = append(tio, make([]byte, termios2Size-len(tio))...)
		}
		l := &ldisc{}
		l.setTermios(decodeTermios(tio[:termios2Size]))
		for len(in) > 0 {
			n := l.receive(in)
			in = in[n:]
			buf := make([]byte, 100)
			if m, eof := l.read(buf); n == 0 && m == 0 && !eof {
				l.flushInput()
			}
		}
		l.write(out)
		if len(l.raw) >= bufSize || len(l.edit) >= bufSize || len(l.out) > outCap {
			t.Fatalf("queues beyond limits: raw %d edit %d out %d", len(l.raw), len(l.edit), len(l.out))
		}
		total := 0
		for _, ln := range l.lines {
			total += max(len(ln), 1)
		}
		if total != l.nline || total > bufSize {
			t.Fatalf("lines hold %d bytes (counted %d), over %d", total, l.nline, bufSize)
		}
	})
}

func newPair(t *testing.T) (*masterFile, *replicaFile) {
	t.Helper()
	fs := NewFS()
	term := &Terminal{fs: fs, notify: make(chan struct{}), masterOpen: true}
	term.ld.tio = defaultTermios()
	fs.terms[0], fs.used[0] = term, true
	r, err := term.openReplica(nil, false)
	if err != nil {
		t.Fatal(err)
	}
	return &masterFile{t: term}, r
}

// Blocking writes and reads on both sides move everything through, and the
// master's close is end of file for the replica.
func TestPairBlocking(t *testing.T) {
	m, r := newPair(t)
	raw := defaultTermios()
	raw.Lflag &^= unix.ICANON | unix.ECHO | unix.ISIG
	raw.Iflag &^= unix.ICRNL | unix.IXON
	raw.Oflag &^= unix.OPOST
	m.t.ld.setTermios(raw)
	const size = 200000
	src := make([]byte, size)
	for i := range src {
		src[i] = byte(i)
	}
	done := make(chan error, 2)
	go func() {
		_, err := m.Write(src, -1)
		done <- err
	}()
	go func() {
		_, err := r.Write(src, -1)
		done <- err
	}()
	var fromMaster, fromReplica []byte
	buf := make([]byte, 3000)
	for len(fromMaster) < size || len(fromReplica) < size {
		if len(fromMaster) < size {
			n, err := r.Read(buf, -1)
			if err != nil {
				t.Fatal(err)
			}
			fromMaster = append(fromMaster, buf[:n]...)
		}
		if len(fromReplica) < size {
			n, err := m.Read(buf, -1)
			if err != nil {
				t.Fatal(err)
			}
			fromReplica = append(fromReplica, buf[:n]...)
		}
	}
	for i := 0; i < 2; i++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(fromMaster, src) || !bytes.Equal(fromReplica, src) {
		t.Fatal("data changed on the way")
	}
	m.Release()
	if n, err := r.Read(buf, -1); n != 0 || err != nil {
		t.Errorf("read after hangup: %d, %v; want end of file", n, err)
	}
	if _, err := r.Write([]byte("x"), -1); err != unix.EIO {
		t.Errorf("write after hangup: %v, want EIO", err)
	}
	r.Release()
	if len(m.t.fs.used) != 0 {
		t.Errorf("index not freed: %v", m.t.fs.used)
	}
}
