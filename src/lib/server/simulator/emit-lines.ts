import { formatLine } from '../ingest/line-format.ts';
import type { FieldType, FieldValue } from '../ingest/point.ts';
import type { ComponentFlow, FlowTick } from './flow-model.ts';
import { jitter } from './random.ts';

/**
 * One second of the flow model as the line protocol each instance of each component would send
 * (the standard `traffic`, `queue` and `errors` measurements), with millisecond timestamps.
 * Instances split their component's load with a little noise; a shared waiting room reports the
 * same global length from every instance, as real ones do.
 */
export function emitLines(tick: FlowTick, timeMs: number, random: () => number): string[] {
	const lines: string[] = [];
	const time = String(timeMs);
	for (const flow of tick.components) {
		const instances = flow.component.instances?.length ? flow.component.instances : [flow.component.id];
		const weights = instances.map(() => jitter(random, 0.08));
		const total = weights.reduce((a, b) => a + b, 0);
		instances.forEach((instance, i) => {
			const share = weights[i] / total;
			const tags = {
				component: flow.component.id,
				instance,
				org: flow.component.org,
				stage: flow.stage.id
			};
			lines.push(line('traffic', tags, trafficFields(flow, share, random), time));
			if (flow.queue) lines.push(line('queue', tags, queueFields(flow, share), time));
			for (const [code, count] of Object.entries(flow.errors)) {
				const n = Math.round(count * share);
				lines.push(line('errors', { ...tags, code }, { count: [n, 'integer'], rate: [round(count * share), 'float'] }, time));
			}
		});
	}
	return lines;
}

type Fields = Record<string, [FieldValue, FieldType]>;

function trafficFields(flow: ComponentFlow, share: number, random: () => number): Fields {
	const latency = jitter(random, 0.05);
	return {
		requests: [Math.round(flow.requests * share), 'integer'],
		rps: [round(flow.requests * share), 'float'],
		active_users: [Math.round(flow.active * share), 'integer'],
		p50_ms: [round(flow.latencyMs.p50 * latency), 'float'],
		p95_ms: [round(flow.latencyMs.p95 * latency), 'float'],
		p99_ms: [round(flow.latencyMs.p99 * latency), 'float']
	};
}

function queueFields(flow: ComponentFlow, share: number): Fields {
	const q = flow.queue!;
	return {
		length: [Math.round(q.length), 'integer'],
		enqueued: [Math.round(q.enqueued * share), 'integer'],
		dequeued: [Math.round(q.dequeued * share), 'integer'],
		wait_p95_s: [round(q.waitP95S), 'float']
	};
}

function line(measurement: string, tags: Record<string, string>, fields: Fields, time: string): string {
	const values: Record<string, FieldValue> = {};
	const types: Record<string, FieldType> = {};
	for (const [k, [v, t]] of Object.entries(fields)) {
		values[k] = v;
		types[k] = t;
	}
	return formatLine(measurement, tags, values, types, time);
}

/** Two decimals, and always a float in line protocol (formatLine writes `12` for 12.0, still a float). */
function round(v: number): number {
	return Math.round(v * 100) / 100;
}
