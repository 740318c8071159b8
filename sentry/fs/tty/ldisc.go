package tty

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
)

// Buffer limits, as Linux's.
const (
	// bufSize is N_TTY_BUF_SIZE: the line discipline's input buffer; a
	// canonical line holds at most bufSize-1 characters and its terminator.
	bufSize = 4096
	// pendingCap bounds what the master wrote that the line discipline has
	// not taken yet: Linux's flip buffers (TTYB_DEFAULT_MEM_LIMIT, 64 KiB,
	// spent on a flag byte beside each character and on buffer headers)
	// take a little over 16 KiB before a master writer blocks.
	pendingCap = 16384
	// outCap bounds what the replica wrote (and echoes) that the master has
	// not read.
	outCap = 65536
)

// Termios is the kernel's struct termios2 (TCGETS copies its first 36 bytes).
type Termios struct {
	Iflag, Oflag, Cflag, Lflag uint32
	Line                       byte
	CC                         [19]byte
	Ispeed, Ospeed             uint32
}

// Sizes of struct termios and struct termios2 as the kernel copies them.
const (
	termiosSize  = 36
	termios2Size = 44
)

// Control character indexes.
const (
	vINTR = iota
	vQUIT
	vERASE
	vKILL
	vEOF
	vTIME
	vMIN
	vSWTC
	vSTART
	vSTOP
	vSUSP
	vEOL
	vREPRINT
	vDISCARD
	vWERASE
	vLNEXT
	vEOL2
)

// defaultTermios is what a new pty's replica starts with (Linux's
// pts_driver init_termios).
func defaultTermios() Termios {
	return Termios{
		Iflag:  unix.ICRNL | unix.IXON,
		Oflag:  unix.OPOST | unix.ONLCR,
		Cflag:  unix.B38400 | unix.CS8 | unix.CREAD,
		Lflag:  unix.ISIG | unix.ICANON | unix.ECHO | unix.ECHOE | unix.ECHOK | unix.ECHOCTL | unix.ECHOKE | unix.IEXTEN,
		CC:     [19]byte{3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0},
		Ispeed: 38400, Ospeed: 38400,
	}
}

func (t *Termios) encode(size int) []byte {
	b := make([]byte, termios2Size)
	le := binary.LittleEndian
	le.PutUint32(b[0:], t.Iflag)
	le.PutUint32(b[4:], t.Oflag)
	le.PutUint32(b[8:], t.Cflag)
	le.PutUint32(b[12:], t.Lflag)
	b[16] = t.Line
	copy(b[17:36], t.CC[:])
	le.PutUint32(b[36:], t.Ispeed)
	le.PutUint32(b[40:], t.Ospeed)
	return b[:size]
}

func decodeTermios(b []byte) Termios {
	le := binary.LittleEndian
	t := Termios{Iflag: le.Uint32(b[0:]), Oflag: le.Uint32(b[4:]), Cflag: le.Uint32(b[8:]), Lflag: le.Uint32(b[12:]), Line: b[16]}
	copy(t.CC[:], b[17:36])
	if len(b) >= termios2Size {
		t.Ispeed, t.Ospeed = le.Uint32(b[36:]), le.Uint32(b[40:])
	}
	return t
}

// bauds maps the CBAUD codes to speeds.
var bauds = map[uint32]uint32{0: 0, 1: 50, 2: 75, 3: 110, 4: 134, 5: 150, 6: 200, 7: 300, 8: 600, 9: 1200, 10: 1800,
	11: 2400, 12: 4800, 13: 9600, 14: 19200, 15: 38400, 0o10001: 57600, 0o10002: 115200, 0o10003: 230400,
	0o10004: 460800, 0o10005: 500000, 0o10006: 576000, 0o10007: 921600, 0o10010: 1000000, 0o10011: 1152000,
	0o10012: 1500000, 0o10013: 2000000, 0o10014: 2500000, 0o10015: 3000000, 0o10016: 3500000, 0o10017: 4000000}

// fixSpeeds sets the speeds from the baud bits (struct termios has no
// speed fields; termios2 with BOTHER keeps the ones given).
func (t *Termios) fixSpeeds() {
	if t.Cflag&unix.CBAUD != unix.BOTHER {
		t.Ospeed = bauds[t.Cflag&unix.CBAUD]
	}
	ib := (t.Cflag & unix.CIBAUD) >> 16
	switch {
	case ib == 0:
		t.Ispeed = t.Ospeed
	case ib != unix.BOTHER:
		t.Ispeed = bauds[ib]
	}
}

// ldisc is the line discipline (Linux's N_TTY) of one terminal: the
// replica's input queue, fed by what the master writes, and the output
// processing of what the replica writes and of echoes, into the master's
// read queue. It is guarded by its Terminal's mu.
type ldisc struct {
	tio Termios

	lines [][]byte // canonical: complete lines (an empty one is an EOF)
	nline int      // bytes in lines, an EOF counting one (as Linux stores it)
	neof  int      // EOFs in lines
	edit  []byte   // canonical: the line being edited
	raw   []byte   // non-canonical input
	lnext bool     // the next character is literal (VLNEXT)

	out              []byte // for the master to read
	column, canonCol int
	stopped          bool          // output stopped (VSTOP, TCOOFF)
	tcoStopped       bool          // stopped by TCOOFF: only TCOON restarts it
	packet           bool          // the master reads in packet mode (TIOCPKT)
	pkt              byte          // packet-mode status for the master's next read
	echoes           []echoOp      // echoes not yet put out (Linux's echo buffer)
	batch            int           // len(out) when the current input batch began
	sigs             []unix.Signal // ISIG signals for the foreground group
}

func (l *ldisc) canon() bool           { return l.tio.Lflag&unix.ICANON != 0 }
func (l *ldisc) lflag(f uint32) bool   { return l.tio.Lflag&f != 0 }
func (l *ldisc) iflag(f uint32) bool   { return l.tio.Iflag&f != 0 }
func (l *ldisc) oflag(f uint32) bool   { return l.tio.Oflag&f != 0 }
func (l *ldisc) is(c byte, i int) bool { return c != 0 && c == l.tio.CC[i] }
func iscntrl(c byte) bool              { return c < 32 || c == 0o177 }

// isalnum is the kernel's, whose ctype is ISO 8859-1: the accented letters
// 0xc0-0xff (but for the multiplication and division signs) are letters.
func isalnum(c byte) bool {
	switch {
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return true
	case c >= 0xc0:
		return c != 0xd7 && c != 0xf7
	}
	return false
}
func (l *ldisc) contByte(c byte) bool     { return l.iflag(unix.IUTF8) && c&0xc0 == 0x80 }
func (l *ldisc) outRoom(n int) bool       { return len(l.out)+n <= outCap }
func (l *ldisc) linesLen() (n int, _ int) { return l.nline, len(l.lines) }

// eofLine reports whether ln is an end-of-file mark.
func eofLine(ln []byte) bool { return len(ln) == 0 }

// inputCount is what FIONREAD reports: in canonical mode the bytes of the
// complete lines, else all queued input.
func (l *ldisc) inputCount() int {
	if l.canon() {
		return l.nline - l.neof
	}
	return len(l.raw)
}

// readable reports whether a read would find input (poll asks with
// poll=true: a non-canonical read needs VMIN bytes when VTIME is 0).
func (l *ldisc) readable(poll bool) bool {
	if l.canon() {
		return len(l.lines) > 0
	}
	need := 1
	if poll && l.tio.CC[vTIME] == 0 && l.tio.CC[vMIN] > 0 {
		need = int(l.tio.CC[vMIN])
	}
	return len(l.raw) >= need
}

// read takes input into p: in canonical mode at most one line (0 and
// eof=true for an end-of-file mark).
func (l *ldisc) read(p []byte) (n int, eof bool) {
	if !l.canon() {
		n = copy(p, l.raw)
		l.raw = l.raw[n:]
		if len(l.raw) == 0 {
			l.raw = nil
		}
		return n, false
	}
	if len(l.lines) == 0 {
		return 0, false
	}
	ln := l.lines[0]
	if eofLine(ln) {
		l.lines = l.lines[1:]
		l.nline--
		l.neof--
		return 0, true
	}
	n = copy(p, ln)
	l.nline -= n
	if n == len(ln) {
		l.lines = l.lines[1:]
	} else {
		l.lines[0] = ln[n:]
	}
	return n, false
}

// full reports whether the input queue can take no more characters now.
func (l *ldisc) full() bool {
	if l.canon() {
		n, count := l.linesLen()
		// A full queue of one unfinished line still takes characters
		// (erase, kill and the line's end work; others are dropped).
		return count > 0 && n+len(l.edit) >= bufSize-1
	}
	return len(l.raw) >= bufSize-1
}

// receive runs the master's bytes through the line discipline as far as
// the input queue has room, and returns how many it took. As in Linux,
// echoes wait in the echo buffer until the batch ends (or a start
// character, or a signal character without ECHO, or 256 of them).
func (l *ldisc) receive(p []byte) int {
	l.batch = len(l.out)
	n := len(p)
	for i, c := range p {
		if l.full() {
			n = i
			break
		}
		l.receiveChar(c)
		if len(l.echoes) >= echoCommit {
			l.processEchoes()
		}
	}
	l.processEchoes()
	return n
}

// echoCommit is Linux's ECHO_COMMIT_WATERMARK.
const echoCommit = 256

// echoOp is one entry of the echo buffer.
type echoOp struct {
	kind byte
	c    byte
	n    int
}

// Echo buffer entries.
const (
	opChar     = iota // c, through output processing
	opCtl             // control character c as ^X
	opCanonCol        // the canonical column is the current one
	opEraseTab        // back over a tab: n columns since the line start (c 0) or a tab (c 1)
)

func (l *ldisc) addEcho(op echoOp) {
	if len(l.echoes) < bufSize {
		l.echoes = append(l.echoes, op)
	}
}

// processEchoes puts buffered echoes out, unless output is stopped, as far
// as the master's queue has room.
func (l *ldisc) processEchoes() {
	for len(l.echoes) > 0 && !l.stopped {
		op := l.echoes[0]
		if !l.outRoom(8) {
			return
		}
		switch op.kind {
		case opCanonCol:
			l.canonCol = l.column
		case opCtl:
			l.out = append(l.out, '^', op.c^0o100)
			l.column += 2
		case opEraseTab:
			n := op.n
			if op.c == 0 {
				n += l.canonCol
			}
			for k := 8 - n&7; k > 0; k-- {
				l.out = append(l.out, '\b')
				if l.column > 0 {
					l.column--
				}
			}
		default:
			if l.oflag(unix.OPOST) {
				l.outputChar(op.c)
			} else {
				l.out = append(l.out, op.c)
			}
		}
		l.echoes = l.echoes[1:]
	}
	if len(l.echoes) == 0 {
		l.echoes = nil
	}
}

func (l *ldisc) receiveChar(c byte) {
	if l.iflag(unix.ISTRIP) {
		c &= 0x7f
	}
	if l.iflag(unix.IUCLC) && l.lflag(unix.IEXTEN) && c >= 'A' && c <= 'Z' {
		c += 'a' - 'A'
	}
	orig := c
	if l.lnext {
		l.lnext = false
		l.normalChar(c, false)
		return
	}
	if l.iflag(unix.IXON) {
		if l.is(c, vSTART) {
			l.start()
			return
		}
		if l.is(c, vSTOP) {
			l.stop()
			return
		}
	}
	if l.lflag(unix.ISIG) {
		sig := unix.Signal(0)
		switch {
		case l.is(c, vINTR):
			sig = unix.SIGINT
		case l.is(c, vQUIT):
			sig = unix.SIGQUIT
		case l.is(c, vSUSP):
			sig = unix.SIGTSTP
		}
		if sig != 0 {
			l.sigs = append(l.sigs, sig)
			if !l.lflag(unix.NOFLSH) {
				// Linux drops the echo buffer and what this batch
				// put out that the master has not taken in yet.
				l.flushRead()
				l.echoes = nil
				if len(l.out) > l.batch {
					l.out = l.out[:l.batch]
				}
				l.setPkt(pktFlushWrite, 0)
			}
			if l.iflag(unix.IXON) {
				l.restart()
			}
			if l.lflag(unix.ECHO) {
				l.echo(c)
			} else {
				l.processEchoes()
			}
			return
		}
	}
	if l.stopped && l.iflag(unix.IXON) && l.iflag(unix.IXANY) {
		l.start()
	}
	switch {
	case c == '\r':
		if l.iflag(unix.IGNCR) {
			return
		}
		if l.iflag(unix.ICRNL) {
			c = '\n'
		}
	case c == '\n' && l.iflag(unix.INLCR):
		c = '\r'
	}
	if l.canon() {
		switch {
		case l.is(c, vERASE) || l.is(c, vKILL) || (l.is(c, vWERASE) && l.lflag(unix.IEXTEN)):
			l.erase(c)
			return
		case l.is(c, vLNEXT) && l.lflag(unix.IEXTEN):
			l.lnext = true
			if l.lflag(unix.ECHO) && l.lflag(unix.ECHOCTL) {
				l.echoRaw('^')
				l.echoRaw('\b')
			}
			return
		case l.is(c, vREPRINT) && l.lflag(unix.ECHO) && l.lflag(unix.IEXTEN):
			l.echo(c)
			l.echoRaw('\n')
			for _, e := range l.edit {
				l.echo(e)
			}
			return
		case c == '\n':
			if l.lflag(unix.ECHO) || l.lflag(unix.ECHONL) {
				l.echoRaw('\n')
			}
			l.endLine(c, true)
			return
		case l.is(c, vEOF):
			l.endLine(c, false)
			return
		case l.is(c, vEOL) || (l.is(c, vEOL2) && l.lflag(unix.IEXTEN)):
			if l.lflag(unix.ECHO) {
				if len(l.edit) == 0 {
					l.addEcho(echoOp{kind: opCanonCol})
				}
				l.echo(c)
			}
			l.endLine(c, true)
			return
		}
	}
	l.normalChar(c, l.special(orig))
}

// special reports whether Linux's n_tty treats c as a special character
// under the current settings (its char_map): such a character that ends up
// as a newline echoes as one, where an ordinary newline echoes as ^J.
func (l *ldisc) special(c byte) bool {
	if c == 0 {
		return false
	}
	switch {
	case c == '\r' && (l.iflag(unix.IGNCR) || l.iflag(unix.ICRNL)),
		c == '\n' && l.iflag(unix.INLCR),
		l.iflag(unix.IXON) && (l.is(c, vSTART) || l.is(c, vSTOP)),
		l.lflag(unix.ISIG) && (l.is(c, vINTR) || l.is(c, vQUIT) || l.is(c, vSUSP)):
		return true
	}
	if !l.canon() {
		return false
	}
	if c == '\n' || l.is(c, vERASE) || l.is(c, vKILL) || l.is(c, vEOF) || l.is(c, vEOL) {
		return true
	}
	return l.lflag(unix.IEXTEN) && (l.is(c, vWERASE) || l.is(c, vLNEXT) || l.is(c, vEOL2) ||
		(l.lflag(unix.ECHO) && l.is(c, vREPRINT)))
}

// normalChar echoes and queues an ordinary character; special says whether
// it came through the special-character path.
func (l *ldisc) normalChar(c byte, special bool) {
	if l.canon() && len(l.edit) >= bufSize-1 {
		return // the line is full: Linux drops the character
	}
	if l.lflag(unix.ECHO) {
		if c == '\n' && special {
			l.echoRaw('\n')
		} else {
			// Any other newline (an ordinary or a literal one) echoes as
			// ^J under ECHOCTL, as in Linux.
			if l.canon() && len(l.edit) == 0 {
				l.addEcho(echoOp{kind: opCanonCol})
			}
			l.echo(c)
		}
	}
	if l.canon() {
		l.edit = append(l.edit, c)
	} else {
		l.raw = append(l.raw, c)
	}
}

// endLine completes the edited line; keep says whether c ends it (not EOF).
func (l *ldisc) endLine(c byte, keep bool) {
	ln := l.edit
	if keep {
		ln = append(ln, c)
	}
	if ln == nil {
		ln = []byte{}
	}
	l.lines = append(l.lines, ln)
	l.nline += max(len(ln), 1)
	if eofLine(ln) {
		l.neof++
	}
	l.edit = nil
}

// erase runs ERASE, WERASE or KILL on the edited line, with its echo.
func (l *ldisc) erase(c byte) {
	echo := l.lflag(unix.ECHO)
	if len(l.edit) == 0 {
		return
	}
	kill := l.is(c, vKILL) && !l.is(c, vERASE)
	werase := !kill && l.is(c, vWERASE) && !l.is(c, vERASE)
	if kill {
		if !echo {
			l.edit = nil
			return
		}
		if !l.lflag(unix.ECHOK) || !l.lflag(unix.ECHOKE) || !l.lflag(unix.ECHOE) {
			l.edit = nil
			l.echo(c)
			if l.lflag(unix.ECHOK) {
				l.echoRaw('\n')
			}
			return
		}
	}
	seenAlnum := false
	for len(l.edit) > 0 {
		// One character, with its UTF-8 continuation bytes.
		i := len(l.edit) - 1
		for i > 0 && l.contByte(l.edit[i]) {
			i--
		}
		ch := l.edit[i]
		if l.contByte(ch) {
			break // nothing but continuation bytes: Linux erases none
		}
		if werase {
			if isalnum(ch) || ch == '_' {
				seenAlnum = true
			} else if seenAlnum {
				break
			}
		}
		before := l.edit[:i]
		l.edit = before
		if echo {
			switch {
			case !kill && !werase && !l.lflag(unix.ECHOE):
				l.echo(c)
			case ch == '\t':
				// Columns since the line start or the previous tab.
				n, afterTab := 0, byte(0)
				for k := len(before) - 1; k >= 0; k-- {
					e := before[k]
					switch {
					case e == '\t':
						afterTab = 1
					case iscntrl(e):
						if l.lflag(unix.ECHOCTL) {
							n += 2
						}
					case !l.contByte(e):
						n++
					}
					if afterTab == 1 {
						break
					}
				}
				l.addEcho(echoOp{kind: opEraseTab, c: afterTab, n: n})
			default:
				if iscntrl(ch) && l.lflag(unix.ECHOCTL) {
					l.echoBytes("\b \b")
				}
				if !iscntrl(ch) || l.lflag(unix.ECHOCTL) {
					l.echoBytes("\b \b")
				}
			}
		}
		if !kill && !werase {
			break
		}
	}
}

// echo echoes c, a control character as ^X under ECHOCTL.
func (l *ldisc) echo(c byte) {
	if l.lflag(unix.ECHOCTL) && iscntrl(c) && c != '\t' {
		l.addEcho(echoOp{kind: opCtl, c: c})
		return
	}
	l.echoRaw(c)
}

func (l *ldisc) echoBytes(s string) {
	for i := 0; i < len(s); i++ {
		l.echoRaw(s[i])
	}
}

// echoRaw echoes c through output processing.
func (l *ldisc) echoRaw(c byte) { l.addEcho(echoOp{kind: opChar, c: c}) }

// start restarts output stopped by VSTOP (not by TCOOFF) and puts buffered
// echoes out.
func (l *ldisc) start() {
	l.restart()
	l.processEchoes()
}

// restart is Linux's __start_tty.
func (l *ldisc) restart() {
	if l.stopped && !l.tcoStopped {
		l.stopped = false
		l.setPkt(pktStart, pktStop)
	}
}

// stop is Linux's __stop_tty.
func (l *ldisc) stop() {
	if !l.stopped {
		l.stopped = true
		l.setPkt(pktStop, pktStart)
	}
}

// Packet-mode status bits (TIOCPKT_*).
const (
	pktFlushRead  = 1
	pktFlushWrite = 2
	pktStop       = 4
	pktStart      = 8
	pktNoStop     = 16
	pktDoStop     = 32
)

// setPkt records a packet-mode event: set bits on, clear bits off.
func (l *ldisc) setPkt(set, clear byte) {
	if l.packet {
		l.pkt = l.pkt&^clear | set
	}
}

// flushRead drops the replica's input, telling a packet-mode master.
func (l *ldisc) flushRead() {
	l.flushInput()
	l.setPkt(pktFlushRead, 0)
}

// write runs what the replica writes through output processing into the
// master's queue, as far as it has room, and returns how many bytes it took.
func (l *ldisc) write(p []byte) int {
	l.processEchoes() // Linux's n_tty_write puts pending echoes out first
	if !l.oflag(unix.OPOST) {
		n := min(len(p), outCap-len(l.out))
		l.out = append(l.out, p[:n]...)
		return n
	}
	for i, c := range p {
		if !l.outRoom(8) {
			return i
		}
		l.outputChar(c)
	}
	return len(p)
}

// outputChar is Linux's do_output_char (OPOST set).
func (l *ldisc) outputChar(c byte) {
	switch c {
	case '\n':
		if l.oflag(unix.ONLRET) {
			l.column = 0
		}
		if l.oflag(unix.ONLCR) {
			l.column, l.canonCol = 0, 0
			l.out = append(l.out, '\r', '\n')
			return
		}
		l.canonCol = l.column
	case '\r':
		if l.oflag(unix.ONOCR) && l.column == 0 {
			return
		}
		if l.oflag(unix.OCRNL) {
			c = '\n'
			if l.oflag(unix.ONLRET) {
				l.column, l.canonCol = 0, 0
			}
			break
		}
		l.column, l.canonCol = 0, 0
	case '\t':
		spaces := 8 - l.column&7
		l.column += spaces
		if l.tio.Oflag&unix.TABDLY == unix.XTABS {
			l.out = append(l.out, "        "[:spaces]...)
			return
		}
	case '\b':
		if l.column > 0 {
			l.column--
		}
	default:
		if !iscntrl(c) {
			if l.oflag(unix.OLCUC) && c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			if !l.contByte(c) {
				l.column++
			}
		}
	}
	l.out = append(l.out, c)
}

// flushInput drops all queued input.
func (l *ldisc) flushInput() {
	l.lines, l.nline, l.neof, l.edit, l.raw, l.lnext = nil, 0, 0, nil, nil, false
}

// setTermios installs t, moving queued input between canonical and
// non-canonical form as Linux does.
func (l *ldisc) setTermios(t Termios) {
	wasCanon := l.canon()
	flow := func(t *Termios) bool { return t.Iflag&unix.IXON != 0 && t.CC[vSTOP] == 0o23 && t.CC[vSTART] == 0o21 }
	if oldFlow, newFlow := flow(&l.tio), flow(&t); oldFlow != newFlow {
		if newFlow {
			l.setPkt(pktDoStop, pktNoStop)
		} else {
			l.setPkt(pktNoStop, pktDoStop)
		}
	}
	l.tio = t
	switch {
	case wasCanon && !l.canon():
		var raw []byte
		for _, ln := range l.lines {
			raw = append(raw, ln...)
		}
		l.raw = append(raw, l.edit...)
		l.lines, l.nline, l.neof, l.edit = nil, 0, 0, nil
	case !wasCanon && l.canon() && len(l.raw) > 0:
		// What was queued becomes one line, readable at once.
		l.lines, l.nline = [][]byte{l.raw}, len(l.raw)
		l.raw = nil
	}
	if !l.iflag(unix.IXON) {
		l.start()
	}
}
