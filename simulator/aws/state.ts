// What every simulated service handler receives: the parsed call and the shared estate.
import type { AwsAccountScenario, AwsRegionScenario, AwsScenario } from "../scenario.ts";
import { AwsError } from "./wire.ts";

export interface Call {
  service: string;
  operation: string;
  /** JSON body, query form fields, or REST query string + body, merged. */
  input: Record<string, unknown>;
  /** REST path parameters, already URI-decoded. */
  path: Record<string, string>;
  account: string;
  region: string;
}

export interface Published {
  service: "sns" | "events" | "securityhub";
  target: string;
  message: string;
  subject?: string;
  attributes: Record<string, string>;
}

export interface SimState {
  scenario: AwsScenario;
  pageSize: number;
  datapointsPerPage?: number;
  published: Published[];
  /** Hands out temporary keys that map back to `account`. */
  issueKeys(account: string): { accessKeyId: string; secretAccessKey: string; sessionToken: string };
}

export type Handler = (call: Call, state: SimState) => unknown;

export const DEFAULT_CREATED = "2026-01-01T00:00:00Z";

export function accountOf(state: SimState, account: string): AwsAccountScenario | undefined {
  return state.scenario.accounts[account];
}

/** The regions an account has enabled: `enabledRegions`, or the regions its estate lives in. */
export function enabledRegionsOf(account: AwsAccountScenario): string[] {
  return account.enabledRegions ?? Object.keys(account.regions);
}

export function regionOf(state: SimState, call: Call): AwsRegionScenario {
  return accountOf(state, call.account)?.regions[call.region] ?? {};
}

export function notFound(what: string): AwsError {
  return new AwsError("ResourceNotFoundException", `${what} not found`, 404);
}

/** The ARN partition of the region a call was signed for (GovCloud and China have their own). */
export function partitionFor(call: Pick<Call, "region">): string {
  if (call.region.startsWith("cn-")) return "aws-cn";
  if (call.region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** SageMaker lower-cases resource names in its ARNs. */
export function sagemakerArn(call: Call, type: string, name: string): string {
  return `arn:${partitionFor(call)}:sagemaker:${call.region}:${call.account}:${type}/${name.toLowerCase()}`;
}

export function bedrockArn(call: Call, type: string, id: string): string {
  return `arn:${partitionFor(call)}:bedrock:${call.region}:${call.account}:${type}/${id}`;
}

/** A stable 10-character id derived from a name (Bedrock ids look like `ABCDE12345`). */
export function idFor(name: string): string {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h.toString(36).toUpperCase().padStart(10, "0").slice(0, 10);
}
