// One deployed function, hosted as Lambda hosts it: its SST bundle copied to a folder without
// node_modules (the task root), Node 22, Lambda's environment (the stack's variables, region,
// credentials, AWS_LAMBDA_*), a heap sized from the function's memory, and a file system where
// only a private stand-in for /tmp is writable (Node's permission model: --permission with
// --allow-fs-write on that folder alone; also refuses native addons and child processes). A warm
// container serves invocations one at a time; a busy pool starts another (a cold start).
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface InitFigures {
  wallMs: number;
  cpuMs: number;
  files: number;
  bytes: number;
  /** The files loaded at init (absolute paths), when traced. */
  loaded: string[];
}

export interface FunctionSpec {
  name: string;
  /** The task root: SST's zip contents. */
  dir: string;
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  env: Record<string, string>;
  node: string;
  traceLoads?: boolean;
}

export type InvokeResult =
  | { payload: unknown; wallMs: number; cpuMs: number; cold: boolean }
  | {
      functionError: { errorType: string; errorMessage: string };
      wallMs: number;
      cpuMs: number;
      cold: boolean;
    };

interface Container {
  child: ChildProcess;
  tmp: string;
  init: InitFigures;
  busy: boolean;
  invocations: number;
}

const HOST = join(import.meta.dirname, "lambda-host.mjs");

export class LambdaFunction {
  readonly inits: InitFigures[] = [];
  /** Every invocation's figures, in order (the first one is the first invocation after a cold start). */
  readonly results: InvokeResult[] = [];
  readonly logs: string[] = [];
  /** When each invocation was accepted (before any cold start) and answered, epoch ms, in order. */
  readonly spans: Array<{ start: number; end: number }> = [];
  private containers: Container[] = [];
  private seq = 0;
  constructor(readonly spec: FunctionSpec) {}

  private async start(): Promise<Container> {
    const s = this.spec;
    const tmp = mkdtempSync(join(tmpdir(), `aimscan-lambda-${s.name}-`));
    // Lambda's Node runtime sizes the old space from the configured memory (about 90% of it).
    const heap = Math.floor(s.memoryMb * 0.9);
    const child = fork(HOST, [s.entry, "handler"], {
      cwd: s.dir,
      execPath: s.node,
      execArgv: [
        `--max-old-space-size=${heap}`,
        "--permission",
        "--allow-fs-read=*",
        `--allow-fs-write=${tmp}`,
      ],
      env: {
        ...s.env,
        PATH: "/usr/local/bin:/usr/bin:/bin",
        LANG: "en_US.UTF-8",
        TZ: ":UTC",
        HOME: tmp,
        TMPDIR: tmp,
        LAMBDA_TASK_ROOT: s.dir,
        _HANDLER: "bundle.handler",
        AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
        AWS_LAMBDA_FUNCTION_NAME: s.name,
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(s.memoryMb),
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${s.name}`,
        ...(s.traceLoads ? { AIMSCAN_TRACE_LOADS: "1" } : {}),
      },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    child.stdout!.on("data", (d: Buffer) => this.logs.push(d.toString()));
    child.stderr!.on("data", (d: Buffer) => this.logs.push(d.toString()));
    const init = await new Promise<InitFigures>((resolve, reject) => {
      child.once("message", (m: any) => {
        if (m.type === "init") resolve(m);
        else reject(new Error(`${s.name}: init failed: ${m.errorType}: ${m.errorMessage}`));
      });
      child.once("exit", (code) =>
        reject(new Error(`${s.name}: exited at init (${code}): ${this.logs.join("").slice(-2000)}`)),
      );
    });
    this.inits.push(init);
    const c: Container = { child, tmp, init, busy: false, invocations: 0 };
    this.containers.push(c);
    return c;
  }

  async invoke(event: unknown): Promise<InvokeResult> {
    const start = Date.now();
    let c = this.containers.find((x) => !x.busy);
    const cold = !c;
    c ??= await this.start();
    c.busy = true;
    c.invocations++;
    const id = `${this.spec.name}-${++this.seq}`;
    const container = c;
    try {
      const result = await new Promise<InvokeResult>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${this.spec.name}: timed out after ${this.spec.timeoutSeconds} s`)),
          this.spec.timeoutSeconds * 1000,
        );
        const onExit = (code: number | null) => {
          clearTimeout(timer);
          this.containers = this.containers.filter((x) => x !== container);
          // A crashed runtime is a function error to Step Functions (Runtime.ExitError).
          resolve({
            functionError: { errorType: "Runtime.ExitError", errorMessage: `exited with ${code}` },
            wallMs: 0,
            cpuMs: 0,
            cold,
          });
        };
        const onMessage = (m: any) => {
          if (m.id !== id) return;
          clearTimeout(timer);
          container.child.off("message", onMessage);
          container.child.off("exit", onExit);
          if (m.type === "result") resolve({ payload: m.payload, wallMs: m.wallMs, cpuMs: m.cpuMs, cold });
          else
            resolve({
              functionError: { errorType: m.errorType, errorMessage: m.errorMessage },
              wallMs: m.wallMs,
              cpuMs: m.cpuMs,
              cold,
            });
        };
        container.child.on("message", onMessage);
        container.child.once("exit", onExit);
        container.child.send({
          type: "invoke",
          id,
          event,
          deadline: Date.now() + this.spec.timeoutSeconds * 1000,
        });
      });
      this.results.push(result);
      this.spans.push({ start, end: Date.now() });
      return result;
    } finally {
      container.busy = false;
    }
  }

  async stop(): Promise<void> {
    for (const c of this.containers) {
      c.child.kill();
      rmSync(c.tmp, { recursive: true, force: true });
    }
    this.containers = [];
  }
}
