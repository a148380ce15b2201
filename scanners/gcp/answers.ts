// Every Google answer is checked before gax decodes it, so each GCP scanner gets this from its
// client, not by hand (issue 13). gax decodes a 200 through proto3 JSON, which drops unknown
// members: a 200 holding `{"error": {...}}` would decode as an empty list, i.e. "no assets".
// Such an answer fails the call (and the shard) instead. An absent list member is NOT refused
// here: proto3 JSON omits empty repeated fields, so Google answers `{}` for a real empty list.
// Page-token cycles are refused by listAll (scanners/gcp/index.ts).

export class UntrustedGoogleAnswer extends Error {
  override name = "UntrustedGoogleAnswer";
}

interface FetchResponse {
  ok: boolean;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The auth client gax fetches through, with every successful answer checked on the way. */
export function checkedAuthClient<T extends object>(auth: T): T {
  return new Proxy(auth, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop !== "fetch" || typeof value !== "function") {
        return typeof value === "function" ? value.bind(target) : value;
      }
      return async (url: string | URL, init?: unknown) => {
        const response = (await value.call(target, url, init)) as FetchResponse;
        if (!response?.ok || typeof response.arrayBuffer !== "function") return response;
        const read = response.arrayBuffer.bind(response);
        return new Proxy(response, {
          get(r, p) {
            if (p === "arrayBuffer")
              return async () => {
                const buffer = await read();
                refuseErrorShape(buffer, String(url));
                return buffer;
              };
            const v = Reflect.get(r, p, r) as unknown;
            return typeof v === "function" ? v.bind(r) : v;
          },
        });
      };
    },
  });
}

function refuseErrorShape(buffer: ArrayBuffer, url: string): void {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(buffer));
  } catch {
    return; // not JSON: gax's own decoder names it
  }
  const error = (body as { error?: { code?: unknown; status?: unknown; message?: unknown } } | null)?.error;
  if (error && typeof error === "object") {
    const what = [error.status, error.code].filter((x) => x !== undefined).join(" ");
    throw new UntrustedGoogleAnswer(
      `Google answered ${new URL(url).pathname} with HTTP 200 and an error shape ${what}: ${String(error.message ?? "")}`.trim(),
    );
  }
}
