package syscalls

import (
	"encoding/binary"
	"testing"

	"golang.org/x/sys/unix"
)

func cmsgBytes(level, typ int32, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(16+len(data)))
	b = binary.LittleEndian.AppendUint32(b, uint32(level))
	b = binary.LittleEndian.AppendUint32(b, uint32(typ))
	b = append(b, data...)
	for len(b)%8 != 0 {
		b = append(b, 0)
	}
	return b
}

func TestParseCmsgs(t *testing.T) {
	rights := cmsgBytes(unix.SOL_SOCKET, unix.SCM_RIGHTS, []byte{3, 0, 0, 0, 4, 0, 0, 0})
	cred := cmsgBytes(unix.SOL_SOCKET, unix.SCM_CREDENTIALS, make([]byte, 12))
	other := cmsgBytes(6, 1, []byte{1})
	msgs, err := parseCmsgs(append(append(append([]byte(nil), rights...), other...), cred...))
	if err != nil || len(msgs) != 2 || msgs[0].typ != unix.SCM_RIGHTS || len(msgs[0].data) != 8 || msgs[1].typ != unix.SCM_CREDENTIALS {
		t.Fatalf("got %+v, %v", msgs, err)
	}
	for _, bad := range [][]byte{
		cmsgBytes(unix.SOL_SOCKET, unix.SCM_CREDENTIALS, make([]byte, 8)),
		cmsgBytes(unix.SOL_SOCKET, 99, nil),
		append(binary.LittleEndian.AppendUint64(nil, 8), make([]byte, 8)...),
		append(binary.LittleEndian.AppendUint64(nil, 1000), make([]byte, 8)...),
	} {
		if _, err := parseCmsgs(bad); err != unix.EINVAL {
			t.Errorf("parseCmsgs(%x): %v, want EINVAL", bad, err)
		}
	}
}

func TestParseAddr(t *testing.T) {
	for _, c := range []struct {
		in     string
		name   string
		unspec bool
		err    error
	}{
		{"\x01\x00/tmp/s\x00junk", "/tmp/s", false, nil},
		{"\x01\x00\x00abs\x00x", "\x00abs\x00x", false, nil},
		{"\x01\x00", "", false, nil},
		{"\x00\x00", "", true, nil},
		{"\x02\x00abc", "", false, unix.EINVAL},
		{"\x01", "", false, unix.EINVAL},
	} {
		name, unspec, err := parseAddr([]byte(c.in))
		if name != c.name || unspec != c.unspec || err != c.err {
			t.Errorf("parseAddr(%q) = %q %v %v, want %q %v %v", c.in, name, unspec, err, c.name, c.unspec, c.err)
		}
	}
}

// FuzzParseCmsgs checks that no control data from the app panics the
// parser, and that every message it returns lies within the input.
func FuzzParseCmsgs(f *testing.F) {
	f.Add(cmsgBytes(unix.SOL_SOCKET, unix.SCM_RIGHTS, []byte{1, 0, 0, 0}))
	f.Add(cmsgBytes(unix.SOL_SOCKET, unix.SCM_CREDENTIALS, make([]byte, 12)))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		msgs, err := parseCmsgs(b)
		if err != nil {
			return
		}
		total := 0
		for _, m := range msgs {
			total += len(m.data)
			if m.typ == unix.SCM_RIGHTS && len(m.data)%4 != 0 {
				t.Fatalf("rights of %d bytes", len(m.data))
			}
		}
		if total > len(b) {
			t.Fatalf("%d bytes of messages from %d", total, len(b))
		}
	})
}

// FuzzParseAddr checks sockaddr_un decoding of any bytes.
func FuzzParseAddr(f *testing.F) {
	f.Add([]byte("\x01\x00/tmp/sock"))
	f.Add([]byte("\x01\x00\x00abstract"))
	f.Fuzz(func(t *testing.T, b []byte) {
		name, _, err := parseAddr(b)
		if err == nil && len(name) > sunPathMax {
			t.Fatalf("name of %d bytes", len(name))
		}
	})
}
