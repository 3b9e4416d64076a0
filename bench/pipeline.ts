/**
 * The pipeline analyser's cost per tick on a large flow: 20 stages, 2,000 instances (100
 * components of 20 instances), every instance reporting traffic, errors and (queue stages)
 * queue figures each second. The analyser runs once per tick next to the hub's own rollup
 * flush, so that flush, timed in the same loop on the same data, is the side-by-side reference.
 *   npm run bench -- pipeline [--stages 20] [--instances 2000] [--seconds 300]
 */
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/lib/server/config/index.ts';
import { formatLine, parseLineProtocol, type Point } from '../src/lib/server/ingest/index.ts';
import { LiveHub } from '../src/lib/server/live/index.ts';
import { PipelineAnalyser } from '../src/lib/server/pipeline/index.ts';

const TARGET_MS = 5;
const COMPONENTS_PER_STAGE = 5;

export async function run(argv: string[]): Promise<void> {
	const { values } = parseArgs({
		args: argv,
		options: { stages: { type: 'string', default: '20' }, instances: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '300' } }
	});
	const stageCount = Number(values.stages);
	const instanceCount = Number(values.instances);
	const seconds = Number(values.seconds);
	const perComponent = Math.max(1, Math.round(instanceCount / (stageCount * COMPONENTS_PER_STAGE)));
	const config = parseConfig(configText(stageCount, perComponent));

	const clock = { now: Date.UTC(2026, 0, 1) };
	const hub = new LiveHub({ windowSeconds: 900, rawWindowSeconds: 900, maxRawSeries: 50_000, maxRollupSeries: 20_000, futureToleranceSeconds: 10, now: () => clock.now });
	const analyser = new PipelineAnalyser(hub, config);
	const startS = Math.floor(clock.now / 1000);
	const instances = config.components.flatMap((c) => c.instances!.map((i) => ({ c, i, queue: c.stage.endsWith('q') })));
	console.log(`pipeline bench: ${config.pipeline.stages.length} stages, ${config.components.length} components, ${instances.length} instances, ${seconds} s\n`);

	const analyse: number[] = [];
	const flush: number[] = [];
	let bottlenecks = 0;
	for (let k = 0; k < seconds; k++) {
		const second = startS + k;
		clock.now = second * 1000 + 500;
		hub.publish(pointsFor(instances, second, k));
		clock.now = (second + 1) * 1000 + 50;
		let t = performance.now();
		hub.flush();
		flush.push(performance.now() - t);
		t = performance.now();
		const state = analyser.tick(second);
		analyse.push(performance.now() - t);
		if (state.bottleneck) bottlenecks++;
	}
	// The first ticks warm the JIT and create the series: report the steady state.
	const steady = (xs: number[]) => xs.slice(Math.min(30, Math.floor(xs.length / 4)));
	const a = stats(steady(analyse));
	const f = stats(steady(flush));
	console.log(`analyser tick:  p50 ${a.p50.toFixed(3)} ms  p99 ${a.p99.toFixed(3)} ms  max ${a.max.toFixed(3)} ms`);
	console.log(`hub flush:      p50 ${f.p50.toFixed(3)} ms  p99 ${f.p99.toFixed(3)} ms  max ${f.max.toFixed(3)} ms  (reference: the rollups the same tick computes)`);
	console.log(`seconds with a bottleneck named: ${bottlenecks} of ${seconds} (the load drives one stage past capacity halfway through)\n`);
	console.log(`ratio analyser p99 / ${TARGET_MS} ms target: ${(a.p99 / TARGET_MS).toFixed(3)}  ${a.p99 < TARGET_MS ? 'PASS' : 'FAIL'}`);
	console.log(`ratio analyser p99 / hub flush p99: ${(a.p99 / f.p99).toFixed(3)}`);
	console.log(`ratio analyser max / ${TARGET_MS} ms target: ${(a.max / TARGET_MS).toFixed(3)}`);
}

/** Stages alternate service and queue ("…q"), five components each, each with `perComponent` instances. */
function configText(stages: number, perComponent: number): string {
	const lines = ['orgs: [{ id: ops, name: Ops }]', 'pipeline:', '  stages:'];
	for (let s = 0; s < stages; s++) {
		const queue = s % 4 === 2;
		lines.push(`    - { id: s${s}${queue ? 'q' : ''}, name: Stage ${s}, kind: ${queue ? 'queue' : 'service'} }`);
	}
	lines.push('components:');
	for (let s = 0; s < stages; s++) {
		const stage = `s${s}${s % 4 === 2 ? 'q' : ''}`;
		for (let c = 0; c < COMPONENTS_PER_STAGE; c++) {
			const inst = Array.from({ length: perComponent }, (_, i) => `i${i}`).join(', ');
			const cap = s % 4 === 2 ? 'queue_length: 1000000' : 'rps: 2000';
			lines.push(`  - { id: c${s}-${c}, name: C ${s}.${c}, org: ops, stage: ${stage}, capacity: { ${cap} }, instances: [${inst}] }`);
		}
	}
	return lines.join('\n');
}

function pointsFor(instances: { c: { id: string; stage: string }; i: string; queue: boolean }[], second: number, k: number): Point[] {
	const lines: string[] = [];
	const ns = `${second}000000000`;
	// Halfway through, stage 5 saturates: its queue grows and later stages starve.
	const jam = k > 150;
	for (const { c, i, queue } of instances) {
		const tags = { component: c.id, instance: i };
		const rps = jam && c.stage > 's5' ? 20 : 80 + (k % 7);
		if (queue) {
			lines.push(formatLine('queue', tags, { length: 1000 + k * (jam ? 50 : 0), enqueued: rps, dequeued: jam ? rps / 2 : rps, wait_p95_s: 3 }, { length: 'integer', enqueued: 'float', dequeued: 'float', wait_p95_s: 'float' }, ns));
		}
		lines.push(formatLine('traffic', tags, { requests: rps, rps, active_users: rps * 3, p95_ms: jam && c.stage === 's5' ? 4000 : 120 }, { requests: 'float', rps: 'float', active_users: 'float', p95_ms: 'float' }, ns));
		lines.push(formatLine('errors', { ...tags, code: '500' }, { count: 1 }, { count: 'float' }, ns));
	}
	return parseLineProtocol(lines.join('\n'), { precision: 'ns', nowNs: ns }).points;
}

function stats(xs: number[]): { p50: number; p99: number; max: number } {
	const s = [...xs].sort((a, b) => a - b);
	const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
	return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] };
}
