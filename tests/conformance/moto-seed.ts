// Seeds moto with the real AWS SDK for JS: every AI kind moto can create, in two regions of two
// accounts (the caller, an Organizations management account, and a member reached by AssumeRole),
// and returns what moto itself answered for each (ARN, name, tags) so the suite asserts against
// moto's truth, not against what aimscan would build.
import {
  BedrockClient,
  CreateModelCustomizationJobCommand,
  GetCustomModelCommand,
  PutModelInvocationLoggingConfigurationCommand,
} from "@aws-sdk/client-bedrock";
import {
  BedrockAgentClient,
  CreateAgentCommand,
  CreateKnowledgeBaseCommand,
} from "@aws-sdk/client-bedrock-agent";
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import {
  CreateDomainCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateModelPackageGroupCommand,
  CreateNotebookInstanceCommand,
  CreateTrainingJobCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

export const ROLE_NAME = "AimscanReadOnly";
/** moto maps an access key it has never issued to its default account. This is AWS's own
 * documented example key: plainly not a credential, to a reader or to a secret scanner. */
export const BASE_KEYS = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "moto-example-not-a-secret",
};

export interface Seeded {
  kind: string;
  service: "sagemaker" | "bedrock";
  account: string;
  region: string;
  name: string;
  /** The ARN moto answered when the asset was created. */
  arn: string;
  tags: Record<string, string>;
}

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const opts = (endpoint: string, region: string, credentials: Creds) => ({ endpoint, region, credentials });
const tagList = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));

/** An Organization with one member account; answers the caller (management) and member ids. */
export async function seedOrganization(endpoint: string, region: string) {
  const sts = new STSClient(opts(endpoint, region, BASE_KEYS));
  const org = new OrganizationsClient(opts(endpoint, region, BASE_KEYS));
  const caller = (await sts.send(new GetCallerIdentityCommand({}))).Account!;
  await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const created = await org.send(
    new CreateAccountCommand({ AccountName: "ml-member", Email: "ml-member@example.com" }),
  );
  const status = await org.send(
    new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }),
  );
  const member = status.CreateAccountStatus!.AccountId!;
  const assumed = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:${partitionOf(region)}:iam::${member}:role/${ROLE_NAME}`,
      RoleSessionName: "seed",
    }),
  );
  const c = assumed.Credentials!;
  const memberCreds = {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
  };
  sts.destroy();
  org.destroy();
  return { caller, member, memberCreds };
}

export const partitionOf = (region: string) =>
  region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";

/** Every SageMaker kind moto can create, tagged `{owner, kind}`, in one account and region. */
export async function seedSageMaker(
  endpoint: string,
  region: string,
  account: string,
  credentials: Creds,
  prefix: string,
): Promise<Seeded[]> {
  const sm = new SageMakerClient(opts(endpoint, region, credentials));
  const role = `arn:${partitionOf(region)}:iam::${account}:role/SageMakerExecution`;
  const out: Seeded[] = [];
  const add = (kind: string, name: string, arn: string | undefined, tags: Record<string, string>) =>
    out.push({ kind, service: "sagemaker", account, region, name, arn: arn!, tags });
  const tags = (kind: string) => ({ owner: prefix, kind });
  try {
    const model = await sm.send(
      new CreateModelCommand({
        ModelName: `${prefix}-model`,
        ExecutionRoleArn: role,
        PrimaryContainer: { Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1" },
        Tags: tagList(tags("model")),
      }),
    );
    add("model", `${prefix}-model`, model.ModelArn, tags("model"));
    const config = await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: `${prefix}-config`,
        ProductionVariants: [
          {
            VariantName: "v1",
            ModelName: `${prefix}-model`,
            InstanceType: "ml.m5.large",
            InitialInstanceCount: 2,
          },
        ],
        Tags: tagList(tags("endpoint-config")),
      }),
    );
    add("endpoint-config", `${prefix}-config`, config.EndpointConfigArn, tags("endpoint-config"));
    const ep = await sm.send(
      new CreateEndpointCommand({
        EndpointName: `${prefix}-endpoint`,
        EndpointConfigName: `${prefix}-config`,
        Tags: tagList(tags("endpoint")),
      }),
    );
    add("endpoint", `${prefix}-endpoint`, ep.EndpointArn, tags("endpoint"));
    const nb = await sm.send(
      new CreateNotebookInstanceCommand({
        NotebookInstanceName: `${prefix}-notebook`,
        InstanceType: "ml.t3.medium",
        RoleArn: role,
        Tags: tagList(tags("notebook")),
      }),
    );
    add("notebook", `${prefix}-notebook`, nb.NotebookInstanceArn, tags("notebook"));
    const job = await sm.send(
      new CreateTrainingJobCommand({
        TrainingJobName: `${prefix}-training`,
        AlgorithmSpecification: { TrainingImage: "training:latest", TrainingInputMode: "File" },
        RoleArn: role,
        OutputDataConfig: { S3OutputPath: "s3://out/" },
        ResourceConfig: { InstanceType: "ml.m5.xlarge", InstanceCount: 1, VolumeSizeInGB: 30 },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        Tags: tagList(tags("training-job")),
      }),
    );
    add("training-job", `${prefix}-training`, job.TrainingJobArn, tags("training-job"));
    const domain = await sm.send(
      new CreateDomainCommand({
        DomainName: `${prefix}-domain`,
        AuthMode: "IAM",
        DefaultUserSettings: { ExecutionRole: role },
        SubnetIds: ["subnet-1"],
        VpcId: "vpc-1",
        Tags: tagList(tags("domain")),
      }),
    );
    add("domain", `${prefix}-domain`, domain.DomainArn, tags("domain"));
    const group = await sm.send(
      new CreateModelPackageGroupCommand({
        ModelPackageGroupName: `${prefix}-group`,
        ModelPackageGroupDescription: "registry",
        Tags: tagList(tags("model-package-group")),
      }),
    );
    add("model-package-group", `${prefix}-group`, group.ModelPackageGroupArn, tags("model-package-group"));
  } finally {
    sm.destroy();
  }
  return out;
}

/** Bedrock custom models (via a customization job), invocation logging, agents, knowledge bases. */
export async function seedBedrock(
  endpoint: string,
  region: string,
  account: string,
  credentials: Creds,
  prefix: string,
  withAgents: boolean,
): Promise<Seeded[]> {
  const br = new BedrockClient(opts(endpoint, region, credentials));
  const agent = new BedrockAgentClient(opts(endpoint, region, credentials));
  const role = `arn:${partitionOf(region)}:iam::${account}:role/BedrockService`;
  const out: Seeded[] = [];
  const tags = (kind: string) => ({ owner: prefix, kind });
  try {
    await br.send(
      new CreateModelCustomizationJobCommand({
        jobName: `${prefix}-job`,
        customModelName: `${prefix}-custom`,
        roleArn: role,
        baseModelIdentifier: "amazon.titan-text-express-v1",
        trainingDataConfig: { s3Uri: "s3://train/data.jsonl" },
        outputDataConfig: { s3Uri: "s3://train/out/" },
        hyperParameters: { epochCount: "1" },
        customModelTags: Object.entries(tags("custom-model")).map(([key, value]) => ({ key, value })),
      }),
    );
    const custom = await br.send(new GetCustomModelCommand({ modelIdentifier: `${prefix}-custom` }));
    out.push({
      kind: "custom-model",
      service: "bedrock",
      account,
      region,
      name: `${prefix}-custom`,
      arn: custom.modelArn!,
      tags: tags("custom-model"),
    });
    await br.send(
      new PutModelInvocationLoggingConfigurationCommand({
        loggingConfig: {
          s3Config: { bucketName: `${prefix}-logs`, keyPrefix: "bedrock/" },
          textDataDeliveryEnabled: true,
        },
      }),
    );
    if (withAgents) {
      const a = await agent.send(
        new CreateAgentCommand({
          agentName: `${prefix}-agent`,
          agentResourceRoleArn: role,
          foundationModel: "anthropic.claude-v2",
          tags: tags("agent"),
        }),
      );
      out.push({
        kind: "agent",
        service: "bedrock",
        account,
        region,
        name: `${prefix}-agent`,
        arn: a.agent!.agentArn!,
        tags: tags("agent"),
      });
      const kb = await agent.send(
        new CreateKnowledgeBaseCommand({
          name: `${prefix}-kb`,
          roleArn: role,
          knowledgeBaseConfiguration: {
            type: "VECTOR",
            vectorKnowledgeBaseConfiguration: {
              embeddingModelArn: `arn:${partitionOf(region)}:bedrock:${region}::foundation-model/amazon.titan-embed-text-v2:0`,
            },
          },
          storageConfiguration: {
            type: "OPENSEARCH_SERVERLESS",
            opensearchServerlessConfiguration: {
              collectionArn: `arn:${partitionOf(region)}:aoss:${region}:${account}:collection/kb`,
              vectorIndexName: "kb",
              fieldMapping: { vectorField: "v", textField: "t", metadataField: "m" },
            },
          },
          tags: tags("knowledge-base"),
        }),
      );
      out.push({
        kind: "knowledge-base",
        service: "bedrock",
        account,
        region,
        name: `${prefix}-kb`,
        arn: kb.knowledgeBase!.knowledgeBaseArn!,
        tags: tags("knowledge-base"),
      });
    }
  } finally {
    br.destroy();
    agent.destroy();
  }
  return out;
}
