// execveat_memfd: a program copied into a memfd runs through fexecve (execveat with AT_EMPTY_PATH), with its argv and environment and AT_EXECFN /dev/fd/N; a #! script in a memfd opened close-on-exec is ENOENT; a memfd without execute permission is EACCES.
#include "../common.h"
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(int argc, char **argv, char **envp) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) {
    const char *fn = (const char *)getauxval(AT_EXECFN);
    printf("child: argv[2]=%s env=%s execfn=%s\n", argv[2], getenv("HUSK_MEMFD") ? getenv("HUSK_MEMFD") : "(none)",
           fn && strncmp(fn, "/dev/fd/", 8) == 0 ? "/dev/fd/N" : "other");
    return 4;
  }
  (void)envp;
  int src = open("/proc/self/exe", O_RDONLY);
  if (src < 0)
    src = open(argv[0], O_RDONLY);
  CHECK(src >= 0);
  int m = memfd_create("prog", MFD_CLOEXEC);
  CHECK(m >= 0);
  char buf[65536];
  ssize_t n;
  while ((n = read(src, buf, sizeof buf)) > 0)
    CHECK_EQ(write(m, buf, n), n);
  close(src);
  pid_t pid = fork();
  if (pid == 0) {
    char *av[] = {"prog", "child", "hello", NULL};
    char *ev[] = {"HUSK_MEMFD=yes", NULL};
    fexecve(m, av, ev);
    _exit(100 + errno);
  }
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st));
  CHECK_EQ(WEXITSTATUS(st), 4);

  int s = memfd_create("script", MFD_CLOEXEC);
  CHECK_EQ(write(s, "#!/bin/sh\nexit 0\n", 17), 17);
  char *av[] = {"script", NULL};
  char *ev[] = {NULL};
  CHECK_ERR(syscall(SYS_execveat, s, "", av, ev, AT_EMPTY_PATH), ENOENT);
  CHECK_OK(fchmod(m, 0600));
  CHECK_ERR(syscall(SYS_execveat, m, "", av, ev, AT_EMPTY_PATH), EACCES);
  DONE();
}
