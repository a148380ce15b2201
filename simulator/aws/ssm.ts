// SSM Parameter Store (AWS JSON 1.1, target AmazonSSM.<Op>): DescribeParameters only (metadata). No
// GetParameter(s): a planted value can never be served, and asking for it fails loudly.
import { DEFAULT_CREATED, type Handler, regionOf } from "./state.ts";
import { checkMax, epoch, page } from "./wire.ts";

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
};
