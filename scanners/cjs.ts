// The exports of a CommonJS package loaded with `import()`, the same in both forms aimscan runs
// in. Node's own import() of a CJS file gives its named exports and `default` (module.exports);
// in an SST bundle, esbuild's code splitting turns that import into a chunk that has only
// `export default` — so `m.GoogleAuth` was undefined in Lambda and every GCP shard failed there
// (found by bench/bundle.ts's three-cloud night). `default` is module.exports in both forms.
export function cjsExports<T extends object>(mod: T): T {
  const exports = (mod as { default?: unknown }).default;
  return (exports !== null && typeof exports === "object" ? exports : mod) as T;
}
