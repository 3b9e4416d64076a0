import type { Component } from '../../config/index.ts';
import type { AlertTransition, ValueSource } from '../types.ts';
import type { AlertBook, RuleState } from './alert-book.ts';
import { LATE_SECONDS, type MeasureLogic, type Outcome, type PresenceLogic, type Reader } from './kinds/index.ts';
import { ComponentReader, InstanceReader, TickCache } from './readers.ts';
import { AlertRecord } from './record.ts';
import { INACTIVE, transition, type Observation } from './state.ts';

export interface EvaluatorOptions {
	resolvedRetentionSeconds: number;
	instanceExpirySeconds: number;
}

/**
 * Evaluates one rule on its targets for one second: the engine's hot loop. Component targets
 * are a lookup each; per-instance rules read each component's instance map once (shared between
 * rules through `TickCache`) and keep records only for instances that are pending, firing or
 * recently resolved. Reuses its readers and outcome objects, so a quiet tick allocates little.
 */
export class Evaluator {
	/** Seconds up to here were never looked at (an evaluation gap): no_data assumes data there. */
	blindUntil = -Infinity;
	private readonly cache = new TickCache();
	private readonly componentReader = new ComponentReader();
	private readonly instanceReader = new InstanceReader();
	private readonly outcome: Outcome = { value: NaN, threshold: NaN, breach: false, recovered: false, a: NaN, b: NaN };
	private readonly obs: Observation = { hasValue: false, breach: false, recovered: false, gapSeconds: 0 };

	constructor(
		private readonly book: AlertBook,
		private readonly opts: EvaluatorOptions
	) {}

	begin(source: ValueSource): void {
		this.cache.begin(source);
		this.componentReader.source = source;
	}

	end(): void {
		this.cache.end();
	}

	evaluate(st: RuleState, second: number, out: AlertTransition[]): void {
		st.since ??= second;
		for (const component of st.compiled.targets) {
			if (st.compiled.perInstance) this.evaluateInstances(st, component, second, out);
			else this.evaluateComponent(st, component, second, out);
		}
	}

	/**
	 * The second still in progress, for rules where what has arrived so far can only grow: a
	 * `for: 0s` "above" threshold on a summed or maximum rollup. A breach seen now is a breach
	 * whatever else arrives this second, so it fires at once instead of when the second closes.
	 * Only ever fires; the regular evaluation of the second does everything else (and, finding
	 * the alert already firing, emits nothing twice).
	 */
	evaluateEarly(st: RuleState, second: number, out: AlertTransition[]): void {
		if (!st.compiled.firesEarly) return;
		st.since ??= second;
		const reader = this.componentReader;
		reader.inputs = st.compiled.logic.inputs;
		for (const component of st.compiled.targets) {
			const rec = st.components.get(component.id);
			if (rec && (rec.phase.status === 'firing' || rec.phase.status === 'pending')) continue;
			reader.component = component;
			const o = this.outcome;
			o.a = o.b = NaN;
			(st.compiled.logic as MeasureLogic).observe(reader, second, o);
			if (!o.breach) continue;
			let target = rec;
			if (!target) st.components.set(component.id, (target = new AlertRecord(st.compiled.rule.id, component, null, second, true)));
			this.apply(st, target, second, out);
		}
	}

	private evaluateComponent(st: RuleState, component: Component, second: number, out: AlertTransition[]): void {
		let rec = st.components.get(component.id);
		if (!rec) st.components.set(component.id, (rec = new AlertRecord(st.compiled.rule.id, component, null, second, true)));
		const reader = this.componentReader;
		reader.component = component;
		reader.inputs = st.compiled.logic.inputs;
		this.observe(st, rec, reader, second);
		this.apply(st, rec, second, out);
	}

	private evaluateInstances(st: RuleState, component: Component, second: number, out: AlertTransition[]): void {
		const logic = st.compiled.logic;
		let recs = st.instances.get(component.id);
		if (!recs) st.instances.set(component.id, (recs = new Map()));
		const reader = this.instanceReader;
		reader.begin(this.cache, component, logic.inputs, st.compiled.inputsKey, logic.lookback, second);
		if (logic.kind === 'presence') return this.evaluatePresenceInstances(st, component, recs, second, out);
		// Instances with a record first (they may recover or hold through a gap)...
		for (const rec of recs.values()) {
			reader.instance = rec.instance;
			this.observe(st, rec, reader, second);
			this.apply(st, rec, second, out);
			if (rec.phase.status === 'inactive') recs.delete(rec.instance!);
		}
		// ...then every instance reporting now, where only a breach makes a record.
		const o = this.outcome;
		const mayBreach = logic.mayBreach;
		reader.mapOf(0, second).forEach((value, instance) => {
			if ((mayBreach !== undefined && !mayBreach(value)) || recs.has(instance)) return;
			reader.instance = reader.primaryFor = instance;
			reader.primary = value;
			o.a = o.b = NaN;
			logic.observe(reader, second, o);
			if (!o.breach) return;
			const rec = new AlertRecord(st.compiled.rule.id, component, instance, second, false);
			recs.set(instance, rec);
			this.apply(st, rec, second, out);
		});
		reader.primaryFor = null;
	}

	/** no_data per instance watches the instances the config lists and every one that reported recently. */
	private evaluatePresenceInstances(st: RuleState, component: Component, recs: Map<string, AlertRecord>, second: number, out: AlertTransition[]): void {
		const reader = this.instanceReader;
		const rule = st.compiled.rule.id;
		for (const instance of component.instances ?? []) if (!recs.has(instance)) recs.set(instance, new AlertRecord(rule, component, instance, second, true));
		reader.recentlySeen(second).forEach((_, instance) => {
			if (!recs.has(instance)) recs.set(instance, new AlertRecord(rule, component, instance, second, false));
		});
		for (const rec of recs.values()) {
			reader.instance = rec.instance;
			this.observe(st, rec, reader, second);
			this.apply(st, rec, second, out);
			if (!rec.declared && second - (rec.lastSeen ?? rec.since) > this.opts.instanceExpirySeconds) {
				// Scaled in, most likely: stop watching it, and end what it had going now.
				this.book.orphan(st.compiled, rec);
				this.book.endOrphans(second, out);
				recs.delete(rec.instance!);
			}
		}
	}

	private observe(st: RuleState, rec: AlertRecord, reader: Reader, second: number): void {
		const o = this.outcome;
		o.a = o.b = NaN;
		const logic = st.compiled.logic;
		if (logic.kind === 'measure') logic.observe(reader, second, o);
		else this.observePresence(logic, rec, reader, second, o);
	}

	/**
	 * Silence in seconds: since the last second with any watched field, counting seconds before the
	 * engine first watched the target (or could not look) as data, so a restart does not page for
	 * every component at once. Recent seconds are looked at again for late points.
	 */
	private observePresence(logic: PresenceLogic, rec: AlertRecord, reader: Reader, second: number, o: Outcome): void {
		const from = Math.max(rec.lastSeen === null ? -Infinity : rec.lastSeen + 1, second - LATE_SECONDS);
		if (from <= second) {
			const seen = reader.latest(from, second);
			if (seen !== -Infinity) rec.lastSeen = seen;
		}
		const silent = second - Math.max(rec.lastSeen ?? -Infinity, rec.since - 1, this.blindUntil);
		o.value = silent;
		o.threshold = logic.seconds;
		o.breach = silent >= logic.seconds;
		o.recovered = !o.breach;
	}

	/** Steps the record's state machine with this second's outcome and records the transition, if any. */
	private apply(st: RuleState, rec: AlertRecord, second: number, out: AlertTransition[]): void {
		const o = this.outcome;
		const has = !Number.isNaN(o.value);
		if (has) {
			rec.value = o.value;
			rec.threshold = o.threshold;
			rec.a = o.a;
			rec.b = o.b;
			rec.lastValueAt = second;
		}
		const obs = this.obs;
		obs.hasValue = has;
		obs.breach = o.breach;
		obs.recovered = o.recovered;
		obs.gapSeconds = has ? 0 : rec.lastValueAt === null ? Infinity : second - rec.lastValueAt;
		const prev = rec.phase;
		const next = transition(prev, obs, st.compiled.timing, second);
		if (next === prev) {
			if (prev.status === 'resolved' && second - prev.resolvedAt! >= this.opts.resolvedRetentionSeconds) {
				rec.phase = INACTIVE;
				this.book.track(rec);
			}
			return;
		}
		rec.phase = next;
		if (next.status === prev.status) return;
		// A new episode needs its own acknowledgement; a resolved one keeps who handled it.
		if (prev.status === 'inactive' || prev.status === 'resolved') rec.ack = null;
		this.book.track(rec);
		out.push(this.book.transition(st.compiled, rec, prev.status, next.status, second, has));
	}
}
