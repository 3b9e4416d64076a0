import { describe, expect, it } from 'vitest';
import { STALE_AFTER_MS, staleness, type Freshness } from '../../../../src/lib/wall/staleness.ts';

const T0 = 1_700_000_000_000;
const base: Freshness = { loadedAt: T0, connected: true, lastHeartbeatAt: T0 + 1_000, board: { state: 'live', lastFrameAt: T0 + 1_000 } };

const cases: [string, Freshness, number, ReturnType<typeof staleness>['reason']][] = [
	['fresh while the analysis arrives every second', base, T0 + 2_000, null],
	['stale once the link is lost', { ...base, connected: false }, T0 + 1_100, 'disconnected'],
	['stale when the server falls silent on an open link', base, T0 + 1_000 + STALE_AFTER_MS + 1, 'silent'],
	['not yet stale just inside the limit', base, T0 + 1_000 + STALE_AFTER_MS, null],
	['not stale while first connecting, within the grace', { ...base, connected: false, lastHeartbeatAt: null }, T0 + 1_000, null],
	['stale when the first connection never comes', { ...base, connected: false, lastHeartbeatAt: null }, T0 + STALE_AFTER_MS + 1, 'disconnected'],
	['stale when the board lost its own link', { ...base, board: { state: 'reconnecting', lastFrameAt: T0 } }, T0 + 1_500, 'board-reconnecting'],
	['a quiet board on a live link is not the banner', { ...base, board: { state: 'stale', lastFrameAt: T0 } }, T0 + 1_500, null]
];

describe('staleness', () => {
	it.each(cases)('%s', (_name, f, now, reason) => {
		const s = staleness(f, now);
		expect(s.reason).toBe(reason);
		expect(s.stale).toBe(reason !== null);
	});

	it('dates the data by the last thing that arrived', () => {
		expect(staleness({ ...base, connected: false, board: { state: 'reconnecting', lastFrameAt: T0 + 4_000 } }, T0 + 9_000).lastDataAt).toBe(T0 + 4_000);
		expect(staleness({ ...base, lastHeartbeatAt: null, board: null }, T0 + 9_000).lastDataAt).toBe(T0);
	});

	it('calls a board quiet only while the link is fine', () => {
		expect(staleness({ ...base, board: { state: 'stale', lastFrameAt: T0 } }, T0 + 1_500).boardQuiet).toBe(true);
		expect(staleness({ ...base, connected: false, board: { state: 'stale', lastFrameAt: T0 } }, T0 + 1_500).boardQuiet).toBe(false);
	});
});
