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

/**
 * The credential file a Lambda uses (config `gcp.credentialsFile`): workload identity federation
 * with an AWS provider, the shape `gcloud iam workload-identity-pools create-cred-config --aws`
 * writes. No secret: the auth library signs GetCallerIdentity with the function's AWS credentials
 * (AWS_ACCESS_KEY_ID/SECRET/SESSION_TOKEN and AWS_REGION, which Lambda sets). Only the token URL
 * differs from production's `https://sts.googleapis.com/v1/token`.
 */
export function awsFederationCredential(sim: SimulatorEndpoints, pool = "aimscan", provider = "aws") {
  return {
    type: "external_account",
    audience: `//iam.googleapis.com/projects/${IDENTITY_PROJECT.number}/locations/global/workloadIdentityPools/${pool}/providers/${provider}`,
    subject_token_type: "urn:ietf:params:aws:token-type:aws4_request",
    token_url: sim.tokenUrl,
    cloud_resource_manager_url: `${sim.apiEndpoint}/v1/projects/`,
    credential_source: {
      environment_id: "aws1",
      regional_cred_verification_url:
        "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15",
    },
  };
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
