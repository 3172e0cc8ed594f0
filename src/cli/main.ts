/**
 * The sysgate command. A thin user of the library: it reads the command line, builds a Machine on
 * the Node.js host and reports how the guest ended. No kernel or CPU logic lives here.
 */
import { Machine, decodeWaitStatus, type MountSpec } from "../machine.js";
import { createNodeHost, snapshotInheritedFds } from "../host/node.js";
import { createNodeHostNet } from "../host/node-net.js";
import { VERSION } from "../version.js";
import { ArgReader, UsageError, parseSize, splitOption } from "./args.js";
import { describeStartFailure, signalMessage } from "./report.js";
import { forwardingSignals, guestEnvironment } from "./launch.js";
import { cmdStrace } from "./strace.js";
import { cmdPs } from "./ps.js";
import { parseClockMode, type ClockMode } from "../kernel/clock.js";

const HELP = `Usage: sysgate COMMAND [OPTIONS] [--] PROG [ARGS...]

Run unmodified static x86-64 Linux programs on a machine and kernel written in TypeScript.

Commands:
  run PROG [ARGS...]      run PROG (found on the guest's PATH) with the host's stdin/stdout/stderr;
                          sysgate exits with PROG's status, or 128+N when signal N ended it
  strace [STRACE OPTIONS] PROG [ARGS...]
                          run PROG and print its system calls as strace 6.x does (-f, -ff, -o,
                          -e trace/signal/status/inject/fault, -c, -C, -T, -t, -tt, -r, -y, -yy,
                          -X, -z, -Z, -P, -a, -q, -n, -i, -Y, -s, -v ...); beyond strace:
                          --json (JSON Lines), --explain (a sentence per call), --timeline FILE
                          (Chrome/Perfetto trace events), -N (argument names), --color=WHEN
  strace -p [MACHINE:]PID attach to a process of a running sysgate machine (Ctrl-C detaches)
  ps [--json]             list the running sysgate machines and their processes

Options for run:
  --root DIR              make host directory DIR the guest's "/" (with an in-memory /tmp);
                          no path, ".." or symlink can reach outside it
  --mount HOST:GUEST[:ro] bind host directory HOST at GUEST inside the guest (":ro" = read-only)
  --env K=V               set an environment variable for PROG (repeatable); the guest starts
                          with sysgate's own environment
  --memory SIZE           cap on guest memory, e.g. 512M or 4G (default 4G)
  --no-vdso               map no vDSO: clock_gettime and friends become system calls
  --clock MODE            host (default); fixed:EPOCH (realtime starts at EPOCH seconds);
                          deterministic[:EPOCH] (time advances with executed instructions,
                          sleeps jump ahead: two runs see the same times)
                          (--no-vdso and --clock also work for strace)
  --net host|none         host: guest TCP connections to non-loopback addresses go out through
                          the host's network (default none: sockets stay inside the machine)

  -h, --help              show this help
  -V, --version           print sysgate's version

Examples:
  sysgate run examples/hello
  sysgate run --root /srv/rootfs -- /bin/sh -c 'echo hi'
  sysgate strace -f -e trace=%process /bin/busybox sh -c 'ls | wc -l'
  sysgate strace --explain -e trace=openat,read examples/hello
`;

interface RunOptions {
  root?: string;
  mounts: MountSpec[];
  env: string[];
  memoryLimit?: number;
  vdso?: boolean;
  clock?: ClockMode;
  /** --net host: guest TCP connections to non-loopback addresses go out through the host. */
  netHost?: boolean;
  prog: string;
  args: string[];
}

function parseMount(spec: string): MountSpec {
  const parts = spec.split(":");
  let readonly = false;
  if (parts.length === 3 && parts[2] === "ro") readonly = true;
  else if (parts.length === 3 && parts[2] === "rw") readonly = false;
  else if (parts.length !== 2) throw new UsageError(`invalid --mount '${spec}' (expected HOST:GUEST[:ro])`);
  const [hostPath, guestPath] = parts as [string, string];
  if (!hostPath || !guestPath.startsWith("/")) throw new UsageError(`invalid --mount '${spec}' (GUEST must be an absolute path)`);
  return { hostPath, guestPath, readonly };
}

function parseRun(argv: string[]): RunOptions {
  const r = new ArgReader(argv);
  const o: RunOptions = { mounts: [], env: [], prog: "", args: [] };
  while (!r.done) {
    const arg = r.peek()!;
    if (arg === "--") {
      r.next();
      break;
    }
    if (!arg.startsWith("-") || arg === "-") break;
    r.next();
    const [name, inline] = splitOption(arg);
    switch (name) {
      case "--root":
        o.root = r.value(name, inline);
        break;
      case "--mount":
        o.mounts.push(parseMount(r.value(name, inline)));
        break;
      case "--env": {
        const kv = r.value(name, inline);
        if (!kv.includes("=")) throw new UsageError(`invalid --env '${kv}' (expected K=V)`);
        o.env.push(kv);
        break;
      }
      case "--memory":
        o.memoryLimit = parseSize(r.value(name, inline));
        break;
      case "--no-vdso":
        o.vdso = false;
        break;
      case "--clock": {
        const v = r.value(name, inline);
        const mode = parseClockMode(v);
        if (mode === null) throw new UsageError(`invalid --clock '${v}' (expected host, fixed:EPOCH or deterministic[:EPOCH])`);
        o.clock = mode;
        break;
      }
      case "--net": {
        const v = r.value(name, inline);
        if (v !== "host" && v !== "none") throw new UsageError(`invalid --net '${v}' (expected host or none)`);
        o.netHost = v === "host";
        break;
      }
      default:
        throw new UsageError(`unknown option '${arg}'`);
    }
  }
  const rest = r.rest();
  if (rest.length === 0) throw new UsageError("run: missing PROG");
  o.prog = rest[0]!;
  o.args = rest.slice(1);
  return o;
}

async function cmdRun(argv: string[]): Promise<number> {
  const o = parseRun(argv);
  const host = createNodeHost({ inheritFds: true });
  if (o.netHost) host.net = createNodeHostNet();
  // Without --root the guest shares the host's tree and starts in the same directory (Machine's default).
  const machine = new Machine(host, { root: o.root, mounts: o.mounts, memoryLimit: o.memoryLimit, vdso: o.vdso, clock: o.clock });
  const envp = guestEnvironment(o.env);
  try {
    return await forwardingSignals(machine, async () => {
      let path: string;
      let status: number;
      try {
        path = machine.kernel.resolveProgram(o.prog, envp);
        machine.kernel.spawn(path, [o.prog, ...o.args], envp);
      } catch (e) {
        const f = describeStartFailure(e);
        if (!f) throw e;
        process.stderr.write(`sysgate: ${o.prog}: ${f.message}\n`);
        return f.exitCode;
      }
      status = await machine.kernel.run();
      host.terminal.setRawMode(false); // the host terminal as it was, before sysgate says anything
      const st = decodeWaitStatus(status);
      if (st.signal !== 0) {
        const msg = signalMessage(st.signal);
        if (msg) process.stderr.write(msg + "\n");
      }
      return st.exitCode;
    });
  } finally {
    host.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  // Before sysgate opens anything of its own: which descriptors a guest should inherit.
  snapshotInheritedFds();
  const cmd = argv[0];
  if (cmd === undefined) {
    process.stderr.write(HELP);
    return 2;
  }
  if (cmd === "-h" || cmd === "--help" || cmd === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (cmd === "-V" || cmd === "--version") {
    process.stdout.write(`sysgate ${VERSION}\n`);
    return 0;
  }
  try {
    switch (cmd) {
      case "run":
        return await cmdRun(argv.slice(1));
      case "strace":
        return await cmdStrace(argv.slice(1));
      case "ps":
        return await cmdPs(argv.slice(1));
      default:
        throw new UsageError(`unknown command '${cmd}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`sysgate: ${e.message}\nTry 'sysgate --help' for more information.\n`);
      return 2;
    }
    // A bug in sysgate itself: one line for the user, the stack only on request.
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`sysgate: internal error: ${msg}\n`);
    if (process.env.SYSGATE_DEBUG && e instanceof Error && e.stack) process.stderr.write(e.stack + "\n");
    return 70;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Guest programs may leave host handles (stdin reader, timers) behind: end now.
    process.exit(code);
  },
  (e) => {
    process.stderr.write(`sysgate: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(70);
  },
);
