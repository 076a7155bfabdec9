/** Fills {placeholders}; an unknown one is left in place so the wording tests can catch it. */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, key: string) =>
    key in vars ? String(vars[key]) : whole,
  );
}
