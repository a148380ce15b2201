#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx registers the loader, so no build step is needed.
import { register } from "tsx/esm/api";

// Node 20 is supported here (Lambda runs 22); the SDK's notice about its own future Node floor is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
