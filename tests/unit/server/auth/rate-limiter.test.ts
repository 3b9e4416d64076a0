import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../../src/lib/server/auth/index.ts';

describe('RateLimiter', () => {
	it('lets a sender use its burst, then asks it to wait until the bucket refills', () => {
		const limiter = new RateLimiter(100, 2); // 100 points/s, 200 burst
		const t0 = 1_000_000;
		expect(limiter.waitSeconds('a', undefined, t0)).toBe(0);
		limiter.take('a', undefined, 500, t0); // one large batch overdraws: 200 - 500 = -300
		expect(limiter.waitSeconds('a', undefined, t0)).toBe(3);
		expect(limiter.waitSeconds('a', undefined, t0 + 2_000)).toBe(1); // -100
		expect(limiter.waitSeconds('a', undefined, t0 + 3_001)).toBe(0);
	});

	it('keeps one bucket per sender', () => {
		const limiter = new RateLimiter(10, 1);
		limiter.take('flood', undefined, 1_000, 0);
		expect(limiter.waitSeconds('flood', undefined, 0)).toBeGreaterThan(0);
		expect(limiter.waitSeconds('other', undefined, 0)).toBe(0);
	});

	it('uses a per-token rate over the default', () => {
		const limiter = new RateLimiter(10, 1);
		limiter.take('fast', 1_000, 500, 0);
		expect(limiter.waitSeconds('fast', 1_000, 0)).toBe(0);
	});

	it('never lets a bucket fill beyond its burst', () => {
		const limiter = new RateLimiter(10, 1);
		expect(limiter.waitSeconds('a', undefined, 0)).toBe(0);
		limiter.take('a', undefined, 25, 3_600_000); // an hour idle still means 10 tokens, not 36,000
		expect(limiter.waitSeconds('a', undefined, 3_600_000)).toBe(2);
	});
});
