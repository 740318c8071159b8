// execve_script_args: execve of a "#!" script runs its interpreter with the #! line's one optional argument (spaces kept inside it), then the script path, then the caller's arguments after argv[0]; a script with no execute permission is EACCES; an interpreter that does not exist is ENOENT; a #! chain deeper than Linux allows is ELOOP.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

static void script(const char *path, const char *text, int mode) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  write(fd, text, strlen(text));
  close(fd);
}

int main(void) {
  /* ./a prints its arguments through /bin/echo. */
  script("a", "#!/bin/echo one two  \nignored\n", 0755);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    char *argv[] = {"zero", "x", "y z", NULL};
    execve("./a", argv, NULL);
    _exit(99);
  }
  int st;
  CHECK_EQ(waitpid(c, &st, 0), c);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

  script("noexec", "#!/bin/echo\n", 0644);
  char *argv[] = {"noexec", NULL};
  CHECK_ERR(execve("./noexec", argv, NULL), EACCES);
  script("missing", "#!/nonexistent/interp\n", 0755);
  CHECK_ERR(execve("./missing", argv, NULL), ENOENT);
  /* s0 -> s1 -> ... -> s5: each script's interpreter is the next script. */
  char name[8], text[32];
  for (int i = 0; i < 6; i++) {
    snprintf(name, sizeof name, "s%d", i);
    snprintf(text, sizeof text, "#!./s%d\n", i + 1);
    script(name, text, 0755);
  }
  script("s6", "#!/bin/echo deep\n", 0755);
  CHECK_ERR(execve("./s0", argv, NULL), ELOOP);
  DONE();
}
