/**
 * Keyboard shortcuts for the laptop pages: one table of keys (the help overlay lists it), a key
 * sequence reader for two-key shortcuts such as `g p` (time is an argument, so it is tested
 * without a clock), and a registry through which a page offers what its keys do. The layout owns
 * the one keydown listener; a board page, the range picker and the alerts page register the
 * actions that only make sense there, and unregister when they go away.
 */
import { PRESETS } from '../live/range.ts';

export type ShortcutScope = 'everywhere' | 'board' | 'alerts';

export interface Shortcut {
	/** `KeyboardEvent.key` values, pressed one after the other. */
	keys: string[];
	/** What the registry runs: 'help', 'go:/pipeline', 'range:1h', 'range:reset', 'board:next', ... */
	action: string;
	description: string;
	scope: ShortcutScope;
}

export const SHORTCUTS: readonly Shortcut[] = [
	{ keys: ['?'], action: 'help', description: 'Show or hide this list of shortcuts', scope: 'everywhere' },
	{ keys: ['g', 'o'], action: 'go:/', description: 'Go to the overview', scope: 'everywhere' },
	{ keys: ['g', 'p'], action: 'go:/pipeline', description: 'Go to the pipeline', scope: 'everywhere' },
	{ keys: ['g', 'b'], action: 'go:/boards', description: 'Go to the boards', scope: 'everywhere' },
	{ keys: ['g', 'a'], action: 'go:/alerts', description: 'Go to the alerts', scope: 'everywhere' },
	{ keys: ['g', 'w'], action: 'go:/windows', description: 'Go to the booking windows', scope: 'everywhere' },
	...PRESETS.map((p, i): Shortcut => ({ keys: [String(i + 1)], action: `range:${p.label}`, description: `Show the last ${p.label}`, scope: 'board' })),
	{ keys: ['0'], action: 'range:reset', description: 'Reset the zoom: back to the live range', scope: 'board' },
	{ keys: ['Escape'], action: 'range:reset', description: 'Reset the zoom (as 0)', scope: 'board' },
	{ keys: ['n'], action: 'board:next', description: 'Next board (keeps the range)', scope: 'board' },
	{ keys: ['p'], action: 'board:previous', description: 'Previous board (keeps the range)', scope: 'board' },
	{ keys: ['a'], action: 'alert:acknowledge', description: 'Acknowledge the selected alert, or the first firing one (operators)', scope: 'alerts' }
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
