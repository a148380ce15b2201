// A shard's coverage line names every kind that failed, and says why when another kind failed for
// a different reason than the first (a throttled list and a denied one need different fixes).
import { describe, expect, it } from "vitest";
import { failedKindsMessage } from "../../scanners/failed-kinds.ts";

describe("failedKindsMessage", () => {
  it("gives the first kind's whole reason and names the others that failed the same way", () => {
    expect(
      failedKindsMessage([
        { label: "model", why: "AccessDeniedException: not authorized to perform sagemaker:ListModels" },
        {
          label: "notebook",
          why: "AccessDeniedException: not authorized to perform sagemaker:ListNotebookInstances",
        },
      ]),
    ).toBe(
      "model: AccessDeniedException: not authorized to perform sagemaker:ListModels; also failed: notebook",
    );
  });

  it("adds another kind's own code when it failed differently", () => {
    expect(
      failedKindsMessage([
        { label: "model", why: "AccessDeniedException: denied" },
        { label: "endpoint", why: "ThrottlingException: Rate exceeded" },
        { label: "space", why: "AccessDeniedException: denied too" },
      ]),
    ).toBe("model: AccessDeniedException: denied; also failed: endpoint (ThrottlingException), space");
  });

  it("keeps the first kind's note after its reason, and a reason without a code as is", () => {
    expect(
      failedKindsMessage(
        [
          { label: "endpoint", why: "socket hang up" },
          { label: "model", why: "INTERNAL: boom" },
        ],
        " (kept 3 listed before it failed)",
      ),
    ).toBe("endpoint: socket hang up (kept 3 listed before it failed); also failed: model (INTERNAL)");
  });
});
