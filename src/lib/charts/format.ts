/**
 * Numbers for people: 12,345 req/s, 1.2 M people, 850 ms, 7.5 min. Compact above 10,000 so tiles
 * and legends stay short; units are appended as given.
 */
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const small = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatValue(v: number | null | undefined, unit?: string): string {
	if (v === null || v === undefined || Number.isNaN(v)) return '–';
	const abs = Math.abs(v);
	const text = abs >= 10_000 ? compact.format(v) : abs >= 100 ? whole.format(v) : small.format(v);
	return unit ? `${text} ${unit}` : text;
}

/** "+12%" / "−3%" / "new" against an earlier value. */
export function formatDelta(now: number | null, before: number | null): string {
	if (now === null || before === null) return '';
	if (before === 0) return now === 0 ? '±0%' : 'new';
	const pct = ((now - before) / Math.abs(before)) * 100;
	if (Math.abs(pct) < 0.05) return '±0%';
	const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
	return `${sign}${Math.abs(pct) >= 10 ? Math.round(Math.abs(pct)) : Math.abs(pct).toFixed(1)}%`;
}

export function formatAge(ms: number): string {
	const s = Math.max(0, Math.round(ms / 1000));
	if (s < 60) return `${s} s`;
	if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
	return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
