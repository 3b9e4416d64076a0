import type { Component } from '../../config/index.ts';
import type { Acknowledgement } from '../types.ts';
import { INACTIVE, type Phase } from './state.ts';

/**
 * The engine's memory of one alert (one rule on one target). A class, so every record has the
 * same shape and the per-tick loop stays monomorphic. Seconds are epoch seconds.
 */
export class AlertRecord {
	readonly id: string;
	phase: Phase = INACTIVE;
	/** The last value seen (NaN before any); `a`/`b` are the rule's extra figures with it. */
	value = NaN;
	threshold = NaN;
	a = NaN;
	b = NaN;
	/** Last second with a value: how long a gap is. */
	lastValueAt: number | null = null;
	/** no_data: last second any watched field had a value. */
	lastSeen: number | null = null;
	ack: Acknowledgement | null = null;

	constructor(
		readonly rule: string,
		public component: Component,
		readonly instance: string | null,
		/** First second the engine watched this target: silence is counted from here at the earliest. */
		readonly since: number,
		/** An instance listed in the config (watched even before it reports), not one discovered in data. */
		readonly declared: boolean
	) {
		this.id = alertId(rule, component.id, instance);
	}
}

/** Stable across restarts: `${rule}|${component}` or `${rule}|${component}|${instance}`. */
export function alertId(rule: string, component: string, instance: string | null): string {
	return instance === null ? `${rule}|${component}` : `${rule}|${component}|${instance}`;
}

/** Public figures are finite or null: JSON has no NaN or Infinity (a never-draining queue reads as null). */
export function finiteOrNull(v: number): number | null {
	return Number.isFinite(v) ? v : null;
}

export function msOrNull(second: number | null): number | null {
	return second === null ? null : second * 1000;
}
