import { z } from 'zod';
import { durationMs } from '../config/index.ts';
import type { SeriesRequest } from '../history/index.ts';

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

export function parseTime(text: string, nowMs: number, name: string): number {
	if (text === 'now') return nowMs;
	const rel = /^now-(\d+(?:ms|s|m|h|d|w))$/.exec(text);
	if (rel) return nowMs - safeDuration(rel[1], name);
	if (/^-?\d+$/.test(text)) return Number(text);
	const t = Date.parse(text);
	if (Number.isNaN(t)) throw new BadParams(`${name}: "${text}" is not epoch ms, RFC3339 or now-<duration>`);
	return t;
}

function safeDuration(text: string, name: string): number {
	try {
		return durationMs(text);
	} catch {
		throw new BadParams(`${name}: "${text}" is not a duration such as 10s or 5m`);
	}
}
