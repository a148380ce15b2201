// A bundle file written as it is rendered: text goes to the file in 1 MiB chunks and into its
// SHA-256 on the way, so no file of the bundle (report.json is ~250 MB at 100k assets) is ever one
// string. Writes are synchronous: rendering is synchronous CPU work, and a chunk at a time keeps it
// simple; callers only ever cut text between whole tokens, so no UTF-16 surrogate pair is split.
import { createHash, type Hash } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";

/** Where a renderer writes: text in order, any size of piece. */
export type Write = (text: string) => void;

const CHUNK = 1 << 20;

export interface Written {
  sha256: string;
  bytes: number;
}

export class FileSink {
  private readonly fd: number;
  private readonly hash: Hash = createHash("sha256");
  private buffer = "";
  private bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, "w");
  }

  readonly write: Write = (text) => {
    this.buffer += text;
    if (this.buffer.length >= CHUNK) this.flush();
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
    if (this.buffer === "") return;
    const chunk = Buffer.from(this.buffer, "utf8");
    this.buffer = "";
    this.hash.update(chunk);
    this.bytes += chunk.length;
    let at = 0;
    while (at < chunk.length) at += writeSync(this.fd, chunk, at);
  }
}

/** A renderer's output as one string (tests and callers that want the text, not a file). */
export function collect(render: (write: Write) => void): string {
  const parts: string[] = [];
  render((text) => parts.push(text));
  return parts.join("");
}
