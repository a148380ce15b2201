// SageMaker (Studio) domains. Attributes: status, authMode ("SSO"|"IAM"), appNetworkAccessType
// ("PublicInternetOnly"|"VpcOnly"), kmsKeyId (null when none), vpcId, subnetIds.
import {
  DescribeDomainCommand,
  type DescribeDomainResponse,
  type DomainDetails,
  ListDomainsCommand,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";

export const sagemakerDomains = defineScanner<DomainDetails, DescribeDomainResponse>({
  service: "sagemaker",
  kind: "domain",
  actions: ["sagemaker:ListDomains", "sagemaker:DescribeDomain"],
  async list(c, next) {
    const r = await c.clients.sagemaker().send(new ListDomainsCommand({ NextToken: next, MaxResults: 100 }));
    return { items: r.Domains ?? [], next: r.NextToken };
  },
  describe: (c, item) =>
    unlessGone(c.clients.sagemaker().send(new DescribeDomainCommand({ DomainId: item.DomainId }))),
  toAsset(d) {
    return {
      id: d.DomainArn!,
      name: d.DomainName!,
      createdAt: d.CreationTime,
      attributes: {
        domainId: orNull(d.DomainId),
        status: orNull(d.Status),
        authMode: orNull(d.AuthMode),
        appNetworkAccessType: orNull(d.AppNetworkAccessType),
        kmsKeyId: orNull(d.KmsKeyId),
        vpcId: orNull(d.VpcId),
        subnetIds: d.SubnetIds ?? [],
      },
    };
  },
});
