import { coloursFor } from '../charts/palette.ts';
import type { Board } from '../protocol/boards.ts';

export interface LegendEntry {
	name: string;
	colour: string;
}

/**
 * One legend for a whole board, when every chart draws a name in the same colour (boards whose
 * charts show the same components, as the generated ones do). A wall then shows it once instead
 * of a wrapped legend under each chart, which cost the charts half their height on 1080p.
 * Null when a name would need two colours: each chart keeps its own legend then.
 */
export function sharedLegend(board: Board, names: Record<string, string>): LegendEntry[] | null {
	const colourOf = new Map<string, string>();
	for (const row of board.rows) {
		for (const panel of row.panels) {
			if (panel.type !== 'chart') continue;
			// The same labels and colouring Chart.svelte gets from BoardView.
			const labels = panel.series.map((s) => names[s.component] ?? s.component);
			const colours = coloursFor(labels);
			for (let i = 0; i < labels.length; i++) {
				const seen = colourOf.get(labels[i]);
				if (seen !== undefined && seen !== colours[i]) return null;
				colourOf.set(labels[i], colours[i]);
			}
		}
	}
	return colourOf.size > 0 ? [...colourOf].map(([name, colour]) => ({ name, colour })) : null;
}
