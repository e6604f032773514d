// The kubelet's reader of CRI log files: full lines, P parts joined to the F that ends them (per
// stream, so interleaved stdout and stderr parts stay apart), lines split across chunks, and the
// time of a joined line being that of its first part.
import { CriLogReader } from '../../src/kubelet/server/criLogLines.js';

test('full lines, joined partial lines and chunk boundaries', () => {
  const reader = new CriLogReader();
  const first = reader.push(Buffer.from(
    '2026-11-21T10:00:00.000000001Z stdout F one\n'
    + '2026-11-21T10:00:01.5Z stdout P tw\n'
    + '2026-11-21T10:00:01.6Z stderr P err-a\n'
    + '2026-11-21T10:00:02Z stdout F o\n'
    + '2026-11-21T10:00:03Z stderr F -b\n'
    + '2026-11-21T10:00:04Z stdout F thr'));
  expect(first.map((l) => [l.time, l.stream, l.text.toString()])).toEqual([
    ['2026-11-21T10:00:00.000000001Z', 'stdout', 'one\n'],
    ['2026-11-21T10:00:01.5Z', 'stdout', 'two\n'],
    ['2026-11-21T10:00:01.6Z', 'stderr', 'err-a-b\n'],
  ]);
  expect(first[0].ms).toBe(Date.parse('2026-11-21T10:00:00.000Z'));
  const rest = reader.push(Buffer.from('ee\n2026-11-21T10:00:05Z stdout F \n'));
  expect(rest.map((l) => l.text.toString())).toEqual(['three\n', '\n']);
});
