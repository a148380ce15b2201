// `aimscan init --snapshot S | --config F [--out DIR] [--group-by …] [--update]`: drafts the
// declared inventory from what runs, so that a first night shows value before anyone writes YAML.
// Never overwrites: an existing inventory is refused (exit 2) unless --update, which adds only the
// assets no entry declares yet and keeps every edit and comment.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../core/config.ts";
import { draftSystems, exactEntry, groupOf, parseGroupBy } from "../../core/init/draft.ts";
import { addToDocument, draftDocument } from "../../core/init/write.ts";
import { loadInventory } from "../../core/inventory.ts";
import type { InventoryEntry, Snapshot } from "../../core/model.ts";
import { reconcile } from "../../core/reconcile.ts";
import { readSnapshot } from "../../core/snapshot-file.ts";
import { InputError } from "../../core/yamlfile.ts";
import { action } from "../action.ts";
import { plural } from "../plural.ts";

const FILE = "inventory.yaml";

interface InitOptions {
  snapshot?: string;
  config?: string;
  out: string;
  groupBy?: string;
  update?: boolean;
}

export function register(program: Command): void {
  program
    .command("init")
    .description(
      "draft the declared inventory from a snapshot or a scan (owner, riskLevel, purpose left TODO)",
    )
    .option("--snapshot <file>", "snapshot JSON written by `aimscan scan`")
    .option("--config <file>", "scan the clouds of this config first")
    .option("--out <dir>", "inventory folder to write", "inventory")
    .option("--group-by <how>", "one system per: account | tag:KEY | name-prefix", "account")
    .option("--update", "add only the assets no entry declares yet, keeping edits and comments")
    .action(action((opts: InitOptions) => init(opts)));
}

export async function init(opts: InitOptions): Promise<number> {
  const groupBy = parseGroupBy(opts.groupBy);
  if (!groupBy) throw new InputError(`--group-by: "${opts.groupBy}" is not account, tag:KEY or name-prefix`);
  if (Boolean(opts.snapshot) === Boolean(opts.config))
    throw new InputError("init: give exactly one of --snapshot FILE or --config FILE");
  const existing = yamlFiles(opts.out);
  if (existing.length > 0 && !opts.update)
    throw new InputError(
      `${join(opts.out, existing[0]!)}: an inventory already exists; aimscan init never overwrites it ` +
        "(use --update to add only what is new, or --out another folder)",
    );
  const snapshot = opts.snapshot ? readSnapshot(opts.snapshot) : await scanConfig(opts.config!);
  const say = (line: string) => process.stdout.write(`${line}\n`);

  if (existing.length === 0) {
    const systems = draftSystems(snapshot.assets, groupBy);
    mkdirSync(opts.out, { recursive: true });
    const file = join(opts.out, FILE);
    writeFileSync(file, draftDocument(systems), { flag: "wx" });
    const entries = systems.reduce((n, s) => n + s.assets.length, 0);
    say(
      `wrote ${file}: ${plural(systems.length, "system")}, ${plural(entries, "entry", "entries")} ` +
        `for ${plural(snapshot.assets.length, "asset")}`,
    );
    say(`next: fill in each TODO, then: aimscan validate --strict --inventory ${opts.out}`);
    return 0;
  }

  // --update: only what no entry declares yet; each new asset by exact id (a new selector could
  // claim assets the user has since moved to another system, making them ambiguous).
  const inventory = loadInventory(opts.out);
  const report = reconcile(inventory, snapshot);
  const undeclared = new Set(report.items.filter((i) => i.status === "undeclared").map((i) => i.assetId));
  const fresh = snapshot.assets.filter((a) => undeclared.has(a.id));
  // Paths are compared resolved: sources are relative to the working directory, --out may not be.
  const fileOf = new Map(inventory.systems.map((s) => [s.id, s.source ? resolve(s.source.file) : undefined]));
  const additions = new Map<string, Map<string, InventoryEntry[]>>();
  const newSystems = draftSystems(fresh, groupBy)
    .map((s) => ({ ...s, assets: fresh.filter((a) => groupOf(a, groupBy).id === s.id).map(exactEntry) }))
    .filter((s) => {
      const file = fileOf.get(s.id);
      if (!file) return true;
      const perFile = additions.get(file) ?? new Map<string, InventoryEntry[]>();
      perFile.set(s.id, s.assets);
      additions.set(file, perFile);
      return false;
    });
  const target = resolve(opts.out, FILE);
  const files = new Set([...additions.keys(), ...(newSystems.length > 0 ? [target] : [])]);
  for (const file of files) {
    const text = existsSync(file) ? readFileSync(file, "utf8") : "version: 1\nsystems: []\n";
    const next = addToDocument(text, file === target ? newSystems : [], additions.get(file) ?? new Map());
    writeFileSync(file, next);
  }
  say(
    fresh.length === 0
      ? `nothing new: every asset of the snapshot is declared in ${opts.out}`
      : `added ${plural(fresh.length, "asset")} (${plural(newSystems.length, "new system")}) to ${[...files].map((f) => relative(process.cwd(), f) || f).join(", ")}`,
  );
  return 0;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir)
      .filter((n) => /\.ya?ml$/i.test(n))
      .sort();
  } catch {
    throw new InputError(`${dir}: --out must be a folder`);
  }
}

async function scanConfig(file: string): Promise<Snapshot> {
  const config = loadConfig(file);
  const { scan } = await import("../../scanners/index.ts");
  const snapshot = await scan(config, {
    onProgress: (p) => {
      if (process.stderr.isTTY)
        process.stderr.write(`\rscanning: ${p.done}/${p.total} shards, ${p.assets} assets\x1b[K`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write("\n");
  const failed = snapshot.coverage.filter((c) => c.status === "error");
  for (const c of failed)
    process.stderr.write(`not scanned: ${c.provider}/${c.account}/${c.region}/${c.service}: ${c.error}\n`);
  return snapshot;
}
