import { describe, expect, it } from 'vitest';
import { safeNext } from '../../../../src/lib/server/http/presented.ts';

describe('where sign-in sends you next', () => {
	it.each([
		['/boards/overview?range=1h', '/boards/overview?range=1h'],
		['/alerts#top', '/alerts#top'],
		['/', '/'],
		[null, '/'],
		['', '/'],
		['https://evil.example/', '/'],
		['//evil.example/path', '/'],
		['/\\evil.example', '/'],
		['javascript:alert(1)', '/'],
		['boards', '/'],
		['/signin?next=/x', '/'],
		['/signout', '/'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example']
	])('%j -> %j', (next, expected) => expect(safeNext(next)).toBe(expected));
});
