// Scenario changes between nights, as a scenario file can hold them:
//   { set: "aws.accounts.111.regions.us-east-1.sagemaker.endpointConfigs[name=x].variants[0].instanceType", value: "ml.g5.xlarge" }
//   { add: "aws.accounts.111.regions.us-east-1.sagemaker.endpoints", value: { name: "new", config: "c" } }
//   { remove: "aws.accounts.111.regions.us-east-1.sagemaker.endpoints[name=old]" }
// A path step is an object key, `[n]` (array index) or `[field=value]` (the array element with it).
export type Change = { set: string; value: unknown } | { add: string; value: unknown } | { remove: string };

type Step = { key: string } | { index: number } | { field: string; equals: string };

function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  for (const part of path.match(/[^.[\]]+|\[[^\]]*\]/g) ?? []) {
    if (!part.startsWith("[")) steps.push({ key: part });
    else {
      const inner = part.slice(1, -1);
      const eq = inner.indexOf("=");
      if (eq === -1) steps.push({ index: Number(inner) });
      else steps.push({ field: inner.slice(0, eq), equals: inner.slice(eq + 1) });
    }
  }
  return steps;
}

function locate(root: unknown, steps: Step[], path: string): { parent: any; step: Step } {
  let node: any = root;
  for (let i = 0; i < steps.length - 1; i++) {
    node = child(node, steps[i]!, path);
    if (node === undefined) throw new Error(`scenario change: nothing at ${path}`);
  }
  return { parent: node, step: steps.at(-1)! };
}

function child(node: any, step: Step, path: string): any {
  if ("key" in step) return node?.[step.key];
  if (!Array.isArray(node)) throw new Error(`scenario change: ${path} indexes something that is not a list`);
  if ("index" in step) return node[step.index];
  return node.find((x: any) => String(x?.[step.field]) === step.equals);
}

/** Applies changes to a deep copy of the scenario; a change that points nowhere throws. */
export function applyChanges<T>(scenario: T, changes: readonly Change[]): T {
  const next = structuredClone(scenario);
  for (const change of changes) {
    if ("set" in change) {
      const { parent, step } = locate(next, parsePath(change.set), change.set);
      if ("key" in step) parent[step.key] = change.value;
      else if ("index" in step) parent[step.index] = change.value;
      else throw new Error(`scenario change: set ${change.set} must end at a field`);
    } else if ("add" in change) {
      const steps = parsePath(change.add);
      const { parent, step } = locate(next, steps, change.add);
      let list = child(parent, step, change.add);
      if (list === undefined && "key" in step) list = parent[step.key] = [];
      if (!Array.isArray(list)) throw new Error(`scenario change: add ${change.add} is not a list`);
      list.push(structuredClone(change.value));
    } else {
      const { parent, step } = locate(next, parsePath(change.remove), change.remove);
      if (!Array.isArray(parent) || "key" in step)
        throw new Error(`scenario change: remove ${change.remove} must select a list element`);
      const at =
        "index" in step ? step.index : parent.findIndex((x: any) => String(x?.[step.field]) === step.equals);
      if (at < 0 || at >= parent.length) throw new Error(`scenario change: nothing at ${change.remove}`);
      parent.splice(at, 1);
    }
  }
  return next;
}
