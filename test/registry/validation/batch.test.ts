import { generateJobSelector } from '../../../src/registry/defaults/index.js';
import { cronScheduleError } from '../../../src/registry/validation/index.js';
import { createErrors, defaulted, stored, updateErrors, type Obj } from './fixtures.js';

const UID = 'a0b1c2d3-0000-4000-8000-000000000001';

/** A Job as the store holds it after create: defaulted, uid set, selector generated. */
function job(spec: Obj = {}): Obj {
  const j = defaulted({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: UID },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } }, ...spec },
  });
  generateJobSelector(j as never);
  return j;
}

function cronJob(spec: Obj = {}, name = 'hello'): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
  };
}

describe('Job', () => {
  test('a job with a generated selector is valid', () => {
    expect(createErrors(job())).toEqual([]);
  });

  test('the template restart policy must be OnFailure or Never', () => {
    const always = job({ template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } });
    expect(createErrors(always)).toEqual(['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  });

  test('a hand-made selector needs manualSelector', () => {
    const j = job();
    j.spec.selector = { matchLabels: { app: 'pi' } };
    j.spec.template.metadata.labels.app = 'pi';
    expect(createErrors(j)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"pi"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
    ]);
  });

  test('counts and modes', () => {
    expect(createErrors(job({ parallelism: -1 }))).toEqual(['spec.parallelism: Invalid value: -1: must be greater than or equal to 0']);
    expect(createErrors(job({ completionMode: 'Indexed', completions: undefined, parallelism: 2 }))).toEqual([
      'spec.completions: Required value: when completion mode is Indexed',
    ]);
    expect(createErrors(job({ backoffLimitPerIndex: 1 }))).toEqual([
      'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
    ]);
  });

  test('pod failure policy rules', () => {
    const errs = createErrors(
      job({ podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [3, 0, 1] } }] } }),
    );
    expect(errs).toEqual([
      'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 0, 1}: must be ordered',
    ]);
  });

  test('the template and selector are immutable', () => {
    const old = stored(job());
    const next = structuredClone(old);
    next.spec.template.spec.containers[0].image = 'perl:5';
    const errs = updateErrors(next, old);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^spec\.template: Invalid value: core\.PodTemplateSpec\{ObjectMeta:v1\.ObjectMeta\{Name:"", /);
    expect(errs[0]).toMatch(/Image:"perl:5"/);
    expect(errs[0]).toMatch(/: field is immutable$/);
  });

  test('parallelism may change; completions of a NonIndexed job may not', () => {
    const old = stored(job());
    const next = structuredClone(old);
    next.spec.parallelism = 3;
    expect(updateErrors(next, old)).toEqual([]);
    next.spec.completions = 4;
    expect(updateErrors(next, old)).toEqual(['spec.completions: Invalid value: 4: field is immutable']);
  });
});

describe('CronJob', () => {
  test('a defaulted cron job is valid', () => {
    expect(createErrors(cronJob())).toEqual([]);
  });

  test('schedules are checked with robfig/cron messages', () => {
    expect(createErrors(cronJob({ schedule: '* * *' }))).toEqual(['spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]']);
    expect(createErrors(cronJob({ schedule: '61 * * * *' }))).toEqual([
      'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    ]);
    expect(createErrors(cronJob({ schedule: '' }))).toEqual(['spec.schedule: Required value']);
    expect(createErrors(cronJob({ schedule: 'TZ=UTC 0 * * * *' }))).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    expect(cronScheduleError('@daily')).toBeUndefined();
    expect(cronScheduleError('@every 1h30m')).toBeUndefined();
    expect(cronScheduleError('@fortnightly')).toBe('unrecognized descriptor: @fortnightly');
    expect(cronScheduleError('x * * * *')).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    expect(cronScheduleError('0 0 * JAN-MAR MON')).toBeUndefined();
    expect(cronScheduleError('*/0 * * * *')).toBe('step of range should be a positive number: */0');
  });

  test('time zones and concurrency policy', () => {
    expect(createErrors(cronJob({ timeZone: 'Mars/Olympus' }))).toEqual([
      'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
    ]);
    expect(createErrors(cronJob({ timeZone: 'Europe/Paris' }))).toEqual([]);
    expect(createErrors(cronJob({ concurrencyPolicy: 'Sometimes' }))).toEqual([
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    ]);
  });

  test('names are at most 52 characters; the job template selector is generated', () => {
    expect(createErrors(cronJob({}, 'a'.repeat(53)))).toEqual([`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`]);
    const withSelector = cronJob();
    withSelector.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } };
    withSelector.spec.jobTemplate.spec.template.metadata = { labels: { a: 'b' } };
    expect(createErrors(withSelector)).toEqual([
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    ]);
  });
});
