/**
 * Loads every decoder module (each registers itself with ./decoders.js). One import line per
 * module, so areas can be added without touching format.ts.
 */
import "./decode-ioctl.js";
import "./decode-fs.js";
import "./decode-io.js";
import "./decode-net.js";
import "./decode-core.js";
import "./decode-prctl.js";
import "./decode-signal.js";
import "./decode-wait.js";
import "./decode-poll.js";
import "./decode-misc.js";
