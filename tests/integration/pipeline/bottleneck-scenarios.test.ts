import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineState } from '../../../src/lib/protocol/pipeline.ts';
import { parseConfig, SAMPLE_CONFIG } from '../../../src/lib/server/config/index.ts';
import { emitLines, FlowModel, loadScenario, seededRandom, type FlowTick } from '../../../src/lib/server/simulator/index.ts';
import { startInProcess, type InProcessApp } from '../../helpers/services.ts';

/**
 * Each shipped bottleneck scenario, driven through the real ingest path (HTTP line protocol into
 * the monitor) on a simulated clock that runs much faster than real time. The analyser must name
 * the right stage within 5 s of the fault, name none while the system is healthy, and not change
 * its mind more than once while the fault holds.
 */
const SAMPLE_TEXT = readFileSync(SAMPLE_CONFIG, 'utf8').replace(/^simulator:[\s\S]*$/m, '');
const CONFIG_TEXT = `${SAMPLE_TEXT}\nwriter:\n  flush_interval: 5ms\n`;
const config = parseConfig(CONFIG_TEXT);

let app: InProcessApp | undefined;
afterEach(async () => {
	await app?.close();
	app = undefined;
});

interface Run {
	/** Pipeline state after each simulated second, by offset from the opening (s). */
	at: Map<number, PipelineState>;
}

async function drive(scenarioFile: string, fromS: number, toS: number, stopWhen?: (offsetS: number, tick: FlowTick) => boolean): Promise<Run> {
	const scenario = loadScenario(`samples/vaccine-2021/scenarios/${scenarioFile}`);
	const start = Math.floor(Date.now() / 1000) * 1000 - 3_600_000; // an hour ago: inside retention, clear of real time
	const clock = { now: start };
	app = await startInProcess({ config: CONFIG_TEXT, now: () => clock.now });
	const model = new FlowModel(config, scenario);
	const random = seededRandom(7);
	const opensAt = start - fromS * 1000;
	const at = new Map<number, PipelineState>();
	for (let offset = fromS; offset < toS; offset++) {
		const t = opensAt + offset * 1000;
		clock.now = t + 500;
		const tick = model.step(offset * 1000);
		const res = await fetch(`${app.url}/api/v1/write?precision=ms`, {
			method: 'POST',
			headers: { authorization: `Token ${app.adminToken}` },
			body: emitLines(tick, t, random).join('\n')
		});
		expect(res.status, await res.text()).toBe(204);
		// The next second begins: the analyser looks at the one just completed.
		clock.now = t + 1_000 + 50;
		app.app.live.flush();
		void app.app.live.tick();
		at.set(offset, app.app.services.pipeline.latest);
		if (stopWhen?.(offset, tick)) break;
	}
	return { at };
}

function verdicts(run: Run, from: number, to: number): (string | null)[] {
	const out: (string | null)[] = [];
	for (let s = from; s <= to; s++) if (run.at.has(s)) out.push(run.at.get(s)!.bottleneck);
	return out;
}

function changes(list: (string | null)[]): number {
	let n = 0;
	for (let i = 1; i < list.length; i++) if (list[i] !== list[i - 1]) n++;
	return n;
}

function firstNamed(run: Run, stage: string, from: number): number | undefined {
	for (const [s, state] of run.at) if (s >= from && state.bottleneck === stage) return s;
	return undefined;
}

describe('bottleneck verdicts on the shipped scenarios', () => {
	it.each([
		['idp-saturated.yaml', 'identity'],
		['reservation-errors.yaml', 'reservation'],
		['database-slow.yaml', 'database']
	])('%s: healthy before the fault, names %s within 5 s of it, and holds', async (file, stage) => {
		const FAULT = 60;
		const run = await drive(file, 30, FAULT + 60);
		expect(verdicts(run, 35, FAULT - 1).every((v) => v === null), `healthy before the fault: ${verdicts(run, 35, FAULT - 1)}`).toBe(true);
		const named = firstNamed(run, stage, FAULT);
		expect(named, `named ${stage} after the fault at ${FAULT}: ${verdicts(run, FAULT, FAULT + 10)}`).toBeDefined();
		expect(named! - FAULT).toBeLessThanOrEqual(5);
		expect(changes(verdicts(run, FAULT, FAULT + 59))).toBeLessThanOrEqual(1);
		const state = run.at.get(FAULT + 30)!;
		expect(state.bottleneck).toBe(stage);
		expect(state.reason).toMatch(new RegExp(`^${state.stages.find((s) => s.id === stage)!.name}:`));
		expect(state.stages.find((s) => s.id === stage)!.status).toBe('bottleneck');
	}, 120_000);

	it('waiting-room-overflow.yaml: names the waiting room within 5 s of it turning people away', async () => {
		let overflowAt: number | undefined;
		const run = await drive('waiting-room-overflow.yaml', -5, 600, (offset, tick) => {
			const turnedAway = tick.components.find((c) => c.component.id === 'waiting-room')!.errors['503'];
			if (overflowAt === undefined && turnedAway > 0) overflowAt = offset;
			return overflowAt !== undefined && offset >= overflowAt + 40;
		});
		expect(overflowAt, 'the scenario overflows the waiting room').toBeDefined();
		// Before it fills, people pile up in front of the reservation API: that is the limit.
		expect(run.at.get(overflowAt! - 30)!.bottleneck).toBe('reservation');
		const named = firstNamed(run, 'waiting-room', overflowAt! - 20);
		expect(named, `named the waiting room: ${verdicts(run, overflowAt! - 5, overflowAt! + 10)}`).toBeDefined();
		expect(named! - overflowAt!).toBeLessThanOrEqual(5);
		expect(changes(verdicts(run, overflowAt!, overflowAt! + 39))).toBeLessThanOrEqual(1);
		expect(run.at.get(overflowAt! + 30)!.reason).toMatch(/turning people away/);
	}, 180_000);
});
