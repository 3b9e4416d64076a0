import type { Board } from '../../protocol/boards.ts';
import type { Config } from '../config/index.ts';

/** What a board page needs besides the board: component names for legends, the config's title. */
export interface BoardPageData {
	board: Board;
	names: Record<string, string>;
	title: string;
	timeZone: string;
}

export function boardPageData(config: Config, board: Board): BoardPageData {
	return {
		board,
		names: Object.fromEntries(config.components.map((c) => [c.id, c.name])),
		title: config.title,
		timeZone: config.time_zone
	};
}
