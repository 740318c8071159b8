// unlink_sticky_dir: in a sticky directory (mode 1777) a user may unlink or rename only the files it owns (or, owning the directory, any); others' files are EPERM, and root (CAP_FOWNER) removes anything; without the sticky bit write permission is enough.
#include "../common.h"
#include "sticky.h"

int main(void) {
  CHECK_OK(chmod(".", 0755));
  sticky_checks();
  DONE();
}
