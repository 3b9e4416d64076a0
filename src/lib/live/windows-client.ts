import type { BookingWindow, WindowsResponse } from '../protocol/windows.ts';
import type { Band, Marker } from '../charts/marker.ts';
import { m } from '../paraglide/messages.js';

/** The booking windows around now and those overlapping [from, to]; null when they cannot be read. */
export async function fetchWindows(range: { from: number; to: number } | null, token?: string): Promise<WindowsResponse | null> {
	const q = new URLSearchParams();
	if (range) {
		q.set('from', String(Math.floor(range.from)));
		q.set('to', String(Math.ceil(range.to)));
	}
	if (token) q.set('token', token);
	try {
		const res = await fetch(`/api/v1/windows?${q}`);
		return res.ok ? ((await res.json()) as WindowsResponse) : null;
	} catch {
		return null;
	}
}

/** Openings as shaded bands, and their opening and closing as markers, for every chart. */
export function windowOverlays(windows: readonly BookingWindow[]): { bands: Band[]; markers: Marker[] } {
	return {
		bands: windows.map((w) => ({ from: w.start, to: w.end, label: w.cohort ? `${w.name} (${w.cohort})` : w.name })),
		markers: windows.flatMap((w): Marker[] => [
			{ time: w.start, label: `▶ ${m.marker_opens({ name: w.name })}`, kind: 'window-open' },
			{ time: w.end, label: `■ ${m.marker_closes()}`, kind: 'window-close' }
		])
	};
}
