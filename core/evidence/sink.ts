// A bundle file written as it is rendered: text is encoded into a 1 MiB buffer that goes to the file
// and into its SHA-256 when full, so no file of the bundle (report.json is ~430 MB at 100k assets) is
// ever one string. Each piece is encoded as it comes, never concatenated first: joining millions of
// small pieces into a string only to flatten it again cost more than writing the file (at 100k
// assets ~5 of evidence's ~30 s). Writes are synchronous: rendering is synchronous CPU work. Callers
// only ever cut text between whole tokens, so no UTF-16 surrogate pair is split between pieces.
import { createHash, type Hash } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";

/** Where a renderer writes: text in order, any size of piece. */
export type Write = (text: string) => void;

const CHUNK = 1 << 20;
// A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
const MAX_BYTES_PER_UNIT = 3;

export interface Written {
  sha256: string;
  bytes: number;
}

export class FileSink {
  private readonly fd: number;
  private readonly hash: Hash = createHash("sha256");
  private readonly chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, "w");
  }

  readonly write: Write = (text) => {
    const most = text.length * MAX_BYTES_PER_UNIT;
    if (this.used + most > CHUNK) {
      this.flush();
      if (most > CHUNK) {
        this.out(Buffer.from(text, "utf8"));
        return;
      }
    }
    this.used += this.chunk.write(text, this.used, "utf8");
  };

  /** Flushes, closes the file and returns what the manifest records of it. */
  close(): Written {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
    return { sha256: this.hash.digest("hex"), bytes: this.bytes };
  }

  /** Closes the file without a result (a render that threw). */
  abandon(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.used === 0) return;
    this.out(this.chunk.subarray(0, this.used));
    this.used = 0;
  }

  private out(bytes: Buffer): void {
    this.hash.update(bytes);
    this.bytes += bytes.length;
    let at = 0;
    while (at < bytes.length) at += writeSync(this.fd, bytes, at);
  }
}

/** A renderer's output as one string (tests and callers that want the text, not a file). */
export function collect(render: (write: Write) => void): string {
  const parts: string[] = [];
  render((text) => parts.push(text));
  return parts.join("");
}
