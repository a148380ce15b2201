// The clients of one scan share one keep-alive connection pool: a request from another account's or
// region's client reuses a warm socket, and one client's destroy() (AssumeRole's STS client is
// destroyed after each session) does not cut the others' connections.
import { ListEndpointsCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeClients, shardClients } from "../../../scanners/aws/clients.ts";
import { connectionPool } from "../../../scanners/aws/http.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, twoAccounts } from "./fixture.ts";

let sim: AwsSimulator;
beforeAll(async () => {
  sim = await startAwsSimulator(twoAccounts(1));
});
afterAll(() => sim.stop());

const open = (pool: NonNullable<ReturnType<typeof connectionPool>>) =>
  [...Object.values(pool.httpAgent.freeSockets), ...Object.values(pool.httpAgent.sockets)]
    .flatMap((list) => list ?? [])
    .filter((socket) => !socket.destroyed);

describe("the scan's connection pool", () => {
  it("serves every client of the scan from the same sockets, and outlives a client's destroy()", async () => {
    const config = awsConfig({ regions: ["us-east-1", "eu-west-1"] });
    const clients = new Map<string, { destroy(): void }>();
    const deps = awsDeps(sim, { clients });
    const east = shardClients(config.aws!, deps, "us-east-1", undefined, "caller");
    const west = shardClients(config.aws!, deps, "eu-west-1", undefined, "caller");
    try {
      const a = await east.sagemaker().send(new ListEndpointsCommand({}));
      expect(a.Endpoints).toBeDefined();
      const pool = connectionPool(clients)!;
      expect(open(pool)).toHaveLength(1);
      // Destroying one client leaves the pool (and the other client) working, on the same socket.
      east.sagemaker().destroy();
      const [socket] = open(pool);
      const b = await west.sagemaker().send(new ListEndpointsCommand({}));
      expect(b.Endpoints).toBeDefined();
      expect(open(pool)).toEqual([socket]);
      // The scan's own close ends the pool with the clients.
      closeClients(clients);
      expect(open(pool)).toHaveLength(0);
      expect(clients.size).toBe(0);
    } finally {
      closeClients(clients);
    }
  });
});
