// The explicit registry of CLI commands (no filesystem walking: bundles have no tree). Each module is
// imported only when its command runs: importing all of them (cloud SDKs, the store, the simulator)
// costs seconds before `aimscan reconcile` reads its first byte. Key = the command's name.
import type { Command } from "commander";

export interface CommandModule {
  register(program: Command): void;
}

export const commands: Record<string, () => Promise<CommandModule>> = {
  demo: () => import("./demo.ts"),
  scan: () => import("./scan.ts"),
  run: () => import("./run.ts"),
  init: () => import("./init.ts"),
  validate: () => import("./validate.ts"),
  reconcile: () => import("./reconcile.ts"),
  policies: () => import("./policies.ts"),
  history: () => import("./history.ts"),
  report: () => import("./report.ts"),
  evidence: () => import("./evidence.ts"),
  export: () => import("./export.ts"),
  "iam-policy": () => import("./iam-policy.ts"),
  kinds: () => import("./kinds.ts"),
  schema: () => import("./schema.ts"),
};

/** The modules `argv` needs: its command's alone, or every one (help, a typo to suggest for). */
export async function commandsFor(argv: readonly string[]): Promise<CommandModule[]> {
  const name = argv.find((a) => !a.startsWith("-"));
  const one = name !== undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;
  return Promise.all(one ? [one()] : Object.values(commands).map((load) => load()));
}
