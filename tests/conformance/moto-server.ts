// moto (the widely used AWS emulator nobody here wrote) in server mode, on an ephemeral loopback port
// for one suite. moto 5 is a Python package: `pip install 'moto[server]'` (.ci/run checks for it).
import { type ChildProcess, spawn } from "node:child_process";

export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<MotoServer> {
  const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`moto did not start in 30 s:\n${seen}`)), 30_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(e);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      // Werkzeug prints the bound address once it listens.
      const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`moto exited (${code}) before listening:\n${seen}`)));
    child.once("error", fail);
  });
  // Never outlive the test process, even when it dies before stop().
  const orphanGuard = () => child.kill("SIGKILL");
  process.once("exit", orphanGuard);
  child.once("exit", () => process.off("exit", orphanGuard));
  child.stdout!.resume();
  child.stderr!.resume();
  return { endpoint, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
