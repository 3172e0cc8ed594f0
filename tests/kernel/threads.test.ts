// Threads and limits seen from the kernel side: the default descriptor limits a guest gets, and
// fair scheduling — a spinning thread and a spinning process must not starve another process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Kernel, shellExitCode } from "../../src/kernel/kernel.js";
import { buildC, testHost, workDir } from "./helpers.js";

async function runGuest(bin: string): Promise<{ out: string; code: number; ms: number }> {
  const { host, out } = testHost();
  const k = new Kernel(host, { cwd: workDir });
  const t0 = Date.now();
  k.spawn(bin, [bin], []);
  const st = await k.run();
  host.close();
  return { out: out.text(), code: shellExitCode(st), ms: Date.now() - t0 };
}

const LIMITS = `
#include <stdio.h>
#include <sys/resource.h>
int main(void) {
  struct rlimit r;
  getrlimit(RLIMIT_NOFILE, &r);
  printf("nofile %lu %lu\\n", (unsigned long)r.rlim_cur, (unsigned long)r.rlim_max);
  return 0;
}
`;

test("RLIMIT_NOFILE defaults to 1024 soft / 4096 hard, whatever the host's", async (t) => {
  const bin = buildC("thr_nofile", LIMITS);
  if (bin === null) return t.skip("musl-gcc not available");
  const r = await runGuest(bin);
  assert.equal(r.out, "nofile 1024 4096\n");
  assert.equal(r.code, 0);
});

const FAIR = `
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
static volatile long sink;
static void *spin(void *a) { (void)a; for (;;) sink++; return 0; }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, spin, 0);
  pid_t spinner = fork();
  if (spinner == 0) for (;;) sink++;
  pid_t worker = fork();
  if (worker == 0) {
    long s = 0;
    for (long i = 0; i < 500000; i++) s += i & 7;
    printf("worker %ld\\n", s);
    _exit(0);
  }
  int st;
  waitpid(worker, &st, 0);
  kill(spinner, SIGKILL);
  waitpid(spinner, &st, 0);
  printf("spinner killed: %d\\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
  return 0; /* exit_group ends the spinning thread */
}
`;

test("a spinning thread and a spinning process do not starve another process", async (t) => {
  const bin = buildC("thr_fair", FAIR);
  if (bin === null) return t.skip("musl-gcc not available");
  const r = await runGuest(bin);
  assert.equal(r.out, "worker 1750000\nspinner killed: 1\n");
  assert.equal(r.code, 0);
  assert.ok(r.ms < 30_000, `took ${r.ms} ms`);
});

const SPURIOUS = `
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
static int word;
static volatile int released;
static void *waiter(void *a) {
  long r = syscall(SYS_futex, &word, 128, 0, 0, 0, 0);
  printf("wait returned %ld after the release: %d\\n", r, released);
  return a;
}
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, waiter, 0);
  struct timespec ts = {0, 300 * 1000 * 1000};
  nanosleep(&ts, 0);
  released = 1;
  word = 1;
  syscall(SYS_futex, &word, 129, 1, 0, 0, 0);
  pthread_join(t, 0);
  return 0;
}
`;

test("a futex waiter woken for another reason (as a signal would) goes back to sleep", async (t) => {
  const bin = buildC("thr_spurious", SPURIOUS);
  if (bin === null) return t.skip("musl-gcc not available");
  const { host, out } = testHost();
  const k = new Kernel(host, { cwd: workDir });
  k.spawn(bin, [bin], []);
  let poked = 0;
  const timer = setInterval(() => {
    for (const task of k.tasks.values()) {
      if (task.tid !== task.process.pid && task.sleeping) {
        task.wake(); // leaves its queues and re-runs the futex handler
        poked++;
      }
    }
  }, 40);
  const st = await k.run();
  clearInterval(timer);
  host.close();
  assert.equal(out.text(), "wait returned 0 after the release: 1\n");
  assert.equal(shellExitCode(st), 0);
  assert.ok(poked >= 1, "the waiter was poked while it waited");
});
