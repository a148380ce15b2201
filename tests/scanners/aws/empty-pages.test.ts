// An empty page that still carries a next token is a page like any other (AWS documents that a list
// may answer fewer items than asked, none included, with a NextToken): every declaration follows
// the token and lists the same items as without the empty page. Real SDK clients against the
// simulator, whose first answer of each list is rewritten to no items and the token of page one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shardClients } from "../../../scanners/aws/clients.ts";
import type { AwsScanner } from "../../../scanners/aws/declaration.ts";
import { AWS_SCANNERS } from "../../../scanners/aws/registry.ts";
import { listAll } from "../../../scanners/aws/run.ts";
import { DEFAULT_SETTINGS } from "../../../scanners/settings.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER, twoAccounts } from "./fixture.ts";

/** The SDK members of the declarations that return a Page (they reshape what they list). */
const PAGE_MEMBERS: Record<string, [string, string]> = {
  ListMetrics: ["Metrics", "NextToken"],
  ListSecrets: ["SecretList", "NextToken"],
};

const operationOf = (s: AwsScanner) => s.actions[0]!.split(":")[1]!;
const membersOf = (s: AwsScanner): [string, string] | undefined => {
  if (s.items === undefined) return PAGE_MEMBERS[operationOf(s)];
  // A Get answering the item itself, or a token read by a function (IAM's IsTruncated + Marker).
  if (s.items === "items" || typeof s.next !== "string") return undefined;
  return [s.items, s.next];
};
const ROWS = AWS_SCANNERS.flatMap((s) => {
  const members = membersOf(s);
  return members ? [{ scanner: s, kind: `${s.service}/${s.kind}`, members }] : [];
});

let sim: AwsSimulator;
let clients: ReturnType<typeof shardClients>;
beforeAll(async () => {
  sim = await startAwsSimulator(twoAccounts(3), { pageSize: 2 });
  clients = shardClients(awsConfig({}).aws!, awsDeps(sim), "us-east-1", undefined, "caller");
});
afterAll(async () => {
  clients.close();
  await sim.stop();
});

const list = (s: AwsScanner) =>
  listAll(s, {
    account: CALLER,
    region: "us-east-1",
    partition: "aws",
    clients,
    now: new Date(),
    settings: DEFAULT_SETTINGS,
  });

describe("an empty page with a next token", () => {
  it("has a row for most declarations", () => {
    expect(ROWS.length).toBeGreaterThan(AWS_SCANNERS.length / 2);
  });

  it.each(ROWS)("is followed by $kind", async ({ scanner, members: [items, next] }) => {
    sim.controls.clear();
    const whole = await list(scanner);
    const operation = operationOf(scanner);
    // "p0" is the simulator's token for the first page: the empty page leads to the whole list.
    sim.controls.rewrite({ account: CALLER, operation }, (out) => ({ ...out, [items]: [], [next]: "p0" }), 1);
    const before = sim.requests.filter((r) => r.operation === operation).length;
    const paged = await list(scanner);
    sim.controls.clear();
    expect(JSON.stringify(paged)).toBe(JSON.stringify(whole));
    expect(sim.requests.filter((r) => r.operation === operation).length - before).toBeGreaterThan(1);
  });
});
