// `npm run rehearse` (called by .ci/run): see rehearsal/nights.ts.
import { rehearse } from "./nights.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
try {
  await rehearse();
} catch (e) {
  console.error((e as Error).stack ?? String(e));
  process.exitCode = 1;
}
