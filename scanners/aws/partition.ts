// AWS partitions: which one a region belongs to, and where each partition's global services live.
// IAM, STS sessions, Organizations and the Account API answer from a home region per partition; a
// GovCloud or China scan signed for us-east-1 fails (InvalidClientTokenId), and ARNs aimscan builds
// itself must carry the partition (`arn:aws-us-gov:…`). Source: the AWS SDK's partitions data
// (@aws-sdk/core `partition()`; tests/scanners/aws/partition.test.ts checks this table against it).

export interface Partition {
  name: string;
  /** IAM, STS and ARN home of the partition. */
  home: string;
  /** Organizations and the Account API, when their home differs (China: Ningxia). */
  orgHome: string;
}

const PARTITIONS: readonly (Partition & { pattern: RegExp })[] = [
  { name: "aws-cn", pattern: /^cn-/, home: "cn-north-1", orgHome: "cn-northwest-1" },
  { name: "aws-us-gov", pattern: /^us-gov-/, home: "us-gov-west-1", orgHome: "us-gov-west-1" },
  { name: "aws-iso-b", pattern: /^us-isob-/, home: "us-isob-east-1", orgHome: "us-isob-east-1" },
  { name: "aws-iso-f", pattern: /^us-isof-/, home: "us-isof-south-1", orgHome: "us-isof-south-1" },
  { name: "aws-iso-e", pattern: /^eu-isoe-/, home: "eu-isoe-west-1", orgHome: "eu-isoe-west-1" },
  { name: "aws-iso", pattern: /^us-iso-/, home: "us-iso-east-1", orgHome: "us-iso-east-1" },
  { name: "aws", pattern: /^/, home: "us-east-1", orgHome: "us-east-1" },
];

export function partitionOf(region: string): Partition {
  return PARTITIONS.find((p) => p.pattern.test(region))!;
}

export function partitionNamed(name: string): Partition | undefined {
  return PARTITIONS.find((p) => p.name === name);
}

export const PARTITION_NAMES = PARTITIONS.map((p) => p.name);

/** The partition a shard runs in: "global" shards carry it in their params (default aws). */
export function shardPartition(region: string, params: Record<string, string> | undefined): Partition {
  if (region !== "global") return partitionOf(region);
  return partitionNamed(params?.partition ?? "aws") ?? partitionOf("us-east-1");
}
