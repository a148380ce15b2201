/** The URL of an up-to-date bundle of `entry` (default cli/main.ts) under `out` (default dist/cli), or undefined. */
export function freshBundle(root: string, entry?: string, out?: string): Promise<string | undefined>;
