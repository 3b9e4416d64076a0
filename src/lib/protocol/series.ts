import type { SeriesRef } from './live.ts';

/**
 * GET /api/v1/series?measurement=&field=&component=&instance=&from=&to=&step=&maxPoints=
 * `component` may repeat (or be comma-separated); `from`/`to` are epoch ms or RFC3339;
 * `step` (ms) is a floor, the server widens it to keep at most `maxPoints` per series.
 * The answer is columnar, ready for uPlot's `setData([times, ...values])`.
 */
export interface SeriesResponse {
	from: number;
	to: number;
	stepMs: number;
	/** Where the points came from: raw points, the 1 s rollups, or the 1 min downsample. */
	source: 'raw' | 'rollup_1s' | 'rollup_1m';
	/** Epoch ms, ascending, one per step. */
	times: number[];
	series: { ref: SeriesRef; values: (number | null)[] }[];
}
