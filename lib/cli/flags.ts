// The command line conventions of the classic tools: short flags (`-c 3`,
// `-c3`, grouped booleans `-qn`), long flags (`--server x`, `--server=x`),
// `--` ends the flags. A mistake is a UsageError naming the flag and what
// was expected; main.ts prints it with the usage text and exits 2.

export class UsageError extends Error {}

/** Each flag a command accepts: "bool" or "value" (takes an argument). */
export type FlagSpec = Record<string, "bool" | "value">;

/** What parseFlags found. */
export interface Parsed {
  /** Given flags: their value, or true for booleans; the last one wins. */
  flags: Map<string, string | true>;
  /** The operands, in order. */
  args: string[];
}

/**
 * Parses short and long flags (`-c 3`, `-46`, `--json`, `--timeout=5`), as
 * `spec` allows, wherever they stand among the operands; `--` ends the flags.
 * @throws UsageError for an unknown flag, a value given to a boolean one, or a
 *   value flag without its value.
 */
export function parseFlags(argv: string[], spec: FlagSpec): Parsed {
  const flags = new Map<string, string | true>();
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const kind = spec[name];
      if (name.length < 2 || !kind) throw new UsageError(`unknown option --${name}`);
      if (kind === "bool") {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        flags.set(name, true);
      } else if (eq >= 0) flags.set(name, a.slice(eq + 1));
      else if (i + 1 < argv.length) flags.set(name, argv[++i]);
      else throw new UsageError(`--${name} needs a value`);
      continue;
    }
    if (a.length < 2 || a[0] !== "-") {
      args.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const name = a[j];
      const kind = spec[name];
      if (!kind || name.length !== 1) throw new UsageError(`invalid option -- '${name}'`);
      if (kind === "bool") {
        flags.set(name, true);
        continue;
      }
      if (j + 1 < a.length) flags.set(name, a.slice(j + 1));
      else if (i + 1 < argv.length) flags.set(name, argv[++i]);
      else throw new UsageError(`option requires an argument -- '${name}'`);
      break;
    }
  }
  return { flags, args };
}

/** A flag's number within [min, max] (integers only when `integer`), or `dflt` when absent. */
export function numberFlag(
  p: Parsed,
  name: string,
  dflt: number,
  { min, max, integer = false }: { min: number; max: number; integer?: boolean },
): number {
  const raw = p.flags.get(name);
  if (raw === undefined) return dflt;
  const v = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  const dash = name.length === 1 ? "-" : "--";
  const what = integer ? "an integer" : "a number";
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    throw new UsageError(`${dash}${name} must be ${what} from ${min} to ${max}, got '${String(raw)}'`);
  }
  return v;
}

/** A value flag's string, or undefined when absent. */
export function stringFlag(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

/** Exactly `n` operands (named in the message), or a UsageError. */
export function operands(p: Parsed, ...names: string[]): string[] {
  if (p.args.length < names.length) throw new UsageError(`missing ${names[p.args.length]}`);
  if (p.args.length > names.length) throw new UsageError(`unexpected argument '${p.args[names.length]}'`);
  return p.args;
}
