/**
 * Keyboard shortcuts for the laptop pages: one table of keys (the help overlay lists it), a key
 * sequence reader for two-key shortcuts such as `g p` (time is an argument, so it is tested
 * without a clock), and a registry through which a page offers what its keys do. The layout owns
 * the one keydown listener; a board page, the range picker and the alerts page register the
 * actions that only make sense there, and unregister when they go away.
 */
import { PRESETS } from '../live/range.ts';
import { presetName } from '../i18n/range.ts';
import { m } from '../paraglide/messages.js';

export type ShortcutScope = 'everywhere' | 'board' | 'alerts';

export interface Shortcut {
	/** `KeyboardEvent.key` values, pressed one after the other. */
	keys: string[];
	/** What the registry runs: 'help', 'go:/pipeline', 'range:1h', 'range:reset', 'board:next', ... */
	action: string;
	description: string;
	scope: ShortcutScope;
}

/** The description is read in the page's language when the help shows it (a getter, not fixed at load). */
const shortcut = (keys: string[], action: string, scope: ShortcutScope, description: () => string): Shortcut => ({
	keys,
	action,
	scope,
	get description() {
		return description();
	}
});

export const SHORTCUTS: readonly Shortcut[] = [
	shortcut(['?'], 'help', 'everywhere', m.shortcut_help),
	shortcut(['g', 'o'], 'go:/', 'everywhere', m.shortcut_go_overview),
	shortcut(['g', 'p'], 'go:/pipeline', 'everywhere', m.shortcut_go_pipeline),
	shortcut(['g', 'b'], 'go:/boards', 'everywhere', m.shortcut_go_boards),
	shortcut(['g', 'a'], 'go:/alerts', 'everywhere', m.shortcut_go_alerts),
	shortcut(['g', 'w'], 'go:/windows', 'everywhere', m.shortcut_go_windows),
	...PRESETS.map((p, i) => shortcut([String(i + 1)], `range:${p.label}`, 'board', () => m.shortcut_range({ range: presetName(p.label) }))),
	shortcut(['0'], 'range:reset', 'board', m.shortcut_reset_zoom),
	shortcut(['Escape'], 'range:reset', 'board', m.shortcut_reset_zoom_esc),
	shortcut(['n'], 'board:next', 'board', m.shortcut_next_board),
	shortcut(['p'], 'board:previous', 'board', m.shortcut_previous_board),
	shortcut(['a'], 'alert:acknowledge', 'alerts', m.shortcut_acknowledge)
];

/** How long the second key of a sequence may wait after the first. */
export const SEQUENCE_TIMEOUT_MS = 1_500;

/**
 * Reads keys into shortcuts. `read` answers the shortcut a key completes, 'pending' when it
 * starts a sequence, or null; a key that does not continue a started sequence is read afresh.
 */
export class KeySequence {
	private pending: string[] = [];
	private at = 0;

	constructor(private readonly table: readonly Shortcut[] = SHORTCUTS) {}

	read(key: string, now: number): Shortcut | 'pending' | null {
		if (this.pending.length && now - this.at <= SEQUENCE_TIMEOUT_MS) {
			const found = this.match([...this.pending, key], now);
			if (found) return found;
		}
		this.pending = [];
		return this.match([key], now);
	}

	private match(keys: string[], now: number): Shortcut | 'pending' | null {
		const exact = this.table.find((s) => s.keys.length === keys.length && s.keys.every((k, i) => k === keys[i]));
		if (exact) {
			this.pending = [];
			return exact;
		}
		if (this.table.some((s) => s.keys.length > keys.length && keys.every((k, i) => s.keys[i] === k))) {
			this.pending = keys;
			this.at = now;
			return 'pending';
		}
		return null;
	}
}

/** Whether a key press belongs to what the person is typing or operating, not to a shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
	if (!target || typeof (target as Element).closest !== 'function') return false;
	const el = target as HTMLElement;
	if (el.isContentEditable) return true;
	return !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"]');
}

type Handler = () => void;
const handlers = new Map<string, Handler[]>();

/**
 * Offers actions for the keys (a page's own: range, next board, acknowledge). Returns the
 * function that withdraws them; the latest registration of an action wins while it lasts.
 */
export function registerShortcuts(actions: Record<string, Handler>): () => void {
	for (const [action, fn] of Object.entries(actions)) handlers.set(action, [...(handlers.get(action) ?? []), fn]);
	return () => {
		for (const [action, fn] of Object.entries(actions)) {
			const left = (handlers.get(action) ?? []).filter((h) => h !== fn);
			if (left.length) handlers.set(action, left);
			else handlers.delete(action);
		}
	};
}

/** Runs the action if something on the page offers it; false when nothing does. */
export function runShortcut(action: string): boolean {
	const fn = handlers.get(action)?.at(-1);
	if (!fn) return false;
	fn();
	return true;
}

/** Whether an action is offered right now (the help overlay marks what works on this page). */
export function isOffered(action: string): boolean {
	return handlers.has(action) || action.startsWith('go:');
}
