// What scanners need from the config besides their own cloud's section: the model-usage window and
// the AI vendors a credential's name may point at. Derived once per scan; plain data, no SDK.
import type { Config } from "../core/model.ts";
import { type VendorRule, vendorRules } from "./usage/vendors.ts";

export interface ScanSettings {
  /** Days of invocation metrics a model-usage scanner reads (config `usage.window`). */
  usageWindowDays: number;
  /** Built-in AI vendors plus the config's `aiCredentials.vendors`. */
  vendors: readonly VendorRule[];
}

export function scanSettings(config: Pick<Config, "usage" | "aiCredentials">): ScanSettings {
  return {
    usageWindowDays: windowDays(config.usage.window),
    vendors: vendorRules(config.aiCredentials.vendors),
  };
}

export const DEFAULT_SETTINGS: ScanSettings = { usageWindowDays: 14, vendors: vendorRules({}) };

/** "14d" or 14 → 14. */
export function windowDays(window: string | number): number {
  return typeof window === "number" ? window : Number.parseInt(window, 10);
}
