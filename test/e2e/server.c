/*
 * server.c: a "Go-like" long-running server for compose-lint's end-to-end tests.
 *
 * It behaves the way a Go binary (or most language runtimes) does when it ends up as PID 1:
 *   - it only ever waits for children it started itself (waitpid(<that pid>)), never waitpid(-1),
 *     so orphans that the kernel re-parents to it stay <defunct> forever;
 *   - it has a SIGTERM/SIGINT handler that exits (Go's default without signal.Notify exits too).
 *
 * Usage:
 *   server                 serve forever (pause loop)
 *   server --orphan        additionally start one helper child that forks a grandchild and exits
 *                          at once; the grandchild is orphaned, lives ~200 ms, then exits. With this
 *                          server as PID 1 that grandchild becomes a zombie named "orphan".
 *   server --spawn CMD...  additionally run CMD once as a child (waited for, like exec.Cmd.Run)
 *
 * Built static (gcc -static) by scripts/engine-setup.sh into localhost/compose-lint-lab:1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested = 0;
static volatile pid_t own_child = 0;

static void on_term(int sig) {
  (void)sig;
  stop_requested = 1;
}

/* SIGCHLD: collect only the child this process started (never -1). */
static void on_chld(int sig) {
  (void)sig;
  int saved = errno;
  pid_t pid = own_child;
  if (pid > 0) {
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) own_child = 0;
  }
  errno = saved;
}

/* SIGCHLD stays blocked from fork() until own_child is set, so a child that exits at once is
 * still collected by on_chld (otherwise it would be our own zombie). */
static sigset_t block_chld(void) {
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigprocmask(SIG_BLOCK, &set, &old);
  return old;
}

static void spawn_orphan(void) {
  sigset_t old = block_chld();
  pid_t helper = fork();
  if (helper < 0) {
    perror("server: fork");
    sigprocmask(SIG_SETMASK, &old, NULL);
    return;
  }
  if (helper == 0) {
    sigprocmask(SIG_SETMASK, &old, NULL);
    pid_t grandchild = fork();
    if (grandchild == 0) {
      prctl(PR_SET_NAME, "orphan", 0, 0, 0);
      struct timespec ts = {0, 200 * 1000 * 1000};
      nanosleep(&ts, NULL); /* outlive the helper so it is re-parented, then exit */
      _exit(0);
    }
    _exit(0); /* the helper leaves at once: its child is now an orphan */
  }
  own_child = helper;
  sigprocmask(SIG_SETMASK, &old, NULL);
}

static void spawn_command(char **argv) {
  sigset_t old = block_chld();
  pid_t pid = fork();
  if (pid < 0) {
    perror("server: fork");
    sigprocmask(SIG_SETMASK, &old, NULL);
    return;
  }
  if (pid == 0) {
    sigprocmask(SIG_SETMASK, &old, NULL);
    execvp(argv[0], argv);
    perror("server: exec");
    _exit(127);
  }
  own_child = pid;
  sigprocmask(SIG_SETMASK, &old, NULL);
}

int main(int argc, char **argv) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_chld;
  sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);
  sa.sa_handler = on_term;
  sa.sa_flags = 0;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  if (argc > 1 && strcmp(argv[1], "--orphan") == 0) {
    spawn_orphan();
  } else if (argc > 2 && strcmp(argv[1], "--spawn") == 0) {
    spawn_command(argv + 2);
  } else if (argc > 1) {
    fprintf(stderr, "usage: server [--orphan | --spawn CMD...]\n");
    return 64;
  }

  fprintf(stderr, "server: pid %d serving\n", (int)getpid());
  while (!stop_requested) pause();
  fprintf(stderr, "server: SIGTERM, exiting\n");
  return 0;
}
