// JSON Schema for one OCSF event class, generated from the vendored OCSF 1.2.0 definitions the way
// OCSF's schema server exports it: the class's attributes (through `extends` and `$include`), each
// typed from the dictionary, `required` where the definition says so, enums for *_id attributes, no
// unknown attributes; objects the definitions here describe are checked the same way, recursively.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "schemas", "ocsf-1.2.0");
type Def = { extends?: string; uid?: number; attributes: Record<string, any>; name?: string };
const read = (path: string): Def => JSON.parse(readFileSync(join(ROOT, path), "utf8"));
const dictionary = read("dictionary.json").attributes;
const OBJECT_FILES: Record<string, string> = {
  object: "objects/object.json",
  _entity: "objects/_entity.json",
  _resource: "objects/_resource.json",
  analytic: "objects/analytic.json",
  compliance: "objects/compliance.json",
  finding_info: "objects/finding_info.json",
  metadata: "objects/metadata.json",
  product: "objects/product.json",
  remediation: "objects/remediation.json",
  resource_details: "objects/resource_details.json",
};
const EVENT_FILES: Record<string, string> = {
  base_event: "events/base_event.json",
  finding: "events/findings/finding.json",
};

function attributes(def: Def, files: Record<string, string>): Record<string, any> {
  const parent = def.extends && files[def.extends] ? attributes(read(files[def.extends]!), files) : {};
  const own: Record<string, any> = {};
  for (const [k, v] of Object.entries(def.attributes)) {
    if (k !== "$include") own[k] = v;
    else
      for (const inc of v as string[]) {
        // A profile's attributes apply only when the profile is; its "required" is not the class's.
        const included = read(inc).attributes;
        for (const [a, spec] of Object.entries(included))
          own[a] = inc.startsWith("profiles/") ? { ...(spec as object), requirement: "optional" } : spec;
      }
  }
  const out = { ...parent };
  for (const [k, v] of Object.entries(own)) out[k] = { ...(out[k] ?? {}), ...v };
  return out;
}

const SCALAR: Record<string, object> = {
  integer_t: { type: "integer" },
  long_t: { type: "integer" },
  timestamp_t: { type: "integer" },
  float_t: { type: "number" },
  boolean_t: { type: "boolean" },
};

function typeOf(name: string, attr: any, depth: number): object {
  const dict = dictionary[name] ?? {};
  const t: string = attr.type ?? dict.type ?? "string_t";
  let one: object;
  if (SCALAR[t]) one = SCALAR[t]!;
  else if (t.endsWith("_t")) one = { type: "string" };
  else if (t !== "object" && OBJECT_FILES[t] && depth < 4)
    one = objectSchema(read(OBJECT_FILES[t]!), OBJECT_FILES, depth + 1);
  else one = { type: "object" };
  const enumDef = attr.enum ?? dict.enum;
  if (enumDef && name.endsWith("_id")) one = { ...one, enum: Object.keys(enumDef).map(Number) };
  return dict.is_array ? { type: "array", items: one } : one;
}

function objectSchema(def: Def, files: Record<string, string>, depth: number): object {
  const attrs = attributes(def, files);
  const properties: Record<string, object> = {};
  const required: string[] = [];
  for (const [k, v] of Object.entries(attrs)) {
    properties[k] = typeOf(k, v, depth);
    if (v.requirement === "required") required.push(k);
  }
  return { type: "object", properties, required, additionalProperties: false };
}

/** The class's JSON Schema with class_uid and category_uid fixed (category Findings = 2). */
export function ocsfClassSchema(className: "compliance_finding" | "detection_finding"): any {
  const def = read(`events/findings/${className}.json`);
  const schema: any = objectSchema(def, EVENT_FILES, 0);
  schema.properties.class_uid = { const: 2000 + def.uid! };
  schema.properties.category_uid = { const: 2 };
  return schema;
}
