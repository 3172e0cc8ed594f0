// Bundle the compiled CLI (dist/src/cli/main.js and everything it imports) into one ES module,
// dist/sysgate.mjs, so `bin/sysgate` starts by reading one file instead of resolving ~70 modules.
import { build } from "esbuild";

await build({
  entryPoints: ["dist/src/cli/main.js"],
  outfile: "dist/sysgate.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  legalComments: "none",
});
