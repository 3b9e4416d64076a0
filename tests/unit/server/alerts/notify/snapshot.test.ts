import { describe, expect, it } from 'vitest';
import type { RouteInput } from '../../../../../src/lib/server/alerts/notify/index.ts';
import { contents, H, M, makeAlert, S, Sim, T0, transition } from './sim.ts';

const routes: RouteInput[] = [{ channels: ['ops-en', 'ops-ko'], repeat_interval: '1h' }];

/** Stops the app (snapshot to a file as JSON) and starts a fresh Notifier from that file. */
function restart(sim: Sim): void {
	const file = JSON.stringify(sim.notifier.snapshot());
	sim.notifier = sim.makeNotifier({ routes });
	sim.notifier.restore(file);
}

function firingPair(sim: Sim) {
	const a = makeAlert('ErrorRate', 'identity-naver', { instance: 'a' });
	const b = makeAlert('ErrorRate', 'identity-naver', { instance: 'b' });
	sim.fire(a, b);
	return [a, b];
}

describe('restart', () => {
	it('sends no duplicate firing message after a restart mid-firing, even if the engine replays the transition', () => {
		const sim = new Sim({ routes });
		const [a] = firingPair(sim);
		sim.step(5 * M);
		restart(sim);
		sim.notifier.receive([transition(a, 'pending', 'firing', sim.now)], [...sim.alerts.values()]);
		expect(sim.tick()).toEqual([]);
		expect(sim.step(50 * M)).toEqual([]);
	});

	it('keeps the repeat schedule of before the restart', () => {
		const sim = new Sim({ routes });
		firingPair(sim);
		sim.step(20 * M);
		restart(sim);
		const out = sim.step(45 * M);
		expect(out.map((n) => [n.channel, (n.createdAt - T0) / M])).toEqual([
			['ops-en', 60],
			['ops-ko', 60]
		]);
	});

	it('delivers a resolve that happens after the restart', () => {
		const sim = new Sim({ routes });
		const [a, b] = firingPair(sim);
		sim.step(5 * M);
		restart(sim);
		const out = sim.resolve(a, b);
		expect(out.map((n) => [n.channel, n.status, contents(n)])).toEqual([
			['ops-en', 'resolved', 'firing: resolved:a,b'],
			['ops-ko', 'resolved', 'firing: resolved:a,b']
		]);
	});

	it('reconcile resolves what resolved while the app was down, once', () => {
		const sim = new Sim({ routes });
		const [a, b] = firingPair(sim);
		sim.step(5 * M);
		const file = JSON.stringify(sim.notifier.snapshot());
		sim.step(2 * M); // down: the engine saw `a` resolve
		Object.assign(a, { status: 'resolved', resolvedAt: sim.now });
		const resolvedAt = sim.now;
		sim.step(M);
		sim.notifier = sim.makeNotifier({ routes });
		sim.notifier.restore(file);
		sim.notifier.reconcile([...sim.alerts.values()]);
		const out = sim.tick();
		expect(out.map((n) => [n.channel, contents(n)])).toEqual([
			['ops-en', 'firing:b resolved:a'],
			['ops-ko', 'firing:b resolved:a']
		]);
		expect(out[0].alerts[1].endsAt).toBe(resolvedAt);
		// The engine's own first-tick report of the same resolve changes nothing.
		sim.notifier.receive([transition(a, 'firing', 'resolved', sim.now)], [...sim.alerts.values()]);
		expect(sim.step(30 * M)).toEqual([]);
		expect(sim.resolve(b).map((n) => contents(n))).toEqual(['firing: resolved:b', 'firing: resolved:b']);
	});

	it('reconcile announces an alert that started firing after the snapshot was taken', () => {
		const sim = new Sim({ routes });
		firingPair(sim);
		const file = JSON.stringify(sim.notifier.snapshot());
		const c = makeAlert('ErrorRate', 'identity-naver', { instance: 'c' });
		Object.assign(c, { status: 'firing', firingSince: sim.now });
		sim.alerts.set(c.id, c);
		sim.step(M);
		sim.notifier = sim.makeNotifier({ routes });
		sim.notifier.restore(file);
		sim.notifier.reconcile([...sim.alerts.values()]);
		expect(sim.tick().map(contents)).toEqual(['firing:a,b,c resolved:', 'firing:a,b,c resolved:']);
	});

	it('holds a change pending at snapshot time to the group_interval of before the restart', () => {
		const sim = new Sim({ routes });
		const [a] = firingPair(sim);
		sim.step(10 * S);
		sim.resolve(a);
		restart(sim);
		const out = sim.step(30 * S);
		expect(out.map((n) => [(n.createdAt - T0) / S, contents(n)])).toEqual([
			[30, 'firing:b resolved:a'],
			[30, 'firing:b resolved:a']
		]);
	});

	it('continues sequence numbers, so no id is reused', () => {
		const sim = new Sim({ routes });
		const [a, b] = firingPair(sim);
		sim.step(M);
		restart(sim);
		sim.resolve(a, b);
		const ids = sim.sent.map((n) => n.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.filter((id) => id.startsWith('{}/ops-en/')).map((id) => id.split(':').at(-1))).toEqual(['1', '2']);
	});

	it('keeps silences and acknowledgements', () => {
		const sim = new Sim({ routes });
		const [a, b] = firingPair(sim);
		sim.notifier.silences.add(
			{ matchers: ['instance="b"'], startsAt: sim.now, endsAt: sim.now + 2 * H, createdBy: 'kim', comment: 'known' },
			sim.now
		);
		sim.ack(a, 'lee');
		restart(sim);
		expect(sim.notifier.silences.list(sim.now, 'active')).toHaveLength(1);
		expect(sim.notifier.snapshot().alerts.find((x) => x.id === a.id)?.ack).toEqual({ by: 'lee', at: T0 });
		// a acknowledged, b silenced: nothing left to repeat.
		expect(sim.step(90 * M)).toEqual([]);
		expect(sim.resolve(a, b).map(contents)).toEqual(['firing: resolved:a,b', 'firing: resolved:a,b']);
	});

	it('rejects a damaged snapshot, naming the field', () => {
		const sim = new Sim({ routes });
		firingPair(sim);
		const snap = sim.notifier.snapshot();
		(snap.groups[0] as { seq: unknown }).seq = 'one';
		expect(() => sim.makeNotifier({ routes }).restore(snap)).toThrow('groups[0].seq');
	});
});
