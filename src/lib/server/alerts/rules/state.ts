import type { AlertStatus } from '../types.ts';

/**
 * The life of one alert (one rule on one target), as a pure function of what the rule saw this
 * second. Time is an argument, so live evaluation and a backtest over history step the same way.
 *
 *   inactive --breach--> pending --breach held `for`--> firing --recovered held `keep_firing_for`--> resolved
 *       ^                   |                                                                        |
 *       +---- no breach ----+                                  breach again: pending (or firing) <---+
 *
 * `for: 0s` goes from inactive (or resolved) straight to firing in the tick the breach is seen.
 * Hysteresis lives in the observation: a firing alert resolves on `recovered` (the value back at
 * the recovery level), not on the mere absence of a breach.
 *
 * Missing data (a gap) holds the current state: a firing alert does not resolve and a pending one
 * neither fires nor clears, because one late or lost point must not page anyone twice. A gap
 * longer than `maxGapSeconds` ends it: pending clears, firing resolves (the `no_data` rule is the
 * one that alerts on silence).
 */

/** Seconds are epoch seconds; null where the phase has not happened. */
export interface Phase {
	readonly status: AlertStatus;
	readonly pendingSince: number | null;
	readonly firingSince: number | null;
	readonly resolvedAt: number | null;
	/** While firing: the first second of the current run of recovered observations. */
	readonly clearSince: number | null;
}

export interface Observation {
	/** False when the rule had no value this second. */
	hasValue: boolean;
	breach: boolean;
	recovered: boolean;
	/** Seconds since the last value (0 when `hasValue`). */
	gapSeconds: number;
}

export interface Timing {
	forSeconds: number;
	keepFiringSeconds: number;
	maxGapSeconds: number;
}

export const INACTIVE: Phase = Object.freeze({ status: 'inactive', pendingSince: null, firingSince: null, resolvedAt: null, clearSince: null });

/** The next phase; the very same object when nothing changed (no allocation in the steady state). */
export function transition(phase: Phase, obs: Observation, timing: Timing, second: number): Phase {
	switch (phase.status) {
		case 'inactive':
		case 'resolved':
			if (!obs.hasValue || !obs.breach) return phase;
			return timing.forSeconds === 0 ? firing(second, second) : { status: 'pending', pendingSince: second, firingSince: null, resolvedAt: null, clearSince: null };
		case 'pending':
			if (!obs.hasValue) return obs.gapSeconds > timing.maxGapSeconds ? INACTIVE : phase;
			if (!obs.breach) return INACTIVE;
			return second - phase.pendingSince! >= timing.forSeconds ? firing(phase.pendingSince!, second) : phase;
		case 'firing':
			if (!obs.hasValue) return obs.gapSeconds > timing.maxGapSeconds ? resolved(phase, second) : phase;
			if (!obs.recovered) return phase.clearSince === null ? phase : { ...phase, clearSince: null };
			return recovering(phase, timing, second);
	}
}

function firing(pendingSince: number, second: number): Phase {
	return { status: 'firing', pendingSince, firingSince: second, resolvedAt: null, clearSince: null };
}

function recovering(phase: Phase, timing: Timing, second: number): Phase {
	const clearSince = phase.clearSince ?? second;
	if (second - clearSince >= timing.keepFiringSeconds) return resolved(phase, second);
	return clearSince === phase.clearSince ? phase : { ...phase, clearSince };
}

function resolved(phase: Phase, second: number): Phase {
	return { status: 'resolved', pendingSince: phase.pendingSince, firingSince: phase.firingSince, resolvedAt: second, clearSince: null };
}
