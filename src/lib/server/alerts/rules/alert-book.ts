import type { AlertInstance, AlertStatus, AlertTransition, Labels, Language } from '../types.ts';
import { labelsOf, renderSummary, type CompiledRule, type EngineConfig } from './compile.ts';
import { AlertRecord, finiteOrNull, msOrNull } from './record.ts';

/** One rule's targets and their records. */
export class RuleState {
	/** First evaluated second: no_data counts silence from here at the earliest. */
	since: number | null = null;
	readonly components = new Map<string, AlertRecord>();
	/** Per-instance rules: component -> instance -> record. */
	readonly instances = new Map<string, Map<string, AlertRecord>>();
	constructor(readonly compiled: CompiledRule) {}

	*records(): Generator<AlertRecord> {
		yield* this.components.values();
		for (const recs of this.instances.values()) yield* recs.values();
	}

	place(rec: AlertRecord): void {
		if (!this.compiled.perInstance) {
			if (rec.instance === null) this.components.set(rec.component.id, rec);
			return;
		}
		if (rec.instance === null) return;
		let recs = this.instances.get(rec.component.id);
		if (!recs) this.instances.set(rec.component.id, (recs = new Map()));
		recs.set(rec.instance, rec);
	}
}

/** An alert whose rule or target went away (hot reload, restore, a vanished instance), as last seen. */
export interface Orphan {
	id: string;
	rule: string;
	labels: Labels;
	summary: Record<Language, string>;
	status: AlertStatus;
}

/**
 * The alerts that are not inactive (what `alerts()` lists and acks apply to), the orphans waiting
 * to be ended, and how a record is shown to the outside: transitions and instances.
 */
export class AlertBook {
	readonly active = new Map<string, AlertRecord>();
	orphans: Orphan[] = [];

	constructor(public config: EngineConfig) {}

	/** Keeps the active set in step with a status change. */
	track(rec: AlertRecord): void {
		if (rec.phase.status === 'inactive') this.active.delete(rec.id);
		else this.active.set(rec.id, rec);
	}

	/** Stops tracking `rec`; if it was pending or firing it is ended at the next `endOrphans`. */
	orphan(c: CompiledRule, rec: AlertRecord): void {
		if (this.active.get(rec.id) === rec) this.active.delete(rec.id);
		const status = rec.phase.status;
		if (status === 'pending' || status === 'firing') this.orphans.push({ id: rec.id, rule: c.rule.id, labels: labelsOf(c.rule, rec.component, rec.instance), summary: this.summary(c, rec), status });
	}

	/** Firing orphans resolve, pending ones clear; either way without a value (the rule no longer looks). */
	endOrphans(second: number, out: AlertTransition[]): void {
		for (const o of this.orphans) {
			if (o.status !== 'firing' && o.status !== 'pending') continue;
			const to = o.status === 'firing' ? 'resolved' : 'inactive';
			out.push({ alertId: o.id, rule: o.rule, labels: o.labels, from: o.status, to, at: second * 1000, value: null, threshold: null, summary: o.summary });
		}
		this.orphans = [];
	}

	transition(c: CompiledRule, rec: AlertRecord, from: AlertStatus, to: AlertStatus, second: number, hasValue: boolean): AlertTransition {
		return {
			alertId: rec.id,
			rule: c.rule.id,
			labels: labelsOf(c.rule, rec.component, rec.instance),
			from,
			to,
			at: second * 1000,
			value: hasValue ? finiteOrNull(rec.value) : null,
			threshold: finiteOrNull(rec.threshold),
			summary: this.summary(c, rec)
		};
	}

	instance(c: CompiledRule, rec: AlertRecord): AlertInstance {
		const p = rec.phase;
		return {
			id: rec.id,
			rule: rec.rule,
			labels: labelsOf(c.rule, rec.component, rec.instance),
			status: p.status,
			value: finiteOrNull(rec.value),
			threshold: finiteOrNull(rec.threshold),
			summary: this.summary(c, rec),
			pendingSince: msOrNull(p.pendingSince),
			firingSince: msOrNull(p.firingSince),
			resolvedAt: msOrNull(p.resolvedAt),
			ack: rec.ack
		};
	}

	summary(c: CompiledRule, rec: AlertRecord): Record<Language, string> {
		return renderSummary(c, rec.component, rec.instance, { value: nanToNull(rec.value), threshold: nanToNull(rec.threshold), a: nanToNull(rec.a), b: nanToNull(rec.b) }, this.config);
	}
}

function nanToNull(v: number): number | null {
	return Number.isNaN(v) ? null : v;
}
