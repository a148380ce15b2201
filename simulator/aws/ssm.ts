// SSM Parameter Store (AWS JSON 1.1, target AmazonSSM.<Op>): DescribeParameters and
// ListTagsForResource (metadata). No GetParameter(s): a planted value can never be served, and asking
// for it fails loudly.
import { DEFAULT_CREATED, type Handler, regionOf } from "./state.ts";
import { AwsError, checkMax, epoch, page } from "./wire.ts";

/** ResourceTypeForTagging in the SSM model; only parameters are simulated. */
const TAGGABLE = new Set([
  "Document",
  "ManagedInstance",
  "MaintenanceWindow",
  "Parameter",
  "PatchBaseline",
  "OpsItem",
  "OpsMetadata",
  "Automation",
  "Association",
]);

export const ssmHandlers: Record<string, Handler> = {
  DescribeParameters: (call, state) => {
    checkMax(call.input.MaxResults, 50, "maxResults");
    const params = regionOf(state, call).parameters ?? [];
    const p = page(params, call.input.NextToken, call.input.MaxResults, state.pageSize);
    return {
      Parameters: p.items.map((x) => ({
        Name: x.name,
        ARN: `arn:aws:ssm:${call.region}:${call.account}:parameter/${x.name.replace(/^\//, "")}`,
        Type: x.type ?? "SecureString",
        ...((x.type ?? "SecureString") === "SecureString" ? { KeyId: x.keyId ?? "alias/aws/ssm" } : {}),
        LastModifiedDate: epoch(x.lastModifiedAt ?? DEFAULT_CREATED),
        LastModifiedUser: `arn:aws:iam::${call.account}:user/admin`,
        Description: x.description,
        Version: 1,
        Tier: x.tier ?? "Standard",
        Policies: [],
        DataType: "text",
      })),
      ...(p.next ? { NextToken: p.next } : {}),
    };
  },
  // As SSM answers: { TagList: [{ Key, Value }] }, an empty list for an untagged parameter; a name
  // that is not (or no longer) a parameter is InvalidResourceId.
  ListTagsForResource: (call, state) => {
    const { ResourceType: type, ResourceId: id } = call.input;
    if (typeof type !== "string" || !TAGGABLE.has(type)) {
      throw new AwsError(
        "ValidationException",
        `1 validation error detected: Value '${String(type)}' at 'resourceType' failed to satisfy constraint`,
      );
    }
    if (type !== "Parameter") throw new AwsError("InvalidResourceType", `${type} tags are not simulated`);
    const param = (regionOf(state, call).parameters ?? []).find((x) => x.name === id);
    if (!param) throw new AwsError("InvalidResourceId", "");
    return { TagList: Object.entries(param.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) };
  },
};
