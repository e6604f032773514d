// Controller expectations: pending adds/deletes hold a controller back until observed or expired.
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS } from '../../../src/controllers/common/index.js';

test('satisfied with no record, unsatisfied until every add is observed', () => {
  const e = new ControllerExpectations(() => 0);
  expect(e.satisfied('ns/rs')).toBe(true);
  e.expectCreations('ns/rs', 2);
  expect(e.satisfied('ns/rs')).toBe(false);
  e.creationObserved('ns/rs');
  expect(e.satisfied('ns/rs')).toBe(false);
  e.creationObserved('ns/rs');
  expect(e.satisfied('ns/rs')).toBe(true);
});

test('deletions are counted once per pod key', () => {
  const e = new ControllerExpectations(() => 0);
  e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/a');
  expect(e.satisfied('ns/rs')).toBe(false);
  e.deletionObserved('ns/rs', 'ns/other');
  expect(e.satisfied('ns/rs')).toBe(false);
  e.deletionObserved('ns/rs', 'ns/b');
  expect(e.satisfied('ns/rs')).toBe(true);
});

test('expectations expire after five minutes; skipped creations lower the count', () => {
  let clock = 1_000;
  const e = new ControllerExpectations(() => clock);
  e.expectCreations('ns/rs', 3);
  clock += EXPECTATIONS_TIMEOUT_MS;
  expect(e.satisfied('ns/rs')).toBe(false);
  clock += 1;
  expect(e.satisfied('ns/rs')).toBe(true);
  e.expectCreations('ns/rs', 3);
  e.lowerCreations('ns/rs', 3);
  expect(e.satisfied('ns/rs')).toBe(true);
  e.expectCreations('ns/rs', 1);
  e.delete('ns/rs');
  expect(e.satisfied('ns/rs')).toBe(true);
});
