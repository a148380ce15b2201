// AWS Organizations (JSON 1.1) and the Account service's ListRegions (REST-JSON).
import { route } from "./bedrock.ts";
import { regionStatuses } from "./regions.ts";
import { accountOf, enabledRegionsOf, type Handler } from "./state.ts";
import { AwsError, checkMax, page } from "./wire.ts";

export const organizationsHandlers: Record<string, Handler> = {
  ListAccounts: (call, state) => {
    checkMax(call.input.MaxResults, 20, "maxResults");
    const members =
      state.scenario.organization?.accounts ??
      Object.entries(state.scenario.accounts).map(([id, a]) => ({
        id,
        name: a.name,
        status: "ACTIVE" as const,
      }));
    const p = page(members, call.input.NextToken, call.input.MaxResults, state.pageSize);
    return {
      Accounts: p.items.map((a) => ({
        Id: a.id,
        Arn: `arn:aws:organizations::${call.account}:account/o-simulated/${a.id}`,
        Email: a.email ?? `aws+${a.id}@example.com`,
        Name: a.name ?? `account-${a.id}`,
        Status: a.status ?? "ACTIVE",
        State: a.status ?? "ACTIVE",
        JoinedMethod: "CREATED",
        JoinedTimestamp: 1_700_000_000,
      })),
      NextToken: p.next,
    };
  },
};

export const accountRoutes = [route("POST /listRegions", "ListRegions")];

export const accountHandlers: Record<string, Handler> = {
  ListRegions: (call, state) => {
    checkMax(call.input.MaxResults, 50, "maxResults");
    const account = accountOf(state, call.account);
    if (!account) throw new AwsError("AccessDeniedException", "account not in scenario", 403);
    const wanted = call.input.RegionOptStatusContains as string[] | undefined;
    const regions = regionStatuses(enabledRegionsOf(account)).filter(
      (r) => !wanted || wanted.includes(r.RegionOptStatus),
    );
    const p = page(regions, call.input.NextToken, call.input.MaxResults, state.pageSize);
    return { Regions: p.items, NextToken: p.next };
  },
};
