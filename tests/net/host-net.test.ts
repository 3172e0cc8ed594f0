// `sysgate run --net host`: a guest TCP client reaches a server on the host's own non-loopback
// address; without the flag the same connect is ENETUNREACH.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as net from "node:net";
import * as os from "node:os";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../../..");
const PROG = join(ROOT, "build/guest/musl/net_hostclient");
const SYSGATE = join(ROOT, "bin/sysgate");

function hostAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return null;
}

function run(args: string[], cwd: string): Promise<string> {
  return new Promise((res) => {
    execFile(process.execPath, [SYSGATE, "run", ...args], { cwd, timeout: 60000 }, (_e, stdout) => res(stdout));
  });
}

const addr = hostAddress();
test("--net host connects out; default stays inside", { skip: !addr ? "no non-loopback IPv4 address" : !existsSync(PROG) ? "not built" : false }, async () => {
  const server = net.createServer({ allowHalfOpen: true }, (c) => {
    let got = "";
    c.on("data", (d) => { got += d; });
    c.on("end", () => c.end("echo: " + got));
  });
  await new Promise<void>((r) => server.listen(0, "0.0.0.0", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  const cwd = mkdtempSync(join(os.tmpdir(), "sysgate-net-"));
  try {
    const out = await run(["--net", "host", "--", PROG, addr!, String(port)], cwd);
    assert.equal(out, "connect 0 \nlocal set 1\necho: hello host\neof 0 total 17\n");
    const none = await run(["--", PROG, addr!, String(port)], cwd);
    assert.equal(none, "connect -1 Network unreachable\n");
  } finally {
    server.close();
    rmSync(cwd, { recursive: true, force: true });
  }
});
