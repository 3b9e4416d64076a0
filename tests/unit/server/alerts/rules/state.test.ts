import { describe, expect, it } from 'vitest';
import { INACTIVE, transition, type Observation, type Phase, type Timing } from '../../../../../src/lib/server/alerts/rules/state.ts';

const T = 1000;
const timing = (over: Partial<Timing> = {}): Timing => ({ forSeconds: 30, keepFiringSeconds: 0, maxGapSeconds: 300, ...over });
const seen = (breach: boolean, recovered = !breach): Observation => ({ hasValue: true, breach, recovered, gapSeconds: 0 });
const gap = (seconds: number): Observation => ({ hasValue: false, breach: false, recovered: false, gapSeconds: seconds });

const pending: Phase = { status: 'pending', pendingSince: T, firingSince: null, resolvedAt: null, clearSince: null };
const firing: Phase = { status: 'firing', pendingSince: T, firingSince: T + 30, resolvedAt: null, clearSince: null };
const resolved: Phase = { status: 'resolved', pendingSince: T, firingSince: T + 30, resolvedAt: T + 60, clearSince: null };

describe('transition', () => {
	const cases: [string, Phase, Observation, Partial<Timing>, number, Partial<Phase> | 'same'][] = [
		['inactive + breach -> pending, since now', INACTIVE, seen(true), {}, T, { status: 'pending', pendingSince: T }],
		['inactive + breach with for 0s -> firing in the same second', INACTIVE, seen(true), { forSeconds: 0 }, T, { status: 'firing', pendingSince: T, firingSince: T }],
		['inactive + no breach stays', INACTIVE, seen(false), {}, T, 'same'],
		['inactive + no data stays', INACTIVE, gap(10), {}, T, 'same'],
		['pending + breach before `for` elapsed stays', pending, seen(true), {}, T + 29, 'same'],
		['pending + breach once `for` elapsed -> firing', pending, seen(true), {}, T + 30, { status: 'firing', pendingSince: T, firingSince: T + 30 }],
		['pending + no breach -> inactive (no notification)', pending, seen(false), {}, T + 10, { status: 'inactive', pendingSince: null }],
		['pending + a short gap holds', pending, gap(60), {}, T + 60, 'same'],
		['pending + a gap past max_gap clears', pending, gap(301), {}, T + 301, { status: 'inactive' }],
		['firing + breach stays', firing, seen(true), {}, T + 40, 'same'],
		['firing + between thresholds (not recovered) stays', firing, seen(false, false), {}, T + 40, 'same'],
		['firing + recovered -> resolved', firing, seen(false, true), {}, T + 45, { status: 'resolved', firingSince: T + 30, resolvedAt: T + 45 }],
		['firing + recovered with keep_firing_for starts the clock', firing, seen(false, true), { keepFiringSeconds: 20 }, T + 45, { status: 'firing', clearSince: T + 45 }],
		['firing + a gap holds', firing, gap(120), {}, T + 150, 'same'],
		['firing + a gap past max_gap resolves', firing, gap(301), {}, T + 331, { status: 'resolved', resolvedAt: T + 331 }],
		['resolved + breach -> pending again', resolved, seen(true), {}, T + 90, { status: 'pending', pendingSince: T + 90, firingSince: null, resolvedAt: null }],
		['resolved + breach with for 0s -> firing again', resolved, seen(true), { forSeconds: 0 }, T + 90, { status: 'firing', firingSince: T + 90, resolvedAt: null }],
		['resolved + no breach stays', resolved, seen(false), {}, T + 90, 'same']
	];
	it.each(cases)('%s', (_name, phase, obs, over, second, want) => {
		const next = transition(phase, obs, timing(over), second);
		if (want === 'same') expect(next).toBe(phase);
		else expect(next).toMatchObject(want);
	});

	it('keep_firing_for: resolves only after the value stayed recovered that long, and a relapse resets the clock', () => {
		const t = timing({ keepFiringSeconds: 10 });
		let p = transition(firing, seen(false, true), t, T + 40);
		expect(p).toMatchObject({ status: 'firing', clearSince: T + 40 });
		expect(transition(p, seen(false, true), t, T + 45)).toBe(p);
		const relapse = transition(p, seen(true), t, T + 46);
		expect(relapse).toMatchObject({ status: 'firing', clearSince: null });
		p = transition(relapse, seen(false, true), t, T + 47);
		expect(transition(p, seen(false, true), t, T + 56)).toBe(p);
		expect(transition(p, seen(false, true), t, T + 57)).toMatchObject({ status: 'resolved', resolvedAt: T + 57 });
	});

	it('returns the same object while nothing changes (no allocation per tick)', () => {
		expect(transition(firing, seen(true), timing(), T + 100)).toBe(firing);
		expect(transition(pending, seen(true), timing(), T + 5)).toBe(pending);
	});
});
