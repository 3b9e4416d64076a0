import type { Config } from '../config/schema.ts';
import { defaultBoards } from '../boards/default-boards.ts';
import { DEFAULT_SECONDS, PIPELINE_VIEW, type Playlist } from './schema.ts';

export const DEFAULT_PLAYLIST = 'default';

/**
 * The playlists a wall can show. Without a `default` playlist in the config, one is made from
 * the catalogue: the overview, the pipeline, then each stage's board, 20 s each, so a new
 * system has a useful wall before anyone writes a playlist.
 */
export function wallPlaylists(config: Config): Playlist[] {
	const declared = config.wall?.playlists ?? [];
	if (declared.some((p) => p.id === DEFAULT_PLAYLIST)) return declared;
	return [defaultPlaylist(config), ...declared];
}

export function findPlaylist(config: Config, id: string): Playlist | null {
	return wallPlaylists(config).find((p) => p.id === id) ?? null;
}

function defaultPlaylist(config: Config): Playlist {
	const boards = defaultBoards(config).map((b) => b.id);
	const [overview, ...stages] = boards;
	return {
		id: DEFAULT_PLAYLIST,
		title: 'Operations wall',
		pause_on_critical: true,
		boards: [overview, PIPELINE_VIEW, ...stages].map((board) => ({ board, seconds: DEFAULT_SECONDS }))
	};
}
