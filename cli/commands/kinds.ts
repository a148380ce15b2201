// `aimscan kinds [provider[/service[/kind]]]`: the catalogue of what aimscan scans — every kind
// with its attributes (name, type, meaning) and the policies that apply — derived from the scanner
// declarations, so it is what an inventory's selectors and `expect` may name.
import type { Command } from "commander";
import { loadPolicies } from "../../core/policy/index.ts";
import type { CompiledPolicy } from "../../core/policy/load.ts";
import { didYouMean } from "../../core/suggest.ts";
import { InputError } from "../../core/yamlfile.ts";
import { type KindInfo, loadCatalogue } from "../../scanners/catalogue.ts";
import { action, defaultFormat } from "../action.ts";
import { plural } from "../plural.ts";
import { formatOption } from "./options.ts";

export function register(program: Command): void {
  program
    .command("kinds [selector]")
    .description("list the providers, services and kinds aimscan scans, their attributes and policies")
    .option("--policies <packs...>", "policy packs whose checks to show: builtin and/or folders", ["builtin"])
    .addOption(formatOption(["table", "json"]))
    .action(
      action(async (selector: string | undefined, opts: { policies: string[]; format?: string }) => {
        const catalogue = select(await loadCatalogue(), selector);
        const policies = loadPolicies(opts.policies).policies;
        const rows = catalogue.map((k) => ({
          provider: k.provider,
          service: k.service,
          kind: k.kind,
          attributes: Object.entries(k.attributes).map(([name, a]) => ({ name, type: a.type, doc: a.doc })),
          policies: policies.filter((p) => applies(p, k)).map((p) => p.id),
        }));
        if ((opts.format ?? defaultFormat()) === "json") {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return 0;
        }
        const detailed = rows.length <= 3;
        const out: string[] = [];
        for (const r of rows) {
          const head = `${r.provider}/${r.service}/${r.kind}`;
          if (!detailed) {
            const own = r.policies.filter((id) => !id.startsWith("gov-")).length;
            out.push(
              `${head.padEnd(44)} ${plural(r.attributes.length, "attribute").padStart(13)}  ${plural(own, "policy", "policies")}`,
            );
            continue;
          }
          out.push(head);
          const width = Math.max(...r.attributes.map((a) => a.name.length));
          const typeWidth = Math.max(...r.attributes.map((a) => a.type.length));
          for (const a of r.attributes)
            out.push(`  ${a.name.padEnd(width)}  ${a.type.padEnd(typeWidth)}  ${a.doc}`);
          out.push(...wrap("  policies: ", r.policies.length > 0 ? r.policies : ["none"]), "");
        }
        if (!detailed)
          out.push("", "attributes, types and policies of one kind: aimscan kinds PROVIDER/SERVICE/KIND");
        process.stdout.write(`${out.join("\n").trimEnd()}\n`);
        return 0;
      }),
    );
}

/** `prefix a, b, c` broken into lines of the terminal's width, continuation lines indented. */
function wrap(prefix: string, words: string[]): string[] {
  const width = process.stdout.columns || Number(process.env.COLUMNS) || 100;
  const lines: string[] = [];
  let line = prefix;
  for (const [i, w] of words.entries()) {
    const piece = i < words.length - 1 ? `${w}, ` : w;
    if (line.length + piece.length > width && line.trim().length > prefix.trim().length) {
      lines.push(line.trimEnd());
      line = " ".repeat(prefix.length);
    }
    line += piece;
  }
  lines.push(line);
  return lines;
}

/** The kinds under `provider[/service[/kind]]`; a name that is none of them is bad input. */
function select(catalogue: KindInfo[], selector: string | undefined): KindInfo[] {
  if (!selector) return catalogue;
  const parts = selector.split("/");
  const fields = ["provider", "service", "kind"] as const;
  let found = catalogue;
  for (const [i, part] of parts.slice(0, 3).entries()) {
    const field = fields[i]!;
    const next = found.filter((k) => k[field] === part);
    if (next.length === 0) {
      const known = [...new Set(found.map((k) => k[field]))].sort();
      throw new InputError(
        `kinds: no ${field} "${part}"${i > 0 ? ` in ${parts.slice(0, i).join("/")}` : ""}` +
          `${didYouMean(part, known)} (known: ${known.join(", ")})`,
      );
    }
    found = next;
  }
  return found;
}

/** A policy applies to a kind when its resource selector's scope fields allow it. */
function applies(p: CompiledPolicy, k: KindInfo): boolean {
  const r = p.resource;
  if (r.provider && r.provider !== k.provider) return false;
  if (r.service && r.service !== k.service) return false;
  if (r.kind && r.kind !== k.kind) return false;
  // A policy with no scope at all (governance checks) applies to every kind; its `when` decides.
  return true;
}
