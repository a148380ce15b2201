// The slice of SST and Pulumi that stacks/ uses, as types only. stacks/ receives the real
// globals (`sst`, `aws`, `$app`, `$interpolate`, `$jsonStringify`) from sst.config.ts and a
// recording stand-in from the tests; `scripts/sst-typecheck.sh` swaps this file for one that
// aliases SST's generated types, so the same stack code is also checked against the real API.

/** A deploy-time value: a Pulumi Output for real, a placeholder string in the recorder. */
export type Value<T = string> = T | { apply: unknown };

export interface Permission {
  actions: string[];
  resources: Value[];
  /** IAM conditions, as SST's FunctionArgs.permissions takes them. */
  conditions?: { test: string; variable: string; values: string[] }[];
}

export interface RetryArgs {
  errors?: string[];
  interval?: `${number} ${"second" | "seconds" | "minute" | "minutes"}`;
  maxAttempts?: number;
  backoffRate?: number;
}

export interface State {
  next<T extends State>(state: T): T;
}
export interface FailableState extends State {
  retry(args?: RetryArgs): FailableState;
  catch(state: State, args?: { errors?: string[] }): FailableState;
}

interface StateArgs {
  name: string;
  output?: string | Record<string, unknown>;
}

type Ctor<A, R> = new (name: string, args: A) => R;
type Transform<T> = T;

export interface FunctionArgs {
  handler: string;
  description?: string;
  runtime?: "nodejs22.x";
  architecture?: "arm64" | "x86_64";
  timeout?: `${number} ${"second" | "seconds" | "minute" | "minutes"}`;
  memory?: `${number} MB`;
  role?: Value;
  environment?: Record<string, Value>;
  nodejs?: {
    format?: "esm";
    minify?: boolean;
    banner?: string;
    sourcemap?: boolean;
    splitting?: boolean;
    esbuild?: { external?: string[] };
  };
  logging?: { retention?: "1 month" | "3 months" | "6 months" | "1 year" };
}

export interface Platform {
  $app: { name: string; stage: string };
  $interpolate(strings: TemplateStringsArray, ...values: Value<unknown>[]): Value;
  $jsonStringify(value: unknown): Value;
  sst: {
    aws: {
      Dynamo: Ctor<
        {
          fields: Record<string, "string" | "number" | "binary">;
          primaryIndex: { hashKey: string; rangeKey?: string };
          globalIndexes?: Record<string, { hashKey: string; rangeKey?: string; projection?: "all" }>;
          ttl?: string;
          deletionProtection?: boolean;
          transform?: {
            table?: Transform<{
              billingMode?: "PAY_PER_REQUEST";
              pointInTimeRecovery?: { enabled: boolean };
              serverSideEncryption?: { enabled: boolean };
            }>;
          };
        },
        { name: Value; arn: Value }
      >;
      Bucket: Ctor<
        {
          versioning?: boolean;
          enforceHttps?: boolean;
          cors?: false;
          lifecycle?: { id?: string; prefix?: string; expiresIn?: `${number} days` }[];
          transform?: {
            bucket?: Transform<{ objectLockEnabled?: boolean; forceDestroy?: boolean }>;
            publicAccessBlock?: Transform<{
              blockPublicAcls: boolean;
              blockPublicPolicy: boolean;
              ignorePublicAcls: boolean;
              restrictPublicBuckets: boolean;
            }>;
          };
        },
        { name: Value; arn: Value }
      >;
      SnsTopic: Ctor<Record<string, never>, { arn: Value; name: Value }>;
      Bus: Ctor<Record<string, never>, { arn: Value; name: Value }>;
      Function: Ctor<FunctionArgs, { arn: Value; name: Value }>;
      StepFunctions: Ctor<
        {
          type?: "standard";
          definition: State;
          logging?: { retention?: "1 year"; level?: "error" | "all" | "fatal"; includeData?: boolean };
        },
        { arn: Value }
      > & {
        lambdaInvoke(
          args: StateArgs & { function: { arn: Value }; payload?: Record<string, unknown> | string },
        ): FailableState;
        map(
          args: StateArgs & {
            items?: string;
            itemSelector?: Record<string, unknown>;
            maxConcurrency?: number;
            processor: State;
          },
        ): FailableState;
        pass(args: StateArgs): State;
        fail(args: { name: string; error?: string; cause?: string }): State;
        succeed(args: { name: string }): State;
      };
    };
  };
  aws: {
    iam: {
      Role: Ctor<
        { name?: Value; assumeRolePolicy: Value; description?: string },
        { arn: Value; name: Value }
      >;
      RolePolicy: Ctor<{ role: Value; policy: Value }, unknown>;
      RolePolicyAttachment: Ctor<{ role: Value; policyArn: string }, unknown>;
    };
    s3: {
      BucketObjectLockConfiguration: Ctor<
        {
          bucket: Value;
          rule: { defaultRetention: { mode: "COMPLIANCE" | "GOVERNANCE"; years?: number; days?: number } };
        },
        unknown
      >;
      BucketServerSideEncryptionConfiguration: Ctor<
        {
          bucket: Value;
          rules: {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" | "AES256" };
            bucketKeyEnabled?: boolean;
          }[];
        },
        unknown
      >;
      BucketObjectv2: Ctor<{ bucket: Value; key: string; content: string; contentType?: string }, unknown>;
    };
    scheduler: {
      Schedule: Ctor<
        {
          scheduleExpression: string;
          scheduleExpressionTimezone?: string;
          state?: "ENABLED" | "DISABLED";
          flexibleTimeWindow: { mode: "OFF" | "FLEXIBLE"; maximumWindowInMinutes?: number };
          target: {
            arn: Value;
            roleArn: Value;
            input?: string;
            retryPolicy?: { maximumRetryAttempts?: number };
          };
        },
        unknown
      >;
    };
  };
}
