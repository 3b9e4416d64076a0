import type { BookingWindow } from '../protocol/windows.ts';
import type { SeriesResponse } from '../protocol/series.ts';

/**
 * One metric for this opening and the one before, laid on this opening's time axis (same offset
 * from the opening), summed across components: what a window-over-window chart draws.
 */
export async function overlaySeries(args: {
	measurement: string;
	field: string;
	components: string[];
	window: BookingWindow;
	previous: BookingWindow | null;
	token?: string;
}): Promise<{ times: number[]; values: (number | null)[][] }> {
	const span = Math.min(args.window.end, Date.now()) - args.window.start;
	const load = async (w: BookingWindow) => {
		const q = new URLSearchParams({ measurement: args.measurement, field: args.field, from: String(w.start), to: String(w.start + Math.max(span, 60_000)), maxPoints: '600' });
		for (const c of args.components) q.append('component', c);
		if (args.token) q.set('token', args.token);
		const res = await fetch(`/api/v1/series?${q}`);
		if (!res.ok) throw new Error(`series: ${res.status}`);
		return (await res.json()) as SeriesResponse;
	};
	const sum = (r: SeriesResponse) =>
		r.times.map((_, i) => {
			let total: number | null = null;
			for (const s of r.series) if (s.values[i] !== null) total = (total ?? 0) + (s.values[i] as number);
			return total;
		});
	const mine = await load(args.window);
	const values = [sum(mine)];
	if (args.previous) {
		const theirs = await load(args.previous);
		const byOffset = new Map(theirs.times.map((t, i) => [t - args.previous!.start, sum(theirs)[i]]));
		values.push(mine.times.map((t) => byOffset.get(t - args.window.start) ?? null));
	}
	return { times: mine.times, values };
}
