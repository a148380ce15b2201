// The aimscan command. Thin: parse arguments, call core, format. Exit codes per DESIGN.md:
// 0 ok, 1 findings / failed shards, 2 bad input.
import { Command, CommanderError } from "commander";
import pkg from "../package.json" with { type: "json" };
import { takeExitCode } from "./action.ts";
import { type CommandModule, commandsFor } from "./commands/index.ts";

/** The program with `modules` registered (main registers only the one its arguments name). */
export function program(modules: readonly CommandModule[]): Command {
  const p = new Command("aimscan")
    .description("Discover the AI assets in your clouds and reconcile them with your declared AI inventory.")
    .version(pkg.version)
    // Bad input is one line on stderr, usage errors included (commander's own hint is a second line).
    .configureOutput({
      outputError: (message, write) => write(`${message.trim().replace(/\s*\n\s*/g, " ")} (see --help)\n`),
    })
    .exitOverride();
  for (const c of modules) c.register(p);
  for (const c of p.commands) c.exitOverride();
  return p;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await program(await commandsFor(argv)).parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; usage errors are bad input.
      return e.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`aimscan: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
  const code = takeExitCode();
  return code || Number(process.exitCode ?? 0);
}
