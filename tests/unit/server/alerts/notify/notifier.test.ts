import { describe, expect, it } from 'vitest';
import { NotifyConfigError, type RouteInput } from '../../../../../src/lib/server/alerts/notify/index.ts';
import { CHANNELS, contents, H, M, makeAlert, S, Sim, T0 } from './sim.ts';

const instances = (n: number, rule = 'ErrorRate', component = 'identity-naver') =>
	Array.from({ length: n }, (_, i) => makeAlert(rule, component, { instance: `i${String(i + 1).padStart(2, '0')}` }));

describe('first message', () => {
	it('goes out in the tick the alert fires (group_wait 0s)', () => {
		const sim = new Sim();
		const a = makeAlert('ErrorRate', 'identity-naver');
		const [n, ...rest] = sim.fire(a);
		expect(rest).toEqual([]);
		expect(n).toMatchObject({
			channel: 'ops-en',
			status: 'firing',
			language: 'en',
			createdAt: T0,
			groupLabels: { alertname: 'ErrorRate', component: 'identity-naver' },
			commonLabels: a.labels,
			externalUrl: 'http://ops.example:3000',
			groupKey: 'default/ops-en/{alertname="ErrorRate",component="identity-naver"}',
			id: `default/ops-en/{alertname="ErrorRate",component="identity-naver"}:${T0}:1`,
			groupUrl: `http://ops.example:3000/alerts?filter=${encodeURIComponent('{alertname="ErrorRate",component="identity-naver"}')}`
		});
		expect(n.alerts).toEqual([
			{
				id: 'ErrorRate|identity-naver',
				status: 'firing',
				labels: a.labels,
				summary: 'ErrorRate on identity-naver',
				value: 12,
				threshold: 10,
				startsAt: T0,
				endsAt: null,
				acknowledged: false,
				url: 'http://ops.example:3000/alerts?alert=ErrorRate%7Cidentity-naver'
			}
		]);
	});

	it('waits group_wait when a route sets one, gathering what fires meanwhile', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en'], group_wait: '10s' }] });
		const [a, b] = instances(2);
		expect(sim.fire(a)).toEqual([]);
		sim.step(4 * S);
		expect(sim.fire(b)).toEqual([]);
		const out = sim.step(6 * S);
		expect(out).toHaveLength(1);
		expect(out[0].createdAt).toBe(T0 + 10 * S);
		expect(contents(out[0])).toBe('firing:i01,i02 resolved:');
	});

	it('never notifies an alert that went pending -> inactive', () => {
		const sim = new Sim();
		expect(sim.abandon(makeAlert('ErrorRate', 'identity-naver'))).toEqual([]);
		expect(sim.step(2 * H)).toEqual([]);
	});

	it('never notifies an alert that resolved within group_wait', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en'], group_wait: '10s' }] });
		const a = makeAlert('ErrorRate', 'identity-naver');
		sim.fire(a);
		sim.step(5 * S);
		sim.resolve(a);
		expect(sim.step(2 * H)).toEqual([]);
		expect(sim.notifier.groupCount).toBe(0);
	});
});

describe('grouping', () => {
	it('a burst of 20 instance alerts of one rule is one message per channel', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en', 'ops-ko'] }] });
		const out = sim.fire(...instances(20));
		expect(out.map((n) => [n.channel, n.alerts.length])).toEqual([
			['ops-en', 20],
			['ops-ko', 20]
		]);
		expect(out[0].commonLabels).not.toHaveProperty('instance');
		expect(sim.step(M)).toEqual([]);
	});

	it('groups by alertname and component by default, by what group_by says otherwise', () => {
		const alerts = () => [...instances(2, 'ErrorRate', 'identity-naver'), ...instances(2, 'ErrorRate', 'identity-kakao')];
		expect(new Sim().fire(...alerts()).map((n) => n.groupLabels.component)).toEqual(['identity-naver', 'identity-kakao']);
		const byRule = new Sim({ routes: [{ channels: ['ops-en'], group_by: ['alertname'] }] }).fire(...alerts());
		expect(byRule.map((n) => [n.groupLabels, n.alerts.length])).toEqual([[{ alertname: 'ErrorRate' }, 4]]);
		const each = new Sim({ routes: [{ channels: ['ops-en'], group_by: ['...'] }] }).fire(...alerts());
		expect(each).toHaveLength(4);
	});

	it('the same alert through two routes (continue) is one message in each', () => {
		const routes: RouteInput[] = [
			{ matchers: ['severity="critical"'], channels: ['oncall'], continue: true },
			{ matchers: ['org="naver"'], channels: ['ops-ko'] }
		];
		const out = new Sim({ routes }).fire(makeAlert('ErrorRate', 'identity-naver'));
		expect(out.map((n) => [n.channel, n.language])).toEqual([
			['oncall', 'en'],
			['ops-ko', 'ko']
		]);
	});
});

describe('group_interval', () => {
	it('batches later changes into one message, no sooner than group_interval after the last', () => {
		const sim = new Sim();
		const [a, b, c] = instances(3);
		sim.fire(a);
		sim.step(5 * S);
		expect(sim.fire(b)).toEqual([]);
		sim.step(5 * S);
		expect(sim.fire(c)).toEqual([]);
		sim.step(2 * S);
		expect(sim.resolve(a)).toEqual([]);
		const out = sim.step(18 * S);
		expect(out.map((n) => [n.createdAt - T0, contents(n)])).toEqual([[30 * S, 'firing:i02,i03 resolved:i01']]);
		expect(out[0].alerts.find((x) => x.id === a.id)).toMatchObject({ status: 'resolved', endsAt: T0 + 12 * S });
	});

	it('sends exactly one message per group per interval while alerts keep arriving', () => {
		const sim = new Sim();
		const all = instances(40);
		sim.fire(all[0]);
		for (const a of all.slice(1)) {
			sim.step(3 * S);
			sim.fire(a);
		}
		sim.step(M);
		const times = sim.sent.map((n) => (n.createdAt - T0) / S);
		expect(times).toEqual([0, 30, 60, 90, 120]);
		expect(sim.sent.at(-1)!.alerts).toHaveLength(40);
	});

	it('holds a re-fire right after the resolve until the interval has passed (flapping)', () => {
		const sim = new Sim();
		const a = makeAlert('ErrorRate', 'identity-naver');
		sim.fire(a);
		sim.step(30 * S);
		expect(sim.resolve(a).map(contents)).toEqual(['firing: resolved:identity-naver']);
		sim.step(5 * S);
		expect(sim.fire(a)).toEqual([]);
		const out = sim.step(25 * S);
		expect(out.map((n) => [n.createdAt - T0, n.status])).toEqual([[60 * S, 'firing']]);
	});
});

describe('repeat_interval', () => {
	it('re-sends an unchanged firing group every repeat_interval', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en'], repeat_interval: '10m' }] });
		sim.fire(...instances(2));
		const out = sim.step(25 * M);
		expect(out.map((n) => (n.createdAt - T0) / M)).toEqual([10, 20]);
		expect(out.map(contents)).toEqual(['firing:i01,i02 resolved:', 'firing:i01,i02 resolved:']);
		expect(new Set(sim.sent.map((n) => n.id)).size).toBe(3);
	});

	it('a change resets the repeat clock', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en'], repeat_interval: '10m' }] });
		const [a, b] = instances(2);
		sim.fire(a);
		sim.step(8 * M);
		sim.fire(b);
		sim.step(12 * M);
		expect(sim.sent.map((n) => (n.createdAt - T0) / M)).toEqual([0, 8, 18]);
	});
});

describe('resolve', () => {
	it('one resolve message when the whole group resolved, then the group ends', () => {
		const sim = new Sim();
		const [a, b] = instances(2);
		sim.fire(a, b);
		sim.step(M);
		const [n] = sim.resolve(a, b);
		expect(n.status).toBe('resolved');
		expect(contents(n)).toBe('firing: resolved:i01,i02');
		expect(n.alerts.every((x) => x.endsAt === T0 + M)).toBe(true);
		expect(sim.step(3 * H)).toEqual([]);
		expect(sim.notifier.groupCount).toBe(0);
	});

	it('a partial resolve is reported alongside what still fires', () => {
		const sim = new Sim();
		const [a, b] = instances(2);
		sim.fire(a, b);
		sim.step(M);
		const [n] = sim.resolve(a);
		expect([n.status, contents(n)]).toEqual(['firing', 'firing:i02 resolved:i01']);
	});

	it('ids stay unique when a group ends and forms again under the same key', () => {
		const sim = new Sim();
		const a = makeAlert('ErrorRate', 'identity-naver');
		for (let i = 0; i < 3; i++) {
			sim.fire(a);
			sim.step(M);
			sim.resolve(a);
			sim.step(5 * M);
		}
		expect(sim.sent).toHaveLength(6);
		expect(new Set(sim.sent.map((n) => n.id)).size).toBe(6);
	});
});

describe('silences', () => {
	const silence = (sim: Sim, matchers: string[], minutes = 30, startsIn = 0) =>
		sim.notifier.silences.add(
			{ matchers, startsAt: sim.now + startsIn, endsAt: sim.now + minutes * M, createdBy: 'kim', comment: 'maintenance' },
			sim.now
		);

	it('hides a silenced alert, and its resolve when its firing was never sent', () => {
		const sim = new Sim();
		silence(sim, ['component="identity-naver"']);
		const a = makeAlert('ErrorRate', 'identity-naver');
		expect(sim.fire(a)).toEqual([]);
		sim.step(5 * M);
		expect(sim.resolve(a)).toEqual([]);
		expect(sim.step(H)).toEqual([]);
	});

	it('sends only the unsilenced alerts of a group', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en'], group_by: ['alertname'] }] });
		silence(sim, ['component="identity-kakao"']);
		const out = sim.fire(makeAlert('ErrorRate', 'identity-naver'), makeAlert('ErrorRate', 'identity-kakao'));
		expect(out.map(contents)).toEqual(['firing:identity-naver resolved:']);
	});

	it('sends a still-firing alert once its silence ends or is expired', () => {
		const sim = new Sim();
		const id = silence(sim, ['alertname="ErrorRate"']);
		sim.fire(makeAlert('ErrorRate', 'identity-naver'));
		sim.step(10 * M);
		sim.notifier.silences.expire(id, sim.now);
		expect(sim.tick().map((n) => (n.createdAt - T0) / M)).toEqual([10]);
	});

	it('a pending silence does not hide anything until it starts', () => {
		const sim = new Sim();
		silence(sim, ['alertname="ErrorRate"'], 30, 10 * M);
		expect(sim.fire(makeAlert('ErrorRate', 'identity-naver'))).toHaveLength(1);
	});

	it('keeps the resolve of an alert notified before it was silenced, and stops its repeats', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en'], repeat_interval: '10m' }] });
		const a = makeAlert('ErrorRate', 'identity-naver');
		sim.fire(a);
		silence(sim, ['component="identity-naver"'], 120);
		expect(sim.step(H)).toEqual([]);
		const [n] = sim.resolve(a);
		expect([n.status, contents(n)]).toEqual(['resolved', 'firing: resolved:identity-naver']);
	});
});

describe('acknowledgements', () => {
	it('stops repeats once every firing alert of the group is acknowledged, and keeps the resolve', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en'], repeat_interval: '10m' }] });
		const [a, b, c] = instances(3);
		sim.fire(a, b);
		sim.ack(a);
		expect(sim.step(10 * M).map(contents)).toEqual(['firing:i01,i02 resolved:']); // b still unacknowledged
		expect(sim.sent.at(-1)!.alerts.map((x) => x.acknowledged)).toEqual([true, false]);
		sim.ack(b);
		expect(sim.step(H)).toEqual([]);
		// Something new is news even in an acknowledged group.
		expect(sim.fire(c).map(contents)).toEqual(['firing:i01,i02,i03 resolved:']);
		sim.ack(c);
		expect(sim.step(H)).toEqual([]);
		const [n] = sim.resolve(a, b, c);
		expect(n.status).toBe('resolved');
		expect(n.alerts.map((x) => x.acknowledged)).toEqual([true, true, true]);
	});
});

describe('mute times', () => {
	const nightly = [{ name: 'batch', intervals: [{ weekdays: ['monday:friday'], times: [{ start: '02:00', end: '04:00' }] }] }];

	it('holds a route quiet during its mute time (Asia/Seoul) and sends what still fires after it', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en'], mute_times: ['batch'] }], muteTimes: nightly });
		sim.now = Date.parse('2026-03-03T02:10:00+09:00'); // Tuesday
		const [a, b] = instances(2);
		expect(sim.fire(a, b)).toEqual([]);
		sim.step(20 * M);
		expect(sim.resolve(a)).toEqual([]);
		const out = sim.step(2 * H);
		expect(out.map((n) => [new Date(n.createdAt).toISOString(), contents(n)])).toEqual([['2026-03-02T19:00:00.000Z', 'firing:i02 resolved:']]);
	});

	it('does not mute outside the interval, nor routes that do not name it', () => {
		const routes: RouteInput[] = [
			{ matchers: ['severity="critical"'], channels: ['oncall'], continue: true },
			{ channels: ['ops-en'], mute_times: ['batch'] }
		];
		const tuesday = new Sim({ routes, muteTimes: nightly });
		tuesday.now = Date.parse('2026-03-03T03:00:00+09:00');
		expect(tuesday.fire(makeAlert('ErrorRate', 'identity-naver')).map((n) => n.channel)).toEqual(['oncall']);
		const saturday = new Sim({ routes, muteTimes: nightly });
		saturday.now = Date.parse('2026-03-07T03:00:00+09:00');
		expect(saturday.fire(makeAlert('ErrorRate', 'identity-naver')).map((n) => n.channel)).toEqual(['oncall', 'ops-en']);
	});

	it('still sends, during a mute time, the resolve owed for an alert announced before it', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en'], mute_times: ['batch'] }], muteTimes: nightly });
		sim.now = Date.parse('2026-03-03T01:50:00+09:00');
		const a = makeAlert('ErrorRate', 'identity-naver');
		expect(sim.fire(a)).toHaveLength(1);
		sim.step(30 * M); // 02:20, muted
		expect(sim.resolve(a).map((n) => n.status)).toEqual(['resolved']);
	});

	it('an absolute range mutes only inside it', () => {
		const muteTimes = [{ name: 'migration', intervals: [{ start: '2026-03-02T10:00:00+09:00', end: '2026-03-02T10:05:00+09:00' }] }];
		const sim = new Sim({ routes: [{ channels: ['ops-en'], mute_times: ['migration'] }], muteTimes });
		expect(sim.fire(makeAlert('ErrorRate', 'identity-naver'))).toEqual([]);
		expect(sim.step(10 * M).map((n) => (n.createdAt - T0) / M)).toEqual([5]);
	});
});

describe('languages', () => {
	it("each channel gets the summary in its own language", () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en', 'ops-ko'] }] });
		const out = sim.fire(makeAlert('ErrorRate', 'identity-naver'));
		expect(out.map((n) => [n.language, n.alerts[0].summary])).toEqual([
			['en', 'ErrorRate on identity-naver'],
			['ko', 'identity-naver: ErrorRate 경보']
		]);
	});

	it('falls back to English when a rule left the channel language empty', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-ko'] }] });
		const a = makeAlert('ErrorRate', 'identity-naver');
		a.summary = { en: 'error rate high', ko: '' };
		expect(sim.fire(a)[0].alerts[0].summary).toBe('error rate high');
	});
});

describe('flush', () => {
	it('sends a pending change at once, but no repeat', () => {
		const sim = new Sim();
		const [a, b] = instances(2);
		sim.fire(a);
		sim.step(5 * S);
		sim.fire(b);
		expect(sim.notifier.flush(sim.now).map(contents)).toEqual(['firing:i01,i02 resolved:']);
		expect(sim.notifier.flush(sim.now + M)).toEqual([]);
	});
});

describe('hot reload', () => {
	it('announces firing alerts on a route added by reload, without re-sending the old ones', () => {
		const sim = new Sim({ routes: [{ channels: ['ops-en'] }] });
		sim.fire(makeAlert('ErrorRate', 'identity-naver'));
		sim.step(M);
		sim.notifier.setConfig({
			channels: CHANNELS,
			externalUrl: 'http://ops.example:3000',
			routes: [{ matchers: ['severity="critical"'], channels: ['oncall'], continue: true }, { channels: ['ops-en'] }]
		});
		const out = sim.step(S);
		expect(out.map((n) => n.channel)).toEqual(['oncall']);
	});

	it('a route removed by reload still sends the resolve of what it announced', () => {
		const sim = new Sim({ routes: [{ matchers: ['severity="critical"'], channels: ['oncall'] }] });
		const a = makeAlert('ErrorRate', 'identity-naver');
		sim.fire(a);
		sim.step(M);
		sim.notifier.setConfig({ channels: CHANNELS, externalUrl: 'http://ops.example:3000', defaultChannels: ['ops-en'] });
		expect(sim.step(S).map((n) => [n.channel, n.status])).toEqual([['ops-en', 'firing']]);
		// The old group would repeat at T0 + 1h; it does not, for an alert routed elsewhere.
		expect(sim.step(H - 30 * S)).toEqual([]);
		expect(sim.resolve(a).map((n) => [n.channel, n.status])).toEqual([
			['oncall', 'resolved'],
			['ops-en', 'resolved']
		]);
	});

	it('a bad config throws with the key path and leaves the running one in place', () => {
		const sim = new Sim();
		const bad = () =>
			sim.notifier.setConfig({ channels: CHANNELS, externalUrl: 'x', routes: [{ channels: ['ops-en'], matchers: ['severity~"x"'] }] });
		expect(bad).toThrow(NotifyConfigError);
		expect(bad).toThrow('alerts.routes[0].matchers[0]: bad matcher "severity~\\"x\\""');
		expect(sim.fire(makeAlert('ErrorRate', 'identity-naver')).map((n) => n.channel)).toEqual(['ops-en']);
	});
});
