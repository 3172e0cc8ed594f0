/** A small, strict command-line reader shared by sysgate's subcommands. */

export class UsageError extends Error {}

/** Parse a size such as "512M", "2G", "65536" into bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+)([kKmMgGtT]?)(i?[bB])?$/.exec(text.trim());
  if (!m) throw new UsageError(`invalid size '${text}' (expected e.g. 512M or 2G)`);
  const unit = m[2]!.toUpperCase();
  const mult = unit === "" ? 1 : unit === "K" ? 1024 : unit === "M" ? 1024 ** 2 : unit === "G" ? 1024 ** 3 : 1024 ** 4;
  return Number(m[1]) * mult;
}

/**
 * Walks argv with support for "--opt value", "--opt=value" and "--" ending the options. The first
 * argument that is not an option ends them too (so PROG's own options pass through untouched).
 */
export class ArgReader {
  private i = 0;
  constructor(private readonly argv: readonly string[]) {}

  get done(): boolean {
    return this.i >= this.argv.length;
  }

  peek(): string | undefined {
    return this.argv[this.i];
  }

  next(): string | undefined {
    return this.argv[this.i++];
  }

  rest(): string[] {
    const r = this.argv.slice(this.i);
    this.i = this.argv.length;
    return r;
  }

  /** The value of an option that takes one: from "--opt=value" or the next argument. */
  value(option: string, inline: string | undefined): string {
    if (inline !== undefined) return inline;
    const v = this.next();
    if (v === undefined) throw new UsageError(`option '${option}' requires an argument`);
    return v;
  }
}

/** Split "--name=value" into its parts; other arguments come back whole with no value. */
export function splitOption(arg: string): [string, string | undefined] {
  if (arg.startsWith("--")) {
    const eq = arg.indexOf("=");
    if (eq > 0) return [arg.slice(0, eq), arg.slice(eq + 1)];
  }
  return [arg, undefined];
}
