// One keep-alive connection pool for every SDK client of a scan. Each SDK client otherwise builds
// its own agent (50 sockets per host), and a scan builds one client per account, region and service
// (640 in the bench's estate), so most requests opened a connection of their own: TCP (and, against
// real AWS, TLS) set-up was a tenth of the scan's CPU. Requests to one regional endpoint from every
// account now share warm sockets; SigV4 signs each request, not the connection, so sharing one
// between accounts changes nothing AWS sees.
//
// A client's destroy() destroys its handler's agents, external ones included (NodeHttpHandler), and
// the scan destroys clients (AssumeRole's after each session) while others are still sending: the
// pool's agents therefore ignore destroy(), and the scan closes them once, after every client.
import { type AgentOptions, Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";

/**
 * Sockets per endpoint. The scan's dispatch (scanners/dispatch.ts) already caps the requests in
 * flight (two per rate key); this only has to stay above that cap for the busiest endpoint.
 */
const MAX_SOCKETS = 512;

const OPTIONS: AgentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS };

class PooledHttpAgent extends HttpAgent {
  override destroy(): void {}
  close(): void {
    super.destroy();
  }
}

class PooledHttpsAgent extends HttpsAgent {
  override destroy(): void {}
  close(): void {
    super.destroy();
  }
}

/** What the clients share, kept in the scan's client map so that `closeClients` ends it too. */
export interface ConnectionPool {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
  destroy(): void;
}

/** The map key of the pool; no client key has this shape (`name|region|identity`). */
const POOL_KEY = "aimscan:connection-pool";

/** The scan's pool, made on first use; undefined without a shared client map (one-off clients). */
export function connectionPool(
  clients: Map<string, { destroy(): void }> | undefined,
): ConnectionPool | undefined {
  if (!clients) return undefined;
  let pool = clients.get(POOL_KEY) as ConnectionPool | undefined;
  if (!pool) {
    const httpAgent = new PooledHttpAgent(OPTIONS);
    const httpsAgent = new PooledHttpsAgent(OPTIONS);
    pool = {
      httpAgent,
      httpsAgent,
      destroy: () => {
        httpAgent.close();
        httpsAgent.close();
      },
    };
    clients.set(POOL_KEY, pool);
  }
  return pool;
}
