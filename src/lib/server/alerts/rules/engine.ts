import type { AlertInstance, AlertTransition, ValueSource } from '../types.ts';
import { AlertBook, RuleState } from './alert-book.ts';
import { compileRule, labelsOf, type EngineConfig } from './compile.ts';
import { Evaluator } from './evaluator.ts';
import { LATE_SECONDS } from './kinds/index.ts';
import type { AlertRecord } from './record.ts';
import type { AlertRule } from './schema.ts';
import { loadAlert, parseSnapshot, saveAlert, type EngineSnapshot } from './snapshot.ts';

export interface RuleEngineOptions {
	rules: readonly AlertRule[];
	config: EngineConfig;
	/** Clock for acknowledgement times (evaluation time is always the `second` passed in). */
	now?: () => number;
	/** How long a resolved alert stays listed by `alerts()` (default 15 min). */
	resolvedRetentionSeconds?: number;
	/** no_data per instance: an instance not in the config, silent this long, is considered gone (default 15 min). */
	instanceExpirySeconds?: number;
}

export interface RuleEngineStats {
	rules: number;
	/** Alerts pending, firing or recently resolved. */
	alerts: number;
	lastSecond: number | null;
	/** Evaluations of a second at or before the last one, ignored (late or repeated ticks). */
	skippedSeconds: number;
}

/**
 * Evaluates every rule on every target once a second, from a `ValueSource` (the live hub, or
 * InfluxDB in a backtest: the same code, so a backtest shows what live alerting would have done).
 * Returns the status changes as `AlertTransition`s; it never formats a chat message. Time is
 * the `second` argument, never the wall clock.
 */
export class RuleEngine {
	private states = new Map<string, RuleState>();
	private order: RuleState[] = [];
	private readonly book: AlertBook;
	private readonly evaluator: Evaluator;
	private lastSecond: number | null = null;
	private skipped = 0;
	private readonly now: () => number;

	constructor(opts: RuleEngineOptions) {
		this.now = opts.now ?? Date.now;
		this.book = new AlertBook(opts.config);
		this.evaluator = new Evaluator(this.book, {
			resolvedRetentionSeconds: opts.resolvedRetentionSeconds ?? 900,
			instanceExpirySeconds: opts.instanceExpirySeconds ?? 900
		});
		this.setRules(opts.rules);
	}

	/** Evaluates `second` (epoch s). A second at or before the last evaluated one is ignored: idempotent. */
	evaluate(source: ValueSource, second: number): AlertTransition[] {
		if (this.lastSecond !== null && second <= this.lastSecond) {
			this.skipped++;
			return [];
		}
		if (this.lastSecond !== null && second - this.lastSecond - 1 > LATE_SECONDS) this.evaluator.blindUntil = second - LATE_SECONDS - 1;
		const out: AlertTransition[] = [];
		this.book.endOrphans(second, out);
		this.evaluator.begin(source);
		for (const st of this.order) this.evaluator.evaluate(st, second, out);
		this.evaluator.end();
		this.lastSecond = second;
		return out;
	}

	/**
	 * The second in progress (after `lastSecond`), for rules that may fire before it closes (a
	 * `for: 0s` "above" threshold on a sum or max): only ever fires, and is not counted as the
	 * second's evaluation, which `evaluate` still does when the second is complete.
	 */
	evaluateEarly(source: ValueSource, second: number): AlertTransition[] {
		// Only right after the previous second was evaluated: an older second judged after this one would undo it.
		if (this.lastSecond !== second - 1) return [];
		const out: AlertTransition[] = [];
		this.evaluator.begin(source);
		for (const st of this.order) this.evaluator.evaluateEarly(st, second, out);
		this.evaluator.end();
		return out;
	}

	/** Pending, firing and recently resolved alerts. */
	alerts(): AlertInstance[] {
		return [...this.book.active.values()].map((rec) => this.instanceOf(rec));
	}

	get(id: string): AlertInstance | null {
		const rec = this.book.active.get(id);
		return rec ? this.instanceOf(rec) : null;
	}

	/** Acknowledges a pending or firing alert (until it resolves); null if there is no such alert. */
	acknowledge(id: string, by: string, comment?: string): AlertInstance | null {
		const rec = this.book.active.get(id);
		if (!rec || rec.phase.status === 'resolved') return null;
		rec.ack = comment === undefined ? { by, at: this.now() } : { by, at: this.now(), comment };
		return this.instanceOf(rec);
	}

	unacknowledge(id: string): AlertInstance | null {
		const rec = this.book.active.get(id);
		if (!rec) return null;
		rec.ack = null;
		return this.instanceOf(rec);
	}

	stats(): RuleEngineStats {
		return { rules: this.order.length, alerts: this.book.active.size, lastSecond: this.lastSecond, skippedSeconds: this.skipped };
	}

	private instanceOf(rec: AlertRecord): AlertInstance {
		return this.book.instance(this.states.get(rec.rule)!.compiled, rec);
	}

	/**
	 * Hot reload. A rule that still measures the same thing (same id, type, `by` and inputs) keeps
	 * its alerts, re-judged by its new thresholds at the next evaluation; alerts of removed or
	 * changed rules, and of targets no longer selected, end at the next evaluation (firing ones
	 * resolve), so the notifier never keeps an alert nobody evaluates.
	 */
	setRules(rules: readonly AlertRule[], config: EngineConfig = this.book.config): void {
		this.book.config = config;
		const next = new Map<string, RuleState>();
		for (const rule of rules) {
			const st = new RuleState(compileRule(rule, config));
			const old = this.states.get(rule.id);
			if (old && old.compiled.identity === st.compiled.identity) this.adopt(old, st);
			else if (old) for (const rec of old.records()) this.book.orphan(old.compiled, rec);
			next.set(rule.id, st);
		}
		for (const [id, old] of this.states) if (!next.has(id)) for (const rec of old.records()) this.book.orphan(old.compiled, rec);
		this.states = next;
		this.order = [...next.values()];
	}

	private adopt(old: RuleState, st: RuleState): void {
		st.since = old.since;
		const targets = new Map(st.compiled.targets.map((c) => [c.id, c]));
		for (const rec of old.records()) {
			const component = targets.get(rec.component.id);
			if (!component) {
				this.book.orphan(old.compiled, rec);
				continue;
			}
			rec.component = component;
			st.place(rec);
		}
	}

	/** JSON for a restart: pending/firing/resolved alerts, what no_data watches and when it last saw it, the last evaluated second. */
	snapshot(): EngineSnapshot {
		return {
			version: 1,
			lastSecond: this.lastSecond,
			blindUntil: Number.isFinite(this.evaluator.blindUntil) ? this.evaluator.blindUntil : null,
			rules: this.order.map((st) => ({
				id: st.compiled.rule.id,
				identity: st.compiled.identity,
				since: st.since,
				alerts: [...st.records()]
					.filter((rec) => rec.phase.status !== 'inactive' || st.compiled.logic.kind === 'presence')
					.map((rec) => saveAlert(rec, labelsOf(st.compiled.rule, rec.component, rec.instance), this.book.summary(st.compiled, rec)))
			}))
		};
	}

	/**
	 * Replaces the state with a snapshot's (an object or its JSON text), re-matched to the current
	 * rules and config as `setRules` would: alerts of rules or targets gone since end at the next
	 * evaluation with the labels and summary they were saved with.
	 */
	restore(json: unknown): void {
		const snap = parseSnapshot(json);
		const rules = this.order.map((st) => st.compiled.rule);
		this.states = new Map();
		this.order = [];
		this.book.active.clear();
		this.book.orphans = [];
		this.setRules(rules);
		this.lastSecond = snap.lastSecond;
		this.evaluator.blindUntil = snap.blindUntil ?? -Infinity;
		for (const saved of snap.rules) {
			const st = this.states.get(saved.id);
			const same = st !== undefined && st.compiled.identity === saved.identity;
			if (same) st.since = saved.since;
			for (const a of saved.alerts) {
				const component = same ? st.compiled.targets.find((c) => c.id === a.component) : undefined;
				if (component) {
					const rec = loadAlert(a, saved.id, component);
					st!.place(rec);
					this.book.track(rec);
				} else if (a.status === 'pending' || a.status === 'firing') {
					this.book.orphans.push({ id: a.id, rule: saved.id, labels: a.labels, summary: a.summary, status: a.status });
				}
			}
		}
	}
}
