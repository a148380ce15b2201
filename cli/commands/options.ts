// Options that several commands share, so they are spelled, described and defaulted the same way.
import { Option } from "commander";

/** `--format` as every command spells it: the choices, and the default for people vs pipes. */
export const formatOption = (choices: string[] = ["table", "json", "markdown"]) =>
  new Option(
    "--format <format>",
    `${choices.join(" | ")} (default: table on a terminal, json when piped)`,
  ).choices(choices);

/** `--config` for every command that reads clouds or the store. */
export const configOption = () =>
  new Option(
    "--config <file>",
    "config file (default: ./aimscan.config.yaml; when there is none: built-in defaults, embedded store in .aimscan/db)",
  );

/** `--fail-on` as `reconcile`, `run` and `report` spell it (parsed by cli/fail-on.ts). */
export const failOnOption = () =>
  new Option(
    "--fail-on <statuses>",
    "exit 1 when any of these is present: drift statuses and/or policy:<severity>, e.g. undeclared,missing,policy:high",
  );
