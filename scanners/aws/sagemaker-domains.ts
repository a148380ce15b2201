// SageMaker (Studio) domains.
import {
  DescribeDomainCommand,
  type DescribeDomainResponse,
  type DomainDetails,
  ListDomainsCommand,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerDomains = defineScanner<DomainDetails, DescribeDomainResponse>({
  service: "sagemaker",
  kind: "domain",
  attributes: {
    domainId: { type: "string|null", doc: "the domain's id" },
    status: { type: "string|null", doc: "InService, Pending, Failed…" },
    authMode: { type: "string|null", doc: "SSO or IAM" },
    appNetworkAccessType: { type: "string|null", doc: "PublicInternetOnly or VpcOnly" },
    kmsKeyId: { type: "string|null", doc: "customer KMS key of the domain's storage; null when none" },
    vpcId: { type: "string|null", doc: "the domain's VPC" },
    subnetIds: { type: "array", doc: "subnets the domain uses" },
  },
  // DescribeDomain carries no tags: ListTags is the only source.
  actions: ["sagemaker:ListDomains", "sagemaker:DescribeDomain", "sagemaker:ListTags"],
  items: "Domains",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients.sagemaker().send(new ListDomainsCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  describe: (c, item) =>
    unlessGone(c.clients.sagemaker().send(new DescribeDomainCommand({ DomainId: item.DomainId }))),
  tags: (c, d) => sagemakerTags(c, d.DomainArn!),
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
