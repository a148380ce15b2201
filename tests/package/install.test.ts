// Installs anywhere: the packed tarball installs globally into a temporary prefix, and the
// installed `aimscan` runs from an empty folder outside the checkout — `--help`, then the demo's
// two nights. Slow (an npm install and two nights on a cold tsx cache), hence its own timeout;
// --prefer-offline uses npm's cache when it holds the packages, the registry otherwise.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "aimscan-install-"));
const prefix = join(work, "prefix");
const empty = mkdtempSync(join(tmpdir(), "aimscan-elsewhere-"));
const INSTALL_TIMEOUT = 15 * 60_000;

// The installed bin, with nothing from the checkout on PATH or in the environment.
const env = {
  PATH: [join(prefix, "bin"), ...(process.env.PATH ?? "").split(delimiter)].join(delimiter),
  HOME: process.env.HOME ?? work,
  NO_COLOR: "1",
};
const aimscan = (args: string[]) =>
  run(join(prefix, "bin", "aimscan"), args, { cwd: empty, env, maxBuffer: 32 * 1024 * 1024 });

beforeAll(async () => {
  await run("npm", ["pack", "--pack-destination", work, "--ignore-scripts"], { cwd: root });
  const tarball = readdirSync(work).find((f) => /^aimscan-.*\.tgz$/.test(f));
  if (!tarball) throw new Error(`npm pack wrote no aimscan-*.tgz into ${work}`);
  await run(
    "npm",
    ["install", "-g", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", join(work, tarball)],
    { cwd: work, maxBuffer: 32 * 1024 * 1024 },
  );
}, INSTALL_TIMEOUT);
// The prefix holds a whole node_modules tree: removing it takes minutes on a loaded machine.
afterAll(async () => {
  await Promise.all([work, empty].map((d) => rm(d, { recursive: true, force: true })));
}, INSTALL_TIMEOUT);

describe("installed from the packed tarball", () => {
  it("prints its help from an empty folder", async () => {
    const { stdout } = await aimscan(["--help"]);
    expect(stdout).toMatch(/^Usage: aimscan/m);
    expect(stdout).toMatch(/\bdemo\b/);
  });

  it(
    "runs the demo's two nights from an empty folder, writing only there",
    async () => {
      const { stdout } = await aimscan(["demo"]);
      expect(stdout).toMatch(/══ night 1/);
      expect(stdout).toMatch(/══ night 2/);
      expect(stdout).toMatch(/evidence chain: verified/);
      expect(readdirSync(empty).sort()).toEqual([".aimscan", "aimscan-out"]);
    },
    INSTALL_TIMEOUT,
  );
});
