import { z } from 'zod';
import { durationMs } from '../config/index.ts';
import { InfluxQLError, quoteIdent, type SeriesRequest } from '../history/index.ts';

/**
 * Query parameters of GET /api/v1/series. Times are epoch ms, RFC3339, or Grafana-style
 * relative (`now`, `now-15m`); `step` is ms or a duration; `component` repeats or is comma-separated.
 */
const Params = z.object({
	measurement: z.string().min(1, 'give measurement (e.g. traffic)'),
	field: z.string().min(1, 'give field (e.g. rps)'),
	component: z.array(z.string().min(1)).min(1, 'give at least one component'),
	instance: z.string().min(1).optional(),
	from: z.string().default('now-15m'),
	to: z.string().default('now'),
	step: z.string().optional(),
	maxPoints: z.coerce.number().int().positive().optional(),
	source: z.enum(['raw', 'rollup_1s', 'rollup_1m']).optional()
});

export class BadParams extends Error {}

export function parseSeriesParams(search: URLSearchParams, nowMs: number): SeriesRequest {
	const raw = Object.fromEntries([...new Set(search.keys())].map((k) => [k, k === 'component' ? search.getAll(k).flatMap((v) => v.split(',')) : search.get(k)]));
	const parsed = Params.safeParse(raw);
	if (!parsed.success) throw new BadParams(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
	const p = parsed.data;
	nameable(p.field, 'field');
	const fromMs = parseTime(p.from, nowMs, 'from');
	const toMs = parseTime(p.to, nowMs, 'to');
	if (!(fromMs < toMs)) throw new BadParams(`from (${p.from}) must be before to (${p.to})`);
	return {
		measurement: p.measurement,
		field: p.field,
		components: p.component,
		instance: p.instance,
		fromMs,
		toMs,
		minStepMs: p.step === undefined ? undefined : /^\d+$/.test(p.step) ? Number(p.step) : safeDuration(p.step, 'step'),
		maxPoints: p.maxPoints,
		source: p.source
	};
}

/** Epoch ms that JavaScript dates (and so InfluxDB's range) can hold: about ±275,000 years. */
const MAX_EPOCH_MS = 8.64e15;

export function parseTime(text: string, nowMs: number, name: string): number {
	if (text === 'now') return nowMs;
	const rel = /^now-(\d+(?:ms|s|m|h|d|w))$/.exec(text);
	if (rel) return nowMs - safeDuration(rel[1], name);
	const t = /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
	if (Number.isNaN(t)) throw new BadParams(`${name}: "${text}" is not epoch ms, RFC3339 or now-<duration>`);
	if (!(Math.abs(t) <= MAX_EPOCH_MS)) throw new BadParams(`${name}: "${text}" is out of range (epoch ms within ±${MAX_EPOCH_MS})`);
	return t;
}

/** A field must be nameable in InfluxQL (no carriage return or NUL): a clear 400 rather than a failed query. */
function nameable(name: string, param: string): void {
	try {
		quoteIdent(name);
	} catch (err) {
		if (err instanceof InfluxQLError) throw new BadParams(`${param}: ${err.message}`);
		throw err;
	}
}

function safeDuration(text: string, name: string): number {
	try {
		return durationMs(text);
	} catch {
		throw new BadParams(`${name}: "${text}" is not a duration such as 10s or 5m`);
	}
}
