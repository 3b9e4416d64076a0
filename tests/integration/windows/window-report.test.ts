import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { parseConfig, SAMPLE_CONFIG } from '../../../src/lib/server/config/index.ts';
import { emitLines, FlowModel, loadScenario, seededRandom } from '../../../src/lib/server/simulator/index.ts';
import { reportCsv } from '../../../src/lib/server/windows/index.ts';
import type { WindowReport } from '../../../src/lib/protocol/windows.ts';
import { startInProcess, type InProcessApp } from '../../helpers/services.ts';

/**
 * A simulated booking window driven through the real ingest path on a simulated clock; its report
 * (read back from InfluxDB's rollups and stored verdicts) must match figures this test works out
 * on its own from the very points it sent, with the documented rollup rules: counts and rates
 * summed across instances, queue length and waits the highest instance's.
 */
const WINDOW_S = 180;
const start = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000; // an hour ago, on a minute
const local = DateTime.fromMillis(start, { zone: 'Asia/Seoul' }).toFormat("yyyy-MM-dd'T'HH:mm");
const SAMPLE_TEXT = readFileSync(SAMPLE_CONFIG, 'utf8').replace(/^windows:[\s\S]*$/m, '');
const CONFIG_TEXT = `${SAMPLE_TEXT}
windows:
  - { id: test-window, name: Test opening, cohort: birth date ending in 9, start: "${local}", duration: ${WINDOW_S}s }
writer:
  flush_interval: 5ms
`;
const config = parseConfig(CONFIG_TEXT);

type Sent = { measurement: string; tags: Record<string, string>; fields: Record<string, number>; second: number };
const sent: Sent[] = [];
const liveVerdict = new Map<number, string | null>();
let app: InProcessApp;
let report: WindowReport;

/** Our own reading of the lines we emitted (they carry no escapes), not the product's parser. */
function parse(line: string): Sent {
	const [head, fieldText, time] = line.split(' ');
	const [measurement, ...tagPairs] = head.split(',');
	const tags = Object.fromEntries(tagPairs.map((p) => p.split('=')));
	const fields = Object.fromEntries(fieldText.split(',').map((p) => {
		const [k, v] = p.split('=');
		return [k, Number(v.replace(/i$/, ''))];
	}));
	return { measurement, tags, fields, second: Math.floor(Number(time) / 1000) };
}

beforeAll(async () => {
	const scenario = loadScenario('samples/vaccine-2021/scenarios/idp-saturated.yaml');
	const clock = { now: start };
	app = await startInProcess({ config: CONFIG_TEXT, now: () => clock.now });
	const model = new FlowModel(config, scenario);
	const random = seededRandom(11);
	for (let offset = -10; offset < WINDOW_S + 15; offset++) {
		const t = start + offset * 1000;
		clock.now = t + 500;
		const lines = emitLines(model.step(offset * 1000), t, random);
		for (const l of lines) sent.push(parse(l));
		const res = await fetch(`${app.url}/api/v1/write?precision=ms`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}` }, body: lines.join('\n') });
		expect(res.status, await res.text()).toBe(204);
		clock.now = t + 1_050;
		app.app.live.flush();
		await app.app.live.tick();
		liveVerdict.set(offset, app.app.services.pipeline.latest.bottleneck);
	}
	// Let the writer store the last rollups and verdicts, then ask once the figures are all in.
	clock.now = start + (WINDOW_S + 60) * 1000;
	app.app.live.flush();
	await app.app.live.tick();
	for (let i = 0; i < 100; i++) {
		report = (await app.app.services.windows.report('test-window'))!;
		if (report.stages[0].requests > 0 && report.bottlenecks.some((b) => b.to >= start + WINDOW_S * 1000)) break;
		await new Promise((r) => setTimeout(r, 100));
	}
}, 180_000);

afterAll(async () => {
	await app?.close();
});

/** Per component and second: the documented rollups of what was sent within the window. */
function rollup(measurement: string, field: string, how: 'sum' | 'max'): Map<string, Map<number, number>> {
	const out = new Map<string, Map<number, number>>();
	for (const p of sent) {
		if (p.measurement !== measurement || !(field in p.fields)) continue;
		if (p.second < start / 1000 || p.second >= start / 1000 + WINDOW_S) continue;
		let m = out.get(p.tags.component);
		if (!m) out.set(p.tags.component, (m = new Map()));
		const v = p.fields[field];
		m.set(p.second, how === 'sum' ? (m.get(p.second) ?? 0) + v : Math.max(m.get(p.second) ?? -Infinity, v));
	}
	return out;
}

function bySecond(per: Map<string, Map<number, number>>, components: string[]): Map<number, number> {
	const out = new Map<number, number>();
	for (const c of components) for (const [s, v] of per.get(c) ?? []) out.set(s, (out.get(s) ?? 0) + v);
	return out;
}

const peakOf = (m: Map<number, number>) => Math.max(...m.values());
const totalOf = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const of = (stage: string) => config.components.filter((c) => c.stage === stage).map((c) => c.id);

describe('window report', () => {
	it('covers the window and knows it is over', () => {
		expect(report.window.start).toBe(start);
		expect(report.window.end).toBe(start + WINDOW_S * 1000);
		expect(report.complete).toBe(true);
		expect(report.window.cohort).toBe('birth date ending in 9');
	});

	it('matches peak arrivals, concurrent users, queue and wait worked out from the points sent', () => {
		const arrivals = bySecond(rollup('traffic', 'rps', 'sum'), of('landing'));
		expect(report.peakArrivals!.value).toBeCloseTo(peakOf(arrivals), 6);
		const queued = bySecond(rollup('queue', 'length', 'max'), of('waiting-room'));
		const users = bySecond(rollup('traffic', 'active_users', 'sum'), config.components.map((c) => c.id));
		const concurrent = new Map([...users].map(([s, v]) => [s, v + (queued.get(s) ?? 0)]));
		expect(report.peakConcurrent!.value).toBe(peakOf(concurrent));
		expect(report.peakQueue!.value).toBe(peakOf(queued));
		const waits = rollup('queue', 'wait_p95_s', 'max');
		expect(report.longestWaitS!.value).toBeCloseTo(Math.max(...[...waits.values()].map(peakOf)), 6);
	});

	it('matches request and error totals per stage', () => {
		const requests = rollup('traffic', 'requests', 'sum');
		const dequeued = rollup('queue', 'dequeued', 'sum');
		const errors = rollup('errors', 'count', 'sum');
		for (const stage of config.pipeline.stages) {
			const r = report.stages.find((s) => s.id === stage.id)!;
			const expected = totalOf(bySecond(stage.kind === 'queue' ? dequeued : requests, of(stage.id)));
			expect(r.requests, stage.id).toBe(expected);
			expect(r.errors, stage.id).toBe(totalOf(bySecond(errors, of(stage.id))));
		}
		// The scenario saturates identity verification: it must have turned people away.
		expect(report.stages.find((s) => s.id === 'identity')!.errors).toBeGreaterThan(0);
	});

	it('draws the bottleneck timeline the live analyser gave, second by second', () => {
		let compared = 0;
		for (let s = 0; s < WINDOW_S; s++) {
			const at = start + s * 1000;
			const span = report.bottlenecks.find((b) => b.from <= at && at < b.to);
			expect(span, `a verdict at +${s}s`).toBeDefined();
			expect(span!.stage, `+${s}s`).toBe(liveVerdict.get(s) ?? null);
			compared++;
		}
		expect(compared).toBe(WINDOW_S);
		expect(report.bottlenecks.some((b) => b.stage === 'identity')).toBe(true);
		const identity = report.stages.find((s) => s.id === 'identity')!;
		const namedLive = [...liveVerdict].filter(([s, v]) => s >= 0 && s < WINDOW_S && v === 'identity').length;
		expect(identity.bottleneckS).toBe(namedLive);
	});

	it('exports the same figures as CSV', () => {
		const csv = reportCsv(report).split('\r\n');
		expect(csv[0]).toBe('metric,stage,value,at');
		expect(csv).toContain(`errors,identity,${report.stages.find((s) => s.id === 'identity')!.errors},`);
		expect(csv.find((l) => l.startsWith('peak_queue,,'))).toBe(`peak_queue,,${report.peakQueue!.value},${new Date(report.peakQueue!.at).toISOString()}`);
	});
});
