// How every Lambda is bundled: one place for sst.config.ts (via stacks/functions.ts) and
// bench/bundle.ts, so the bench measures what is deployed.

/** ESM bundles have no `require`; some SDK dependencies still call it for node built-ins. */
export const REQUIRE_BANNER =
  'import { createRequire as __aimscanRequire } from "node:module"; const require = __aimscanRequire(import.meta.url);';

/** The handlers, by the name used for their function, role and metrics. */
export const HANDLERS = {
  plan: "functions/plan.handler",
  scan: "functions/scan.handler",
  finish: "functions/finish.handler",
  fail: "functions/fail.handler",
} as const;
export type HandlerName = keyof typeof HANDLERS;

/** SST's `nodejs` block: splitting keeps Azure/GCP clients in chunks loaded only on demand. */
export const NODEJS = {
  format: "esm",
  minify: true,
  splitting: true,
  sourcemap: false,
  banner: REQUIRE_BANNER,
} as const;

/** The same settings for esbuild itself (bench/bundle.ts). */
export const ESBUILD = {
  bundle: true,
  platform: "node",
  target: "node22",
  format: "esm",
  minify: true,
  splitting: true,
  banner: { js: REQUIRE_BANNER },
  mainFields: ["module", "main"],
} as const;
