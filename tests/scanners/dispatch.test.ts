import { describe, expect, it } from "vitest";
import { Dispatch, dispatchSlots } from "../../scanners/dispatch.ts";
import { LearningBucket } from "../../scanners/pacing.ts";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("Dispatch", () => {
  it("never has more requests in flight than its slots", async () => {
    const d = new Dispatch(2, () => 0);
    expect(d.tryEnter()).toBe(true);
    expect(d.tryEnter()).toBe(true);
    expect(d.tryEnter()).toBe(false);
    let granted = 0;
    void d.enter(() => 1).then(() => granted++);
    await tick();
    expect(granted).toBe(0);
    d.leave();
    await tick();
    expect(granted).toBe(1);
    expect(d.active).toBe(2);
  });

  it("hands a freed slot to the key with the most work queued", async () => {
    const d = new Dispatch(1, () => 0);
    d.tryEnter();
    const order: string[] = [];
    void d.enter(() => 0.2).then(() => order.push("light"));
    void d.enter(() => 7).then(() => order.push("heavy"));
    d.leave();
    await tick();
    d.leave();
    await tick();
    expect(order).toEqual(["heavy", "light"]);
  });

  it("lets a key that has waited long go before a busier one, so none starves", async () => {
    let now = 0;
    const d = new Dispatch(1, () => now);
    d.tryEnter();
    const order: string[] = [];
    void d.enter(() => 0.1).then(() => order.push("old"));
    now = 1000;
    void d.enter(() => 5).then(() => order.push("new"));
    d.leave();
    await tick();
    expect(order).toEqual(["old"]);
  });

  it("gives two slots per rate key, at least 64", () => {
    expect(dispatchSlots(1)).toBe(64);
    expect(dispatchSlots(141)).toBe(282);
  });
});

describe("LearningBucket with a dispatch", () => {
  it("holds a slot from the token to the answer, and spends no token while it waits for one", async () => {
    const d = new Dispatch(1, () => 0);
    const a = new LearningBucket({ start: 100, dispatch: d });
    const b = new LearningBucket({ start: 100, dispatch: d });
    await a.take();
    expect(d.active).toBe(1);
    let passed = false;
    void b.take().then(() => {
      passed = true;
    });
    await tick();
    expect(passed).toBe(false);
    a.answered(false);
    await tick();
    expect(passed).toBe(true);
    expect(d.active).toBe(1);
    b.answered(true);
    expect(d.active).toBe(0);
  });
});
