import { humanDuration, timestampSince } from '../../../src/registry/tables/humanDuration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  it.each([
    [-3 * s, '<invalid>'],
    [-2 * s, '<invalid>'],
    [-1.5 * s, '0s'],
    [-1 * s, '0s'],
    [0, '0s'],
    [999, '0s'],
    [5 * s, '5s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [3 * m + 2 * s, '3m2s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [7 * h + 5 * m, '7h5m'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [3 * 365 * d + 120 * d, '3y120d'],
    [8 * 365 * d + 5 * d, '8y'],
    [20 * 365 * d, '20y'],
  ])('%d ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('timestampSince', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  it('is the age of an RFC 3339 time', () => {
    expect(timestampSince('2025-06-01T11:59:15Z', now)).toBe('45s');
    expect(timestampSince('2025-05-30T09:00:00Z', now)).toBe('2d3h');
    expect(timestampSince('2025-06-01T11:59:59.500000Z', now)).toBe('0s');
  });
  it('is <unknown> for a missing or zero time and <invalid> for a future one', () => {
    expect(timestampSince(undefined, now)).toBe('<unknown>');
    expect(timestampSince(null, now)).toBe('<unknown>');
    expect(timestampSince('', now)).toBe('<unknown>');
    expect(timestampSince('0001-01-01T00:00:00Z', now)).toBe('<unknown>');
    expect(timestampSince('2025-06-01T12:00:05Z', now)).toBe('<invalid>');
  });
});
