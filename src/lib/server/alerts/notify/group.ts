import type { Acknowledgement, Labels, Language } from '../types.ts';
import type { GroupSettings } from './routing.ts';

/** The notifier's view of one alert, kept until every group it joined has sent (or dropped) its resolve. */
export interface AlertRecord {
	id: string;
	rule: string;
	labels: Labels;
	summary: Record<Language, string>;
	value: number | null;
	threshold: number | null;
	status: 'firing' | 'resolved';
	startsAt: number;
	endsAt: number | null;
	ack: Acknowledgement | null;
	/** Keys of the groups holding this alert. */
	groups: Set<string>;
}

/** What a group sends on this tick. */
export interface GroupPlan {
	firing: AlertRecord[];
	resolved: AlertRecord[];
}

/** JSON form of a group (snapshot files). */
export interface GroupState {
	key: string;
	routeKey: string;
	channel: string;
	groupLabels: Labels;
	settings: GroupSettings;
	startedAt: number;
	seq: number;
	lastSentAt: number | null;
	members: string[];
	notified: string[];
	lastSentFiring: string[];
	leaving: string[];
}

/**
 * One alert group for one channel, and the decision Alertmanager splits over its aggregation group
 * and dedup stage: send when the firing set gained an alert or a notified alert resolved (first
 * message after group_wait, later ones no sooner than group_interval after the previous), re-send
 * an unchanged firing set after repeat_interval unless every alert in it is acknowledged.
 */
export class AlertGroup {
	seq = 0;
	lastSentAt: number | null = null;
	readonly members = new Set<string>();
	/** Sent as firing and owed a resolve: the resolve goes out even if the alert is silenced or muted later. */
	readonly notified = new Set<string>();
	/** The firing set of the last message; an alert outside it is news. */
	lastSentFiring = new Set<string>();
	/** Notified alerts that hot reload routed elsewhere: only their resolve is still sent from here. */
	readonly leaving = new Set<string>();

	constructor(
		readonly key: string,
		readonly routeKey: string,
		readonly channel: string,
		readonly groupLabels: Labels,
		public settings: GroupSettings,
		readonly startedAt: number
	) {}

	/** Members that resolved before any message showed them firing: nobody needs to hear about them. */
	prune(alerts: ReadonlyMap<string, AlertRecord>): string[] {
		const gone: string[] = [];
		for (const id of this.members) {
			const a = alerts.get(id);
			if (!a || (a.status === 'resolved' && !this.notified.has(id))) gone.push(id);
		}
		for (const id of gone) this.#forget(id);
		return gone;
	}

	/** `force` (flush) sends a pending change now, ignoring group_wait and group_interval; never a repeat. */
	plan(
		now: number,
		alerts: ReadonlyMap<string, AlertRecord>,
		suppressed: (a: AlertRecord) => boolean,
		force = false
	): GroupPlan | null {
		const firing: AlertRecord[] = [];
		const resolved: AlertRecord[] = [];
		let changed = false;
		let unacked = false;
		for (const id of this.members) {
			const a = alerts.get(id)!;
			if (a.status === 'resolved') {
				if (this.notified.has(id)) {
					resolved.push(a);
					changed = true;
				}
				continue;
			}
			if (this.leaving.has(id) || suppressed(a)) continue;
			firing.push(a);
			if (!this.lastSentFiring.has(id)) changed = true;
			if (!a.ack) unacked = true;
		}
		if (firing.length === 0 && resolved.length === 0) return null;
		const due = force && changed ? now : this.#dueAt(changed, unacked);
		return due !== null && now >= due ? { firing, resolved } : null;
	}

	/** Records that the plan was sent; returns the ids whose resolve went out (they leave the group). */
	commit(plan: GroupPlan, now: number): string[] {
		this.seq++;
		this.lastSentAt = now;
		this.lastSentFiring = new Set(plan.firing.map((a) => a.id));
		for (const a of plan.firing) this.notified.add(a.id);
		const done = plan.resolved.map((a) => a.id);
		for (const id of done) this.#forget(id);
		return done;
	}

	add(id: string): void {
		this.members.add(id);
		this.leaving.delete(id);
	}

	/** An alert routed elsewhere by hot reload: keep it only if its resolve is owed. Returns true if it left. */
	release(id: string): boolean {
		if (this.notified.has(id)) {
			this.leaving.add(id);
			return false;
		}
		this.#forget(id);
		return true;
	}

	/**
	 * An empty group lingers one group_interval after its last message, so an alert that flaps back
	 * joins it and waits out the interval instead of opening a new group that may send at once.
	 */
	isOver(now: number): boolean {
		return this.members.size === 0 && (this.lastSentAt === null || now >= this.lastSentAt + this.settings.groupIntervalMs);
	}

	toState(): GroupState {
		const { key, routeKey, channel, groupLabels, settings, startedAt, seq, lastSentAt } = this;
		return {
			...{ key, routeKey, channel, groupLabels, settings, startedAt, seq, lastSentAt },
			members: [...this.members],
			notified: [...this.notified],
			lastSentFiring: [...this.lastSentFiring],
			leaving: [...this.leaving]
		};
	}

	static fromState(s: GroupState): AlertGroup {
		const g = new AlertGroup(s.key, s.routeKey, s.channel, s.groupLabels, s.settings, s.startedAt);
		g.seq = s.seq;
		g.lastSentAt = s.lastSentAt;
		s.members.forEach((id) => g.members.add(id));
		s.notified.forEach((id) => g.notified.add(id));
		g.lastSentFiring = new Set(s.lastSentFiring);
		s.leaving.forEach((id) => g.leaving.add(id));
		return g;
	}

	#dueAt(changed: boolean, repeatable: boolean): number | null {
		const s = this.settings;
		if (this.lastSentAt === null) return changed ? this.startedAt + s.groupWaitMs : null;
		if (changed) return this.lastSentAt + s.groupIntervalMs;
		return repeatable ? this.lastSentAt + s.repeatIntervalMs : null;
	}

	#forget(id: string): void {
		this.members.delete(id);
		this.notified.delete(id);
		this.leaving.delete(id);
		this.lastSentFiring.delete(id);
	}
}
