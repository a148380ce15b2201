// Satisfies Google's application default credentials offline: an `external_account` credential
// file whose token exchange goes to the simulator's STS endpoint. The scanners then run their
// production credential code unchanged (an `authorized_user` file ignores its token_uri).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IDENTITY_PROJECT } from "./index.ts";

type SimulatorEndpoints = { tokenUrl: string; apiEndpoint: string };

/** Writes the credential file (and the subject token it reads) into `dir`; returns its path. */
export function writeExternalAccountCredentials(sim: SimulatorEndpoints, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const subjectToken = join(dir, "gcp-subject-token.txt");
  writeFileSync(subjectToken, "simulated-workload-identity-token");
  const file = join(dir, "gcp-external-account.json");
  const credential = {
    type: "external_account",
    audience: `//iam.googleapis.com/projects/${IDENTITY_PROJECT.number}/locations/global/workloadIdentityPools/aimscan/providers/simulator`,
    subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
    token_url: sim.tokenUrl,
    // The auth library looks the pool's project up by number; keep that offline too.
    cloud_resource_manager_url: `${sim.apiEndpoint}/v1/projects/`,
    credential_source: { file: subjectToken },
  };
  writeFileSync(file, `${JSON.stringify(credential, null, 2)}\n`);
  return file;
}

/** Points GOOGLE_APPLICATION_CREDENTIALS at a simulator credential; returns a function that undoes it. */
export function useGcpSimulatorCredentials(sim: SimulatorEndpoints, dir: string): () => void {
  const previous = process.env.GOOGLE_APPLICATION_CREDENTIALS;
  process.env.GOOGLE_APPLICATION_CREDENTIALS = writeExternalAccountCredentials(sim, dir);
  return () => {
    if (previous === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    else process.env.GOOGLE_APPLICATION_CREDENTIALS = previous;
  };
}
