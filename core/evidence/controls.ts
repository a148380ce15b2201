// ISO/IEC 42001:2023 Annex A control titles, so the report names controls the way auditors read them.
const TITLES: Record<string, string> = {
  "A.2.2": "AI policy",
  "A.2.3": "Alignment with other organizational policies",
  "A.2.4": "Review of the AI policy",
  "A.3.2": "AI roles and responsibilities",
  "A.3.3": "Reporting of concerns",
  "A.4.2": "Resource documentation",
  "A.4.3": "Data resources",
  "A.4.4": "Tooling resources",
  "A.4.5": "System and computing resources",
  "A.4.6": "Human resources",
  "A.5.2": "Impact assessment process",
  "A.5.3": "Documentation of impact assessments",
  "A.5.4": "Impact on individuals or groups",
  "A.5.5": "Societal impacts",
  "A.6.1.2": "Objectives for responsible development",
  "A.6.1.3": "Processes for responsible design and development",
  "A.6.2.2": "Requirements and specification",
  "A.6.2.3": "Documentation of design and development",
  "A.6.2.4": "Verification and validation",
  "A.6.2.5": "Deployment",
  "A.6.2.6": "Operation and monitoring",
  "A.6.2.7": "Technical documentation",
  "A.6.2.8": "Recording of event logs",
  "A.7.2": "Data for development and enhancement",
  "A.7.3": "Acquisition of data",
  "A.7.4": "Quality of data",
  "A.7.5": "Data provenance",
  "A.7.6": "Data preparation",
  "A.8.2": "System documentation and information for users",
  "A.8.3": "External reporting",
  "A.8.4": "Communication of incidents",
  "A.8.5": "Information for interested parties",
  "A.9.2": "Processes for responsible use",
  "A.9.3": "Objectives for responsible use",
  "A.9.4": "Intended use",
  "A.10.2": "Allocating responsibilities",
  "A.10.3": "Suppliers",
  "A.10.4": "Customers",
};

/** "ISO42001:A.6.2.8" → "A.6.2.8 Recording of event logs"; other ids are returned as given. */
export function controlLabel(control: string): string {
  const title = controlTitle(control);
  return title ? `${controlId(control)} ${title}` : control;
}

/** "ISO42001:A.6.2.8" → "A.6.2.8" when it names an Annex A control; other ids as given. */
export function controlId(control: string): string {
  const id = control.replace(/^ISO\s*\/?\s*(IEC\s*)?42001\s*:\s*/i, "");
  return TITLES[id] ? id : control;
}

/** The Annex A title, or "" for an id that is not one. */
export function controlTitle(control: string): string {
  return TITLES[control.replace(/^ISO\s*\/?\s*(IEC\s*)?42001\s*:\s*/i, "")] ?? "";
}

/** Sort key: Annex A clause numbers in numeric order, unknown ids after. */
export function controlOrder(control: string): string {
  const id = control.replace(/^ISO\s*\/?\s*(IEC\s*)?42001\s*:\s*/i, "");
  const m = /^A\.(\d+)((?:\.\d+)*)$/.exec(id);
  if (!m) return `~${control}`;
  return [m[1], ...m[2]!.split(".").filter(Boolean)].map((n) => n!.padStart(3, "0")).join(".");
}
