/**
 * The time range a board shows: relative to now (follows the live tail) or absolute (a zoom, a
 * past incident). Kept in the URL (`?range=1h` or `?from=&to=`) so a link opens the same view.
 */
export type RangeSpec = { kind: 'relative'; ms: number } | { kind: 'absolute'; from: number; to: number };

export const PRESETS: { label: string; ms: number }[] = [
	{ label: '5m', ms: 5 * 60_000 },
	{ label: '15m', ms: 15 * 60_000 },
	{ label: '1h', ms: 3_600_000 },
	{ label: '6h', ms: 6 * 3_600_000 },
	{ label: '24h', ms: 24 * 3_600_000 },
	{ label: '7d', ms: 7 * 24 * 3_600_000 }
];

export const DEFAULT_RANGE: RangeSpec = { kind: 'relative', ms: 15 * 60_000 };

export function parseRange(params: URLSearchParams): RangeSpec {
	const from = Number(params.get('from'));
	const to = Number(params.get('to'));
	if (params.has('from') && params.has('to') && Number.isFinite(from) && Number.isFinite(to) && from < to) {
		return { kind: 'absolute', from, to };
	}
	const preset = PRESETS.find((p) => p.label === params.get('range'));
	return preset ? { kind: 'relative', ms: preset.ms } : DEFAULT_RANGE;
}

/** The query string for a range (merged into the page's other parameters). */
export function rangeParams(spec: RangeSpec): Record<string, string | null> {
	if (spec.kind === 'absolute') return { range: null, from: String(Math.round(spec.from)), to: String(Math.round(spec.to)) };
	return { range: PRESETS.find((p) => p.ms === spec.ms)?.label ?? '15m', from: null, to: null };
}

export function resolveRange(spec: RangeSpec, now: number): { from: number; to: number } {
	return spec.kind === 'absolute' ? { from: spec.from, to: spec.to } : { from: now - spec.ms, to: now };
}

export function rangeLabel(spec: RangeSpec, timeZone?: string): string {
	if (spec.kind === 'relative') return `last ${PRESETS.find((p) => p.ms === spec.ms)?.label ?? `${Math.round(spec.ms / 60_000)}m`}`;
	const f = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'medium', timeZone });
	return `${f.format(spec.from)} – ${f.format(spec.to)}`;
}
