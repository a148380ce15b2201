// Tags of one SageMaker resource (sagemaker:ListTags), shared by the SageMaker declarations.
import { ListTagsCommand } from "@aws-sdk/client-sagemaker";
import { type AwsScanContext, tagList } from "./declaration.ts";

export async function sagemakerTags(c: AwsScanContext, arn: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let next: string | undefined;
  do {
    const r = await c.clients.sagemaker().send(new ListTagsCommand({ ResourceArn: arn, NextToken: next }));
    Object.assign(tags, tagList(r.Tags));
    next = r.NextToken;
  } while (next);
  return tags;
}
