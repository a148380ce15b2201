// Secrets Manager (AWS JSON 1.1, target secretsmanager.<Op>): ListSecrets only. The secret values the
// scenario plants are never served: there is no GetSecretValue here, so a scanner that asked would
// fail loudly (UnknownOperationException) and the request log would show it.
import { DEFAULT_CREATED, type Handler, idFor, regionOf } from "./state.ts";
import { checkMax, epoch, page } from "./wire.ts";

export const secretsManagerHandlers: Record<string, Handler> = {
  ListSecrets: (call, state) => {
    checkMax(call.input.MaxResults, 100, "maxResults");
    const secrets = regionOf(state, call).secrets ?? [];
    const p = page(secrets, call.input.NextToken, call.input.MaxResults, state.pageSize);
    return {
      SecretList: p.items.map((s) => ({
        ARN: `arn:aws:secretsmanager:${call.region}:${call.account}:secret:${s.name}-${idFor(s.name).slice(0, 6)}`,
        Name: s.name,
        Description: s.description,
        KmsKeyId: s.kmsKeyId,
        RotationEnabled: s.rotationEnabled ?? false,
        ...(s.rotationDays ? { RotationRules: { AutomaticallyAfterDays: s.rotationDays } } : {}),
        LastRotatedDate: s.lastRotatedAt ? epoch(s.lastRotatedAt) : undefined,
        LastChangedDate: epoch(s.lastChangedAt ?? s.createdAt ?? DEFAULT_CREATED),
        LastAccessedDate: s.lastAccessedAt ? epoch(s.lastAccessedAt) : undefined,
        Tags: Object.entries(s.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        SecretVersionsToStages: { [`v-${idFor(s.name)}`]: ["AWSCURRENT"] },
        CreatedDate: epoch(s.createdAt ?? DEFAULT_CREATED),
      })),
      ...(p.next ? { NextToken: p.next } : {}),
    };
  },
};
