// Names, ids and error texts come from clouds and files: control characters (an ESC sequence, a
// newline) would drive a terminal or break a table row, so text meant for people shows them escaped.
export function printable(s: string): string {
  return s.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
