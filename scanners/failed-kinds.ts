// How a shard that listed several kinds names those that failed: the first with its whole reason
// (what to grant, what the cloud said), each other one by name, with its own error code when that
// differs from the first's. "also failed: model" alone said nothing of why: a throttled list and a
// denied one need different fixes, and the coverage line is the only place a user reads it.

export interface FailedKind {
  /** The kind ("endpoint") or what failed ("workspace ws-1"). */
  label: string;
  /** The described reason: "Code: message" (describeError, describeAwsError). */
  why: string;
}

/** The code a described reason starts with ("AccessDeniedException", "INTERNAL"), if any. */
function codeOf(why: string): string | undefined {
  const m = /^([A-Za-z][\w.]*):/.exec(why);
  return m?.[1];
}

/** `first: why; also failed: b, c (ThrottlingException)`. */
export function failedKindsMessage(failed: readonly FailedKind[], firstNote = ""): string {
  const [first, ...rest] = failed;
  if (!first) return "";
  const code = codeOf(first.why);
  const others = rest.map((f) => {
    const own = codeOf(f.why);
    return own !== undefined && own !== code ? `${f.label} (${own})` : f.label;
  });
  const also = others.length > 0 ? `; also failed: ${others.join(", ")}` : "";
  return `${first.label}: ${first.why}${firstNote}${also}`;
}
