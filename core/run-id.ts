// A run id names a folder of evidence, a store key and a `--run` argument: checked before anything
// runs. `latest` is what `report --run latest` means, so no run may be called that.
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const MAX_RUN_ID = 128;

/** Why `id` cannot be a run id, or undefined when it can. */
export function runIdProblem(id: string): string | undefined {
  if (id.length === 0) return "the run id is empty";
  if (id.length > MAX_RUN_ID) return `the run id is ${id.length} characters; at most ${MAX_RUN_ID}`;
  if (!RUN_ID.test(id))
    return "a run id uses letters, digits, '.', '_' and '-' only, and starts with a letter or digit";
  if (id.includes("..")) return 'a run id may not contain ".."';
  if (id.toLowerCase() === "latest")
    return '"latest" is reserved (report --run latest); choose another run id';
  return undefined;
}
