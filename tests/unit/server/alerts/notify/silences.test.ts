import { describe, expect, it } from 'vitest';
import { SilenceError, SilenceStore } from '../../../../../src/lib/server/alerts/notify/index.ts';

const T = Date.parse('2026-03-02T10:00:00+09:00');
const M = 60_000;
const naver = { alertname: 'ErrorRate', component: 'identity-naver', org: 'naver', severity: 'critical' };
const kakao = { ...naver, component: 'identity-kakao', org: 'kakao' };

function store() {
	let n = 0;
	return new SilenceStore(() => `s${++n}`);
}

const input = (over: object = {}) => ({
	matchers: ['component="identity-naver"'],
	startsAt: T,
	endsAt: T + 30 * M,
	createdBy: 'kim',
	comment: 'NAVER login maintenance',
	...over
});

describe('SilenceStore', () => {
	it('silences matching labels while active, not before or after', () => {
		const s = store();
		const id = s.add(input({ startsAt: T + 10 * M }), T);
		expect(id).toBe('s1');
		expect(s.isSilenced(naver, T)).toBe(false);
		expect(s.get(id, T)?.state).toBe('pending');
		expect(s.isSilenced(naver, T + 10 * M)).toBe(true);
		expect(s.isSilenced(kakao, T + 10 * M)).toBe(false);
		expect(s.isSilenced(naver, T + 30 * M)).toBe(false);
		expect(s.get(id, T + 30 * M)?.state).toBe('expired');
	});

	it('needs every matcher to match', () => {
		const s = store();
		s.add(input({ matchers: ['component=~"identity-.*"', 'org!="kakao"'] }), T);
		expect(s.isSilenced(naver, T)).toBe(true);
		expect(s.isSilenced(kakao, T)).toBe(false);
		expect(s.silencedBy(naver, T)).toEqual(['s1']);
	});

	it('expire ends it now, and a pending one before it starts', () => {
		const s = store();
		const a = s.add(input(), T);
		const b = s.add(input({ startsAt: T + 20 * M }), T);
		expect(s.expire(a, T + M)).toBe(true);
		expect(s.expire(b, T + M)).toBe(true);
		expect(s.isSilenced(naver, T + M)).toBe(false);
		expect(s.isSilenced(naver, T + 25 * M)).toBe(false);
		expect(s.get(b, T + M)).toMatchObject({ startsAt: T + M, endsAt: T + M, state: 'expired' });
		expect(s.expire(a, T + 2 * M)).toBe(false);
		expect(s.expire('nope', T)).toBe(false);
	});

	it('lists by state', () => {
		const s = store();
		s.add(input(), T);
		s.add(input({ startsAt: T + 40 * M, endsAt: T + 50 * M }), T);
		s.add(input({ endsAt: T + M }), T);
		const at = T + 5 * M;
		expect(s.list(at).map((x) => [x.id, x.state])).toEqual([
			['s1', 'active'],
			['s3', 'expired'],
			['s2', 'pending']
		]);
		expect(s.list(at, 'active').map((x) => x.id)).toEqual(['s1']);
	});

	it('rejects a silence that already ended, and invalid input, saying why', () => {
		const s = store();
		expect(() => s.add(input({ endsAt: T - M, startsAt: T - 2 * M }), T)).toThrow('in the past');
		expect(() => s.add(input({ comment: '' }), T)).toThrow(SilenceError);
		expect(() => s.add(input({ comment: '' }), T)).toThrow('comment');
	});

	it('purges silences expired longer than the retention', () => {
		const s = store();
		s.add(input(), T);
		expect(s.purge(T + 31 * M, 60 * M)).toBe(0);
		expect(s.purge(T + 90 * M, 60 * M)).toBe(1);
		expect(s.list(T)).toEqual([]);
	});

	it('survives snapshot and restore, including an expired pending one', () => {
		const s = store();
		s.add(input(), T);
		const b = s.add(input({ startsAt: T + 20 * M }), T);
		s.expire(b, T);
		const copy = store();
		copy.restore(JSON.parse(JSON.stringify(s.snapshot())));
		expect(copy.list(T)).toEqual(s.list(T));
		expect(copy.isSilenced(naver, T + M)).toBe(true);
	});
});
