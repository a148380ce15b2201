// The whole deployment: storage, the uploaded config, the functions and the nightly state machine.
import { createHash } from "node:crypto";
import type { ConfigFile } from "./config-files.ts";
import { type Lambdas, lambdas, type ScannerAccess } from "./lambdas.ts";
import { night } from "./night.ts";
import type { Platform } from "./platform.ts";
import type { DeploySettings } from "./settings.ts";
import { CONFIG_PREFIX, type Storage, storage } from "./storage.ts";

export interface InfraInput {
  settings: DeploySettings;
  scanner: ScannerAccess;
  configFiles: ConfigFile[];
}

export interface Infra {
  storage: Storage;
  lambdas: Lambdas;
  stateMachine: InstanceType<Platform["sst"]["aws"]["StepFunctions"]>;
}

export function infra(p: Platform, input: InfraInput): Infra {
  const s = storage(p, input.settings);
  for (const file of input.configFiles) {
    // A name derived from the key stays stable when other files come and go.
    const id = createHash("sha256").update(file.key).digest("hex").slice(0, 8);
    new p.aws.s3.BucketObjectv2(`Config-${file.key.replace(/[^A-Za-z0-9]/g, "")}-${id}`, {
      bucket: s.work.name,
      key: `${CONFIG_PREFIX}${file.key}`,
      content: file.content,
      contentType: "application/yaml",
    });
  }
  const fns = lambdas(p, s, input.scanner);
  const { stateMachine } = night(p, fns, input.settings);
  return { storage: s, lambdas: fns, stateMachine };
}
