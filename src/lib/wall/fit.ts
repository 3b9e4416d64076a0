/**
 * The chart height that lets a board fill the screen without scrolling: the charts share the
 * room the tiles, titles and legends leave. Everything but the charts keeps its height when
 * they change, so one measurement gives the answer; the bounds keep a crowded board readable
 * (it then scrolls nowhere but is clipped at the bottom, which the layout test would catch).
 */
export interface BoardMeasure {
	/** Chart height now (px). */
	current: number;
	/** The board's content height with charts at `current`. */
	content: number;
	/** The height the board may take. */
	available: number;
	/** Rows of charts stacked vertically. */
	chartRows: number;
}

export function fitChartHeight(m: BoardMeasure, min = 120, max = 900): number {
	if (m.chartRows <= 0) return m.current;
	const next = Math.round(Math.min(max, Math.max(min, m.current + (m.available - m.content) / m.chartRows)));
	// Sub-pixel rounding would otherwise re-create the charts forever.
	return Math.abs(next - m.current) < 3 ? m.current : next;
}
