# Seeds moto with boto3, as a hidden check written in Python would: Bedrock invocation metrics put in
# AWS/Bedrock (model ids, cross-region inference profile ids, ARNs of custom / provisioned models and
# of an application inference profile, Values/Counts and StatisticValues forms, a breakdown by a
# further dimension), secrets and parameters named, described or tagged after AI vendors (and ones
# that are not, or are being deleted), and the #19 SageMaker and AgentCore kinds moto creates. A
# canary value sits in every secret and in each kind's most secret-looking field. Prints, as JSON,
# what moto answered for each created resource, so the suite asserts against moto's own answers.
# Usage: python3 boto3_seed.py ENDPOINT CANARY REGION...
import datetime
import json
import sys

import boto3

endpoint, canary, regions = sys.argv[1], sys.argv[2], sys.argv[3:]
keys = dict(aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="moto-example-not-a-secret")
now = datetime.datetime.now(datetime.timezone.utc)
out = {"account": None, "resources": [], "failed": []}


def client(service, region):
    return boto3.client(service, endpoint_url=endpoint, region_name=region, **keys)


def metric(name, model, value, hours_ago=1, extra=()):
    dims = [{"Name": "ModelId", "Value": model}, *extra]
    return {"MetricName": name, "Dimensions": dims, "Value": value,
            "Timestamp": now - datetime.timedelta(hours=hours_ago)}


def seed_usage(region, account):
    sonnet = "anthropic.claude-3-5-sonnet-20240620-v1:0"
    custom = f"arn:aws:bedrock:{region}:{account}:custom-model/amazon.titan-text-express-v1:0:8k/abc123"
    provisioned = f"arn:aws:bedrock:{region}:{account}:provisioned-model/xyz987"
    profile = f"arn:aws:bedrock:{region}:{account}:application-inference-profile/team-a"
    data = [
        metric("Invocations", f"us.{sonnet}", 7),
        metric("InputTokenCount", f"us.{sonnet}", 700),
        metric("OutputTokenCount", f"us.{sonnet}", 70),
        metric("Invocations", sonnet, 3, hours_ago=50),
        metric("InputTokenCount", sonnet, 300, hours_ago=50),
        metric("Invocations", custom, 2),
        metric("Invocations", provisioned, 9),
        metric("Invocations", profile, 4),
        # Only a breakdown by a further dimension for this model.
        metric("Invocations", "amazon.nova-pro-v1:0", 5, extra=[{"Name": "Operation", "Value": "Converse"}]),
        metric("Invocations", "amazon.nova-pro-v1:0", 1, extra=[{"Name": "Operation", "Value": "InvokeModel"}]),
        # A datapoint without Timestamp (now), one as Values/Counts, one as StatisticValues.
        {"MetricName": "Invocations", "Dimensions": [{"Name": "ModelId", "Value": "meta.llama3-70b-instruct-v1:0"}],
         "Value": 1},
        {"MetricName": "Invocations", "Dimensions": [{"Name": "ModelId", "Value": "mistral.mistral-large-2402-v1:0"}],
         "Timestamp": now, "Values": [1, 2], "Counts": [3, 1]},
        {"MetricName": "Invocations", "Dimensions": [{"Name": "ModelId", "Value": "cohere.command-r-v1:0"}],
         "Timestamp": now, "StatisticValues": {"SampleCount": 4, "Sum": 4, "Minimum": 1, "Maximum": 1}},
        # Older than the 14-day window: not in use.
        metric("Invocations", "ai21.j2-ultra-v1", 8, hours_ago=24 * 20),
        # Token counts without a single invocation: not in use.
        metric("InputTokenCount", "amazon.titan-embed-text-v2:0", 10),
        # Another namespace's metric with the same name and dimension: not Bedrock's.
        {"MetricName": "Invocations", "Dimensions": [{"Name": "ModelId", "Value": "custom.not-bedrock"}], "Value": 3},
    ]
    cw = client("cloudwatch", region)
    cw.put_metric_data(Namespace="AWS/Bedrock", MetricData=data[:-1])
    cw.put_metric_data(Namespace="Custom/App", MetricData=data[-1:])


def seed_credentials(region):
    sm = client("secretsmanager", region)
    sm.create_secret(Name="prod/openai/api-key", SecretString=canary, Description="key for the chat bot",
                     Tags=[{"Key": "team", "Value": "support"}])
    sm.create_secret(Name="team-x/llm", SecretString=canary, Description="Anthropic Claude key")
    sm.create_secret(Name="misc/token", SecretString=canary, Tags=[{"Key": "provider", "Value": "huggingface"}])
    sm.create_secret(Name="rotated/mistral-key", SecretBinary=canary.encode())
    sm.create_secret(Name="prod/db-password", SecretString=canary, Description="postgres")
    # Hostile metadata: unicode in the description and tags, a description at its 2,048-character limit.
    sm.create_secret(Name="intl/key", SecretString=canary, Description="Clé d'API Mistral — équipe 日本 🚀",
                     Tags=[{"Key": "équipe", "Value": "ünïcödé 🚀"}])
    sm.create_secret(Name="long/described", SecretString=canary, Description=("x" * 2037) + " for Cohere")
    sm.create_secret(Name="old/gemini-key", SecretString=canary)
    sm.delete_secret(SecretId="old/gemini-key", RecoveryWindowInDays=7)
    sm.create_secret(Name="gone/cohere-key", SecretString=canary)
    sm.delete_secret(SecretId="gone/cohere-key", ForceDeleteWithoutRecovery=True)
    ssm = client("ssm", region)
    ssm.put_parameter(Name="/prod/openai/api-key", Value=canary, Type="SecureString", Description="chat bot",
                      Tags=[{"Key": "team", "Value": "support"}])
    ssm.put_parameter(Name="/prod/groq", Value=canary, Type="String")
    ssm.put_parameter(Name="plainname", Value=canary, Type="String", Description="Perplexity API key")
    ssm.put_parameter(Name="/list/deepseek", Value=f"{canary},second", Type="StringList")
    ssm.put_parameter(Name="/prod/db/pass", Value=canary, Type="SecureString", Description="postgres")
    ssm.put_parameter(Name="/intl/key-ja", Value=canary, Type="SecureString", Description="Anthropic 鍵 ✓")
    # Named and described after no vendor: only its tags (ListTagsForResource) say what it is.
    ssm.put_parameter(Name="/svc/token", Value=canary, Type="SecureString",
                      Tags=[{"Key": "provider", "Value": "Hugging Face"}])


def seed_kinds(region, p):
    sm = client("sagemaker", region)
    role = f"arn:aws:iam::{out['account']}:role/SageMakerExecution"
    tags = [{"Key": "owner", "Value": p}]

    def add(kind, name, arn):
        out["resources"].append({"kind": kind, "name": name, "arn": arn, "region": region})

    card = {"model_overview": {"model_name": f"{p}-model"}, "intended_uses": {"risk_rating": "High"},
            "business_details": {"business_problem": canary}}
    add("model-card", f"{p}-card", sm.create_model_card(
        ModelCardName=f"{p}-card", ModelCardStatus="Draft", Content=json.dumps(card), Tags=tags)["ModelCardArn"])
    add("hyperpod-cluster", f"{p}-cluster", sm.create_cluster(ClusterName=f"{p}-cluster", InstanceGroups=[{
        "InstanceCount": 2, "InstanceGroupName": "workers", "InstanceType": "ml.p4d.24xlarge",
        "LifeCycleConfig": {"SourceS3Uri": "s3://sagemaker-lifecycle/on", "OnCreate": "on.sh"},
        "ExecutionRole": role, "ThreadsPerCore": 1}], Tags=tags)["ClusterArn"])
    definition = {"Version": "2020-12-01", "Parameters": [{"Name": "ApiKey", "DefaultValue": canary}], "Steps": []}
    add("pipeline", f"{p}-pipeline", sm.create_pipeline(
        PipelineName=f"{p}-pipeline", PipelineDefinition=json.dumps(definition), RoleArn=role, Tags=tags)["PipelineArn"])
    add("processing-job", f"{p}-processing", sm.create_processing_job(
        ProcessingJobName=f"{p}-processing", RoleArn=role, Environment={"HF_TOKEN": canary},
        ProcessingResources={"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 10}},
        AppSpecification={"ImageUri": "processing:latest"}, Tags=tags)["ProcessingJobArn"])
    add("transform-job", f"{p}-transform", sm.create_transform_job(
        TransformJobName=f"{p}-transform", ModelName=f"{p}-model", Environment={"OPENAI_API_KEY": canary},
        TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://in"}}},
        TransformOutput={"S3OutputPath": "s3://out"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1}, Tags=tags)["TransformJobArn"])
    add("tuning-job", f"{p}-tuning", sm.create_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=f"{p}-tuning",
        HyperParameterTuningJobConfig={"Strategy": "Bayesian",
                                       "ResourceLimits": {"MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1}},
        TrainingJobDefinition={"AlgorithmSpecification": {"TrainingImage": "training:latest", "TrainingInputMode": "File"},
                               "RoleArn": role, "OutputDataConfig": {"S3OutputPath": "s3://o"},
                               "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
                               "StoppingCondition": {"MaxRuntimeInSeconds": 60}}, Tags=tags)["HyperParameterTuningJobArn"])
    add("automl-job", f"{p}-automl", sm.create_auto_ml_job_v2(
        AutoMLJobName=f"{p}-automl", RoleArn=role, OutputDataConfig={"S3OutputPath": "s3://o"},
        AutoMLJobInputDataConfig=[{"ChannelType": "training",
                                   "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://in"}}}],
        AutoMLProblemTypeConfig={"TabularJobConfig": {"TargetAttributeName": "y", "ProblemType": "BinaryClassification",
                                                      "CompletionCriteria": {"MaxCandidates": 1}}}, Tags=tags)["AutoMLJobArn"])
    add("compilation-job", f"{p}-compile", sm.create_compilation_job(
        CompilationJobName=f"{p}-compile", RoleArn=role,
        InputConfig={"S3Uri": "s3://m", "Framework": "PYTORCH", "DataInputConfig": "{}"},
        OutputConfig={"S3OutputLocation": "s3://o", "TargetDevice": "ml_c5"},
        StoppingCondition={"MaxRuntimeInSeconds": 60}, Tags=tags)["CompilationJobArn"])
    ac = client("bedrock-agentcore-control", region)
    runtime = ac.create_agent_runtime(
        agentRuntimeName=f"{p}_runtime", roleArn=role, networkConfiguration={"networkMode": "PUBLIC"},
        agentRuntimeArtifact={"containerConfiguration": {"containerUri": f"{out['account']}.dkr.ecr.{region}.amazonaws.com/agent:1"}},
        environmentVariables={"ANTHROPIC_API_KEY": canary}, tags={"owner": p})
    add("agent-runtime", f"{p}_runtime", runtime["agentRuntimeArn"])
    # A registry version: moto's ListTags cannot read a versioned package's ARN (a moto defect).
    sm.create_model_package_group(ModelPackageGroupName=f"{p}-packages")
    sm.create_model_package(ModelPackageGroupName=f"{p}-packages", ModelApprovalStatus="PendingManualApproval",
                            InferenceSpecification={"Containers": [{"Image": "serving:1"}],
                                                    "SupportedContentTypes": ["text/csv"],
                                                    "SupportedResponseMIMETypes": ["text/csv"]})


out["account"] = client("sts", regions[0]).get_caller_identity()["Account"]
for r in regions:
    seed_usage(r, out["account"])
    seed_credentials(r)
seed_kinds(regions[0], "k")
print(json.dumps(out))
