/// <reference path="./.sst/platform/config.d.ts" />
// aimscan's deployment. Infrastructure lives in stacks/; this file only wires SST's globals in.
// Settings: AIMSCAN_* variables (stacks/settings.ts); config: aimscan.config.yaml beside this file.
export default $config({
  app(input) {
    return {
      name: "aimscan",
      home: "aws",
      removal: input?.stage === "prod" ? "retain" : "remove",
      protect: input?.stage === "prod",
      providers: { aws: { version: "7.20.0" } },
    };
  },
  async run() {
    // SST evaluates app() without providers, so everything else is imported here.
    const { deploySettings } = await import("./stacks/settings.ts");
    const { collectConfigFiles } = await import("./stacks/config-files.ts");
    const { infra } = await import("./stacks/index.ts");
    const { awsIamActions } = await import("./scanners/iam-policy.ts");

    const settings = deploySettings();
    const { config, files } = collectConfigFiles(settings.configFile);
    const out = infra(
      { sst, aws, $app, $interpolate, $jsonStringify },
      {
        settings,
        scanner: {
          actions: awsIamActions(),
          memberRoleName: config.aws?.roleName ?? "AimscanReadOnly",
          webIdentityAudiences: config.azure?.federation ? [config.azure.federation.audience] : [],
        },
        configFiles: files,
      },
    );
    return {
      stateMachine: out.stateMachine.arn,
      table: out.storage.table.name,
      evidenceBucket: out.storage.evidence.name,
      alertTopic: out.storage.topic.arn,
      eventBus: out.storage.bus.name,
      scanRole: out.lambdas.scan.role.arn,
      planRole: out.lambdas.plan.role.arn,
    };
  },
});
