package gofer

import (
	"bytes"
	"reflect"
	"testing"

	"golang.org/x/sys/unix"
)

func seedRequests() []Request {
	return []Request{
		{Op: OpAttach, Tag: 1},
		{Op: OpWalk, Tag: 2, FID: 1, Name: "etc"},
		{Op: OpWalk, Tag: 3, FID: 1, Name: string(bytes.Repeat([]byte("n"), MaxName))},
		{Op: OpStat, Tag: 4, FID: 2},
		{Op: OpOpen, Tag: 5, FID: 2, Flags: unix.O_RDWR | unix.O_APPEND},
		{Op: OpReadlink, Tag: 6, FID: 3},
		{Op: OpGetdents, Tag: 7, FID: 1, Cookie: 42},
		{Op: OpStatFS, Tag: 8, FID: 1},
		{Op: OpClunk, Tag: 9, FID: 1 << 40},
	}
}

func seedResponses() []Response {
	st := Stat{Dev: 1, Ino: 2, Mode: unix.S_IFREG | 0o644, Nlink: 1, UID: 3, GID: 4, Size: 5,
		Blksize: 4096, Blocks: 8, Atime: Timespec{1, 2}, Mtime: Timespec{3, 4}, Ctime: Timespec{5, 6}}
	return []Response{
		{Op: OpAttach, Tag: 1, FID: 1, Stat: st},
		{Op: OpWalk, Tag: 2, FID: 2, Stat: st},
		{Op: OpWalk, Tag: 2, Errno: unix.ENOENT},
		{Op: OpStat, Tag: 3, Stat: st},
		{Op: OpOpen, Tag: 4},
		{Op: OpOpen, Tag: 4, Errno: unix.EROFS},
		{Op: OpReadlink, Tag: 5, Target: "../../etc/passwd"},
		{Op: OpGetdents, Tag: 6, Next: 3, Dirents: []Dirent{{1, unix.DT_DIR, "."}, {2, unix.DT_DIR, ".."}, {3, unix.DT_REG, "f"}}},
		{Op: OpGetdents, Tag: 6},
		{Op: OpStatFS, Tag: 7, FSStat: FSStat{Type: 0xef53, Bsize: 4096, Blocks: 10, Fsid: [2]int32{-1, 2}, Namelen: 255}},
		{Op: OpClunk, Tag: 8},
	}
}

func FuzzDecodeRequest(f *testing.F) {
	for _, r := range seedRequests() {
		b, err := r.Encode(nil)
		if err != nil {
			f.Fatalf("encode %+v: %v", r, err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{byte(OpWalk), 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeRequest(b)
		if err != nil {
			return
		}
		enc, err := r.Encode(nil)
		if err != nil {
			t.Fatalf("re-encode of decoded %+v: %v", r, err)
		}
		if !bytes.Equal(enc, b) {
			t.Fatalf("encoding not canonical:\n in  %x\n out %x", b, enc)
		}
		r2, err := DecodeRequest(enc)
		if err != nil || !reflect.DeepEqual(r, r2) {
			t.Fatalf("round trip: %+v -> %+v, %v", r, r2, err)
		}
	})
}

func FuzzDecodeResponse(f *testing.F) {
	for _, r := range seedResponses() {
		b, err := r.Encode(nil)
		if err != nil {
			f.Fatalf("encode %+v: %v", r, err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{byte(OpGetdents), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeResponse(b)
		if err != nil {
			return
		}
		enc, err := r.Encode(nil)
		if err != nil {
			t.Fatalf("re-encode of decoded %+v: %v", r, err)
		}
		if !bytes.Equal(enc, b) {
			t.Fatalf("encoding not canonical:\n in  %x\n out %x", b, enc)
		}
		r2, err := DecodeResponse(enc)
		if err != nil || !reflect.DeepEqual(r, r2) {
			t.Fatalf("round trip: %+v -> %+v, %v", r, r2, err)
		}
	})
}

// TestProtocolRoundTrip checks every seed encodes and decodes to itself.
func TestProtocolRoundTrip(t *testing.T) {
	for _, r := range seedRequests() {
		b, err := r.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeRequest(b)
		if err != nil || !reflect.DeepEqual(got, r) {
			t.Errorf("request %+v -> %+v, %v", r, got, err)
		}
	}
	for _, r := range seedResponses() {
		b, err := r.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeResponse(b)
		if err != nil || !reflect.DeepEqual(got, r) {
			t.Errorf("response %+v -> %+v, %v", r, got, err)
		}
	}
}

// TestDecodeBounds checks the limits are enforced with the right errno.
func TestDecodeBounds(t *testing.T) {
	long := string(bytes.Repeat([]byte("a"), MaxName+1))
	if _, err := (&Request{Op: OpWalk, Name: long}).Encode(nil); err == nil {
		t.Error("encoded a name over MaxName")
	}
	// Hand-build a walk with a 256-byte name.
	b := []byte{byte(OpWalk), 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, byte(len(long)), byte(len(long) >> 8)}
	b = append(b, long...)
	r, err := DecodeRequest(b)
	de, ok := err.(*DecodeError)
	if !ok || de.Errno != unix.ENAMETOOLONG || r.Op != OpWalk || r.Tag != 1 {
		t.Errorf("long name: %+v, %v", r, err)
	}
	nul := []byte{byte(OpWalk), 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 'a', 0, 'b'}
	if _, err := DecodeRequest(nul); err == nil {
		t.Error("decoded a name with NUL")
	}
	if _, err := DecodeRequest(append(mustEncReq(t, Request{Op: OpStat, FID: 1}), 0)); err == nil {
		t.Error("decoded a request with a trailing byte")
	}
	if _, err := DecodeResponse(append(mustEncResp(t, Response{Op: OpStat, Errno: unix.EIO}), 0)); err == nil {
		t.Error("decoded a failed response with a payload")
	}
	if _, err := DecodeResponse(make([]byte, MaxMessage+1)); err == nil {
		t.Error("decoded an oversized response")
	}
	big := Response{Op: OpReadlink, Target: string(bytes.Repeat([]byte("t"), MaxSymlink+1))}
	if _, err := big.Encode(nil); err == nil {
		t.Error("encoded an oversized symlink target")
	}
}

func mustEncReq(t *testing.T, r Request) []byte {
	b, err := r.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustEncResp(t *testing.T, r Response) []byte {
	b, err := r.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
