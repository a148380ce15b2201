// Deploy-time settings: what a platform team may change per stage without editing stacks/.
// Read from AIMSCAN_* environment variables at `sst deploy` time, validated with zod.
import { z } from "zod";

export const DeploySettings = z.strictObject({
  /** EventBridge Scheduler expression; nightly at 02:00 by default. */
  schedule: z
    .string()
    .regex(/^(cron|rate)\(.+\)$/, "schedule must be cron(...) or rate(...)")
    .default("cron(0 2 * * ? *)"),
  timezone: z.string().default("UTC"),
  /**
   * Account batches scanned at once by the Map state. The Map is INLINE, which AWS runs at most 40
   * iterations of at a time ("Using Map state in Inline mode"); a higher value would be silently
   * capped, so it is refused. 40 by default: a batch is one account (or subscription, project),
   * whose API quotas no other batch shares, so accounts waiting for a free iteration only add
   * waves (20 accounts at 10 took two scans' time; bench/scan-deployed.ts).
   */
  maxConcurrency: z.coerce
    .number()
    .int()
    .min(1)
    .max(40, "an inline Map runs at most 40 iterations at once (AWS limit)")
    .default(40),
  /** Object Lock default retention (compliance mode) for evidence. */
  evidenceRetentionYears: z.coerce.number().int().min(1).max(100).default(3),
  /** Days a run's working files (plan, shard results) are kept. */
  runDataDays: z.coerce.number().int().min(1).default(14),
  configFile: z.string().default("aimscan.config.yaml"),
  scheduleEnabled: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
});
export type DeploySettings = z.infer<typeof DeploySettings>;

const ENV: Record<keyof z.input<typeof DeploySettings>, string> = {
  schedule: "AIMSCAN_SCHEDULE",
  timezone: "AIMSCAN_TIMEZONE",
  maxConcurrency: "AIMSCAN_MAX_CONCURRENCY",
  evidenceRetentionYears: "AIMSCAN_EVIDENCE_RETENTION_YEARS",
  runDataDays: "AIMSCAN_RUN_DATA_DAYS",
  configFile: "AIMSCAN_CONFIG_FILE",
  scheduleEnabled: "AIMSCAN_SCHEDULE_ENABLED",
};

/** Settings from the environment; a bad value names its variable. */
export function deploySettings(env: Record<string, string | undefined> = process.env): DeploySettings {
  const raw: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV)) {
    const value = env[name];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const parsed = DeploySettings.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]) as keyof typeof ENV;
    throw new Error(`${ENV[key] ?? key}: ${issue.message}`);
  }
  return parsed.data;
}
