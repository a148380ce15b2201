// Reading a user's file: only regular files. A FIFO named `inventory.yaml` would block the read
// forever and a device (`/dev/null`, `/dev/zero`) reads as empty or endless, so both are refused
// by type, before any read.
import { readFileSync, type Stats, statSync } from "node:fs";
import { InputError } from "./yamlfile.ts";

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  if (stat.isDirectory()) return "a folder";
  return "not a regular file";
}

/** Throws InputError unless `file` is a regular file (symlinks are followed). */
export function assertRegularFile(file: string): void {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (e) {
    throw new InputError(`${file}: cannot read: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!stat.isFile()) throw new InputError(`${file}: ${kindOf(stat)}, not a regular file; give a file`);
}

/** The text of a regular file, or one InputError line. */
export function readRegularFile(file: string): string {
  assertRegularFile(file);
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`${file}: cannot read: ${(e as Error).message.split("\n")[0]}`);
  }
}
