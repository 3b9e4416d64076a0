/**
 * The time range a board shows: relative to now (follows the live tail) or absolute (a zoom, a
 * past incident). Kept in the URL (`?range=1h` or `?from=&to=`) so a link opens the same view.
 */
export type RangeSpec =
	| { kind: 'relative'; ms: number }
	| { kind: 'absolute'; from: number; to: number }
	/** A booking window's opening: `?window=<id>&from=&to=`, so the link alone says what to show. */
	| { kind: 'window'; id: string; name: string; from: number; to: number };

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
		const id = params.get('window');
		if (id) return { kind: 'window', id, name: params.get('wname') ?? id, from, to };
		return { kind: 'absolute', from, to };
	}
	const preset = PRESETS.find((p) => p.label === params.get('range'));
	return preset ? { kind: 'relative', ms: preset.ms } : DEFAULT_RANGE;
}

/** The query string for a range (merged into the page's other parameters). */
export function rangeParams(spec: RangeSpec): Record<string, string | null> {
	const fixed = (f: number, t: number) => ({ range: null, from: String(Math.round(f)), to: String(Math.round(t)) });
	if (spec.kind === 'absolute') return { ...fixed(spec.from, spec.to), window: null, wname: null };
	if (spec.kind === 'window') return { ...fixed(spec.from, spec.to), window: spec.id, wname: spec.name };
	return { range: PRESETS.find((p) => p.ms === spec.ms)?.label ?? '15m', from: null, to: null, window: null, wname: null };
}

export function resolveRange(spec: RangeSpec, now: number): { from: number; to: number } {
	return spec.kind === 'relative' ? { from: now - spec.ms, to: now } : { from: spec.from, to: spec.to };
}

/** Whether live seconds belong on the charts: the last minutes, or a window still open. */
export function followsLive(spec: RangeSpec, now: number): boolean {
	return spec.kind === 'relative' || (spec.kind === 'window' && spec.to > now);
}

export function rangeLabel(spec: RangeSpec, timeZone?: string): string {
	if (spec.kind === 'relative') return `last ${PRESETS.find((p) => p.ms === spec.ms)?.label ?? `${Math.round(spec.ms / 60_000)}m`}`;
	if (spec.kind === 'window') return spec.name;
	const f = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'medium', timeZone });
	return `${f.format(spec.from)} – ${f.format(spec.to)}`;
}
