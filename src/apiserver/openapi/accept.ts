// Accept-header negotiation as the upstream OpenAPI handlers do it (goautoneg): the clauses are
// sorted by quality, with wildcards after concrete types, and the first clause that matches one
// of the offered media types (in the offered order) wins. Quality 0 does not exclude a type.

export interface AcceptClause {
  type: string;
  subtype: string;
  q: number;
}

/** The clauses of an Accept header, best first. An empty header means `*\/*`. */
export function parseAccept(header: string | undefined): AcceptClause[] {
  const clauses: AcceptClause[] = [];
  for (const part of (header === undefined || header === '' ? '*/*' : header).split(',')) {
    const [range, ...params] = part.trim().split(';');
    const pieces = range.split('/');
    const type = pieces[0].trim();
    let subtype: string;
    if (pieces.length === 1 && type === '*') subtype = '*';
    else if (pieces.length === 2) subtype = pieces[1].trim();
    else continue;
    let q = 1;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      if (param.slice(0, eq).trim() === 'q') {
        const value = Number(param.slice(eq + 1));
        q = Number.isNaN(value) ? 0 : value;
      }
    }
    clauses.push({ type, subtype, q });
  }
  return insertionSort(clauses, before);
}

/** goautoneg's ordering (not a strict order; applied by insertion sort as Go's sort does). */
function before(a: AcceptClause, b: AcceptClause): boolean {
  if (a.q > b.q) return true;
  if (a.type !== '*' && b.type === '*') return true;
  return a.subtype !== '*' && b.subtype === '*';
}

function insertionSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) {
      [items[j], items[j - 1]] = [items[j - 1], items[j]];
    }
  }
  return items;
}

/**
 * The first offered media type (`type/subtype`) that a clause, best clause first, accepts; or
 * undefined when none is acceptable (a 406).
 */
export function negotiateMediaType<T extends string>(header: string | undefined, offered: readonly T[]): T | undefined {
  for (const clause of parseAccept(header)) {
    for (const media of offered) {
      const [type, subtype] = media.split('/');
      if (clause.type !== type && clause.type !== '*') continue;
      if (clause.subtype !== subtype && clause.subtype !== '*') continue;
      return media;
    }
  }
  return undefined;
}
