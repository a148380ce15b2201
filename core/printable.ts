// The one sanitiser for text that came from a cloud, a webhook or a file and is shown to people.
// Control characters (an ESC sequence, a newline) would drive a terminal or break a table row, and
// bidi overrides/isolates (U+202A–E, U+2066–9) would reorder what a reader sees, so they are shown
// escaped as \uXXXX. markdownText() additionally neutralises HTML, links, @mentions and Slack-style
// <!…> tokens for PR comments and other rendered markdown.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function printable(s: string): string {
  return String(s).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "@": "&#64;",
};

/** Printable text that renders literally in markdown: no HTML, no links, no mentions, no emphasis. */
export function markdownText(s: string): string {
  return printable(s)
    .replace(/[&<>"@]/g, (c) => ENTITIES[c]!)
    .replace(/[\\`*_{}[\]()#+!|~]/g, "\\$&")
    .replace(/:\/\//g, "&#58;//")
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}&#46;`);
}
