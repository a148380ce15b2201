// Shell-style globs for inventory selectors: `*` (any run, including `/` and `:`, since ids are
// paths), `?` (one character), `[abc]`, `[a-z]`, `[!abc]` / `[^abc]`. Compiled once and cached.
// One map per case mode, keyed by the pattern itself: no key string built per call (10^6 calls a night).
const exact = new Map<string, RegExp>();
const folded = new Map<string, RegExp>();
/** Per pattern: its pieces between `*`s when `*` is its only wildcard, true when it has none, else false. */
const shapes = new Map<string, readonly string[] | boolean>();

export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

export function globToRegExp(pattern: string, ignoreCase = false): RegExp {
  const cache = ignoreCase ? folded : exact;
  let re = cache.get(pattern);
  if (re) return re;
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "[") {
      // A "]" right after "[" or "[!" is a member of the class, not its end (as in fnmatch).
      let first = i + 1;
      if (pattern[first] === "!" || pattern[first] === "^") first++;
      const end = pattern.indexOf("]", first + 1);
      if (end === -1 || first >= pattern.length)
        throw new Error(`unclosed "[" in glob ${JSON.stringify(pattern)}`);
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith("!") || body.startsWith("^");
      if (negate) body = body.slice(1);
      out += `[${negate ? "^" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
      i = end;
    } else out += c.replace(/[.+^${}()|\\/\]]/g, "\\$&");
  }
  re = new RegExp(`^${out}$`, ignoreCase ? "is" : "s");
  cache.set(pattern, re);
  return re;
}

export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  let shape = shapes.get(pattern);
  if (shape === undefined) {
    shape = !isGlob(pattern) || (/[?[]/.test(pattern) ? false : pattern.split("*"));
    shapes.set(pattern, shape);
  }
  if (shape === true) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  // `app7-*` and the like, case-sensitive: no regular expression to compile per selector (5,000
  // selectors cost ~0.3 s of compiling). Case-insensitive matching stays with RegExp's folding.
  if (shape !== false && !ignoreCase) return starMatch(shape, value);
  return globToRegExp(pattern, ignoreCase).test(value);
}

/** `value` is pieces[0] … pieces[n-1] with anything between: leftmost matches suffice for `*`. */
function starMatch(pieces: readonly string[], value: string): boolean {
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last))
    return false;
  let at = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const k = value.indexOf(pieces[i]!, at);
    if (k === -1 || k + pieces[i]!.length > end) return false;
    at = k + pieces[i]!.length;
  }
  return true;
}

/** The literal text before the first wildcard: lets callers narrow a sorted list first. */
export function literalPrefix(pattern: string): string {
  const m = /[*?[]/.exec(pattern);
  return m ? pattern.slice(0, m.index) : pattern;
}
