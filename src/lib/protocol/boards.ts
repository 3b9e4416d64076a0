import type { SeriesRef } from './live.ts';

/** A line on a chart or a colour step on a tile. Never the only signal: tiles also show an icon and a word. */
export interface Threshold {
	value: number;
	level: 'warning' | 'critical';
	/** `above`: breached when the value is above; `below`: when under (e.g. throughput dropping). */
	direction: 'above' | 'below';
}

/**
 * `titleKo`, `unitKo`, `descriptionKo`: the same words in Korean, shown on a Korean page (the
 * generated boards have them; a declared board may give `title_ko` and the like).
 */
export interface ChartPanel {
	type: 'chart';
	id: string;
	title: string;
	titleKo?: string;
	series: SeriesRef[];
	/** Display unit, e.g. "req/s", "ms", "users". */
	unit?: string;
	unitKo?: string;
	thresholds?: Threshold[];
}

export interface StatPanel {
	type: 'stat';
	id: string;
	title: string;
	titleKo?: string;
	series: SeriesRef;
	unit?: string;
	unitKo?: string;
	thresholds?: Threshold[];
}

export type Panel = ChartPanel | StatPanel;

export interface BoardRow {
	title?: string;
	titleKo?: string;
	panels: Panel[];
}

/** A board as the browser receives it: every panel resolved to concrete series. */
export interface Board {
	id: string;
	title: string;
	titleKo?: string;
	description?: string;
	descriptionKo?: string;
	rows: BoardRow[];
}

export interface BoardSummary {
	id: string;
	title: string;
	titleKo?: string;
	description?: string;
	descriptionKo?: string;
	panels: number;
}
