// SageMaker HyperPod clusters. Attributes: status, orchestrator (eks | slurm), eksClusterArn (null for
// Slurm), instanceGroups [{name, instanceType, count, targetCount}], instanceCount (sum of current
// counts), vpc ({subnets, securityGroups} or null), nodeRecovery (Automatic | None). Lifecycle
// scripts are not copied.
import {
  type ClusterSummary,
  DescribeClusterCommand,
  type DescribeClusterResponse,
  ListClustersCommand,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { vpcOf } from "./sagemaker-models.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerClusters = defineScanner<ClusterSummary, DescribeClusterResponse>({
  service: "sagemaker",
  kind: "hyperpod-cluster",
  attributes: {
    status: { type: "string|null", doc: "Creating, InService, Failed, \u2026" },
    orchestrator: { type: "string", doc: "eks or slurm" },
    eksClusterArn: { type: "string|null", doc: "the EKS cluster orchestrating; null for Slurm" },
    instanceGroups: { type: "array", doc: "[{name, instanceType, count, targetCount}]" },
    instanceCount: { type: "number", doc: "sum of the groups' current counts" },
    vpc: { type: "object|null", doc: "{subnets, securityGroups}; null when none" },
    nodeRecovery: { type: "string|null", doc: "Automatic or None" },
  },
  actions: ["sagemaker:ListClusters", "sagemaker:DescribeCluster", "sagemaker:ListTags"],
  items: "ClusterSummaries",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients.sagemaker().send(new ListClustersCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  describe: (c, item) =>
    unlessGone(c.clients.sagemaker().send(new DescribeClusterCommand({ ClusterName: item.ClusterArn }))),
  tags: (c, d) => sagemakerTags(c, d.ClusterArn!),
  toAsset(d) {
    const groups = (d.InstanceGroups ?? []).map((g) => ({
      name: orNull(g.InstanceGroupName),
      instanceType: orNull(g.InstanceType),
      count: orNull(g.CurrentCount),
      targetCount: orNull(g.TargetCount),
    }));
    const eks = d.Orchestrator?.Eks?.ClusterArn;
    return {
      id: d.ClusterArn!,
      name: d.ClusterName!,
      createdAt: d.CreationTime,
      attributes: {
        status: orNull(d.ClusterStatus),
        orchestrator: eks ? "eks" : "slurm",
        eksClusterArn: orNull(eks),
        instanceGroups: groups,
        instanceCount: groups.reduce((n, g) => n + (g.count ?? 0), 0),
        vpc: vpcOf(d.VpcConfig),
        nodeRecovery: orNull(d.NodeRecovery),
      },
    };
  },
});
