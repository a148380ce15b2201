// How every Lambda is bundled: the `nodejs` block that stacks/lambdas.ts hands to SST. What SST
// then does with it (its own esbuild options, banner and zip) is mirrored by rehearsal/sst-build.ts,
// which bench/bundle.ts and the rehearsal use, so both measure what is deployed.
//
// No banner of our own: SST's banner already defines `require`, `__filename` and `__dirname`
// (pkg/runtime/node/build.go); a second `const require` is a SyntaxError at init.
// No `sourcemap` key: left unset, SST writes linked maps and keeps them out of the zip (uploads
// them to its bootstrap bucket); `sourcemap: false` makes SST ship the .map files inside the zip.

/** The handlers, by the name used for their function, role and metrics. */
export const HANDLERS = {
  plan: "functions/plan.handler",
  scan: "functions/scan.handler",
  finish: "functions/finish.handler",
  fail: "functions/fail.handler",
} as const;
export type HandlerName = keyof typeof HANDLERS;

/**
 * Never bundled: the embedded store (dynalite → classic-level, a native addon) is only for the
 * CLI; in Lambda the store is always the deployed table (functions/runtime.ts), so the lazy
 * import in core/store/index.ts is never taken there.
 */
export const LAMBDA_EXTERNAL = ["dynalite"] as const;

/** SST's `nodejs` block: splitting keeps Azure/GCP clients in chunks loaded only on demand. */
export const NODEJS = {
  format: "esm",
  minify: true,
  splitting: true,
  esbuild: { external: [...LAMBDA_EXTERNAL] },
} as const;
