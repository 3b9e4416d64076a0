import type { AlertTransition, ValueSource } from '../../../../../src/lib/server/alerts/types.ts';
import { parseConfig } from '../../../../../src/lib/server/config/index.ts';
import { parseRule, RuleEngine } from '../../../../../src/lib/server/alerts/rules/index.ts';

/** Rule evaluation is pure logic over a ValueSource: an in-memory one, set per second. */
export class FakeSource implements ValueSource {
	private readonly rollups = new Map<string, Map<number, number>>();
	private readonly perInstance = new Map<string, Map<number, Map<string, number>>>();
	calls = 0;

	/** `metric` is "measurement.field"; values start at `from`, one per second, null = nothing. */
	series(component: string, metric: string, from: number, values: readonly (number | null)[]): this {
		let m = this.rollups.get(`${component}/${metric}`);
		if (!m) this.rollups.set(`${component}/${metric}`, (m = new Map()));
		values.forEach((v, i) => (v === null ? m.delete(from + i) : m.set(from + i, v)));
		return this;
	}

	instance(component: string, instance: string, metric: string, from: number, values: readonly (number | null)[]): this {
		let bySecond = this.perInstance.get(`${component}/${metric}`);
		if (!bySecond) this.perInstance.set(`${component}/${metric}`, (bySecond = new Map()));
		values.forEach((v, i) => {
			let at = bySecond.get(from + i);
			if (!at) bySecond.set(from + i, (at = new Map()));
			if (v === null) at.delete(instance);
			else at.set(instance, v);
		});
		return this;
	}

	component(component: string, measurement: string, field: string, second: number): number {
		this.calls++;
		return this.rollups.get(`${component}/${measurement}.${field}`)?.get(second) ?? NaN;
	}

	instances(component: string, measurement: string, field: string, second: number): Map<string, number> {
		this.calls++;
		return new Map(this.perInstance.get(`${component}/${measurement}.${field}`)?.get(second) ?? []);
	}
}

export const T0 = 1_732_500_000; // epoch seconds

export const CONFIG = parseConfig(`
orgs:
  - { id: kt, name: KT }
  - { id: naver, name: Naver Cloud }
  - { id: nhn, name: NHN Cloud }
pipeline:
  stages:
    - { id: landing, name: Landing page }
    - { id: identity, name: Identity verification }
    - { id: waiting-room, name: Waiting room, kind: queue }
components:
  - { id: cdn, name: CDN landing page, org: kt, stage: landing, capacity: { rps: 1000 } }
  - { id: idp, name: Naver certificate, org: naver, stage: identity, capacity: { users_per_hour: 3600000 }, instances: [idv-1, idv-2] }
  - { id: wr, name: Virtual waiting room, org: nhn, stage: waiting-room, capacity: { rps: 500, queue_length: 10000 } }
`);

/** A rule as the config file gives it; parsed (and so checked) by `parseRule`. */
export type RuleSpec = Record<string, unknown>;

export function makeEngine(rules: RuleSpec[], opts: { now?: () => number } = {}) {
	return new RuleEngine({ rules: rules.map((r) => parseRule(r)), config: CONFIG, ...opts });
}

/** Evaluates seconds [from, to] and returns every transition, in order. */
export function run(engine: RuleEngine, source: ValueSource, from: number, to: number): AlertTransition[] {
	const out: AlertTransition[] = [];
	for (let s = from; s <= to; s++) out.push(...engine.evaluate(source, s));
	return out;
}

/** `alertId from->to @offset` lines: a transition log that diffs readably. */
export function log(transitions: readonly AlertTransition[], t0 = T0): string[] {
	return transitions.map((t) => `${t.alertId} ${t.from}->${t.to} @${t.at / 1000 - t0}`);
}
