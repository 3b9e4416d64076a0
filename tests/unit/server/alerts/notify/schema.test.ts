import { describe, expect, it } from 'vitest';
import { describeIssues, NotifyConfigSchema, SilenceInputSchema } from '../../../../../src/lib/server/alerts/notify/index.ts';

function issues(input: unknown): string[] {
	const r = NotifyConfigSchema.safeParse(input);
	return r.success ? [] : describeIssues(r.error.issues, 'alerts');
}

describe('alerts config schema', () => {
	it('accepts the documented example', () => {
		const cfg = NotifyConfigSchema.parse({
			default_channels: ['ops-en'],
			routes: [
				{ matchers: ['severity="critical"', 'org!="kdca"'], channels: ['oncall'], continue: true, mute_times: ['maintenance'] },
				{ matchers: ['component=~"identity-.*"'], channels: ['ops-ko'], group_by: ['alertname'], group_interval: '1m' }
			],
			mute_times: [
				{
					name: 'maintenance',
					intervals: [
						{ weekdays: ['monday:friday'], times: [{ start: '02:00', end: '04:00' }] },
						{ start: '2026-03-07T22:00:00+09:00', end: '2026-03-08T06:00:00+09:00' }
					]
				}
			]
		});
		expect(cfg.routes[1]).toMatchObject({ group_wait: '0s', group_interval: '1m', repeat_interval: '1h', continue: false });
	});

	const bad: [string, unknown, string][] = [
		['a bad matcher', { routes: [{ matchers: ['severity=="x'], channels: [] }] }, 'alerts.routes[0].matchers[0]: bad matcher'],
		['a bad duration', { routes: [{ channels: [], group_interval: '30 seconds' }] }, 'alerts.routes[0].group_interval'],
		['an unknown mute time', { routes: [{ channels: [], mute_times: ['night'] }] }, 'alerts.routes[0].mute_times[0]: unknown mute time "night"'],
		['"..." with other labels', { routes: [{ channels: [], group_by: ['...', 'org'] }] }, 'must stand alone'],
		['an unknown key', { routes: [{ channels: [], recievers: [] }] }, 'alerts.routes[0]'],
		['a bad time zone', { mute_times: [{ name: 'n', time_zone: 'Mars/Olympus', intervals: [{ weekdays: ['monday'] }] }] }, 'alerts.mute_times[0].time_zone'],
		['an empty interval', { mute_times: [{ name: 'n', intervals: [{}] }] }, 'would mute forever'],
		['a range over midnight', { mute_times: [{ name: 'n', intervals: [{ times: [{ start: '22:00', end: '02:00' }] }] }] }, 'span midnight'],
		['a weekday typo', { mute_times: [{ name: 'n', intervals: [{ weekdays: ['mon:fri'] }] }] }, 'alerts.mute_times[0].intervals[0].weekdays[0]'],
		['a timestamp without offset', { mute_times: [{ name: 'n', intervals: [{ start: '2026-03-07T22:00:00' }] }] }, 'intervals[0].start'],
		['duplicate mute times', { mute_times: [{ name: 'n', intervals: [{ weekdays: ['monday'] }] }, { name: 'n', intervals: [{ weekdays: ['monday'] }] }] }, 'duplicate mute time "n"']
	];
	it.each(bad)('rejects %s with its key path', (_, input, expected) => {
		expect(issues(input).join('\n')).toContain(expected);
	});
});

describe('silence input', () => {
	const ok = { matchers: ['component="identity-naver"'], startsAt: 1_000, endsAt: 2_000, createdBy: 'kim', comment: 'deploy' };

	it('accepts epoch ms or ISO timestamps', () => {
		const s = SilenceInputSchema.parse({ ...ok, startsAt: '2026-03-02T10:00:00+09:00', endsAt: '2026-03-02T02:00:00Z' });
		expect([s.startsAt, s.endsAt]).toEqual([Date.parse('2026-03-02T01:00:00Z'), Date.parse('2026-03-02T02:00:00Z')]);
	});

	const bad: [string, object, string][] = [
		['endsAt before startsAt', { endsAt: 500 }, 'endsAt must be after startsAt'],
		['no matcher', { matchers: [] }, 'at least one matcher'],
		['no author', { createdBy: ' ' }, 'who creates'],
		['no comment', { comment: '' }, 'say why'],
		['a matcher that hides everything', { matchers: ['component=~".*"'] }, 'would hide every alert'],
		['a bad matcher', { matchers: ['component~"x"'] }, 'bad matcher']
	];
	it.each(bad)('rejects %s', (_, over, expected) => {
		const r = SilenceInputSchema.safeParse({ ...ok, ...over });
		expect(r.success).toBe(false);
		expect(describeIssues(r.error!.issues).join('\n')).toContain(expected);
	});
});
