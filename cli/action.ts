// Commander actions return an exit code; bad input (InputError) becomes one line and exit 2.
import { InputError } from "../core/yamlfile.ts";

let exitCode = 0;

export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<number | undefined> | number | undefined,
) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      if (typeof code === "number") exitCode = code;
    } catch (e) {
      if (e instanceof InputError) {
        process.stderr.write(`${e.message}\n`);
        exitCode = 2;
        return;
      }
      throw e;
    }
  };
}

export function takeExitCode(): number {
  const code = exitCode;
  exitCode = 0;
  return code;
}

/** `--format` default: a table for people at a terminal, JSON for pipes and machines. */
export function defaultFormat(): "table" | "json" {
  return process.stdout.isTTY ? "table" : "json";
}
