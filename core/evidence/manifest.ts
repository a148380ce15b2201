// manifest.json: the SHA-256 of every file of a run's bundle plus the previous run's manifest hash,
// which makes the bundles a hash chain. manifest.sha256 (sha256sum format) seals the manifest
// itself, so that even the newest run, which nothing links to yet, shows a changed byte.
import { createHash } from "node:crypto";
import { z } from "zod";

export const MANIFEST = "manifest.json";
export const MANIFEST_SEAL = "manifest.sha256";
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a lower-case hex SHA-256");
// Plain file names only: a manifest must not be able to point outside its run folder.
const FileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a plain file name");

export const Manifest = z.strictObject({
  schemaVersion: z.literal(1),
  tool: z.literal("aimscan"),
  toolVersion: z.string(),
  runId: z.string().min(1),
  startedAt: z.string(),
  finishedAt: z.string(),
  configHash: z.string(),
  algorithm: z.literal("sha256"),
  previousRunId: z.string().nullable(),
  previousManifestHash: Sha256.nullable(),
  files: z.array(z.strictObject({ name: FileName, sha256: Sha256, bytes: z.number().int().nonnegative() })),
});
export type Manifest = z.infer<typeof Manifest>;

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The exact bytes of manifest.sha256 for a manifest with this hash (`sha256sum -c` reads it). */
export function sealText(manifestHash: string): string {
  return `${manifestHash}  ${MANIFEST}\n`;
}
