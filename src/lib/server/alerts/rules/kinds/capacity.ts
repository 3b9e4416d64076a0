import type { Component } from '../../../config/index.ts';
import { durationSeconds } from '../duration.ts';
import { hasCapacity, type CapacityRule } from '../schema.ts';
import { judge, type MeasureLogic, type Outcome } from './logic.ts';

const UTILISATION = {
	en: '{{target}} at {{value}} of planned capacity (limit {{threshold}})',
	ko: '{{target}}: 계획 용량의 {{value}} 사용 중 (기준 {{threshold}})'
};
const FORECAST = {
	en: '{{target}}: queue at {{utilisation}} of capacity; at the current rate it is full in {{eta}}',
	ko: '{{target}}: 대기열 용량의 {{utilisation}} 사용 중, 현재 추세면 {{eta}} 후 가득 참'
};

/**
 * Utilisation of the planned capacity (config `components[].capacity`): traffic.rps against
 * capacity.rps (or users_per_hour / 3600), or queue.length against capacity.queue_length. With
 * `forecast_seconds`, also the queue's time to full at its growth over the window (the waiting
 * room "full in 6 min" warning). With both limits the rule fires on either and resolves when both
 * are clear; its value is the utilisation when `above` is given, else the time to full.
 */
export function capacityLogic(rule: CapacityRule): MeasureLogic {
	const queue = rule.of === 'queue';
	const window = durationSeconds(rule.window);
	const forecast = rule.forecast_seconds;
	const byUse = rule.above !== undefined;
	return {
		kind: 'measure',
		inputs: [queue ? { measurement: 'queue', field: 'length' } : { measurement: 'traffic', field: 'rps' }],
		lookback: forecast !== undefined ? window : 0,
		units: byUse ? { value: 'ratio', threshold: 'ratio' } : { value: 'seconds', threshold: 'seconds' },
		extras: [
			{ name: 'utilisation', unit: 'ratio' },
			{ name: 'eta', unit: 'seconds' }
		],
		vars: {
			window: { n: window, unit: 'seconds' },
			recover: { n: rule.recover ?? rule.above ?? null, unit: 'ratio' },
			forecast: { n: forecast ?? null, unit: 'seconds' }
		},
		summary: forecast !== undefined ? FORECAST : UTILISATION,
		appliesTo: (c) => hasCapacity(c, rule.of),
		observe(r, second, out) {
			const capacity = capacityOf(r.component, queue);
			const now = r.read(0, second);
			const use = now / capacity;
			const eta = forecast === undefined ? NaN : timeToFull(now, r.read(0, second - window), capacity, window);
			if (byUse) judge(out, use, true, rule.above!, rule.recover ?? rule.above!);
			else judge(out, eta, false, forecast!, forecast!);
			if (forecast !== undefined) orForecast(out, eta, forecast);
			out.a = use;
			out.b = eta;
		}
	};
}

function capacityOf(c: Component, queue: boolean): number {
	const cap = c.capacity;
	if (queue) return cap?.queue_length ?? NaN;
	return cap?.rps ?? (cap?.users_per_hour !== undefined ? cap.users_per_hour / 3_600 : NaN);
}

/** Seconds until `length` reaches `capacity` at its growth over the window; 0 when already full. */
function timeToFull(length: number, before: number, capacity: number, window: number): number {
	if (Number.isNaN(length)) return NaN;
	if (length >= capacity) return 0;
	const growth = (length - before) / window;
	if (Number.isNaN(growth)) return NaN;
	return growth > 0 ? (capacity - length) / growth : Infinity;
}

/**
 * Full within the forecast (inclusive: "full in 6 min" with a 6 min forecast fires) breaches;
 * recovery needs the forecast clear too. An unknown forecast neither breaches nor blocks recovery.
 */
function orForecast(out: Outcome, eta: number, forecast: number): void {
	if (Number.isNaN(eta)) return;
	const soon = eta <= forecast;
	out.breach ||= soon;
	out.recovered = (Number.isNaN(out.value) ? true : out.recovered) && !soon;
}
