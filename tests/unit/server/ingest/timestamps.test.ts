import { describe, expect, it } from 'vitest';
import { toNanoseconds } from '../../../../src/lib/server/ingest/index.ts';

const SCALE = { ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n } as const;
const LIMIT = 9_223_372_036_854_775_806n; // InfluxDB's time range is ±(2^63 - 2)

describe('toNanoseconds', () => {
	const samples = [
		'0', '00', '1', '0001', '123', '1795596369', '1795596369000', '1795596369000123', '1795596369000123456',
		'9223372036854775806', '9223372036854775807', '8999999999999999999', '9000000000000000000', '-1', '-0',
		'-9223372036854775806', '99999999999', '9223372036', '9223372037', '09223372036854775806'
	];
	for (const precision of Object.keys(SCALE) as (keyof typeof SCALE)[]) {
		it(`scales exactly like BigInt arithmetic, with InfluxDB's range, for precision=${precision}`, () => {
			for (const digits of samples) {
				const ns = BigInt(digits) * SCALE[precision];
				const expected = ns < -LIMIT || ns > LIMIT ? null : ns.toString();
				expect(toNanoseconds(digits, precision), digits).toBe(expected);
			}
		});
	}
});
