// How a scanner declaration documents the attributes of its kind: name → { type, doc }. This is
// the one source of `aimscan kinds`, of `validate`'s check of `expect.attributes`, and of the
// catalogue in the inventory's JSON Schema; tests/scanners/attributes.test.ts fails when a scanner
// emits an attribute (or a type) its declaration does not document.
//
//   attributes: {
//     instanceType: { type: "string|null", doc: "instance type of the first variant; null when serverless" },
//     instanceCount: { type: "number", doc: "sum of the variants' instance counts" },
//   }

/** JSON value shapes an attribute may take; "array" and "object" are described in `doc`. */
export type AttributeBase = "string" | "number" | "boolean" | "array" | "object";
export type AttributeType = AttributeBase | `${AttributeBase}|null`;

export interface AttributeDoc {
  type: AttributeType;
  /** What the value means, in one line (units, what null means, where it comes from). */
  doc: string;
}

export type AttributeDocs = Readonly<Record<string, AttributeDoc>>;

/** The JSON shape of a value, in the vocabulary of AttributeType. */
export function shapeOf(value: unknown): AttributeBase | "null" | "undefined" {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  if (t === "string" || t === "number" || t === "boolean") return t;
  return "object";
}

/** True when `value` is one of the shapes `type` allows. */
export function conforms(type: AttributeType, value: unknown): boolean {
  const shape = shapeOf(value);
  return type.split("|").includes(shape);
}
