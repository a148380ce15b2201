// Third-party AI credentials kept in Azure Key Vault, found by metadata only. Vaults are listed
// through ARM, and each vault's secrets through the ARM management plane
// (Microsoft.KeyVault/vaults/secrets), which returns names, tags, content type and dates but never a
// value. aimscan never calls the data plane (https://VAULT.vault.azure.net/secrets/…, getSecret):
// its role does not even hold a data action. A secret is an asset when its name, content type or
// tags point at an AI vendor (scanners/usage/vendors.ts; config `aiCredentials.vendors` adds more).
//
// Shard: (subscription, "keyvault"). Id: the secret's ARM resource id. Region: the vault's location.
// Attributes share names with the AWS ai-credential kinds where the meaning is the same, so the
// built-in policies read every cloud alike.
import type { Secret, Vault } from "@azure/arm-keyvault";
import type { Asset, AzureConfig } from "../../core/model.ts";
import type { ShardContext, ShardOutcome, ShardSpec } from "../engine.ts";
import type { ScanSettings } from "../settings.ts";
import { VENDOR_ATTRIBUTE } from "../usage/credential-attributes.ts";
import { credentialVendor, type VendorMatch } from "../usage/vendors.ts";
import { type AzureDeps, keyVaultClient } from "./clients.ts";
import { type AzureDeclaration, isoOrNull } from "./declaration.ts";
import { mapLimit } from "./map-limit.ts";

const CONCURRENCY = 8;

export interface VaultSecret {
  secret: Secret;
  vault: Vault;
  match: VendorMatch;
}

export const keyVaultAiCredential: AzureDeclaration<VaultSecret> = {
  service: "keyvault",
  kind: "ai-credential",
  attributes: {
    vendor: VENDOR_ATTRIBUTE,
    matchedOn: {
      type: "string",
      doc: "which metadata named the vendor: name, description (the content type) or tags",
    },
    store: { type: "string", doc: 'where the credential is kept: "keyvault"' },
    contentType: { type: "string|null", doc: "the secret's content type, as its owner set it" },
    vault: { type: "string", doc: "resource id of the vault holding it" },
    vaultUri: { type: "string|null", doc: "the vault's data-plane URI (never called by aimscan)" },
    enabled: { type: "boolean", doc: "the secret can be read by its users" },
    createdAt: { type: "string|null", doc: "when the secret was created" },
    lastChangedAt: { type: "string|null", doc: "when its current version or metadata last changed" },
    expiresAt: { type: "string|null", doc: "expiry of the current version; null without one" },
    rotationEnabled: {
      type: "boolean",
      doc: "always false: Key Vault secrets have no built-in rotation (lastChangedAt tells)",
    },
  },
  actions: ["Microsoft.KeyVault/vaults/read", "Microsoft.KeyVault/vaults/secrets/read"],
  toAsset({ secret: s, vault, match }, subscription): Asset {
    if (!s.id || !s.name) throw new Error(`Key Vault ${vault.name} listed a secret without id or name`);
    const a = s.properties?.attributes;
    // Deliberately no `s.properties.value`: the management plane never returns one, and were it to,
    // nothing here would copy it.
    return {
      id: s.id,
      provider: "azure",
      service: "keyvault",
      kind: "ai-credential",
      account: subscription,
      region: vault.location ?? "global",
      name: s.name,
      createdAt: isoOrNull(a?.created),
      tags: s.tags ?? {},
      attributes: {
        vendor: match.vendor,
        matchedOn: match.matchedOn,
        store: "keyvault",
        contentType: s.properties?.contentType ?? null,
        vault: vault.id!,
        vaultUri: vault.properties?.vaultUri ?? null,
        enabled: a?.enabled !== false,
        createdAt: isoOrNull(a?.created),
        lastChangedAt: isoOrNull(a?.updated),
        expiresAt: isoOrNull(a?.expires),
        rotationEnabled: false,
      },
    };
  },
};

export async function executeKeyVaultShard(
  spec: ShardSpec,
  cfg: AzureConfig,
  ctx: ShardContext,
  deps: AzureDeps,
  settings: ScanSettings,
): Promise<ShardOutcome> {
  const client = await keyVaultClient(spec.account, cfg, deps, ctx);
  const options = { abortSignal: ctx.signal };
  const vaults: Vault[] = [];
  for await (const v of client.vaults.listBySubscription(options)) vaults.push(v);
  const found = await mapLimit(vaults, CONCURRENCY, async (vault) => {
    const rg = /\/resourceGroups\/([^/]+)\//i.exec(vault.id ?? "")?.[1];
    if (!rg || !vault.name) throw new Error(`Key Vault listed without a resource id: ${vault.id}`);
    const assets: Asset[] = [];
    for await (const secret of client.secrets.list(rg, vault.name, options)) {
      const match = credentialVendor(settings.vendors, {
        name: secret.name ?? "",
        description: secret.properties?.contentType,
        tags: secret.tags ?? {},
      });
      if (match) assets.push(keyVaultAiCredential.toAsset({ secret, vault, match }, spec.account));
    }
    return assets;
  });
  return { assets: found.flat(), kinds: ["ai-credential"] };
}
