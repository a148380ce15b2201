// IAM and STS (query protocol): service-specific credentials (Bedrock API keys, metadata only, as the
// real list call returns), users, caller identity and AssumeRole into the scenario's accounts.
import { accountOf, DEFAULT_CREATED, type Handler, partitionFor } from "./state.ts";
import { AwsError, checkMax, page } from "./wire.ts";

export const iamHandlers: Record<string, Handler> = {
  ListUsers: (call, state) => {
    checkMax(call.input.MaxItems, 1000, "maxItems", "ValidationError");
    const users = accountOf(state, call.account)?.iam?.users ?? [];
    const p = page(users, call.input.Marker, Number(call.input.MaxItems) || undefined, state.pageSize);
    return {
      Users: p.items.map((u) => ({
        Path: "/",
        UserName: u.name,
        UserId: `AIDA${u.name
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, "")
          .padEnd(12, "X")}`,
        Arn: `arn:${partitionFor(call)}:iam::${call.account}:user/${u.name}`,
        CreateDate: u.createdAt ?? DEFAULT_CREATED,
      })),
      IsTruncated: p.next !== undefined,
      Marker: p.next,
    };
  },
  ListServiceSpecificCredentials: (call, state) => {
    checkMax(call.input.MaxItems, 1000, "maxItems", "ValidationError");
    const users = accountOf(state, call.account)?.iam?.users ?? [];
    const userName = call.input.UserName as string | undefined;
    const allUsers = call.input.AllUsers === "true";
    if (userName && allUsers) {
      throw new AwsError("ValidationError", "AllUsers cannot be specified together with UserName.");
    }
    if (userName && !users.some((u) => u.name === userName)) {
      throw new AwsError("NoSuchEntity", `The user with name ${userName} cannot be found.`, 404);
    }
    // Without UserName or AllUsers, IAM lists the caller's own credentials: none for a role.
    const scope = userName ? users.filter((u) => u.name === userName) : allUsers ? users : [];
    const service = call.input.ServiceName as string | undefined;
    const creds = scope.flatMap((u) =>
      (u.serviceCredentials ?? [])
        .filter((c) => !service || (c.serviceName ?? "bedrock.amazonaws.com") === service)
        .map((c) => ({
          UserName: u.name,
          Status: c.status ?? "Active",
          // Bedrock API keys carry a public alias (user name + version/creation suffix) and no
          // ServiceUserName; the older kinds (CodeCommit, Keyspaces) carry a ServiceUserName.
          ...((c.serviceName ?? "bedrock.amazonaws.com") === "bedrock.amazonaws.com"
            ? { ServiceCredentialAlias: `${u.name}+1-at-${call.account}` }
            : { ServiceUserName: `${u.name}-at-${call.account}` }),
          CreateDate: c.createdAt ?? DEFAULT_CREATED,
          ExpirationDate: c.expiresAt,
          ServiceSpecificCredentialId: c.id,
          ServiceName: c.serviceName ?? "bedrock.amazonaws.com",
        })),
    );
    const p = page(creds, call.input.Marker, Number(call.input.MaxItems) || undefined, state.pageSize);
    return { ServiceSpecificCredentials: p.items, IsTruncated: p.next !== undefined, Marker: p.next };
  },
};

export const stsHandlers: Record<string, Handler> = {
  GetCallerIdentity: (call) => ({
    Account: call.account,
    Arn: `arn:${partitionFor(call)}:iam::${call.account}:user/aimscan`,
    UserId: "AIDAAIMSCANSIMULATOR",
  }),
  AssumeRole: (call, state) => {
    const roleArn = String(call.input.RoleArn ?? "");
    const target = /^arn:[a-z-]+:iam::(\d{12}):role\/(.+)$/.exec(roleArn)?.[1];
    const account = target ? accountOf(state, target) : undefined;
    const refuse = () =>
      new AwsError(
        "AccessDenied",
        `User: arn:aws:iam::${call.account}:user/aimscan is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    if (!target || !account || account.assumeRole?.denied) throw refuse();
    const wanted = account.assumeRole?.externalId;
    if (wanted !== undefined && call.input.ExternalId !== wanted) throw refuse();
    const keys = state.issueKeys(target);
    const session = String(call.input.RoleSessionName ?? "session");
    return {
      Credentials: {
        AccessKeyId: keys.accessKeyId,
        SecretAccessKey: keys.secretAccessKey,
        SessionToken: keys.sessionToken,
        Expiration: new Date(Date.now() + 3_600_000).toISOString(),
      },
      AssumedRoleUser: {
        AssumedRoleId: `AROASIMULATOR:${session}`,
        Arn: `arn:${partitionFor(call)}:sts::${target}:assumed-role/${roleArn.split("/").pop()}/${session}`,
      },
    };
  },
};
