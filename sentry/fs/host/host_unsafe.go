package host

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// termiosBytes is the kernel's struct termios (36 bytes on amd64) of t.
func termiosBytes(t *unix.Termios) []byte {
	// x/sys appends the speeds (termios2 layout); TCGETS fills the first 36 bytes.
	return append([]byte(nil), unsafe.Slice((*byte)(unsafe.Pointer(t)), unsafe.Sizeof(*t))[:36]...)
}
