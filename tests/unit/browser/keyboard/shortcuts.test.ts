import { describe, expect, it } from 'vitest';
import { isTypingTarget, KeySequence, registerShortcuts, runShortcut, SEQUENCE_TIMEOUT_MS, SHORTCUTS } from '../../../../src/lib/keyboard/shortcuts.ts';

/** Keys pressed at the given times (ms) -> the action each completes, 'pending' or null. */
const CASES: { name: string; presses: [string, number][]; expected: (string | null)[] }[] = [
	{ name: 'opens the help with ?', presses: [['?', 0]], expected: ['help'] },
	{ name: 'goes to the pipeline with g then p', presses: [['g', 0], ['p', 300]], expected: ['pending', 'go:/pipeline'] },
	{ name: 'reads p alone as the previous board', presses: [['p', 0]], expected: ['board:previous'] },
	{ name: 'forgets a g that waited too long, and reads the next key afresh', presses: [['g', 0], ['p', SEQUENCE_TIMEOUT_MS + 1]], expected: ['pending', 'board:previous'] },
	{ name: 'reads a key that does not continue g afresh', presses: [['g', 0], ['3', 100]], expected: ['pending', 'range:1h'] },
	{ name: 'maps 1..6 onto the range presets in order', presses: [['1', 0], ['6', 10]], expected: ['range:5m', 'range:7d'] },
	{ name: 'resets the range with 0 and with Escape', presses: [['0', 0], ['Escape', 10]], expected: ['range:reset', 'range:reset'] },
	{ name: 'acknowledges with a, and goes to the alerts with g a', presses: [['a', 0], ['g', 10], ['a', 20]], expected: ['alert:acknowledge', 'pending', 'go:/alerts'] },
	{ name: 'ignores keys that mean nothing', presses: [['x', 0], ['G', 10]], expected: [null, null] }
];

describe('KeySequence', () => {
	for (const c of CASES) {
		it(c.name, () => {
			const seq = new KeySequence();
			const got = c.presses.map(([key, at]) => {
				const r = seq.read(key, at);
				return r === 'pending' || r === null ? r : r.action;
			});
			expect(got).toEqual(c.expected);
		});
	}

	it('lists every go-to page, once', () => {
		const go = SHORTCUTS.filter((s) => s.action.startsWith('go:')).map((s) => s.action);
		expect(go).toEqual(['go:/', 'go:/pipeline', 'go:/boards', 'go:/alerts', 'go:/windows']);
	});
});

describe('isTypingTarget', () => {
	const element = (matches: boolean, editable = false) => ({ isContentEditable: editable, closest: () => (matches ? {} : null) }) as unknown as EventTarget;

	it('treats inputs, selects and editable text as typing, and the page itself as not', () => {
		expect(isTypingTarget(element(true))).toBe(true);
		expect(isTypingTarget(element(false, true))).toBe(true);
		expect(isTypingTarget(element(false))).toBe(false);
		expect(isTypingTarget(null)).toBe(false);
		expect(isTypingTarget({} as EventTarget)).toBe(false);
	});
});

describe('the shortcut registry', () => {
	it('runs the latest offer of an action, and the earlier one again once the latest is withdrawn', () => {
		const ran: string[] = [];
		const first = registerShortcuts({ 'board:next': () => ran.push('first') });
		const second = registerShortcuts({ 'board:next': () => ran.push('second') });
		expect(runShortcut('board:next')).toBe(true);
		second();
		expect(runShortcut('board:next')).toBe(true);
		first();
		expect(runShortcut('board:next')).toBe(false);
		expect(ran).toEqual(['second', 'first']);
	});
});
