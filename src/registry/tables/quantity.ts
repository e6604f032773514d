// resource.Quantity as upstream prints it (Quantity.String), on validation's Quantity: the
// canonical form (`1536Mi` for `1.5Gi`, `500m` for `0.5`, `1k` for `1000`), except that a
// quantity parsed from a string which is already in a short form keeps that string, as
// apimachinery caches it on parse.
import { Quantity, QuantityParseError } from '../../api/quantity.js';

/**
 * Quantity.String() of a JSON quantity (a string, or a number some clients send). A missing
 * (or blank) quantity is Go's zero Quantity, `0`; text that is no quantity at all comes back
 * unchanged.
 */
export function quantityString(value: unknown): string {
  if (value === undefined || value === null) return '0';
  const text = typeof value === 'number' ? String(value) : String(value).trim();
  if (text === '') return '0';
  try {
    return Quantity.parse(text).toString();
  } catch (err) {
    if (err instanceof QuantityParseError) return text;
    throw err;
  }
}

/** A *Quantity's String(): `<nil>` when absent. */
export function quantityPointerString(value: unknown): string {
  return value === undefined || value === null ? '<nil>' : quantityString(value);
}
