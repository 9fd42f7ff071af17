/* fake-server: stands in for a Go (or Rust) HTTP server running as PID 1 in the PID 1 lab.
 *
 * It behaves the way the linter's rules assume such a server behaves:
 *  - it collects only the one child it started itself (waitpid(own_pid), never waitpid(-1)),
 *    so any orphan the kernel re-parents to it stays <defunct> forever;
 *  - SIGTERM or SIGINT end it with exit status 2, as the Go runtime does when the program
 *    never called signal.Notify.
 *
 * Usage: fake-server [command [args...]]
 *   The optional command is started once at start-up (like exec.Command(...).Run() in Go)
 *   and reaped by pid when it ends.
 *
 * Signal handling: the three signals are blocked and only delivered inside sigsuspend(),
 * whose handlers merely record what arrived; the main loop then acts on the flags. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/wait.h>

static volatile sig_atomic_t got_stop = 0;
static volatile sig_atomic_t got_child = 0;

static void note_stop(int sig) { (void)sig; got_stop = 1; }
static void note_child(int sig) { (void)sig; got_child = 1; }

static void install(int sig, void (*fn)(int), int flags) {
  struct sigaction act;
  memset(&act, 0, sizeof act);
  act.sa_handler = fn;
  act.sa_flags = flags;
  sigemptyset(&act.sa_mask);
  if (sigaction(sig, &act, NULL) != 0) perror("sigaction");
}

int main(int argc, char **argv) {
  sigset_t watched, previous;
  sigemptyset(&watched);
  sigaddset(&watched, SIGTERM);
  sigaddset(&watched, SIGINT);
  sigaddset(&watched, SIGCHLD);
  sigprocmask(SIG_BLOCK, &watched, &previous);

  install(SIGTERM, note_stop, 0);
  install(SIGINT, note_stop, 0);
  /* a real handler (not SIG_IGN, no SA_NOCLDWAIT): the kernel keeps exited children as zombies */
  install(SIGCHLD, note_child, SA_NOCLDSTOP);

  pid_t own = -1;
  if (argc > 1) {
    own = fork();
    if (own < 0) {
      perror("fork");
      return 1;
    }
    if (own == 0) {
      /* the command starts with the signal mask and handlers a fresh process would have */
      sigprocmask(SIG_SETMASK, &previous, NULL);
      execvp(argv[1], argv + 1);
      perror("execvp");
      _exit(127);
    }
  }

  for (;;) {
    sigsuspend(&previous);
    if (got_stop) return 2;
    if (got_child) {
      got_child = 0;
      /* only the child we started; orphans handed to us by the kernel are never collected */
      if (own > 0 && waitpid(own, NULL, WNOHANG) == own) own = -1;
    }
  }
}
