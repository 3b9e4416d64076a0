import type { Board, BoardSummary, Panel } from '../../protocol/boards.ts';
import { seriesKey, type SeriesRef } from '../../protocol/live.ts';
import type { Config } from '../config/index.ts';
import { defaultBoards } from './default-boards.ts';
import type { BoardConfig, PanelConfig } from './schema.ts';

/** Generated boards, replaced by declared ones of the same id; declared-only boards follow. */
export function allBoards(config: Config, declared: BoardConfig[]): BoardConfig[] {
	const byId = new Map(declared.map((b) => [b.id, b]));
	const generated = defaultBoards(config).map((b) => byId.get(b.id) ?? b);
	const generatedIds = new Set(generated.map((b) => b.id));
	return [...generated, ...declared.filter((b) => !generatedIds.has(b.id))];
}

export function summarise(board: BoardConfig): BoardSummary {
	return { id: board.id, title: board.title, titleKo: board.title_ko, description: board.description, descriptionKo: board.description_ko, panels: board.rows.reduce((n, r) => n + r.panels.length, 0) };
}

/** A board with every panel turned into concrete series of concrete components. */
export function resolveBoard(config: Config, board: BoardConfig): Board {
	return {
		id: board.id,
		title: board.title,
		titleKo: board.title_ko,
		description: board.description,
		descriptionKo: board.description_ko,
		rows: board.rows.map((row, r) => ({ title: row.title, titleKo: row.title_ko, panels: row.panels.map((p, i) => resolvePanel(config, p, `${board.id}-${r}-${i}`)) }))
	};
}

function resolvePanel(config: Config, p: PanelConfig, id: string): Panel {
	const [measurement, field] = p.metric.split('.');
	if (p.type === 'stat') {
		return { type: 'stat', id, title: p.title, titleKo: p.title_ko, unit: p.unit, unitKo: p.unit_ko, thresholds: p.thresholds, series: { component: p.component, measurement, field } };
	}
	const components = p.components ?? config.components.filter((c) => p.stage === undefined || c.stage === p.stage).map((c) => c.id);
	return {
		type: 'chart',
		id,
		title: p.title,
		titleKo: p.title_ko,
		unit: p.unit,
		unitKo: p.unit_ko,
		thresholds: p.thresholds,
		series: components.map((component): SeriesRef => ({ component, measurement, field }))
	};
}

/** Every distinct series a board shows: what a socket subscription to it covers. */
export function boardSeries(board: Board): SeriesRef[] {
	const seen = new Map<string, SeriesRef>();
	for (const row of board.rows) {
		for (const panel of row.panels) {
			for (const s of panel.type === 'stat' ? [panel.series] : panel.series) seen.set(seriesKey(s), s);
		}
	}
	return [...seen.values()];
}
