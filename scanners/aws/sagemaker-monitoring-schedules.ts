// SageMaker model monitoring schedules (data quality, model quality, bias, explainability). The
// monitoring job's environment values are never copied. Attributes: status (Scheduled | Pending |
// Failed | Stopped), monitoringType (DataQuality | ModelQuality | ModelBias | ModelExplainability),
// endpointName, schedule (cron expression), lastExecutionStatus (null before the first run).
import {
  DescribeMonitoringScheduleCommand,
  type DescribeMonitoringScheduleResponse,
  ListMonitoringSchedulesCommand,
  type MonitoringScheduleSummary,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerMonitoringSchedules = defineScanner<
  MonitoringScheduleSummary,
  DescribeMonitoringScheduleResponse
>({
  service: "sagemaker",
  kind: "monitoring-schedule",
  attributes: {
    status: { type: "string|null", doc: "Scheduled, Pending, Failed, Stopped" },
    monitoringType: { type: "string|null", doc: "DataQuality, ModelQuality, ModelBias, ModelExplainability" },
    endpointName: { type: "string|null", doc: "the endpoint monitored" },
    schedule: { type: "string|null", doc: "cron expression" },
    lastExecutionStatus: { type: "string|null", doc: "status of the last run; null before the first" },
  },
  actions: [
    "sagemaker:ListMonitoringSchedules",
    "sagemaker:DescribeMonitoringSchedule",
    "sagemaker:ListTags",
  ],
  items: "MonitoringScheduleSummaries",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients
      .sagemaker()
      .send(new ListMonitoringSchedulesCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  describe: (c, item) =>
    unlessGone(
      c.clients
        .sagemaker()
        .send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: item.MonitoringScheduleName })),
    ),
  tags: (c, d) => sagemakerTags(c, d.MonitoringScheduleArn!),
  toAsset(d) {
    return {
      id: d.MonitoringScheduleArn!,
      name: d.MonitoringScheduleName!,
      createdAt: d.CreationTime,
      attributes: {
        status: orNull(d.MonitoringScheduleStatus),
        monitoringType: orNull(d.MonitoringType ?? d.MonitoringScheduleConfig?.MonitoringType),
        endpointName: orNull(d.EndpointName),
        schedule: orNull(d.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression),
        lastExecutionStatus: orNull(d.LastMonitoringExecutionSummary?.MonitoringExecutionStatus),
      },
    };
  },
});
