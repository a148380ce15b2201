// Satisfies DefaultAzureCredential offline: its AzureCliCredential runs `az account get-access-token`
// from PATH, so a stub `az` that prints a token for the simulator lets the production credential
// code run unchanged. TLS trust still has to come from NODE_EXTRA_CA_CERTS (read at process start,
// so for a child process) or from `tlsOptions: { ca }`; the CA is written beside the stub for that.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";

export interface AzureCliStub {
  /** The folder to put first on PATH. */
  binDir: string;
  /** PEM file for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** Environment for a child process that should reach the simulator through the standard chain. */
  env: Record<string, string>;
}

export function writeAzureCliStub(sim: { ca: string }, dir: string): AzureCliStub {
  const binDir = join(dir, "bin");
  mkdirSync(binDir, { recursive: true });
  const az = join(binDir, "az");
  // Only `account get-access-token` is ever called by the credential; it wants JSON on stdout.
  writeFileSync(
    az,
    [
      "#!/bin/sh",
      "exp=$(( $(date +%s) + 3600 ))",
      `printf '{"accessToken":"azure-simulator-token","expires_on":%s,"tokenType":"Bearer","tenant":"00000000-0000-4000-9000-000000000001"}\\n' "$exp"`,
      "",
    ].join("\n"),
  );
  chmodSync(az, 0o755);
  const caFile = join(dir, "azure-simulator-ca.pem");
  writeFileSync(caFile, sim.ca);
  return {
    binDir,
    caFile,
    env: {
      PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}`,
      AZURE_TOKEN_CREDENTIALS: "AzureCliCredential",
      NODE_EXTRA_CA_CERTS: caFile,
    },
  };
}

/** Puts the stub first on PATH and selects AzureCliCredential in this process; returns an undo. */
export function useAzureSimulatorCredentials(sim: { ca: string }, dir: string): () => void {
  const stub = writeAzureCliStub(sim, dir);
  const previous = { PATH: process.env.PATH, AZURE_TOKEN_CREDENTIALS: process.env.AZURE_TOKEN_CREDENTIALS };
  process.env.PATH = stub.env.PATH;
  process.env.AZURE_TOKEN_CREDENTIALS = "AzureCliCredential";
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
