import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Tokens are long random secrets, not passwords: a plain SHA-256 is the right hash (nothing to
 * brute-force), and it is cheap enough to run on every ingest request.
 */
export function hashToken(token: string): string {
	return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;
}

/** 32 random bytes, URL-safe: fits in a header, a query parameter or a wall display's URL. */
export function generateToken(prefix = 'bom'): string {
	return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Constant-time comparison of two `sha256:` hashes. */
export function hashesEqual(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}
