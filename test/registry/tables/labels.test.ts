import {
  deploymentSelectorString,
  formatLabelSelector,
  formatLabels,
  goLabelSelectorDebugString,
} from '../../../src/registry/tables/labels.js';

describe('formatLabels', () => {
  it('sorts key=value pairs as whole strings', () => {
    expect(formatLabels({ b: '2', a: '1', 'a.b': '3' })).toBe('a.b=3,a=1,b=2');
  });
  it('is <none> for no labels', () => {
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
  });
});

describe('formatLabelSelector', () => {
  it('prints requirements sorted by key, with sorted values', () => {
    expect(
      formatLabelSelector({
        matchLabels: { tier: 'web', app: 'shop' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'legacy', operator: 'DoesNotExist' },
          { key: 'canary', operator: 'Exists' },
          { key: 'zone', operator: 'NotIn', values: ['b'] },
        ],
      }),
    ).toBe('app=shop,canary,env in (dev,prod),!legacy,tier=web,zone notin (b)');
  });
  it('is <none> for an empty or missing selector', () => {
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(undefined)).toBe('<none>');
  });
  it('is <error> for a selector apimachinery rejects', () => {
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toBe('<error>');
    expect(formatLabelSelector({ matchLabels: { 'bad key!': 'x' } })).toBe('<error>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toBe('<error>');
  });
});

describe('deploymentSelectorString', () => {
  it('is empty for an empty selector and <invalid> for a bad one', () => {
    expect(deploymentSelectorString({ matchLabels: { app: 'web' } })).toBe('app=web');
    expect(deploymentSelectorString({})).toBe('');
    expect(deploymentSelectorString({ matchLabels: { app: '-bad-' } })).toBe('<invalid>');
  });
});

describe('goLabelSelectorDebugString', () => {
  it('prints the Go debug form', () => {
    expect(
      goLabelSelectorDebugString({
        matchLabels: { b: '2', a: '1' },
        matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 'y'] }],
      }),
    ).toBe(
      '&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},' +
        'MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:In,Values:[x y],},},}',
    );
  });
});
