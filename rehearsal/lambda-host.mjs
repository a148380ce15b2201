// Runs one Lambda function the way the nodejs22.x runtime does, in a child process started by
// rehearsal/lambda.ts on Node 22: import the handler module from the task root (init), then call
// the exported handler once per invocation, reporting the result or the error as Lambda's runtime
// reports it ({errorType, errorMessage}). Plain JavaScript: it runs on the bare Node 22 binary.
// With AIMSCAN_TRACE_LOADS=1 every file module resolved during init is recorded (in-thread
// module.registerHooks, Node ≥ 22.15), so "bytes loaded at init" is measured, not estimated.
import { statSync } from "node:fs";
import * as nodeModule from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const [entry, handlerName = "handler"] = process.argv.slice(2);
const loaded = new Set();
if (process.env.AIMSCAN_TRACE_LOADS === "1" && typeof nodeModule.registerHooks === "function") {
  nodeModule.registerHooks({
    resolve(specifier, context, next) {
      const out = next(specifier, context);
      if (out.url.startsWith("file:")) loaded.add(out.url);
      return out;
    },
  });
}

const send = (message) => new Promise((resolve) => process.send(message, resolve));
const cpuMs = (from) => {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
};

let handler;
try {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const mod = await import(pathToFileURL(entry).href);
  handler = mod[handlerName];
  if (typeof handler !== "function") throw new Error(`${handlerName} is not exported by ${entry}`);
  loaded.add(pathToFileURL(entry).href);
  const files = [...loaded].map((u) => fileURLToPath(u));
  await send({
    type: "init",
    wallMs: performance.now() - t0,
    cpuMs: cpuMs(cpu0),
    files: files.length,
    loaded: files,
    bytes: files.reduce((n, f) => n + statSync(f).size, 0),
    traced: process.env.AIMSCAN_TRACE_LOADS === "1",
  });
} catch (e) {
  await send({ type: "initError", errorType: e?.name ?? "Error", errorMessage: String(e?.message ?? e) });
  process.exit(1);
}

process.on("message", async (message) => {
  if (message?.type !== "invoke") return;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.id,
    getRemainingTimeInMillis: () => message.deadline - Date.now(),
  };
  try {
    const payload = await handler(message.event, context);
    await send({
      type: "result",
      id: message.id,
      payload: payload ?? null,
      wallMs: performance.now() - t0,
      cpuMs: cpuMs(cpu0),
    });
  } catch (e) {
    await send({
      type: "error",
      id: message.id,
      errorType: e?.name ?? "Error",
      errorMessage: String(e?.message ?? e),
      wallMs: performance.now() - t0,
      cpuMs: cpuMs(cpu0),
    });
  }
});
