// The explicit registry of CLI commands (no filesystem walking: bundles have no tree).
import type { Command } from "commander";
import * as demo from "./demo.ts";
import * as reconcile from "./reconcile.ts";
import * as schema from "./schema.ts";
import * as validate from "./validate.ts";

export const commands: { register(program: Command): void }[] = [demo, validate, reconcile, schema];
