import { scopeBoard, scopeNames, scopePipeline, type ViewScope } from '../auth/index.ts';
import type { Services } from '../services.ts';
import type { WallPageData, WallView } from '../../wall/views.ts';
import { DEFAULT_PLAYLIST, findPlaylist } from './playlists.ts';
import { PIPELINE_VIEW } from './schema.ts';

/** The playlist with its boards resolved, or null when there is no playlist of that id. */
/** A scoped viewer's wall shows only its components: boards cut to the scope, empty ones left out. */
export function wallPageData(services: Pick<Services, 'config' | 'boards' | 'pipeline' | 'windows'>, playlistId: string, scope: ViewScope | null = null): WallPageData | null {
	const { config, boards } = services;
	const playlist = findPlaylist(config, playlistId);
	if (!playlist) return null;
	const views = playlist.boards.flatMap((entry): WallView[] => {
		if (entry.board === PIPELINE_VIEW) return [{ kind: 'pipeline', id: PIPELINE_VIEW, title: 'Booking flow', titleKo: '예약 처리 흐름', seconds: entry.seconds }];
		// The config check makes every id a board; one missing here would be a catalogue bug, not a reason to blank a wall.
		const found = boards.get(entry.board);
		const board = found && scopeBoard(found, scope);
		return board ? [{ kind: 'board', id: board.id, title: board.title, titleKo: board.titleKo, seconds: entry.seconds, board }] : [];
	});
	const { current, next } = services.windows.list();
	return {
		title: config.title,
		timeZone: config.time_zone,
		playlist: {
			id: playlist.id,
			title: playlist.title ?? config.title,
			titleKo: playlist.id === DEFAULT_PLAYLIST ? '운영 상황판' : undefined,
			pauseOnCritical: playlist.pause_on_critical,
			views
		},
		names: scopeNames(Object.fromEntries(config.components.map((c) => [c.id, c.name])), scope),
		pipeline: scopePipeline(services.pipeline.latest, scope),
		windows: { current, next }
	};
}
