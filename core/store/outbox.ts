// The alert outbox and the night lease, beside the history in the same table.
//
// | item        | pk       | sk                   | what                                          |
// |-------------|----------|----------------------|-----------------------------------------------|
// | outbox      | OUTBOX   | <startedAt>#<runId>  | a run's digest and the sinks still to deliver |
// | night lease | LEASE    | NIGHT                | who runs tonight's night, until when          |
//
// The outbox entry is written before the run is marked completed; a sink is removed from
// `pending` only after it accepted the digest, so every digest reaches every sink at least once
// (a sink that fails, or a process killed mid-send, is retried by the next invocation or night).
// The lease is one conditional write: taken when absent, expired, or already ours.
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchPut } from "./batch.ts";
import { batchGet } from "./batch-get.ts";
import { decodeDigest, encodeDigest, partKeys, partsPk } from "./outbox-digest.ts";
import { queryAll } from "./reader.ts";

export interface OutboxEntry {
  runId: string;
  startedAt: string;
  /** The digest as JSON (core/alerts Digest). */
  digest: unknown;
  /** Sinks that have not accepted it yet. */
  pending: string[];
  attempts: number;
  lastError?: string;
  /** Per batched sink (EventBridge): events accepted in order from the first; a re-send starts there. */
  progress?: Partial<Record<string, number>>;
}

export class LeaseHeld extends Error {
  override name = "LeaseHeld";
  constructor(
    readonly owner: string,
    readonly until: string,
  ) {
    super(`another night (${owner}) holds the store until ${until}`);
  }
}

const OUTBOX = "OUTBOX";
const sk = (e: { runId: string; startedAt: string }) => `${e.startedAt}#${e.runId}`;

export class OutboxTable {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Idempotent for a run: a redo rewrites the same key, keeping sinks already delivered out. */
  async put(entry: Omit<OutboxEntry, "attempts">): Promise<void> {
    const key = { pk: OUTBOX, sk: sk(entry) };
    const existing = (await this.client.send(new GetCommand({ TableName: this.table, Key: key }))).Item as
      | (OutboxEntry & { delivered?: string[] })
      | undefined;
    const delivered = new Set(existing?.delivered ?? []);
    // A large digest's parts first: the entry that names them is written only once they are all stored.
    const digest = encodeDigest(key.sk, entry.digest);
    await batchPut(this.client, this.table, digest.parts);
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...key,
          type: "outbox",
          runId: entry.runId,
          startedAt: entry.startedAt,
          ...digest.entry,
          pending: entry.pending.filter((s) => !delivered.has(s)),
          delivered: [...delivered],
          attempts: existing?.attempts ?? 0,
        },
      }),
    );
  }

  /** Entries with sinks still to deliver, oldest first. */
  async pending(): Promise<OutboxEntry[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: "pk = :p",
      ExpressionAttributeValues: { ":p": OUTBOX },
    });
    const waiting = items.filter((i) => Array.isArray(i.pending) && (i.pending as string[]).length > 0);
    const keys = waiting.flatMap((i) => (i.digestParts ? partKeys(String(i.sk), Number(i.digestParts)) : []));
    const parts = keys.length > 0 ? await batchGet(this.client, this.table, keys) : [];
    return waiting.map((i) => ({
      runId: String(i.runId),
      startedAt: String(i.startedAt),
      digest: i.digestParts
        ? decodeDigest(
            String(i.sk),
            i,
            parts.filter((p) => p.pk === partsPk(String(i.sk))),
          )
        : JSON.parse(String(i.digest)),
      pending: i.pending as string[],
      attempts: Number(i.attempts ?? 0),
      ...(i.lastError ? { lastError: String(i.lastError) } : {}),
      ...(i.progress && typeof i.progress === "object"
        ? { progress: i.progress as Record<string, number> }
        : {}),
    }));
  }

  /** Records one delivery attempt: sinks that accepted leave `pending`; the rest stay with the reason. */
  async record(
    entry: OutboxEntry,
    accepted: string[],
    error?: string,
    progress: Partial<Record<string, number>> = {},
  ): Promise<void> {
    const pending = entry.pending.filter((s) => !accepted.includes(s));
    const existing = (
      await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: OUTBOX, sk: sk(entry) } }))
    ).Item as { delivered?: string[] } | undefined;
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: OUTBOX, sk: sk(entry) },
        UpdateExpression: "SET pending = :p, delivered = :d, attempts = :a, lastError = :e, progress = :g",
        ExpressionAttributeValues: {
          ":g": progress,
          ":p": pending,
          ":d": [...new Set([...(existing?.delivered ?? []), ...accepted])],
          ":a": entry.attempts + 1,
          ":e": error ?? "",
        },
      }),
    );
  }
}

export class LeaseTable {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date,
  ) {}

  /** Takes the night lease for `ms`, or throws LeaseHeld naming the holder. */
  async acquire(owner: string, ms: number): Promise<void> {
    const now = this.now().getTime();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: "LEASE", sk: "NIGHT", type: "lease", owner, until: now + ms },
          ConditionExpression: "attribute_not_exists(pk) OR #u < :now OR #o = :me",
          ExpressionAttributeNames: { "#u": "until", "#o": "owner" },
          ExpressionAttributeValues: { ":now": now, ":me": owner },
        }),
      );
    } catch (e) {
      if ((e as Error).name !== "ConditionalCheckFailedException") throw e;
      const held = (
        await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: "LEASE", sk: "NIGHT" } }))
      ).Item;
      throw new LeaseHeld(String(held?.owner ?? "?"), new Date(Number(held?.until ?? 0)).toISOString());
    }
  }

  /** Ends the lease by expiring it, not by deleting it: the deployed functions may not delete items. */
  async release(owner: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: "LEASE", sk: "NIGHT" },
          UpdateExpression: "SET #u = :zero",
          ConditionExpression: "#o = :me",
          ExpressionAttributeNames: { "#o": "owner", "#u": "until" },
          ExpressionAttributeValues: { ":me": owner, ":zero": 0 },
        }),
      );
    } catch (e) {
      if ((e as Error).name !== "ConditionalCheckFailedException") throw e;
    }
  }
}
