import { quantityString } from '../../../src/registry/tables/quantity.js';

describe('quantityString', () => {
  it.each([
    ['10Gi', '10Gi'],
    ['8Gi', '8Gi'],
    ['1.5Gi', '1536Mi'],
    ['1024Ki', '1Mi'],
    ['1025Ki', '1025Ki'],
    ['0.5Ki', '512'],
    ['1.1Ki', '1126400m'],
    ['1500Mi', '1500Mi'],
    ['100m', '100m'],
    ['2000m', '2'],
    ['0.5', '500m'],
    ['3.5', '3500m'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
    ['12345678901234567890', '12345678901234567890'],
    ['0', '0'],
    ['0Gi', '0'],
    ['-100m', '-100m'],
    ['-1.5', '-1500m'],
  ])('%s prints as %s', (input, output) => {
    expect(quantityString(input)).toBe(output);
  });

  it('keeps a short-form input string as apimachinery caches it', () => {
    expect(quantityString('+5')).toBe('+5');
    expect(quantityString('05')).toBe('05');
  });

  it('reads JSON numbers, prints a missing quantity as 0 and leaves non-quantities alone', () => {
    expect(quantityString(2)).toBe('2');
    expect(quantityString(0.25)).toBe('250m');
    expect(quantityString(undefined)).toBe('0');
    expect(quantityString('lots')).toBe('lots');
  });

  it('caps a binary quantity beyond int64 as ParseQuantity does', () => {
    expect(quantityString('20Ei')).toBe('9223372036854775807');
    expect(quantityString('-9223372036854775808Ki')).toBe('-9223372036854775807');
    expect(quantityString('7Ei')).toBe('7Ei');
    expect(quantityString('')).toBe('0');
  });
});
