import type { Component } from '../../../config/index.ts';
import type { Language } from '../../types.ts';
import type { TemplateVars, Unit } from '../templates.ts';

/**
 * What a rule type tells the engine: which series it reads, how far back, and how one target's
 * values become a value, a threshold and a verdict. One file per type (this folder); the engine
 * knows none of them by name.
 */

export interface Input {
	measurement: string;
	field: string;
}

/** One target's values (a component's rollups, or one instance's) as a rule reads them. */
export interface Reader {
	readonly component: Component;
	/** Null for a component target. */
	readonly instance: string | null;
	/** Input `i` (an index into `inputs`) at `second`; NaN when absent. */
	read(i: number, second: number): number;
	/** Sum of input `i` over (second - window, second]; NaN when no second in it had a value. */
	sum(i: number, second: number, window: number): number;
	/** The latest second in [from, second] at which any input had a value; -Infinity if none. `from` >= second - LATE_SECONDS. */
	latest(from: number, second: number): number;
}

/** Written by `observe` into one reused object: the hot loop allocates nothing. */
export interface Outcome {
	/** NaN when the rule has no value this second (a gap). */
	value: number;
	threshold: number;
	breach: boolean;
	/** The value is back at the recovery level (hysteresis): what ends a firing alert. */
	recovered: boolean;
	/** Extra figures for templates (see `extras`), NaN when unused. */
	a: number;
	b: number;
}

interface LogicBase {
	inputs: Input[];
	/** Seconds before the evaluated one that `observe` reads (its window). */
	lookback: number;
	units: { value: Unit; threshold: Unit };
	/** Template names and units of the outcome's `a` and `b`. */
	extras: { name: string; unit: Unit }[];
	/** Template values fixed by the rule (window, recovery level, metric name). */
	vars: TemplateVars;
	/** Default summary when the rule gives none. */
	summary: Record<Language, string>;
	/** Whether a component can be a target at all (e.g. capacity rules need a planned capacity). */
	appliesTo(component: Component): boolean;
}

/** Rules that compute a value each second and compare it. */
export interface MeasureLogic extends LogicBase {
	kind: 'measure';
	observe(r: Reader, second: number, out: Outcome): void;
	/**
	 * For rules whose verdict depends only on input 0 at the second: whether that value could
	 * breach. Lets the engine skip thousands of healthy instances with one comparison each.
	 */
	mayBreach?(value: number): boolean;
}

/** `no_data`: the engine tracks when each target last sent anything; the value is the silence. */
export interface PresenceLogic extends LogicBase {
	kind: 'presence';
	seconds: number;
}

export type RuleLogic = MeasureLogic | PresenceLogic;

/**
 * Late points: a second is looked at again for this long after it was first evaluated, so a
 * point that arrives a little late still counts as data (no_data) instead of a silence.
 */
export const LATE_SECONDS = 5;

/** Compares a value against a limit with hysteresis: breach beyond `limit`, recovered back at `recover`. */
export function judge(out: Outcome, value: number, above: boolean, limit: number, recover: number): void {
	out.value = value;
	out.threshold = limit;
	if (Number.isNaN(value)) {
		out.breach = false;
		out.recovered = false;
		return;
	}
	out.breach = above ? value > limit : value < limit;
	out.recovered = above ? value <= recover : value >= recover;
}

/** `Reader.sum` by reading each second: for sources where a read is a cheap lookup. */
export function sumByReading(r: Pick<Reader, 'read'>, i: number, second: number, window: number): number {
	let sum = 0;
	let seen = false;
	for (let s = second - window + 1; s <= second; s++) {
		const v = r.read(i, s);
		if (Number.isNaN(v)) continue;
		sum += v;
		seen = true;
	}
	return seen ? sum : NaN;
}
