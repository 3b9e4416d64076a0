import { afterEach, describe, expect, it } from 'vitest';
import { backtestStored, firingIntervals, type RunQuery } from '../../../src/lib/server/alerts/backtest/index.ts';
import { HubValueSource, parseRule, RuleEngine, type AlertRule } from '../../../src/lib/server/alerts/rules/index.ts';
import type { AlertTransition } from '../../../src/lib/server/alerts/types.ts';
import { parseConfig } from '../../../src/lib/server/config/index.ts';
import { SMALL_CONFIG } from '../../helpers/app.ts';
import { influxQuery, influxRows } from '../../helpers/influx.ts';
import { startInProcess, type InProcessApp } from '../../helpers/services.ts';

/**
 * Live alerting and a backtest over stored history must agree: the scenario goes through the real
 * HTTP ingest on a simulated clock, a RuleEngine evaluates each completed second live against the
 * hub, and once the hub's rollups (and the raw points) are in InfluxDB the same rules are
 * backtested over the range from there. Same transitions, same firing intervals.
 */
const CONFIG_TEXT = `${SMALL_CONFIG.replace(/writer:\n  flush_interval: 50ms\n/, '')}
writer:
  flush_interval: 5ms
live:
  rollup_grace: 1s
`;
const config = parseConfig(CONFIG_TEXT);

const SECONDS = 120;

/** The scenario's lines for offset `o` (seconds from the start) at epoch second `t`. */
function linesAt(o: number, t: number): string[] {
	const p95 = {
		a: o >= 60 && o <= 75 ? 1100 : o >= 76 && o <= 85 ? 900 : 300,
		b: (o >= 10 && o <= 20) || o === 40 || o === 41 ? (o >= 40 ? 1200 : 1500) : 350
	};
	const burst = o >= 30 && o <= 38;
	const lines: string[] = [];
	for (const [k, instance] of ['a', 'b'].entries()) {
		const at = t * 1000 + 100 + k * 300;
		lines.push(`traffic,component=idp-a,instance=${instance} requests=1000i,rps=1000,p95_ms=${p95[instance as 'a' | 'b'] + k * 0.25} ${at}`);
		lines.push(`errors,component=idp-a,instance=${instance},code=500 count=${burst ? 80 : 10}i ${at}`);
		if (burst) lines.push(`errors,component=idp-a,instance=${instance},code=503 count=20i ${at}`);
	}
	if (o < 90 || o >= 105) lines.push(`traffic,component=cdn,instance=edge-1 rps=5000.5 ${t * 1000 + 700}`);
	return lines;
}

const RULES: AlertRule[] = [
	parseRule({ id: 'latency', type: 'threshold', measurement: 'traffic', field: 'p95_ms', above: 1000, recover: 800, for: '3s', components: ['idp-a'] }),
	parseRule({ id: 'errors', type: 'error_ratio', above: 0.05, recover: 0.02, window: '5s', components: ['idp-a'] }),
	parseRule({ id: 'slow-instance', type: 'threshold', measurement: 'traffic', field: 'p95_ms', above: 1000, by: 'instance', components: ['idp-a'] }),
	parseRule({ id: 'cdn-silent', type: 'no_data', measurement: 'traffic', seconds: 10, components: ['cdn'] })
];

let app: InProcessApp | undefined;
afterEach(async () => {
	await app?.close();
	app = undefined;
});

/** Drives the scenario second by second; returns each rule's live transitions and the first second. */
async function driveLive(): Promise<{ first: number; live: Map<string, AlertTransition[]> }> {
	// An hour ago: inside retention, clear of real time (the hub drops points from the future).
	const first = Math.floor(Date.now() / 1000) - 3_600;
	const clock = { now: first * 1000 };
	app = await startInProcess({ config: CONFIG_TEXT, now: () => clock.now });
	const source = new HubValueSource(app.app.live.hub);
	// One engine per rule, so each rule's live run compares with its own backtest.
	const engines = RULES.map((rule) => new RuleEngine({ rules: [rule], config }));
	const live = new Map<string, AlertTransition[]>(RULES.map((r) => [r.id, []]));
	for (let o = 0; o < SECONDS; o++) {
		const t = first + o;
		clock.now = t * 1000 + 500;
		const res = await fetch(`${app.url}/api/v1/write?precision=ms`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}` }, body: linesAt(o, t).join('\n') });
		expect(res.status, await res.text()).toBe(204);
		// The next second begins: second t is complete, as when the live tick evaluates it.
		clock.now = (t + 1) * 1000 + 50;
		app.app.live.flush();
		engines.forEach((e, i) => live.get(RULES[i].id)!.push(...e.evaluate(source, t)));
		void app.app.live.tick();
	}
	clock.now = (first + SECONDS + 3) * 1000;
	app.app.live.flush();
	await app.app.live.tick();
	return { first, live };
}

/** Polls until InfluxDB holds every rollup second and raw point of the scenario. */
async function waitForStorage(db: string, first: number): Promise<void> {
	const range = `time >= ${first}s AND time < ${first + SECONDS}s`;
	const queries: [string, number][] = [
		[`SELECT count("p95_ms") FROM "rollup_1s" WHERE "measurement" = 'traffic' AND "component" = 'idp-a' AND ${range}`, SECONDS],
		[`SELECT count("count") FROM "rollup_1s" WHERE "measurement" = 'errors' AND "component" = 'idp-a' AND ${range}`, SECONDS],
		[`SELECT count("rps") FROM "rollup_1s" WHERE "measurement" = 'traffic' AND "component" = 'cdn' AND ${range}`, SECONDS - 15],
		[`SELECT count("p95_ms") FROM "traffic" WHERE "component" = 'idp-a' AND ${range}`, 2 * SECONDS]
	];
	const until = Date.now() + 20_000;
	for (;;) {
		const counts = await Promise.all(queries.map(async ([q]) => Number((await influxRows(db, q))[0]?.count ?? 0)));
		if (counts.every((n, i) => n === queries[i][1])) return;
		if (Date.now() > until) throw new Error(`InfluxDB did not get the scenario: counts ${counts.join(', ')}, want ${queries.map((q) => q[1]).join(', ')}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** `[from, to]` offsets in seconds, per alert: what a person checks the scenario against. */
function offsets(transitions: AlertTransition[], first: number) {
	return firingIntervals(transitions).map((i) => `${i.alertId} ${i.firingFrom / 1000 - first}..${i.firingTo === null ? 'open' : i.firingTo / 1000 - first}`);
}

describe('backtest over InfluxDB agrees with live evaluation', () => {
	it('threshold with for and hysteresis, error ratio, per-instance threshold and no_data: same transitions, same firing intervals', async () => {
		const { first, live } = await driveLive();
		// What the scenario was built to do (live): crosses and recoveries, a pending that never fired, a silence.
		expect(offsets(live.get('latency')!, first)).toEqual(['latency|idp-a 13..21', 'latency|idp-a 63..86']);
		expect(live.get('latency')!.map((t) => `${t.from}->${t.to}`)).toContain('pending->inactive');
		expect(offsets(live.get('errors')!, first)).toEqual(['errors|idp-a 32..43']);
		expect(offsets(live.get('slow-instance')!, first)).toEqual(['slow-instance|idp-a|b 10..21', 'slow-instance|idp-a|b 40..42', 'slow-instance|idp-a|a 60..76']);
		expect(offsets(live.get('cdn-silent')!, first)).toEqual(['cdn-silent|cdn 99..105']);

		await waitForStorage(app!.database, first);
		const db = app!.database;
		const run: RunQuery = async (q) => {
			const body = await influxQuery(db, q, undefined, 'ms');
			if (body.results[0]?.error) throw new Error(`${body.results[0].error}: ${q}`);
			return body.results[0]?.series ?? [];
		};
		for (const rule of RULES) {
			const result = await backtestStored(run, rule, first, first + SECONDS - 1, config);
			expect(result.transitions, `rule ${rule.id}`).toEqual(live.get(rule.id));
			expect(result.intervals, `rule ${rule.id}`).toEqual(firingIntervals(live.get(rule.id)!));
		}
	}, 120_000);
});
