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
		{Op: OpAttach, Tag: 10, Mount: 3},
		{Op: OpCreate, Tag: 11, FID: 1, Name: "new.o", Flags: unix.O_RDWR | unix.O_EXCL | unix.O_TRUNC, Mode: 0o644, UID: 1000, GID: 1000},
		{Op: OpMkdir, Tag: 12, FID: 1, Name: "obj", Mode: 0o755, UID: 0, GID: 0},
		{Op: OpMkfifo, Tag: 18, FID: 1, Name: "fifo", Mode: 0o600, UID: 7, GID: 8},
		{Op: OpTmpfile, Tag: 19, FID: 1, Flags: unix.O_RDWR | unix.O_EXCL, Mode: 0o600, UID: 7, GID: 8, CPU: 3},
		{Op: OpLinkFID, Tag: 20, FID: 9, NewFID: 1, NewName: "named"},
		{Op: OpSymlink, Tag: 13, FID: 1, Name: "l", Target: "../../etc/shadow", UID: 1, GID: 2},
		{Op: OpLink, Tag: 14, FID: 1, Name: "a", NewFID: 2, NewName: "b"},
		{Op: OpUnlink, Tag: 15, FID: 1, Name: "d", Flags: unix.AT_REMOVEDIR},
		{Op: OpRename, Tag: 16, FID: 1, Name: "a.tmp", NewFID: 1, NewName: "a", Flags: unix.RENAME_EXCHANGE},
		{Op: OpSetAttr, Tag: 17, FID: 2, Mask: SetAttrMode | SetAttrAtime | SetAttrMtime, Mode: 0o4755,
			Atime: Timespec{1, unix.UTIME_OMIT}, Mtime: Timespec{0, unix.UTIME_NOW}},
		{Op: OpSymlink, Tag: 18, FID: 1, Name: "long", Target: string(bytes.Repeat([]byte("t"), MaxSymlink))},
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
		{Op: OpCreate, Tag: 9, FID: 3, Stat: st},
		{Op: OpCreate, Tag: 9, Errno: unix.EEXIST},
		{Op: OpMkdir, Tag: 10, FID: 4, Stat: st},
		{Op: OpSymlink, Tag: 11, FID: 5, Stat: st},
		{Op: OpLink, Tag: 12, FID: 6, Stat: st},
		{Op: OpLink, Tag: 12, Errno: unix.EXDEV},
		{Op: OpTmpfile, Tag: 16, FID: 7, Stat: st},
		{Op: OpLinkFID, Tag: 17, FID: 8, Stat: st},
		{Op: OpLinkFID, Tag: 17, Errno: unix.ENOENT},
		{Op: OpUnlink, Tag: 13},
		{Op: OpUnlink, Tag: 13, Errno: unix.ENOTEMPTY},
		{Op: OpRename, Tag: 14},
		{Op: OpSetAttr, Tag: 15, Stat: st},
		{Op: OpSetAttr, Tag: 15, Errno: unix.EROFS},
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

// TestDecodeBoundsWriteOps checks the bounds of the write ops' names and
// targets, each of which is checked before anything is copied.
func TestDecodeBoundsWriteOps(t *testing.T) {
	long := string(bytes.Repeat([]byte("a"), MaxName+1))
	for _, r := range []Request{
		{Op: OpCreate, FID: 1, Name: long},
		{Op: OpRename, FID: 1, Name: "a", NewFID: 1, NewName: long},
		{Op: OpLink, FID: 1, Name: "a", NewFID: 1, NewName: "b\x00c"},
		{Op: OpSymlink, FID: 1, Name: "s", Target: string(bytes.Repeat([]byte("t"), MaxSymlink+1))},
		{Op: OpSymlink, FID: 1, Name: "s", Target: "a\x00b"},
	} {
		if _, err := r.Encode(nil); err == nil {
			t.Errorf("encoded %v with a bad name or target", r.Op)
		}
	}
	// Hand-build a rename whose new name claims 300 bytes: ENAMETOOLONG
	// with the op and tag kept, so the server can answer.
	b := mustEncReq(t, Request{Op: OpRename, Tag: 7, FID: 1, Name: "a", NewFID: 2, NewName: "b"})
	cut := b[:len(b)-4-1-2] // drop flags, "b" and its length
	cut = append(cut, 44, 1)
	cut = append(cut, bytes.Repeat([]byte("n"), 300)...)
	cut = append(cut, 0, 0, 0, 0)
	r, err := DecodeRequest(cut)
	de, ok := err.(*DecodeError)
	if !ok || de.Errno != unix.ENAMETOOLONG || r.Op != OpRename || r.Tag != 7 {
		t.Errorf("long new name: %+v, %v", r, err)
	}
	// A symlink target length past the end of the message is short, not a panic.
	b = mustEncReq(t, Request{Op: OpSymlink, Tag: 8, FID: 1, Name: "s", Target: "t"})
	if _, err := DecodeRequest(b[:len(b)-9]); err == nil {
		t.Error("decoded a truncated symlink request")
	}
}
