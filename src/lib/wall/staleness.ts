import type { LiveState } from '../live/live-client.ts';

/**
 * Whether the wall may claim to be live. The server sends the pipeline analysis every second
 * whatever the data does, so its silence means the link or the server is gone; that is what
 * the large STALE banner is for. A board whose own frames stop while the link is up (senders
 * quiet, or reporting every 10 s as Telegraf does) is greyed by the board itself and noted
 * quietly instead: a banner that flickers with every send interval would teach people to
 * ignore it.
 */

/** Two missed ticks of the 1 s analysis, plus slack: the banner shows within 3 s of the last one. */
export const STALE_AFTER_MS = 2_500;

export interface Freshness {
	/** When the page's server-rendered data was current (page load). */
	loadedAt: number;
	connected: boolean;
	/** When the last pipeline analysis arrived (browser clock). */
	lastHeartbeatAt: number | null;
	/** The board on screen, if any: its live client's state and last frame. */
	board: { state: LiveState; lastFrameAt: number | null } | null;
}

export type StaleReason = 'disconnected' | 'silent' | 'board-reconnecting';

export interface Staleness {
	stale: boolean;
	reason: StaleReason | null;
	/** When data last arrived: the age shown is now minus this. */
	lastDataAt: number;
	/** The board's own frames have stopped while the link is up. */
	boardQuiet: boolean;
}

export function staleness(f: Freshness, now: number): Staleness {
	const lastDataAt = Math.max(f.loadedAt, f.lastHeartbeatAt ?? 0, f.board?.lastFrameAt ?? 0);
	const heard = f.lastHeartbeatAt ?? f.loadedAt;
	let reason: StaleReason | null = null;
	// A first connection gets the same grace as a silent one: a wall that never connects is stale too.
	if (!f.connected && (f.lastHeartbeatAt !== null || now - f.loadedAt > STALE_AFTER_MS)) reason = 'disconnected';
	else if (f.connected && now - heard > STALE_AFTER_MS) reason = 'silent';
	else if (f.board?.state === 'reconnecting') reason = 'board-reconnecting';
	return { stale: reason !== null, reason, lastDataAt, boardQuiet: reason === null && f.board?.state === 'stale' };
}
