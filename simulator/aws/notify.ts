// SNS Publish (query) and EventBridge PutEvents (JSON 1.1): record what was published so the
// alert sinks can be tested against the real clients.
import type { Handler } from "./state.ts";
import { AwsError } from "./wire.ts";

export const snsHandlers: Record<string, Handler> = {
  Publish: (call, state) => {
    const target = String(call.input.TopicArn ?? call.input.TargetArn ?? call.input.PhoneNumber ?? "");
    if (!target) throw new AwsError("InvalidParameter", "Invalid parameter: TopicArn");
    const attributes: Record<string, string> = {};
    // MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue
    for (const [key, value] of Object.entries(call.input)) {
      const m = /^MessageAttributes\.entry\.(\d+)\.Name$/.exec(key);
      if (m)
        attributes[String(value)] = String(
          call.input[`MessageAttributes.entry.${m[1]}.Value.StringValue`] ?? "",
        );
    }
    state.published.push({
      service: "sns",
      target,
      message: String(call.input.Message ?? ""),
      subject: call.input.Subject as string | undefined,
      attributes,
    });
    return { MessageId: crypto.randomUUID() };
  },
};

export const eventsHandlers: Record<string, Handler> = {
  PutEvents: (call, state) => {
    const entries = (call.input.Entries ?? []) as Record<string, unknown>[];
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) {
      throw new AwsError("ValidationException", "Entries must hold 1 to 10 events");
    }
    for (const e of entries) {
      state.published.push({
        service: "events",
        target: String(e.EventBusName ?? "default"),
        message: String(e.Detail ?? ""),
        attributes: { source: String(e.Source ?? ""), detailType: String(e.DetailType ?? "") },
      });
    }
    return { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: crypto.randomUUID() })) };
  },
};
