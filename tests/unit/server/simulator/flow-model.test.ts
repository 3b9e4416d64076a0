import { describe, expect, it } from 'vitest';
import { loadConfig, SAMPLE_CONFIG } from '../../../../src/lib/server/config/index.ts';
import { parseLineProtocol } from '../../../../src/lib/server/ingest/index.ts';
import {
	arrivalsAt,
	emitLines,
	FlowModel,
	loadScenario,
	parseScenario,
	ScenarioError,
	seededRandom
} from '../../../../src/lib/server/simulator/index.ts';

const config = loadConfig(SAMPLE_CONFIG);
const surge = loadScenario('samples/vaccine-2021/scenarios/opening-surge.yaml');

function run(model: FlowModel, fromS: number, toS: number) {
	const ticks = [];
	for (let s = fromS; s < toS; s++) ticks.push(model.step(s * 1000));
	return ticks;
}

describe('FlowModel', () => {
	it('conserves people: arrived = completed + gave up + still inside, every second', () => {
		const model = new FlowModel(config, surge);
		for (const _ of run(model, -30, 1200)) {
			const t = model.totals();
			expect(t.completed + t.abandoned + t.inside).toBeCloseTo(t.arrived, 3);
		}
		expect(model.totals().arrived).toBeGreaterThan(2_000_000);
	});

	it('fills the waiting room during the surge while the reservation API runs at capacity', () => {
		const model = new FlowModel(config, surge);
		const ticks = run(model, -30, 180);
		const at = (s: number, id: string) => ticks[s + 30].components.find((c) => c.component.id === id)!;
		expect(at(-5, 'waiting-room').queue!.length).toBeLessThan(10);
		expect(at(170, 'waiting-room').queue!.length).toBeGreaterThan(500_000);
		const api = at(170, 'reservation-api');
		expect(api.served / api.capacityPerS).toBeGreaterThan(0.95);
		// The waiting room admits no more than the API can take.
		expect(at(170, 'waiting-room').served).toBeLessThanOrEqual(api.capacityPerS + 1e-6);
	});

	it('applies faults: capacity factor at Naver, 5xx at the reservation API', () => {
		const model = new FlowModel(config, surge);
		const ticks = run(model, -30, 500);
		const at = (s: number, id: string) => ticks[s + 30].components.find((c) => c.component.id === id)!;
		expect(at(150, 'idp-naver').capacityPerS).toBeCloseTo(at(60, 'idp-naver').capacityPerS * 0.4, 6);
		expect(at(450, 'reservation-api').errors['500'] / at(450, 'reservation-api').served).toBeGreaterThan(0.1);
		expect(at(300, 'reservation-api').errors['500'] / at(300, 'reservation-api').served).toBeLessThan(0.01);
	});

	it('is deterministic for a seed', () => {
		const a = run(new FlowModel(config, surge), 0, 60).map((t) => emitLines(t, 1_700_000_000_000, seededRandom(1)));
		const b = run(new FlowModel(config, surge), 0, 60).map((t) => emitLines(t, 1_700_000_000_000, seededRandom(1)));
		expect(a).toEqual(b);
	});
});

describe('emitLines', () => {
	it('writes valid line protocol for every instance with stable field types', () => {
		const model = new FlowModel(config, surge);
		const random = seededRandom(7);
		const types = new Map<string, string>();
		for (const [i, tick] of run(model, -5, 200).entries()) {
			const lines = emitLines(tick, 1_700_000_000_000 + i * 1000, random);
			const parsed = parseLineProtocol(lines.join('\n'), { precision: 'ms', nowNs: '0' });
			expect(parsed.errors).toEqual([]);
			for (const p of parsed.points) {
				for (const [field, type] of Object.entries(p.types)) {
					const key = `${p.measurement}.${field}`;
					expect(types.get(key) ?? type, key).toBe(type);
					types.set(key, type);
				}
			}
		}
		expect(types.get('traffic.requests')).toBe('integer');
		expect(types.get('traffic.rps')).toBe('float');
		expect(types.get('queue.length')).toBe('integer');
		const instances = config.components.reduce((n, c) => n + (c.instances?.length ?? 1), 0);
		const one = emitLines(model.step(0), 0, random);
		expect(one.filter((l) => l.startsWith('traffic,')).length).toBe(instances);
		expect(one.some((l) => l.startsWith('queue,') && l.includes('component=waiting-room'))).toBe(true);
	});
});

describe('scenario', () => {
	it('rises to the peak, holds, and settles', () => {
		const a = surge.arrivals;
		expect(arrivalsAt(a, -1)).toBe(a.before_per_s);
		expect(arrivalsAt(a, a.ramp + 1000)).toBe(a.peak_per_s);
		expect(arrivalsAt(a, a.ramp + a.peak_for + a.decay + 1)).toBe(a.after_per_s);
	});

	it('names the bad key', () => {
		const bad = () => parseScenario('name: x\narrivals: { peak_per_s: -1 }\nfaults: [{ component: a, at: soon, for: 1m }]');
		expect(bad).toThrow(ScenarioError);
		expect(bad).toThrow(/arrivals\.peak_per_s[\s\S]*faults\[0\]\.at/);
	});
});
