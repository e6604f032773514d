import { Quantity, QUANTITY_FORMAT_ERROR, QUANTITY_SUFFIX_ERROR } from '../../src/api/quantity.js';

function canonical(s: string | number): string {
  return Quantity.fromJSON(s).toString();
}

describe('quantities', () => {
  test('the canonical forms upstream writes back', () => {
    expect(canonical('0.5')).toBe('500m');
    expect(canonical('1000m')).toBe('1');
    expect(canonical('1024Mi')).toBe('1Gi');
    expect(canonical('1.5Gi')).toBe('1536Mi');
    expect(canonical('0.5Gi')).toBe('512Mi');
    expect(canonical('2000')).toBe('2k');
    expect(canonical('1e3')).toBe('1e3');
    expect(canonical('100Mi')).toBe('100Mi');
    expect(canonical('128974848')).toBe('128974848');
    expect(canonical('129e6')).toBe('129e6');
    expect(canonical('123Mi')).toBe('123Mi');
    expect(canonical(1)).toBe('1');
    expect(canonical(0.25)).toBe('250m');
    expect(canonical('0')).toBe('0');
    expect(canonical('-1')).toBe('-1');
    expect(canonical('1.5')).toBe('1500m');
    expect(canonical('512Ki')).toBe('512Ki');
    expect(canonical('0.1Ki')).toBe('102400m');
  });

  test('some inputs are kept verbatim, as upstream caches them', () => {
    expect(canonical('+1')).toBe('+1');
    expect(canonical('01')).toBe('01');
  });

  test('rounding up to milli precision, as ResourceList defaulting does', () => {
    expect(Quantity.parse('0.0001').roundUp(-3).toString()).toBe('1m');
    expect(Quantity.parse('100u').roundUp(-3).toString()).toBe('1m');
    expect(Quantity.parse('1.0005').roundUp(-3).toString()).toBe('1001m');
    expect(Quantity.parse('250m').roundUp(-3).toString()).toBe('250m');
  });

  test('comparison and values', () => {
    expect(Quantity.parse('1Gi').cmp(Quantity.parse('1024Mi'))).toBe(0);
    expect(Quantity.parse('500m').cmp(Quantity.parse('1'))).toBe(-1);
    expect(Quantity.parse('1.2').value()).toBe(2n);
    expect(Quantity.parse('1.5').milliValue()).toBe(1500n);
  });

  test('bad input fails with upstream texts', () => {
    expect(() => Quantity.parse('abc')).toThrow(QUANTITY_FORMAT_ERROR);
    expect(() => Quantity.parse('1Zi')).toThrow(QUANTITY_FORMAT_ERROR);
    expect(() => Quantity.parse('1mi')).toThrow(QUANTITY_SUFFIX_ERROR);
    expect(() => Quantity.parse('')).toThrow(QUANTITY_FORMAT_ERROR);
  });

  test('the Go rendering some messages embed', () => {
    expect(Quantity.parse('1500m').goString()).toBe(
      'resource.Quantity{i:resource.int64Amount{value:1500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1500m", Format:"DecimalSI"}',
    );
  });
});
