#!/usr/bin/env node
// Runs the TypeScript CLI: from a bundle of its sources when one is up to date or can be built
// (bin/bundle.mjs), else directly through tsx's loader. Either way no build step is needed.
import { fileURLToPath } from "node:url";
import { freshBundle } from "./bundle.mjs";

// Node 20 is supported here (Lambda runs 22); the SDK's notice about its own future Node floor is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const root = fileURLToPath(new URL("..", import.meta.url));
// AIMSCAN_BUNDLE=0 runs the sources through tsx (stack traces name the .ts files).
const bundle = process.env.AIMSCAN_BUNDLE === "0" ? undefined : await freshBundle(root);
let main;
try {
  if (bundle) ({ main } = await import(bundle));
} catch {
  // A bundle that does not load (a chunk removed under it, say) is no reason not to run.
}
if (!main) {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
