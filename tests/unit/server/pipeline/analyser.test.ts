import { describe, expect, it } from 'vitest';
import type { Component, Stage } from '../../../../src/lib/server/config/index.ts';
import {
	analyseStages,
	drainS,
	errorRatio,
	fullInS,
	growthPerS,
	littleWaitS,
	utilisation,
	VerdictKeeper,
	type StageInput
} from '../../../../src/lib/server/pipeline/index.ts';

describe('flow arithmetic (hand-computed)', () => {
	it('utilisation is throughput over planned capacity', () => {
		expect(utilisation(5_400, 6_000)).toBeCloseTo(0.9, 10);
		expect(utilisation(100, null)).toBeNull();
	});
	it("Little's law: 420,000 waiting leaving at 1,000/s wait 420 s", () => {
		expect(littleWaitS(420_000, 1_000)).toBe(420);
		expect(littleWaitS(0, 0)).toBe(0);
		expect(littleWaitS(10, 0)).toBe(Infinity);
	});
	it('drain ETA: 90,000 waiting shrinking by 250/s empties in 360 s; a growing queue never drains', () => {
		expect(drainS(90_000, -250)).toBe(360);
		expect(drainS(90_000, 10)).toBeNull();
	});
	it('forecast: 400,000 waiting growing 1,000/s reach 1,000,000 in 600 s', () => {
		expect(fullInS(400_000, 1_000, 1_000_000)).toBe(600);
		expect(fullInS(400_000, -5, 1_000_000)).toBeNull();
	});
	it('growth per second and error ratio', () => {
		expect(growthPerS(13_600, 10_000, 3)).toBe(1_200);
		expect(errorRatio(150, 1_000)).toBe(0.15);
		expect(errorRatio(0, 0)).toBe(0);
	});
});

const stage = (id: string, kind: 'service' | 'queue' = 'service'): Stage => ({ id, name: id[0].toUpperCase() + id.slice(1), kind });
const component = (id: string, s: string): Component => ({ id, name: id, org: 'o', stage: s });

function input(over: Partial<StageInput> & { stage: Stage }): StageInput {
	return {
		components: [component(`${over.stage.id}-1`, over.stage.id)],
		rps: 100,
		requests: 100,
		errors: 0,
		enqueued: null,
		dequeued: null,
		p95Ms: 100,
		backlogNow: 100,
		backlogBefore: 100,
		growthWindowS: 3,
		capacityRps: 1_000,
		queueCapacity: null,
		silentForS: 0,
		...over
	};
}

describe('analyseStages', () => {
	it('reads a healthy pipeline as low pressure everywhere', () => {
		const out = analyseStages([input({ stage: stage('landing') }), input({ stage: stage('api') })]);
		expect(out.map((s) => s.pressure)).toEqual([0.1, 0.1]);
		expect(out[0].outflowPerS).toBe(100);
	});

	it('puts a growing waiting room on the stage after it', () => {
		const out = analyseStages([
			input({ stage: stage('room', 'queue'), rps: 2_000, enqueued: 2_000, dequeued: 750, backlogNow: 103_750, backlogBefore: 100_000, queueCapacity: 2_000_000, capacityRps: 20_000 }),
			input({ stage: stage('api'), rps: 3_000, requests: 3_000, capacityRps: 3_000 })
		]);
		// growth (103,750 - 100,000) / 3 = 1,250/s; pressure on the API 1 + 1,250 / 750
		expect(out[0].queueGrowthPerS).toBe(1_250);
		expect(out[0].waitS).toBeCloseTo(103_750 / 750, 6);
		expect(out[0].fullInS).toBeCloseTo((2_000_000 - 103_750) / 1_250, 6);
		expect(out[1].pressure).toBeCloseTo(1 + 1_250 / 750, 10);
		expect(out[1].pressureFrom).toBe('queue-before');
	});

	it('reads a growing backlog at a service as past its capacity, whatever the plan says', () => {
		const [s] = analyseStages([input({ stage: stage('idp'), rps: 300, capacityRps: 6_000, backlogNow: 1_300, backlogBefore: 1_000 })]);
		// +100/s on 1,000: pressure 1 + 10 x 100 / 1,000 = 2
		expect(s.utilisation).toBe(0.05);
		expect(s.pressure).toBe(2);
		expect(s.pressureFrom).toBe('backlog');
	});

	it('adds pressure for errors from 5%, and marks a silent stage down', () => {
		const out = analyseStages([
			input({ stage: stage('api'), rps: 1_000, requests: 1_000, errors: 200 }),
			input({ stage: stage('db'), silentForS: 12 })
		]);
		expect(out[0].errorRatio).toBe(0.2);
		expect(out[0].pressure).toBe(2);
		expect(out[0].outflowPerS).toBe(800);
		expect(out[1].pressureFrom).toBe('down');
	});
});

describe('VerdictKeeper', () => {
	const p = (...xs: [string, number][]) => xs.map(([id, pressure]) => ({ id, pressure }));
	it('names a stage after two ticks over the threshold, and ignores a single spike', () => {
		const v = new VerdictKeeper();
		expect(v.update(p(['a', 1.2], ['b', 0.2]), 1).stage).toBeNull();
		expect(v.update(p(['a', 0.5], ['b', 0.2]), 2).stage).toBeNull();
		expect(v.update(p(['a', 1.2], ['b', 0.2]), 3).stage).toBeNull();
		expect(v.update(p(['a', 1.2], ['b', 0.2]), 4)).toEqual({ stage: 'a', since: 4 });
	});
	it('does not flap between two stages of similar pressure, and switches on a clear, lasting lead', () => {
		const v = new VerdictKeeper();
		v.update(p(['a', 2], ['b', 1.9]), 1);
		v.update(p(['a', 2], ['b', 1.9]), 2);
		for (let t = 3; t < 20; t++) expect(v.update(p(['a', 2 - (t % 2) * 0.2], ['b', 1.9 + (t % 2) * 0.2]), t).stage).toBe('a');
		v.update(p(['a', 1], ['b', 3]), 20);
		v.update(p(['a', 1], ['b', 3]), 21);
		expect(v.update(p(['a', 1], ['b', 3]), 22)).toEqual({ stage: 'b', since: 22 });
	});
	it('clears only after five low ticks', () => {
		const v = new VerdictKeeper();
		v.update(p(['a', 1.5]), 1);
		v.update(p(['a', 1.5]), 2);
		for (let t = 3; t < 7; t++) expect(v.update(p(['a', 0.3]), t).stage).toBe('a');
		expect(v.update(p(['a', 0.3]), 7).stage).toBeNull();
	});
});
