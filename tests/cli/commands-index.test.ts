import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { commands, commandsFor } from "../../cli/commands/index.ts";

describe("the command registry", () => {
  it("names each module by the one command it registers", async () => {
    for (const [name, load] of Object.entries(commands)) {
      const p = new Command("aimscan");
      (await load()).register(p);
      expect(p.commands.map((c) => c.name())).toEqual([name]);
    }
  });

  it("loads only the named command, and every command for help or an unknown name", async () => {
    expect(await commandsFor(["reconcile", "--format", "json"])).toEqual([await commands.reconcile!()]);
    expect(await commandsFor(["report", "--run", "latest"])).toEqual([await commands.report!()]);
    for (const argv of [[], ["--help"], ["help", "run"], ["reconsile"]])
      expect(await commandsFor(argv)).toHaveLength(Object.keys(commands).length);
  });
});
