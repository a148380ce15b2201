// stacks/platform.ts as SST itself types it: scripts/sst-typecheck.sh puts this file in place of
// the stand-in, so every stack is type-checked against the component types `sst install` made.
// (Only used inside .sst/typecheck/; the globals below exist there, not in the main project.)
type SF = typeof sst.aws.StepFunctions;

export type Value<T = string> = $util.Input<T>;
export type State = Parameters<SF["map"]>[0]["processor"];
export type FailableState = ReturnType<SF["lambdaInvoke"]>;
export type RetryArgs = NonNullable<Parameters<FailableState["retry"]>[0]>;
export type FunctionArgs = ConstructorParameters<typeof sst.aws.Function>[1];
export interface Permission {
  actions: string[];
  resources: Value[];
  /** IAM conditions, in the shape of SST's FunctionArgs.permissions. */
  conditions?: { test: string; variable: string; values: string[] }[];
}

export interface Platform {
  $app: typeof $app;
  $interpolate: typeof $interpolate;
  $jsonStringify: typeof $jsonStringify;
  sst: typeof sst;
  aws: typeof aws;
}
