import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import { defaultBoards } from '../boards/default-boards.ts';

/**
 * The config's `wall:` key: playlists of boards for unattended ops-centre screens. A playlist
 * entry names a board of the catalogue (generated or declared) or `pipeline`, the booking flow.
 * Board ids are checked against the catalogue by `checkWallReferences`, called from the
 * config's cross-reference pass (a schema alone cannot see the other keys).
 */

const id = z
	.string()
	.regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_" (e.g. "ops-room")');

/** What a wall shows for the flow itself, beside the boards. */
export const PIPELINE_VIEW = 'pipeline';

export const WallEntrySchema = z.strictObject({
	/** A board id (`overview`, `stage-<stage id>`, or one from `boards:`) or `pipeline`. */
	board: id,
	/** How long the board stays up before the next one; under 5 s nobody can read it. */
	seconds: z.number().int('whole seconds').min(1).max(3600).default(20)
});

export const PlaylistSchema = z.strictObject({
	id,
	title: z.string().min(1).optional(),
	boards: z.array(WallEntrySchema).min(1, 'a playlist needs at least one board'),
	/** While a critical alert fires, hold the pipeline view with the alert instead of rotating. */
	pause_on_critical: z.boolean().default(true)
});

export const WallSchema = z
	.strictObject({
		playlists: z.array(PlaylistSchema).default([])
	})
	.optional();

export type WallEntry = z.output<typeof WallEntrySchema>;
export type Playlist = z.output<typeof PlaylistSchema>;
export type WallConfig = z.output<typeof WallSchema>;

export const DEFAULT_SECONDS = 20;

/** Ids a playlist may name: the board catalogue (generated boards, replaced or joined by declared ones) and `pipeline`. */
export function wallTargets(config: Config): Set<string> {
	return new Set([PIPELINE_VIEW, ...defaultBoards(config).map((b) => b.id), ...config.boards.map((b) => b.id)]);
}

/** Unique playlist ids, and boards that exist; errors carry the key path (`wall.playlists[0].boards[2].board`). */
export function checkWallReferences(config: Config, ctx: z.RefinementCtx): void {
	const playlists = config.wall?.playlists ?? [];
	if (playlists.length === 0) return;
	const targets = wallTargets(config);
	const seen = new Set<string>();
	playlists.forEach((p, i) => {
		if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['wall', 'playlists', i, 'id'], message: `duplicate playlist id "${p.id}"` });
		seen.add(p.id);
		p.boards.forEach((entry, j) => {
			if (targets.has(entry.board)) return;
			ctx.addIssue({
				code: 'custom',
				path: ['wall', 'playlists', i, 'boards', j, 'board'],
				message: `unknown board "${entry.board}" (one of: ${[...targets].join(', ')})`
			});
		});
	});
}
