import { describe, expect, it } from 'vitest';
import {
	compileRoutes,
	NotifyConfigSchema,
	routeAlert,
	type RouteInput
} from '../../../../../src/lib/server/alerts/notify/index.ts';

const known = new Set(['ops-en', 'ops-ko', 'oncall', 'identity-team']);

function table(routes: RouteInput[], defaults = ['ops-en']) {
	const cfg = NotifyConfigSchema.parse({ routes, default_channels: defaults });
	return compileRoutes(cfg.routes, cfg.default_channels, known);
}

const critical = { alertname: 'ErrorRate', severity: 'critical', component: 'identity-naver', org: 'naver' };
const warning = { ...critical, severity: 'warning' };
const kdca = { ...critical, component: 'booking-api', org: 'kdca' };

const channelsOf = (labels: Record<string, string>, routes: RouteInput[]) => routeAlert(labels, table(routes)).map((t) => t.channel);

describe('routing', () => {
	const routes: RouteInput[] = [
		{ matchers: ['severity="critical"'], channels: ['oncall'], continue: true },
		{ matchers: ['component=~"identity-.*"'], channels: ['identity-team'] },
		{ matchers: ['org!="kdca"'], channels: ['ops-ko'] }
	];

	it('first match wins, unless the route says continue', () => {
		expect(channelsOf(critical, routes)).toEqual(['oncall', 'identity-team']);
		expect(channelsOf(warning, routes)).toEqual(['identity-team']);
	});

	it('falls back to default_channels when no route matches', () => {
		expect(channelsOf({ ...warning, component: 'booking-api', org: 'kdca' }, routes)).toEqual(['ops-en']);
	});

	it('a matched route with continue does not count as "no match" for the fallback', () => {
		// kdca critical: only the continue route matches; the default is not added on top.
		expect(channelsOf(kdca, routes)).toEqual(['oncall']);
	});

	it('a matching route with no channels drops the alert', () => {
		expect(channelsOf({ ...critical, severity: 'info' }, [{ matchers: ['severity="info"'], channels: [] }])).toEqual([]);
	});

	it('an empty matcher list catches everything', () => {
		expect(channelsOf(kdca, [{ channels: ['ops-ko', 'oncall'] }])).toEqual(['ops-ko', 'oncall']);
	});

	it('groups by alertname and component unless told otherwise', () => {
		const [t] = routeAlert({ ...critical, instance: 'a1' }, table([{ channels: ['ops-en'] }]));
		expect(t.groupLabels).toEqual({ alertname: 'ErrorRate', component: 'identity-naver' });
		expect(t.groupKey).toBe('{}/ops-en/{alertname="ErrorRate",component="identity-naver"}');
	});

	it("group_by ['...'] groups by every label", () => {
		const [t] = routeAlert({ ...critical, instance: 'a1' }, table([{ channels: ['ops-en'], group_by: ['...'] }]));
		expect(t.groupLabels).toEqual({ ...critical, instance: 'a1' });
	});

	it('route keys come from the name or the matchers, and stay distinct', () => {
		const t = table([
			{ name: 'pager', matchers: ['severity="critical"'], channels: ['oncall'] },
			{ matchers: ['severity="critical"'], channels: ['ops-en'] },
			{ matchers: ['severity="critical"'], channels: ['ops-ko'] }
		]);
		expect(t.routes.map((r) => r.key)).toEqual(['pager', '{severity="critical"}', '{severity="critical"}#2']);
	});

	it('applies defaults: group_wait 0s, group_interval 30s, repeat_interval 1h', () => {
		expect(table([{ channels: ['ops-en'] }]).routes[0].settings).toEqual({
			groupWaitMs: 0,
			groupIntervalMs: 30_000,
			repeatIntervalMs: 3_600_000,
			muteTimes: []
		});
	});

	it('rejects a channel nobody declared, naming the key path', () => {
		expect(() => table([{ channels: ['ops-en'] }, { channels: ['slack-x'] }])).toThrow(
			'alerts.routes[1].channels[0]: unknown channel "slack-x"'
		);
	});
});
