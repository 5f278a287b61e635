// Numbers typed into the panel's text fields.

/** An integer typed by a person, or an error in plain words. */
export function parseInteger(text: string, name: string, min: number, max: number): number | string {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return `${name} must be a whole number.`;
  const value = Number(trimmed);
  if (value < min || value > max) return `${name} must be between ${min} and ${max}.`;
  return value;
}
