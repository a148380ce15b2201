// Small readers for Google answers decoded by the REST transport (protobufjs messages).

/** An enum as its name; "…_UNSPECIFIED", 0 and absent read as null (numeric enums stay numbers as text). */
export function enumName(value: unknown): string | null {
  if (value === undefined || value === null || value === 0 || value === "") return null;
  const name = String(value);
  return name.endsWith("_UNSPECIFIED") ? null : name;
}

/** The names of a map's keys, sorted: a map's values (metadata, env) are never copied. */
export function keysOf(map: Record<string, unknown> | null | undefined): string[] {
  return Object.keys(map ?? {}).sort();
}
