// Terminal guest programs on a real terminal: each runs in a tmux pane of fixed size natively,
// then in another pane under `bin/sysgate run`; the two screens must be the same. (In the
// differential suite the same programs run on pipes and check the not-a-terminal answers.)
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SYSGATE = path.join(ROOT, "bin/sysgate");
const haveTmux = spawnSync("tmux", ["-V"]).status === 0;
const PROGRAMS = ["tty_jobs"];
const FLAVOURS = ["musl", "glibc"];
const BUSYBOX = process.env.SYSGATE_BUSYBOX || "/bin/busybox";

const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run `command` in a fresh 80x40 tmux pane; resolve with the screen once it printed EXIT=N. */
async function screenOf(command: string, tag: string): Promise<string> {
  const socket = `sysgate-pty-${process.pid}-${tag}`;
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "sysgate-pty-"));
  const tmux = (...args: string[]) => spawnSync("tmux", ["-L", socket, "-f", "/dev/null", ...args], { encoding: "utf8", cwd });
  try {
    const r = tmux("new-session", "-d", "-s", "t", "-x", "80", "-y", "40", `sh -c '${command}; echo EXIT=$?; exec sleep 600'`);
    assert.equal(r.status, 0, r.stderr);
    const deadline = Date.now() + 30_000;
    let s = "";
    while (Date.now() < deadline) {
      s = tmux("capture-pane", "-p", "-t", "t").stdout.replace(/\s+$/, "");
      if (/EXIT=\d+$/.test(s)) return s;
      await sleepMs(50);
    }
    assert.fail(`${tag}: no EXIT= line; the screen was:\n${s}`);
  } finally {
    spawnSync("tmux", ["-L", socket, "kill-server"]);
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

describe("terminal programs: native vs sysgate on a tmux terminal", { skip: haveTmux ? false : "tmux is not installed" }, () => {
  for (const flavour of FLAVOURS) {
    for (const name of PROGRAMS) {
      const prog = path.join(ROOT, "build/guest", flavour, name);
      it(`${flavour}.${name}`, { skip: fs.existsSync(prog) ? false : "not built (make -C tests/guest)" }, async () => {
        const native = await screenOf(prog, `${flavour}-${name}-native`);
        const guest = await screenOf(`${SYSGATE} run ${prog}`, `${flavour}-${name}-sysgate`);
        assert.equal(guest, native);
      });
    }
  }
  // The guest starts with the terminal's own settings and sees its size.
  it("busybox stty -a", { skip: fs.existsSync(BUSYBOX) ? false : "no " + BUSYBOX }, async () => {
    const native = await screenOf(`${BUSYBOX} stty -a`, "stty-native");
    const guest = await screenOf(`${SYSGATE} run ${BUSYBOX} stty -a`, "stty-sysgate");
    assert.match(native, /rows 40; columns 80/);
    assert.equal(guest, native);
  });
});
