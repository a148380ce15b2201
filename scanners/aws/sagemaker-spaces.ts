// SageMaker Studio spaces (a user's or a team's IDE inside a domain). The space URL is not copied.
// Attributes: domainId, status, appType (JupyterLab | CodeEditor | …), sharingType (Private |
// Shared), owner (user profile name, null when shared), instanceType (default app instance).
import {
  DescribeSpaceCommand,
  type DescribeSpaceResponse,
  ListSpacesCommand,
  type SpaceDetails,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerSpaces = defineScanner<SpaceDetails, DescribeSpaceResponse>({
  service: "sagemaker",
  kind: "space",
  attributes: {
    domainId: { type: "string|null", doc: "the Studio domain" },
    status: { type: "string|null", doc: "InService, Failed, \u2026" },
    appType: { type: "string|null", doc: "JupyterLab, CodeEditor, \u2026" },
    sharingType: { type: "string|null", doc: "Private or Shared" },
    owner: { type: "string|null", doc: "owning user profile; null when shared" },
    instanceType: { type: "string|null", doc: "default app instance type" },
  },
  actions: ["sagemaker:ListSpaces", "sagemaker:DescribeSpace", "sagemaker:ListTags"],
  items: "Spaces",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients.sagemaker().send(new ListSpacesCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  describe: (c, item) =>
    unlessGone(
      c.clients
        .sagemaker()
        .send(new DescribeSpaceCommand({ DomainId: item.DomainId, SpaceName: item.SpaceName })),
    ),
  tags: (c, d) => sagemakerTags(c, d.SpaceArn!),
  toAsset(d) {
    const settings = d.SpaceSettings;
    const instanceType =
      settings?.JupyterLabAppSettings?.DefaultResourceSpec?.InstanceType ??
      settings?.CodeEditorAppSettings?.DefaultResourceSpec?.InstanceType;
    return {
      id: d.SpaceArn!,
      name: d.SpaceName!,
      createdAt: d.CreationTime,
      attributes: {
        domainId: orNull(d.DomainId),
        status: orNull(d.Status),
        appType: orNull(settings?.AppType),
        sharingType: orNull(d.SpaceSharingSettings?.SharingType),
        owner: orNull(d.OwnershipSettings?.OwnerUserProfileName),
        instanceType: orNull(instanceType),
      },
    };
  },
});
