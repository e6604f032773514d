import { DAY, MIN, ago, cells, columnNames, narrowCells } from './fixtures.js';

const template = { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } };
const job = (name: string, spec: object, status: object = {}, metadata: object = {}) => ({
  metadata: { name, namespace: 'default', creationTimestamp: ago(5 * MIN), ...metadata },
  spec: { template, ...spec },
  status,
});

describe('Job table', () => {
  it('has the upstream columns', () => {
    expect(columnNames('batch', 'Job')).toEqual(['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers*', 'Images*', 'Selector*']);
  });

  it('shows a running job with its duration so far', () => {
    const running = job(
      'pi',
      { completions: 3, parallelism: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'f00' } } },
      { active: 1, succeeded: 1, startTime: ago(2 * MIN) },
    );
    expect(cells('batch', 'Job', running)).toEqual(['pi', 'Running', '1/3', '2m', '5m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=f00']);
    expect(narrowCells('batch', 'Job', job('queued', { completions: 1 }))).toEqual(['queued', 'Running', '0/1', '', '5m']);
  });

  it('shows completed, failed, suspended, failing and terminating jobs', () => {
    const complete = job(
      'done',
      { completions: 1 },
      { succeeded: 1, startTime: ago(10 * MIN), completionTime: ago(9 * MIN + 15), conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] },
    );
    expect(narrowCells('batch', 'Job', complete)).toEqual(['done', 'Complete', '1/1', '45s', '5m']);
    const status = (type: string, extra: object = {}) => narrowCells('batch', 'Job', job('j', { completions: 1 }, { conditions: [{ type, status: 'True' }] }, extra))[1];
    expect(status('Failed')).toBe('Failed');
    expect(status('Suspended')).toBe('Suspended');
    expect(status('FailureTarget')).toBe('FailureTarget');
    expect(status('Suspended', { deletionTimestamp: ago(1) })).toBe('Terminating');
    expect(status('Complete', { deletionTimestamp: ago(1) })).toBe('Complete');
    expect(narrowCells('batch', 'Job', job('j', {}, { conditions: [{ type: 'Complete', status: 'False' }] }))[1]).toBe('Running');
  });

  it('shows work-queue completions', () => {
    expect(narrowCells('batch', 'Job', job('q', { parallelism: 3 }, { succeeded: 2 }))[2]).toBe('2/1 of 3');
    expect(narrowCells('batch', 'Job', job('q', { parallelism: 1 }))[2]).toBe('0/1');
    expect(narrowCells('batch', 'Job', job('q', {}))[2]).toBe('0/1');
    // JSON null reads as unset
    expect(narrowCells('batch', 'Job', job('q', { completions: null, parallelism: 2 }, { succeeded: 1 }))[2]).toBe('1/1 of 2');
  });

  it('measures a long job in days', () => {
    expect(narrowCells('batch', 'Job', job('long', { completions: 1 }, { startTime: ago(2 * DAY + 3 * 3600) }))[3]).toBe('2d3h');
  });
});

describe('CronJob table', () => {
  const cronJob = (name: string, spec: object, status: object = {}) => ({
    metadata: { name, namespace: 'default', creationTimestamp: ago(2 * DAY) },
    spec: { jobTemplate: { spec: { template } }, ...spec },
    status,
  });

  it('has the upstream columns', () => {
    expect(columnNames('batch', 'CronJob')).toEqual([
      'Name',
      'Schedule',
      'Timezone',
      'Suspend',
      'Active',
      'Last Schedule',
      'Age',
      'Containers*',
      'Images*',
      'Selector*',
    ]);
  });

  it('shows schedule, suspension, active jobs and the last schedule', () => {
    const hourly = cronJob('report', { schedule: '*/5 * * * *', suspend: false }, { active: [{ kind: 'Job', name: 'report-1' }], lastScheduleTime: ago(3 * MIN) });
    expect(cells('batch', 'CronJob', hourly)).toEqual(['report', '*/5 * * * *', '<none>', 'False', 1, '3m', '2d', 'pi', 'perl:5.34', '<none>']);
    const paused = cronJob('backup', { schedule: '0 3 * * *', timeZone: 'Europe/Berlin', suspend: true });
    expect(narrowCells('batch', 'CronJob', paused)).toEqual(['backup', '0 3 * * *', 'Europe/Berlin', 'True', 0, '<none>', '2d']);
    expect(narrowCells('batch', 'CronJob', cronJob('d', { schedule: '@daily' }))[3]).toBe('False');
  });
});
